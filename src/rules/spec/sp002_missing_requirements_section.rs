//! SP002 missing-requirements-section.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP002",
    name: "missing-requirements-section",
    severity: Severity::Error,
    summary: "a spec without a `## Requirements` section",
    docs: r#"## What it does
Reports a main spec with a Purpose but no section titled `Requirements`.

## Why is this bad?
Requirements are read only from that section; a spec without it states
nothing that can be checked, changed or archived.

## Example
```markdown
## Purpose
Explains how the toaster browns bread and keeps the kitchen safe.
### Requirement: Shade dial
```

## Use instead
```markdown
## Requirements
### Requirement: Shade dial
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check)],
};

use crate::ingest::openspec::MainSpec;

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let parts = s.parts();
    if parts
        .purpose
        .as_ref()
        .is_some_and(|p| !p.content(s.doc).is_empty())
        && parts.requirements.is_none()
    {
        out.push(
            RULE.diag(
                &s.file,
                s.at(0),
                format!("spec `{}` has no Requirements section", s.id),
            )
            .with_help("add `## Requirements` and put each `### Requirement: NAME` under it"),
        );
    }
}
