//! SP001 missing-purpose.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP001",
    name: "missing-purpose",
    severity: Severity::Error,
    summary: "a spec without a `## Purpose` section, or with an empty one",
    docs: r#"## What it does
Reports a main spec (`openspec/specs/<id>/spec.md`) that has no section titled
`Purpose` (any heading level, any case), or whose Purpose is empty. As in the
reference CLI, the spec's other checks wait until it has one.

## Why is this bad?
The Purpose says what the capability is for; without it a reader cannot tell
which requirements belong here, and archiving a change cannot place new ones.

## Example
```markdown
# Toaster
## Requirements
```

## Use instead
```markdown
# Toaster
## Purpose
Explains how the toaster browns bread and keeps the kitchen safe.
## Requirements
```
"#,
    verifies: &[],
    checks: &[Check::Spec(check)],
};

use crate::ingest::openspec::MainSpec;

pub fn check(s: &MainSpec<'_>, out: &mut Vec<Diagnostic>) {
    let parts = s.parts();
    let empty = parts
        .purpose
        .as_ref()
        .is_none_or(|p| p.content(s.doc).is_empty());
    if empty {
        let at = parts
            .purpose
            .as_ref()
            .map_or_else(|| s.at(0), |p| s.at(p.head));
        out.push(
            RULE.diag(&s.file, at, format!("spec `{}` has no Purpose", s.id))
                .with_help(
                    "add `## Purpose` with a sentence or two on what this capability is for",
                ),
        );
    }
}
