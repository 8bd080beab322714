//! SP020 unpaired-rename.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP020",
    name: "unpaired-rename",
    severity: Severity::Error,
    summary: "a RENAMED `FROM:` without its `TO:` line, or the reverse",
    docs: r#"## What it does
Reports, in a `## RENAMED Requirements` section, a `- FROM: ### Requirement:
NAME` line not followed by its `- TO: ### Requirement: NAME` line (or a TO
without a FROM). `FROM:` and `TO:` are case-sensitive and must name the
`### Requirement:` header.

## Why is this bad?
The rename is not applied; the requirement keeps its old name.

## Example
```markdown
## RENAMED Requirements
- FROM: `### Requirement: Shade dial`
```

## Use instead
```markdown
## RENAMED Requirements
- FROM: `### Requirement: Shade dial`
- TO: `### Requirement: Browning level`
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        for sec in &d.delta.sections {
            for (from, name, line) in &sec.unpaired {
                let (this, other) = if *from {
                    ("FROM", "TO")
                } else {
                    ("TO", "FROM")
                };
                out.push(
                    RULE.diag(
                        &d.file,
                        d.at(*line),
                        format!("RENAMED {this}: \"{name}\" has no matching {other}: line"),
                    )
                    .with_help(
                        "write each rename as a FROM: line followed at once by its TO: line",
                    ),
                );
            }
        }
    }
}
