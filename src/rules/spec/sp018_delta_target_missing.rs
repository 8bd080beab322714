//! SP018 delta-target-missing.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP018",
    name: "delta-target-missing",
    severity: Severity::Error,
    summary: "a MODIFIED, REMOVED or RENAMED requirement the current spec does not have",
    docs: r#"## What it does
Reports, for each spec file of a change, a MODIFIED requirement, a REMOVED
name or a RENAMED FROM name that the current spec
(`openspec/specs/<capability>/spec.md`) does not have, and MODIFIED or
RENAMED entries for a capability that has no spec yet (new capabilities take
ADDED requirements only). A rename whose new name already exists is taken as
already applied. wsc is stricter than `openspec validate --strict` here: the
reference CLI reports these only as information ("archive would refuse this
delta"), or not at all for REMOVED.

## Why is this bad?
Archiving the change fails, or silently does nothing, usually because of a
typo or a difference in case in the requirement's name.

## Example
```markdown
## MODIFIED Requirements
### Requirement: Shade Dial
```
(the current spec has `### Requirement: Shade dial`)

## Use instead
Write the name exactly as the current spec has it.
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;
use crate::ingest::openspec::DeltaKind;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        let Some(target) = c.targets.get(&d.cap) else {
            for sec in d
                .delta
                .sections
                .iter()
                .filter(|s| matches!(s.kind, DeltaKind::Modified | DeltaKind::Renamed))
            {
                if sec.blocks.is_empty() && sec.renames.is_empty() {
                    continue;
                }
                out.push(
                    RULE.diag(&d.file, d.at(sec.head), format!("`{}` has no spec yet: a new capability takes ADDED requirements only", d.cap))
                        .with_help("write the requirements under `## ADDED Requirements`, or correct the capability folder's name"),
                );
            }
            continue;
        };
        let names: Vec<String> = target.blocks().into_iter().map(|b| b.name).collect();
        let has = |n: &str| names.iter().any(|x| x == n);
        let near = |n: &str| {
            names
                .iter()
                .find(|x| {
                    x.to_lowercase()
                        .split_whitespace()
                        .eq(n.to_lowercase().split_whitespace())
                })
                .cloned()
        };
        let mut report = |line: usize, what: &str, name: &str| {
            let help = near(name).map_or_else(
                || {
                    "check the name against the current spec, or use ADDED for a new requirement"
                        .to_string()
                },
                |x| format!("the current spec has \"{x}\": write the name exactly so"),
            );
            out.push(
                RULE.diag(
                    &d.file,
                    d.at(line),
                    format!(
                        "{what} \"{name}\" is not in the current spec of `{}`",
                        d.cap
                    ),
                )
                .with_related_in(
                    &target.file,
                    crate::diag::Span::new(0, 1),
                    "the current spec",
                )
                .with_help(help),
            );
        };
        let renamed_to: Vec<String> = d
            .delta
            .of(DeltaKind::Renamed)
            .flat_map(|s| s.renames.iter().map(|r| r.to.clone()))
            .collect();
        for sec in d.delta.of(DeltaKind::Renamed) {
            for r in &sec.renames {
                if !has(&r.from) && !has(&r.to) {
                    report(r.from_line, "RENAMED FROM", &r.from);
                }
            }
        }
        for sec in d.delta.of(DeltaKind::Removed) {
            for (name, line) in &sec.removed {
                if !has(name) {
                    report(*line, "REMOVED", name);
                }
            }
        }
        for sec in d.delta.of(DeltaKind::Modified) {
            for b in &sec.blocks {
                if !has(&b.name) && !renamed_to.contains(&b.name) {
                    report(b.head, "MODIFIED", &b.name);
                }
            }
        }
    }
}
