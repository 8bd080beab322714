//! TR001 base-missing-input.

use crate::diag::Severity;
use crate::rules::{Check, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR001",
    name: "base-missing-input",
    severity: Severity::Error,
    summary: "a base module lacks a contract input variable",
    docs: r#"## What it does
Checks that a base's Terraform module declares every contract input as a `variable` block: `workspace_name`, `owner`, `compute_profile`, `image_id` and `capabilities`.

## Why is this bad?
Toolchain templates call every base with all five inputs; a base without one of them fails `terraform plan` with "unsupported argument" when a workspace is created.

## Example
```hcl
variable "workspace_name" { type = string }
variable "owner" { type = string }
# compute_profile, image_id, capabilities missing
```

## Use instead
```hcl
variable "compute_profile" {
  type = object({ cpu = number, memory = string, storage = string,
    gpu_count = optional(number, 0), gpu_type = optional(string) })
}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Bases implement the interface",
        scenario: "A base without a contract input",
    }],
    checks: &[Check::Base(check)],
};

use crate::contract::catalog::Catalog;
use crate::contract::repo::Base;
use crate::diag::Diagnostic;
use crate::rules::DiagExt;

/// Report each contract input the base's module does not declare.
pub fn check(b: &Base, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let Some(m) = &b.module else { return };
    for input in &cat.inputs {
        if m.variables.iter().any(|v| v.name == input.name) {
            continue;
        }
        let at = m.files.first().unwrap_or(&b.file);
        out.push(
            RULE.diag(
                &b.file,
                b.name_span,
                format!(
                    "base {} has no variable `{}` (a contract input)",
                    b.name, input.name
                ),
            )
            .with_help(format!(
                "declare `variable \"{}\" {{ type = {} }}` in the module ({})",
                input.name, input.ty, at
            )),
        );
    }
}
