//! TC016 unknown-platform.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC016",
    name: "unknown-platform",
    severity: Severity::Error,
    summary: "a platform not in the catalog",
    docs: r#"## What it does
Reports a `platform` that the contract catalog does not define (`wsc platforms`
lists them: the contract's kubernetes, ec2-linux, ec2-windows and ec2-gpu, and
the extension docker-sysbox), with the nearest name as a suggestion.

## Why is this bad?
The platform selects the base and its row of the support matrix; with an
unknown platform nothing else about the composition can be checked.

## Example
```yaml
platform: k8s
```

## Use instead
```yaml
platform: kubernetes
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Known platform",
        scenario: "A platform the catalog lacks",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    field_error(
        &RULE,
        cx.file,
        cx.comp.platform.as_ref(),
        "`wsc platforms` lists the platforms",
        out,
    );
}
