//! SP010 purpose-too-short.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP010",
    name: "purpose-too-short",
    severity: Severity::Warning,
    summary: "a Purpose shorter than 50 characters",
    docs: r#"## What it does
Reports a Purpose under 50 characters (counted as the reference CLI counts
them: UTF-16 code units, headings and code inside the section included).
`wsc spec validate` fails on it, as `openspec validate --strict` does.

## Why is this bad?
A one-word Purpose does not say what the capability is for or where its
boundary lies.

## Example
```markdown
## Purpose
Toasting.
```

## Use instead
```markdown
## Purpose
Explains how the toaster browns bread and keeps the kitchen safe.
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check)],
};

use crate::ingest::openspec::MainSpec;
use crate::ingest::openspec::js_len;

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parts) = s.ready() else { return };
    let content = parts.purpose.content(s.doc);
    if super::sp011_purpose_placeholder::placeholder(s, parts).is_none() && js_len(&content) < 50 {
        out.push(
            RULE.diag(
                &s.file,
                s.at(parts.purpose.head),
                format!(
                    "the Purpose has {} characters, fewer than 50",
                    js_len(&content)
                ),
            )
            .with_help("say what the capability is for and where its boundary lies"),
        );
    }
}
