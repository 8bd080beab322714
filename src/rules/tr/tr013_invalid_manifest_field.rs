//! TR013 invalid-manifest-field.

use std::sync::Arc;

use crate::contract::repo::FileIssues;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR013",
    name: "invalid-manifest-field",
    severity: Severity::Error,
    summary: "a toolchain.yaml, base.yaml or pairings.yaml field with a value of the wrong shape",
    docs: r#"## What it does
Reports a manifest value that cannot be read: `os` other than linux or windows, `arch` other than amd64 or arm64, a list written as a single value, an `optional` or `supports` entry naming an unknown capability, a manifest that is not a mapping, a pairing whose name cannot be a Coder template's (Coder's rules: 1-32 letters and digits with single hyphens between them, not `new` or `create`).

## Why is this bad?
A field wsc cannot read is a field nobody checks.

## Example
```yaml
os: Linux
profiles: sw-dev-small
```

## Use instead
```yaml
os: linux
profiles: [sw-dev-small]
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Toolchain declarations agree",
        scenario: "A manifest field of the wrong shape",
    }],
    checks: &[Check::Staged],
};

/// Each value of the wrong shape in one manifest.
pub fn check(file: &Arc<str>, issues: &FileIssues, out: &mut Vec<Diagnostic>) {
    for (_, span, message) in &issues.invalid {
        out.push(
            RULE.diag(file, Some(*span), message.clone()).with_help(
                "`wsc schema toolchain|base|pairings` shows each file's keys and values",
            ),
        );
    }
}
