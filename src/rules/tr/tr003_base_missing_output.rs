//! TR003 base-missing-output.

use crate::diag::Severity;
use crate::rules::{Check, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR003",
    name: "base-missing-output",
    severity: Severity::Error,
    summary: "a base module lacks a contract output",
    docs: r#"## What it does
Checks that a base's Terraform module declares the four contract outputs: `agent_endpoint`, `runtime_env`, `volume_mounts` and `metadata`.

## Why is this bad?
Templates read these outputs to start the Coder agent and label the workspace; a missing output fails the plan of every template that uses the base.

## Example
```hcl
output "agent_endpoint" { value = "..." }
# runtime_env, volume_mounts, metadata missing
```

## Use instead
```hcl
output "metadata" {
  value = { platform = "kubernetes", os = "linux", arch = "amd64" }
}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Bases implement the interface",
        scenario: "A base without a contract output",
    }],
    checks: &[Check::Base(check)],
};

use crate::contract::catalog::Catalog;
use crate::contract::repo::Base;
use crate::diag::Diagnostic;
use crate::rules::DiagExt;

/// Report each contract output the base's module does not declare.
pub fn check(b: &Base, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let Some(m) = &b.module else { return };
    for output in &cat.outputs {
        if m.outputs.iter().any(|(n, _, _)| *n == output.name) {
            continue;
        }
        out.push(
            RULE.diag(
                &b.file,
                b.name_span,
                format!(
                    "base {} has no output `{}` (a contract output)",
                    b.name, output.name
                ),
            )
            .with_help(format!(
                "declare `output \"{}\"` ({}: {}) in the module",
                output.name, output.ty, output.description
            )),
        );
    }
}
