//! SP007 delta-header-in-main-spec.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP007",
    name: "delta-header-in-main-spec",
    severity: Severity::Error,
    summary: "a `## ADDED|MODIFIED|REMOVED|RENAMED Requirements` header in a main spec",
    docs: r#"## What it does
Reports a delta section header in a main spec. Delta sections belong to the
spec files of a change (`openspec/changes/<id>/specs/<capability>/spec.md`).

## Why is this bad?
The header ends the `## Requirements` section: every requirement under it is
invisible to validation, listing and archiving.

## Example
```markdown
## Requirements
### Requirement: Shade dial
## ADDED Requirements
### Requirement: Crumb tray
```

## Use instead
Put the new requirement under `## Requirements`, or write it as a change.
"#,
    verifies: &[],
    checks: &[Check::Spec(check)],
};

use crate::ingest::openspec::MainSpec;

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    if s.ready().is_none() {
        return;
    }
    for (i, l) in s.doc.lines.iter().enumerate() {
        let Some((2, title)) = l.heading() else {
            continue;
        };
        let words: Vec<String> = title
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if words.len() == 2
            && words[1] == "requirements"
            && matches!(
                words[0].as_str(),
                "added" | "modified" | "removed" | "renamed"
            )
        {
            out.push(
                RULE.diag(&s.file, s.at(i), format!("a delta header `{}` in a main spec", l.text.trim()))
                    .with_help("delta sections belong in openspec/changes/<id>/specs/<capability>/spec.md; merge the requirements into `## Requirements`"),
            );
        }
    }
}
