//! SP016 delta-without-section.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP016",
    name: "delta-without-section",
    severity: Severity::Error,
    summary: "a change spec file without a delta section, or whose delta sections are empty",
    docs: r#"## What it does
Reports a spec file of a change that has no entry: either it has no
`## ADDED|MODIFIED|REMOVED|RENAMED Requirements` section at all, or its delta
sections hold no `### Requirement:` block (REMOVED may list names as bullets).
Section titles need exactly `## `, the kind and one space before
`Requirements` (any case).

## Why is this bad?
The file is silently skipped when the change is applied or archived.

## Example
```markdown
## ADDED  Requirements
### Requirement: Crumb tray
```

## Use instead
```markdown
## ADDED Requirements
### Requirement: Crumb tray
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;
use crate::ingest::openspec::DeltaKind;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        if d.delta.entries() > 0 {
            continue;
        }
        if d.delta.sections.is_empty() {
            out.push(
                RULE.diag(&d.file, None, "no delta section in this change spec file")
                    .with_help("add `## ADDED Requirements` (or MODIFIED, REMOVED, RENAMED) above its requirements, or move notes outside specs/"),
            );
            continue;
        }
        let mut kinds: Vec<DeltaKind> = d.delta.sections.iter().map(|s| s.kind).collect();
        kinds.sort();
        kinds.dedup();
        let names: Vec<String> = kinds
            .iter()
            .map(|k| format!("`## {} Requirements`", k.word()))
            .collect();
        out.push(
            RULE.diag(&d.file, d.at(d.delta.sections[0].head), format!("{} {} no requirement entry", names.join(", "), if names.len() == 1 { "holds" } else { "hold" }))
                .with_help("put a `### Requirement: NAME` block in each section (REMOVED may list `- ### Requirement: NAME` bullets)"),
        );
    }
}
