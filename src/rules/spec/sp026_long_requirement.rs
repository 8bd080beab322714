//! SP026 long-requirement.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP026",
    name: "long-requirement",
    severity: Severity::Info,
    summary: "a requirement statement over 500 characters",
    docs: r#"## What it does
Reports, as information, a requirement of a main spec whose statement is
longer than 500 characters.

## Why is this bad?
A long statement usually holds several requirements; each deserves its own
name and scenarios.

## Example
A paragraph of eight sentences under one `### Requirement:`.

## Use instead
Split it into several requirements.
"#,
    verifies: &[],
    checks: &[Check::Spec(check)],
};

use crate::ingest::openspec::MainSpec;
use crate::ingest::openspec::{js_len, requirement_body};

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parts) = s.ready() else { return };
    for r in parts.requirements.children(s.doc) {
        let body = requirement_body(s.doc, r.head, r.body.end);
        let text = if body.is_empty() {
            r.title.clone()
        } else {
            body
        };
        if js_len(&text) > 500 {
            out.push(
                RULE.diag(
                    &s.file,
                    s.at(r.head),
                    format!(
                        "requirement \"{}\" is {} characters long",
                        crate::ingest::openspec::requirement_name(&r.title),
                        js_len(&text)
                    ),
                )
                .with_help("split it into requirements of one statement each"),
            );
        }
    }
}
