//! TC018 unknown-field.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC018",
    name: "unknown-field",
    severity: Severity::Error,
    summary: "an unknown key in a composition, manifest or pairing",
    docs: r#"## What it does
Reports a key that the format does not define: at the top of a composition, in
a compute profile object, in `overrides` and in `overrides.compute_profile`.
It suggests the nearest key, and says so when a capability was written at the
top level instead of under `capabilities:`. (Unknown capability keys are
TC001.)

## Why is this bad?
An unknown key is ignored: a misspelt `compute_profle` leaves the composition
without a profile, and a capability at the wrong level is never requested.

## Example
```yaml
workspace-name: alice-dev
gpu-support: true
```

## Use instead
```yaml
workspace_name: alice-dev
capabilities:
  gpu-support: true
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Contract inputs",
        scenario: "A key the contract does not define",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for u in &cx.comp.unknown {
        out.push(
            RULE.diag(
                cx.file,
                Some(u.span),
                format!("unknown key `{}` in {}", u.key, u.scope.describe()),
            )
            .with_help(u.help.clone()),
        );
    }
}
