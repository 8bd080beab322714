//! WSC009 duplicate-key.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC009",
    name: "duplicate-key",
    severity: Severity::Warning,
    summary: "an HCL object key written twice (terraform keeps the last)",
    docs: r#"## What it does
Warns about a key written twice in one HCL object expression
(`{ a = 1, a = 2 }`). Terraform accepts it and keeps the value written last;
wsc reads the object the same way and goes on checking the file.

## Why is this bad?
The first value is dead text that a reader takes for the real one. It is
almost always a merge or copy-paste mistake, and which value wins is easy to
get wrong when the two are far apart.

## Example
```hcl
locals {
  env = {
    EDITOR = "vim"
    LANG   = "C.UTF-8"
    EDITOR = "nano"
  }
}
```

## Use instead
```hcl
locals {
  env = {
    EDITOR = "nano"
    LANG   = "C.UTF-8"
  }
}
```
"#,
    verifies: &[],
    checks: &[],
};
