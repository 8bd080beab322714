//! SP003 no-requirements.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP003",
    name: "no-requirements",
    severity: Severity::Error,
    summary: "a `## Requirements` section with no requirement in it",
    docs: r#"## What it does
Reports a Requirements section that has no heading under it.

## Why is this bad?
A capability without requirements promises nothing; usually the requirements
were written at the wrong heading level or outside the section.

## Example
```markdown
## Requirements
The toaster browns bread.
```

## Use instead
```markdown
## Requirements
### Requirement: Browning
The toaster SHALL brown bread evenly.
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check)],
};

use crate::ingest::openspec::MainSpec;

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parts) = s.ready() else { return };
    if parts.requirements.children(s.doc).is_empty() {
        out.push(
            RULE.diag(
                &s.file,
                s.at(parts.requirements.head),
                "the Requirements section holds no requirement",
            )
            .with_help("add `### Requirement: NAME` headings under it"),
        );
    }
}
