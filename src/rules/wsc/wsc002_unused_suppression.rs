//! WSC002 unused-suppression.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC002",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "a `wsc:ignore` comment matches nothing",
    docs: r#"## What it does
Reports an inline suppression that suppresses nothing: no finding of the named
codes starts on the line below it, or it names no reason (`-- reason` is
required), or it names a code that does not exist. Suppressions are comments on
the line above the finding: `# wsc:ignore CODE[,CODE] -- reason` in HCL (also
`//`), YAML, Dockerfiles and shell; `<!-- wsc:ignore CODE -- reason -->` in
Markdown. JSON has no comments: use `[rules]` or a baseline.

## Why is this bad?
A stale suppression hides the next real finding on that line, and a
suppression without a reason cannot be reviewed.

## Example
```yaml
# wsc:ignore TC006
capabilities:
  gui-vnc: true
```

## Use instead
```yaml
capabilities:
  # wsc:ignore TC006 -- the org's k8s base implements VNC through a sidecar
  gui-vnc: true
```
"#,
    verifies: &[],
    checks: &[],
};
