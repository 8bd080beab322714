//! SP006 requirement-without-shall-must.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP006",
    name: "requirement-without-shall-must",
    severity: Severity::Warning,
    summary: "a requirement statement without SHALL or MUST",
    docs: r#"## What it does
Reports a requirement whose statement (its body, not its header) has no
`SHALL` or `MUST` as a whole upper-case word, in main specs and in ADDED or
MODIFIED deltas. Code blocks and `**Label**:` lines do not count. `wsc spec
validate` fails on it, as `openspec validate --strict` does.

## Why is this bad?
Without an RFC 2119 keyword a requirement reads as a description; readers and
tools cannot tell what is mandatory.

## Example
```markdown
### Requirement: Shade dial
The toaster has six shades.
```

## Use instead
```markdown
### Requirement: Shade dial
The toaster SHALL offer six shades.
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check_spec), Check::Change(check_change)],
};

use crate::ingest::openspec::{Change, MainSpec};
use crate::ingest::openspec::{has_keyword, requirement_body};

fn help(name: &str) -> &'static str {
    if has_keyword(name) {
        "the keyword is only in the header: state the requirement with SHALL or MUST in its body"
    } else {
        "state what is mandatory with SHALL or MUST"
    }
}

pub fn check_spec(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    if s.ready().is_none() {
        return;
    }
    for b in s.blocks() {
        let body = requirement_body(s.doc, b.head, b.end);
        if !body.is_empty() && !has_keyword(&body) {
            out.push(
                RULE.diag(
                    &s.file,
                    s.at(b.head),
                    format!("requirement \"{}\" has no SHALL or MUST", b.name),
                )
                .with_help(help(&b.name)),
            );
        }
    }
}

pub fn check_change(c: &Change, out: &mut Vec<Diagnostic>) {
    for (d, sec, b) in c.written_blocks() {
        let body = requirement_body(&d.delta.doc, b.head, b.end);
        if !body.is_empty() && !has_keyword(&body) {
            out.push(
                RULE.diag(
                    &d.file,
                    d.at(b.head),
                    format!("{} \"{}\" has no SHALL or MUST", sec.kind.word(), b.name),
                )
                .with_help(help(&b.name)),
            );
        }
    }
}
