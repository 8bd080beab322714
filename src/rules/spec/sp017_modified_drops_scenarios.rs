//! SP017 modified-drops-scenarios.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP017",
    name: "modified-drops-scenarios",
    severity: Severity::Error,
    summary: "a MODIFIED requirement without scenarios the current spec has",
    docs: r#"## What it does
Compares each MODIFIED requirement of a change with the requirement of that
name in the current spec (following RENAMED entries back to the old name)
and reports scenarios of the current one that the MODIFIED block no longer
has. Scenario names compare exactly, without a leading `Scenario:`.

## Why is this bad?
A MODIFIED block replaces the whole requirement: a scenario left out is
deleted when the change is archived, usually by accident.

## Example
```markdown
## MODIFIED Requirements
### Requirement: Shade dial
The toaster SHALL offer eight shades.
#### Scenario: Lightest shade
```
(the current spec also has `#### Scenario: Darkest shade`)

## Use instead
Copy every current scenario into the MODIFIED block, changed or not.
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use std::collections::HashMap;

use crate::ingest::openspec::Change;
use crate::ingest::openspec::{DeltaKind, scenario_names};

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        let Some(target) = c.targets.get(&d.cap) else {
            continue;
        };
        let current: HashMap<String, (usize, Vec<String>)> = target
            .blocks()
            .into_iter()
            .map(|b| (b.name.clone(), (b.head, scenario_names(&target.doc, &b))))
            .collect();
        let renamed: Vec<(String, String)> = d
            .delta
            .of(DeltaKind::Renamed)
            .flat_map(|s| s.renames.iter().map(|r| (r.from.clone(), r.to.clone())))
            .collect();
        for sec in d.delta.of(DeltaKind::Modified) {
            for b in &sec.blocks {
                if renamed.iter().any(|(from, _)| *from == b.name) {
                    continue;
                }
                let mut name = b.name.clone();
                let mut hops = 0;
                while !current.contains_key(&name) && hops < 16 {
                    match renamed.iter().find(|(_, to)| *to == name) {
                        Some((from, _)) => name.clone_from(from),
                        None => break,
                    }
                    hops += 1;
                }
                let Some((old_head, old)) = current.get(&name) else {
                    continue;
                };
                let mut new = scenario_names(&d.delta.doc, b);
                let mut missing = Vec::new();
                for s in old {
                    match new.iter().position(|n| n == s) {
                        Some(i) => {
                            new.remove(i);
                        }
                        None => missing.push(format!("\"{s}\"")),
                    }
                }
                if !missing.is_empty() {
                    out.push(
                        RULE.diag(&d.file, d.at(b.head), format!("MODIFIED \"{}\" drops scenario(s) the current spec has: {}", b.name, missing.join(", ")))
                            .with_related_in(&target.file, target.doc.lines[*old_head].span(), "the current requirement")
                            .with_help("a MODIFIED requirement replaces the whole block: copy the current scenarios into it"),
                    );
                }
            }
        }
    }
}
