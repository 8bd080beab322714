//! SP008 requirement-outside-section.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP008",
    name: "requirement-outside-section",
    severity: Severity::Error,
    summary: "a `### Requirement:` outside `## Requirements` (or, in a change, outside every delta section)",
    docs: r#"## What it does
Reports a requirement header that no reader will see: in a main spec, one
outside the `## Requirements` section; in a change's spec file, one above the
first `## ` section or under a section that is not a delta section.

## Why is this bad?
Validation, listing and archiving read requirements only from those
sections; the requirement is silently ignored.

## Example
```markdown
## Notes
### Requirement: Crumb tray
```

## Use instead
```markdown
## ADDED Requirements
### Requirement: Crumb tray
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use crate::ingest::openspec::requirement_header;
use crate::ingest::openspec::{Change, MainSpec};

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    if s.ready().is_none() {
        return;
    }
    let region = crate::ingest::openspec::requirements_region(s.doc);
    for (i, l) in s.doc.lines.iter().enumerate() {
        if l.heading().is_none() || requirement_header(l).is_none() {
            continue;
        }
        if region.is_some_and(|(a, b)| (a..b).contains(&i)) {
            continue;
        }
        out.push(
            RULE.diag(
                &s.file,
                s.at(i),
                format!(
                    "`{}` is outside the `## Requirements` section",
                    l.text.trim()
                ),
            )
            .with_help("move it under `## Requirements`: requirements elsewhere are ignored"),
        );
    }
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        for (line, name, section) in &d.delta.orphans {
            let where_ = section.as_ref().map_or_else(
                || "above the first `## ` section".to_string(),
                |t| format!("under `## {t}`, which is not a delta section"),
            );
            out.push(
                RULE.diag(&d.file, d.at(*line), format!("requirement \"{name}\" is {where_}"))
                    .with_help("move it under `## ADDED Requirements`, `## MODIFIED Requirements`, `## REMOVED Requirements` or `## RENAMED Requirements`"),
            );
        }
    }
}
