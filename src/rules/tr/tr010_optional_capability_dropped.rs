//! TR010 optional-capability-dropped.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR010",
    name: "optional-capability-dropped",
    severity: Severity::Info,
    summary: "an optional capability the paired base lacks",
    docs: r#"## What it does
Reports, as information, each capability a toolchain lists in `optional` that the paired base does not support: it is set to its contract default for that pairing before anything else is checked.

## Why is this bad?
Nothing is wrong; the info tells reviewers that this pairing runs without the capability.

## Example
```yaml
# toolchain: capabilities: {gpu-support: true}, optional: [gpu-support]
# base: ec2-linux (no GPUs)
```

## Use instead
```yaml
# expected: an info on the pairing
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "An optional capability the base lacks",
    }],
};
