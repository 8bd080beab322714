//! SP011 purpose-placeholder.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP011",
    name: "purpose-placeholder",
    severity: Severity::Warning,
    summary: "a Purpose that is still a `TBD`/`TODO` placeholder",
    docs: r#"## What it does
Reports a Purpose that starts with `TBD` or `TODO` (or the sentence `openspec
archive` writes for a new capability), code blocks aside.

## Why is this bad?
The placeholder was meant to be replaced; a `## Purpose` in a later change's
delta is read only when the capability is created, so only editing the main
spec fixes it.

## Example
```markdown
## Purpose
TBD
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

use crate::ingest::openspec::{MainSpec, ReadySpec};

/// The line of a placeholder Purpose, when it is one.
pub fn placeholder(s: &MainSpec<'_>, parts: &ReadySpec) -> Option<usize> {
    let body = parts.purpose.body.clone();
    let first = body
        .clone()
        .find(|&i| !s.doc.lines[i].is_code() && !s.doc.lines[i].text.trim().is_empty())?;
    let text: String = body
        .filter(|&i| !s.doc.lines[i].is_code())
        .map(|i| s.doc.lines[i].text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let t = text.trim();
    if t.contains("TBD - created by archiving change ")
        && t.contains(". Update Purpose after archive.")
    {
        return Some(first);
    }
    for marker in ["TBD", "TODO"] {
        if let Some(rest) = t.strip_prefix(marker)
            && !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
        {
            return Some(first);
        }
        if t.get(..marker.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(marker))
        {
            let rest = t[marker.len()..].trim_start_matches([' ', '\t']);
            if rest.is_empty()
                || rest.starts_with('\n')
                || rest.starts_with([
                    ':', '-', '–', '—', '.', ',', ';', '(', ')', '[', ']', '{', '}',
                ])
            {
                return Some(first);
            }
        }
    }
    None
}

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parts) = s.ready() else { return };
    if let Some(line) = placeholder(s, parts) {
        out.push(
            RULE.diag(&s.file, s.at(line), "the Purpose is still a placeholder")
                .with_help("write what this capability is for, in the main spec itself"),
        );
    }
}
