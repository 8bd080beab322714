//! WSC005 not-evaluable.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC005",
    name: "not-evaluable",
    severity: Severity::Info,
    summary: "a value wsc cannot evaluate statically, so a check was skipped",
    docs: r#"## What it does
Reports, as information, a Terraform value that wsc does not evaluate
statically, so the checks that need it were skipped: a reference to a resource
or data source, a function outside the evaluated set (`tostring tonumber tobool
lower upper trimspace format join concat merge coalesce`), a template
directive, a variable with neither a default nor a validation listing its
values, or more than 256 variable assignments.

## Why is this bad?
Nothing is wrong with the template; but a value wsc cannot compute is a value it
cannot check, and reviewers should know which checks did not run.

## Example
```hcl
output "image_id" {
  value = data.aws_ami.toolchain.id
}
```

## Use instead
```hcl
output "image_id" {
  value = "ami-0123456789abcdef0"   # or a variable with a default
}
```
"#,
    verifies: &[],
    checks: &[],
};
