//! SP013 scenario-without-when-then.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP013",
    name: "scenario-without-when-then",
    severity: Severity::Warning,
    summary: "a scenario without a `**WHEN**` and a `**THEN**` step",
    docs: r#"## What it does
Reports a `#### Scenario:` of a requirement (in a main spec or an ADDED or
MODIFIED delta) whose steps lack a `- **WHEN** …` or a `- **THEN** …` bullet.
wsc is stricter than `openspec validate --strict` here: the reference CLI
never looks at the steps.

## Why is this bad?
A scenario without a condition and an outcome cannot be turned into a test,
and traceability (`wsc spec coverage`) cannot tell what it claims.

## Example
```markdown
#### Scenario: Darkest shade
The bread gets very dark.
```

## Use instead
```markdown
#### Scenario: Darkest shade
- **WHEN** the dial is at six
- **THEN** the bread stays in for the longest cycle
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use std::sync::Arc;

use crate::ingest::openspec::{Block, Doc, scenarios};
use crate::ingest::openspec::{Change, MainSpec};

fn blocks(file: &Arc<str>, doc: &Doc, blocks: &[Block], out: &mut Vec<Diagnostic>) {
    for b in blocks {
        for h in scenarios(doc, b).iter().filter(|h| h.has_body) {
            let missing = match h.when_then {
                (true, true) => continue,
                (false, false) => "WHEN and THEN steps",
                (false, true) => "WHEN step",
                (true, false) => "THEN step",
            };
            let at = doc
                .lines
                .get(h.line)
                .map(crate::ingest::openspec::Line::span);
            out.push(
                RULE.diag(file, at, format!("scenario \"{}\" has no {missing}", h.name))
                    .with_help("write the steps as `- **WHEN** …` and `- **THEN** …` bullets (`- **AND** …` for more)"),
            );
        }
    }
}

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    if s.ready().is_none() {
        return;
    }
    blocks(&s.file, s.doc, &s.blocks(), out);
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for (d, _, b) in c.written_blocks() {
        blocks(&d.file, &d.delta.doc, std::slice::from_ref(b), out);
    }
}
