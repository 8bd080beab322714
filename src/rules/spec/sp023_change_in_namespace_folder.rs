//! SP023 change-in-namespace-folder.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP023",
    name: "change-in-namespace-folder",
    severity: Severity::Error,
    summary: "a folder under `openspec/changes/` that only wraps other changes",
    docs: r#"## What it does
Reports a directory under `openspec/changes/` that holds no change of its
own but other changes below it (`changes/kitchen/add-crumb-tray/`). Changes
live directly under `openspec/changes/`.

## Why is this bad?
The nested changes are never validated or archived.

## Example
```text
openspec/changes/kitchen/add-crumb-tray/proposal.md
```

## Use instead
```text
openspec/changes/kitchen-add-crumb-tray/proposal.md
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    if c.nested.is_empty() {
        return;
    }
    let first = c.nested[0].replace('/', "-");
    out.push(
        RULE.diag(
            &c.dir,
            None,
            format!("`{}` wraps other changes: {}", c.id, c.nested.join(", ")),
        )
        .with_help(format!(
            "move each change directly under openspec/changes/ (e.g. `{}-{first}`)",
            c.id
        )),
    );
}
