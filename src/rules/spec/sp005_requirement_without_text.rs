//! SP005 requirement-without-text.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP005",
    name: "requirement-without-text",
    severity: Severity::Error,
    summary: "a requirement with no statement between its header and its first scenario",
    docs: r#"## What it does
Reports a `### Requirement:` whose body (the lines between the header and the
first heading under it, without code blocks and blank lines) is empty, in main
specs and in ADDED or MODIFIED deltas.

## Why is this bad?
The statement is the requirement; a SHALL or MUST in the header alone is not
read as one.

## Example
```markdown
### Requirement: The toaster SHALL pop up
#### Scenario: Done
```

## Use instead
```markdown
### Requirement: Pop up
The toaster SHALL raise the bread when the cycle ends.
#### Scenario: Done
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use crate::ingest::openspec::{Change, MainSpec};
use crate::ingest::openspec::{has_keyword, requirement_body};

fn help(name: &str) -> &'static str {
    if has_keyword(name) {
        "move the SHALL/MUST statement from the header to the line after it"
    } else {
        "write the requirement's SHALL/MUST statement on the line after its header"
    }
}

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    if s.ready().is_none() {
        return;
    }
    for b in s.blocks() {
        if requirement_body(s.doc, b.head, b.end).is_empty() {
            out.push(
                RULE.diag(
                    &s.file,
                    s.at(b.head),
                    format!("requirement \"{}\" has no text", b.name),
                )
                .with_help(help(&b.name)),
            );
        }
    }
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for (d, sec, b) in c.written_blocks() {
        if requirement_body(&d.delta.doc, b.head, b.end).is_empty() {
            out.push(
                RULE.diag(
                    &d.file,
                    d.at(b.head),
                    format!("{} \"{}\" has no text", sec.kind.word(), b.name),
                )
                .with_help(help(&b.name)),
            );
        }
    }
}
