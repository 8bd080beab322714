//! SP009 duplicate-requirement.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP009",
    name: "duplicate-requirement",
    severity: Severity::Error,
    summary: "two requirements of one name in a spec, or in one delta section",
    docs: r#"## What it does
Reports a requirement name written twice (names compare exactly, case
included): two `### Requirement:` headers of one name in a main spec's
Requirements section, or one name twice in the ADDED, MODIFIED or REMOVED
section of a change's spec file, or as two RENAMED FROM (or TO) names.

## Why is this bad?
Updates address requirements by name: with two of one name, an update keeps
one and silently drops the other.

## Example
```markdown
### Requirement: Shade dial
### Requirement: Shade dial
```

## Use instead
Merge the two, or give each its own name.
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use std::collections::HashMap;

use crate::ingest::openspec::DeltaKind;
use crate::ingest::openspec::{Change, MainSpec};

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    if s.ready().is_none() {
        return;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for b in s.blocks() {
        if s.doc.lines[b.head].heading().is_none() {
            continue;
        }
        if let Some(&first) = seen.get(&b.name) {
            let mut d = RULE
                .diag(
                    &s.file,
                    s.at(b.head),
                    format!("requirement \"{}\" is declared twice", b.name),
                )
                .with_help("merge the two blocks or rename one: names must be unique");
            if let Some(at) = s.at(first) {
                d = d.with_related(at, "first declared here");
            }
            out.push(d);
        } else {
            seen.insert(b.name.clone(), b.head);
        }
    }
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        let mut lists: Vec<(String, Vec<(String, usize)>)> = Vec::new();
        for kind in [DeltaKind::Added, DeltaKind::Modified] {
            let names = d
                .delta
                .of(kind)
                .flat_map(|s| s.blocks.iter().map(|b| (b.name.clone(), b.head)))
                .collect();
            lists.push((kind.word().to_string(), names));
        }
        lists.push((
            "REMOVED".to_string(),
            d.delta
                .of(DeltaKind::Removed)
                .flat_map(|s| s.removed.clone())
                .collect(),
        ));
        let renames: Vec<&crate::ingest::openspec::Rename> = d
            .delta
            .of(DeltaKind::Renamed)
            .flat_map(|s| &s.renames)
            .collect();
        lists.push((
            "RENAMED FROM".to_string(),
            renames
                .iter()
                .map(|r| (r.from.clone(), r.from_line))
                .collect(),
        ));
        lists.push((
            "RENAMED TO".to_string(),
            renames.iter().map(|r| (r.to.clone(), r.to_line)).collect(),
        ));
        for (what, names) in lists {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (name, line) in &names {
                if let Some(&first) = seen.get(name.as_str()) {
                    let mut diag = RULE
                        .diag(
                            &d.file,
                            d.at(*line),
                            format!("\"{name}\" appears twice in {what}"),
                        )
                        .with_help("keep one entry per requirement");
                    if let Some(at) = d.at(first) {
                        diag = diag.with_related(at, "first here");
                    }
                    out.push(diag);
                } else {
                    seen.insert(name, *line);
                }
            }
        }
    }
}
