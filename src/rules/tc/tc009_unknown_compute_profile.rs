//! TC009 unknown-compute-profile.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC009",
    name: "unknown-compute-profile",
    severity: Severity::Error,
    summary: "a profile name not in the catalog",
    docs: r#"## What it does
Reports a `compute_profile` name that the contract catalog does not define
(`wsc profiles` lists them), with the nearest name as a suggestion, and a
`compute_profile` that is neither a name nor an object.

## Why is this bad?
The profile name is looked up in a map by the template; an unknown name fails
the plan at workspace creation, long after the template was merged.

## Example
```yaml
compute_profile: sw-dev-meduim
```

## Use instead
```yaml
compute_profile: sw-dev-medium
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Compute resources",
        scenario: "A profile the catalog lacks",
    }],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    field_error(
        &RULE,
        cx.file,
        cx.comp.compute_profile.as_ref(),
        "`wsc profiles` lists the profile names",
        out,
    );
}
