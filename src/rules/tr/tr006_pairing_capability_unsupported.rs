//! TR006 pairing-capability-unsupported.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR006",
    name: "pairing-capability-unsupported",
    severity: Severity::Error,
    summary: "a toolchain's non-optional capability that the paired base lacks",
    docs: r#"## What it does
Reports a capability the toolchain requests (not listed in its `optional`) that the paired base's platform row, narrowed by the base's `supports`, does not implement (TC006 for the pairing).

## Why is this bad?
The base has no implementation of the capability; the workspace starts without it or not at all.

## Example
```yaml
# toolchain: capabilities: {gui-rdp: true}
pairings:
  pod-windev:
    toolchain: windev
    base: base-k8s
```

## Use instead
```yaml
pairings:
  ec2-windev:
    toolchain: windev
    base: base-ec2-windows
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A required capability the base lacks",
    }],
};
