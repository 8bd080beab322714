//! SP015 empty-change.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP015",
    name: "empty-change",
    severity: Severity::Error,
    summary: "a change with no delta at all",
    docs: r#"## What it does
Reports a change (`openspec/changes/<id>/`) whose spec files hold no ADDED,
MODIFIED, REMOVED or RENAMED entry. A change that deliberately changes no
spec says so with `skip_specs: true` in its `.openspec.yaml`.

## Why is this bad?
Archiving it changes nothing; usually the deltas were written in the proposal
instead of `specs/<capability>/spec.md`, or under the wrong headers.

## Example
```text
openspec/changes/add-crumb-tray/proposal.md   (and nothing under specs/)
```

## Use instead
```text
openspec/changes/add-crumb-tray/specs/toaster/spec.md   with `## ADDED Requirements`
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    if !c.nested.is_empty() || c.entries() > 0 || c.root_spec.is_some() || !c.misplaced.is_empty() {
        return;
    }
    let (_, honoured, _) = c.skip_specs();
    if honoured && !c.has_spec_files {
        return;
    }
    out.push(
        RULE.diag(&c.dir, None, format!("change `{}` has no delta", c.id))
            .with_help("add specs/<capability>/spec.md with `## ADDED|MODIFIED|REMOVED|RENAMED Requirements`, or set `skip_specs: true` in .openspec.yaml for a change without spec changes"),
    );
}
