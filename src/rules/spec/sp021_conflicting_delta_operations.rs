//! SP021 conflicting-delta-operations.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP021",
    name: "conflicting-delta-operations",
    severity: Severity::Error,
    summary: "one requirement in two delta sections that contradict each other",
    docs: r#"## What it does
Reports a requirement that one spec file of a change both modifies and
removes, modifies and adds, adds and removes, renames and removes, or
modifies under the old name of a rename; and a RENAMED TO name that an ADDED
requirement also uses.

## Why is this bad?
The operations cannot all be applied; which one wins depends on the order the
archive applies them in.

## Example
```markdown
## MODIFIED Requirements
### Requirement: Shade dial
## REMOVED Requirements
- ### Requirement: Shade dial
```

## Use instead
Keep the one operation you mean.
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;
use crate::ingest::openspec::DeltaKind;

fn fold(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        let blocks = |k| -> Vec<(String, usize)> {
            d.delta
                .of(k)
                .flat_map(|s| s.blocks.iter().map(|b| (b.name.clone(), b.head)))
                .collect()
        };
        let added = blocks(DeltaKind::Added);
        let modified = blocks(DeltaKind::Modified);
        let removed: Vec<(String, usize)> = d
            .delta
            .of(DeltaKind::Removed)
            .flat_map(|s| s.removed.clone())
            .collect();
        let renames: Vec<crate::ingest::openspec::Rename> = d
            .delta
            .of(DeltaKind::Renamed)
            .flat_map(|s| s.renames.clone())
            .collect();
        let has = |list: &[(String, usize)], n: &str| list.iter().any(|(x, _)| x == n);
        let mut push = |line: usize, msg: String| {
            out.push(
                RULE.diag(&d.file, d.at(line), msg)
                    .with_help("keep one operation per requirement"),
            );
        };
        for (n, line) in &modified {
            if has(&removed, n) {
                push(*line, format!("\"{n}\" is both MODIFIED and REMOVED"));
            }
            if has(&added, n) {
                push(*line, format!("\"{n}\" is both MODIFIED and ADDED"));
            }
        }
        for (n, line) in &added {
            if has(&removed, n) {
                push(*line, format!("\"{n}\" is both ADDED and REMOVED"));
            }
        }
        for r in &renames {
            let (from, to) = (&r.from, &r.to);
            if has(&modified, from) {
                push(
                    r.from_line,
                    format!(
                        "MODIFIED uses the old name \"{from}\" of a rename: write it as \"{to}\""
                    ),
                );
            }
            if has(&added, to) {
                push(
                    r.to_line,
                    format!("RENAMED TO \"{to}\" collides with an ADDED requirement"),
                );
            }
            if removed.iter().any(|(r, _)| fold(r) == fold(from)) {
                push(
                    r.from_line,
                    format!("\"{from}\" is both RENAMED and REMOVED"),
                );
            }
        }
    }
}
