//! SP022 misplaced-delta-file.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP022",
    name: "misplaced-delta-file",
    severity: Severity::Error,
    summary: "delta sections in a change file that is not `specs/<capability>/spec.md`",
    docs: r#"## What it does
Reports a file under a change's `specs/` that is not read as a delta:
`specs/spec.md` at the root (no capability; whatever it holds), or a Markdown
file not named `spec.md` that holds delta sections (`specs/toaster.md`,
`specs/toaster/notes.md`; other notes are fine).

## Why is this bad?
Its requirements are ignored when the change is applied or archived.

## Example
```text
openspec/changes/add-crumb-tray/specs/toaster.md
```

## Use instead
```text
openspec/changes/add-crumb-tray/specs/toaster/spec.md
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    if let Some(file) = &c.root_spec {
        out.push(
            RULE.diag(
                file,
                None,
                "a delta spec at the root of specs/ names no capability",
            )
            .with_help("move it to specs/<capability>/spec.md"),
        );
    }
    for (file, expected) in &c.misplaced {
        out.push(
            RULE.diag(
                file,
                None,
                "delta sections in a file that is not a capability's spec.md",
            )
            .with_help(format!(
                "move its requirements into specs/{expected}/spec.md"
            )),
        );
    }
}
