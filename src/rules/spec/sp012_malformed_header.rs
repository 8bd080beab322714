//! SP012 malformed-header.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP012",
    name: "malformed-header",
    severity: Severity::Error,
    summary: "a heading OpenSpec and CommonMark read differently, or one that is not a requirement where one is expected",
    docs: r#"## What it does
Reports headings that do not say what they seem to:
- a heading indented by a space, an underlined (setext) heading, or a `#` run
  without a space after it (`###Requirement:`): CommonMark and the reference
  CLI disagree on them, so the document means different things to different
  readers;
- in a main spec, a heading directly under `## Requirements` that is not
  `### Requirement: NAME` (`### Notes`, `### Requirement Foo`): the reference
  CLI takes it for a requirement all the same;
- in a change's ADDED or MODIFIED section, a `###` heading that is not a
  requirement header: it is ignored.

wsc is stricter than `openspec validate --strict` here: the reference CLI
accepts several of these silently or as information.

## Why is this bad?
A requirement written with a near-miss header is validated, archived and
listed differently from what its author sees in the rendered Markdown.

## Example
```markdown
###Requirement: Shade dial
### Requirement Crumb tray
```

## Use instead
```markdown
### Requirement: Shade dial
### Requirement: Crumb tray
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use std::sync::Arc;

use crate::ingest::openspec::{Change, MainSpec};
use crate::ingest::openspec::{DeltaKind, Doc, requirement_header};

fn odd(file: &Arc<str>, doc: &Doc, out: &mut Vec<Diagnostic>) {
    for o in &doc.odd_headings {
        let at = doc
            .lines
            .get(o.line as usize - 1)
            .map(crate::ingest::openspec::Line::span);
        out.push(
            RULE.diag(file, at, format!("\"{}\": {}", o.text, o.why))
                .with_help("write headings as `#` runs in the first column followed by a space, and open fences at the start of a block"),
        );
    }
}

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    odd(&s.file, s.doc, out);
    let Some(parts) = s.ready() else { return };
    for r in parts.requirements.children(s.doc) {
        if requirement_header(&s.doc.lines[r.head]).is_none() {
            out.push(
                RULE.diag(&s.file, s.at(r.head), format!("`{}` under Requirements is not a `### Requirement: NAME` header", s.doc.lines[r.head].text.trim()))
                    .with_help("every heading directly under `## Requirements` is read as a requirement: write `### Requirement: NAME`, or move notes elsewhere"),
            );
        }
    }
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for d in &c.deltas {
        odd(&d.file, &d.delta.doc, out);
        for sec in d
            .delta
            .sections
            .iter()
            .filter(|x| matches!(x.kind, DeltaKind::Added | DeltaKind::Modified))
        {
            for &i in &sec.skipped {
                out.push(
                    RULE.diag(
                        &d.file,
                        d.at(i),
                        format!(
                            "`{}` in {} is not a `### Requirement: NAME` header and is ignored",
                            d.delta.doc.lines[i].text.trim(),
                            sec.title
                        ),
                    )
                    .with_help("write `### Requirement: NAME`, or use `####` for a scenario"),
                );
            }
        }
    }
}
