//! WSC001 parse-error.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC001",
    name: "parse-error",
    severity: Severity::Error,
    summary: "a file is not valid YAML, JSON, HCL, Dockerfile or shell",
    docs: r#"## What it does
Reports a file that cannot be read as what it claims to be: a YAML or JSON
syntax error, a key written twice in one mapping, bytes that are not UTF-8, an
empty file, a file that holds several YAML documents, or a document whose shape
is not a composition at all (a list or a single value instead of a mapping).

## Why is this bad?
Nothing in a file that cannot be parsed can be checked, and a duplicate key
silently replaces the first value in most YAML readers: the workspace would get
something other than what a reviewer read.

## Example
```yaml
capabilities:
  gui-vnc: true
  gui-vnc: false
```

## Use instead
```yaml
capabilities:
  gui-vnc: false
```
"#,
    verifies: &[],
    checks: &[],
};
