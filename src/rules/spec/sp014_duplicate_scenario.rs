//! SP014 duplicate-scenario.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP014",
    name: "duplicate-scenario",
    severity: Severity::Warning,
    summary: "two scenarios of one name in a requirement",
    docs: r#"## What it does
Reports a scenario name used twice within one requirement (main specs and
ADDED or MODIFIED deltas). wsc is stricter than `openspec validate --strict`
here: the reference CLI does not compare scenario names.

## Why is this bad?
Scenarios are compared by name when a MODIFIED requirement replaces a current
one; two of one name make it impossible to tell which one was kept.

## Example
```markdown
#### Scenario: Darkest shade
#### Scenario: Darkest shade
```

## Use instead
Give each scenario its own name.
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use std::collections::HashMap;
use std::sync::Arc;

use crate::ingest::openspec::{Block, Doc, scenarios};
use crate::ingest::openspec::{Change, MainSpec};

fn blocks(file: &Arc<str>, doc: &Doc, blocks: &[Block], out: &mut Vec<Diagnostic>) {
    for b in blocks {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for h in scenarios(doc, b) {
            if let Some(&first) = seen.get(&h.name) {
                let at = doc
                    .lines
                    .get(h.line)
                    .map(crate::ingest::openspec::Line::span);
                let mut d = RULE
                    .diag(
                        file,
                        at,
                        format!(
                            "scenario \"{}\" appears twice in requirement \"{}\"",
                            h.name, b.name
                        ),
                    )
                    .with_help("give each scenario its own name");
                if let Some(first) = doc.lines.get(first) {
                    d = d.with_related(first.span(), "first here");
                }
                out.push(d);
            } else {
                seen.insert(h.name.clone(), h.line);
            }
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
