//! TR011 os-mismatch.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR011",
    name: "os-mismatch",
    severity: Severity::Error,
    summary: "a toolchain's os the paired base's platform does not run",
    docs: r#"## What it does
Checks that the toolchain's `os` (linux when absent) is the os of the paired base's platform, and that the platform accepts the toolchain's kind of image (an AMI cannot run on Kubernetes: TC014 for the pairing).

## Why is this bad?
A Windows toolchain image does not boot on a Linux platform, and an AMI cannot be pulled by a pod.

## Example
```yaml
# toolchain: os: windows
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
        scenario: "An operating system the base does not run",
    }],
};
