//! SP019 requirement-already-exists.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP019",
    name: "requirement-already-exists",
    severity: Severity::Error,
    summary: "an ADDED requirement, or a RENAMED TO name, the current spec already has",
    docs: r#"## What it does
Reports an ADDED requirement whose name the current spec already has (with
other content), and a RENAMED entry whose new name is already taken while the
old one still exists. wsc is stricter than `openspec validate --strict` here:
the reference CLI reports these only as information ("archive would refuse
this delta").

## Why is this bad?
Archiving the change fails: a spec cannot hold two requirements of one name.

## Example
```markdown
## ADDED Requirements
### Requirement: Shade dial
```
(the current spec has a different `### Requirement: Shade dial`)

## Use instead
Use MODIFIED to change an existing requirement, or choose another name.
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;
use crate::ingest::openspec::DeltaKind;

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        let Some(target) = c.targets.get(&d.cap) else {
            continue;
        };
        let current = target.blocks();
        let text_of = |doc: &crate::ingest::openspec::Doc, b: &crate::ingest::openspec::Block| {
            squash(
                &doc.lines[b.head + 1..b.end]
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        };
        for sec in d.delta.of(DeltaKind::Added) {
            for b in &sec.blocks {
                let Some(existing) = current.iter().find(|x| x.name == b.name) else {
                    continue;
                };
                if text_of(&target.doc, existing) == text_of(&d.delta.doc, b) {
                    continue; // already applied
                }
                out.push(
                    RULE.diag(
                        &d.file,
                        d.at(b.head),
                        format!(
                            "ADDED \"{}\" already exists in the spec of `{}`",
                            b.name, d.cap
                        ),
                    )
                    .with_related_in(
                        &target.file,
                        target.doc.lines[existing.head].span(),
                        "the current requirement",
                    )
                    .with_help(
                        "use `## MODIFIED Requirements` to change it, or choose another name",
                    ),
                );
            }
        }
        for sec in d.delta.of(DeltaKind::Renamed) {
            for r in &sec.renames {
                let (to, line) = (&r.to, &r.to_line);
                if current.iter().any(|x| x.name == *to) && current.iter().any(|x| x.name == r.from)
                {
                    out.push(
                        RULE.diag(
                            &d.file,
                            d.at(*line),
                            format!(
                                "RENAMED TO \"{to}\" already exists in the spec of `{}`",
                                d.cap
                            ),
                        )
                        .with_help("choose a name the spec does not have"),
                    );
                }
            }
        }
    }
}
