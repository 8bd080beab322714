//! TR004 unknown-pairing-member.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR004",
    name: "unknown-pairing-member",
    severity: Severity::Error,
    summary: "a pairing names a toolchain or base that does not exist",
    docs: r#"## What it does
Checks that the `toolchain` and `base` of every pairing name a toolchain (by its `name`, or its directory for a Terraform-only toolchain) and a base of the repository, with a did-you-mean.

## Why is this bad?
A pairing with a dangling name produces no template, or a template that cannot be planned.

## Example
```yaml
pairings:
  pod-swdev:
    toolchain: swdev
    base: base-k8s
```

## Use instead
```yaml
pairings:
  pod-swdev:
    toolchain: swdev-toolchain
    base: base-k8s
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A pairing member that does not exist",
    }],
};
