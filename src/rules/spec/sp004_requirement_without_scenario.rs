//! SP004 requirement-without-scenario.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP004",
    name: "requirement-without-scenario",
    severity: Severity::Error,
    summary: "a requirement with no `#### Scenario:` under it",
    docs: r#"## What it does
Reports a requirement without a scenario. In a main spec every heading under
`## Requirements` is a requirement (as the reference CLI reads it), and its
scenarios are the deeper headings with something written under them. In a
change, each ADDED or MODIFIED requirement needs a `####` heading with a body.

## Why is this bad?
A scenario is the testable example of a requirement; without one, nobody can
tell when the requirement is met.

## Example
```markdown
### Requirement: Shade dial
The toaster SHALL offer six shades.
```

## Use instead
```markdown
### Requirement: Shade dial
The toaster SHALL offer six shades.

#### Scenario: Darkest shade
- **WHEN** the dial is at six
- **THEN** the bread stays in for the longest cycle
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use crate::ingest::openspec::scenarios;
use crate::ingest::openspec::{Change, MainSpec};

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parts) = s.ready() else { return };
    for r in parts.requirements.children(s.doc) {
        // A heading that is not a requirement header is SP012's finding.
        if crate::ingest::openspec::requirement_header(&s.doc.lines[r.head]).is_none() {
            continue;
        }
        let has = r
            .children(s.doc)
            .iter()
            .any(|c| !c.content(s.doc).is_empty());
        if !has {
            out.push(
                RULE.diag(
                    &s.file,
                    s.at(r.head),
                    format!(
                        "requirement \"{}\" has no scenario",
                        crate::ingest::openspec::requirement_name(&r.title)
                    ),
                )
                .with_help(
                    "add `#### Scenario: NAME` with `- **WHEN** …` and `- **THEN** …` steps",
                ),
            );
        }
    }
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for (d, sec, b) in c.written_blocks() {
        let heads = scenarios(&d.delta.doc, b);
        if heads.iter().any(|h| h.has_body) {
            continue;
        }
        let hint = if heads.is_empty() {
            "add `#### Scenario: NAME` with `- **WHEN** …` and `- **THEN** …` steps"
        } else {
            "a scenario heading with nothing under it does not count: add its WHEN and THEN steps"
        };
        out.push(
            RULE.diag(
                &d.file,
                d.at(b.head),
                format!("{} \"{}\" has no scenario", sec.kind.word(), b.name),
            )
            .with_help(hint),
        );
    }
}
