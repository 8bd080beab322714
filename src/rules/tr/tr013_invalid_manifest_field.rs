//! TR013 invalid-manifest-field.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR013",
    name: "invalid-manifest-field",
    severity: Severity::Error,
    summary: "a toolchain.yaml, base.yaml or pairings.yaml field with a value of the wrong shape",
    docs: r#"## What it does
Reports a manifest value that cannot be read: `os` other than linux or windows, `arch` other than amd64 or arm64, a list written as a single value, an `optional` or `supports` entry naming an unknown capability, a manifest that is not a mapping.

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
};
