//! SP027 no-openspec-root.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP027",
    name: "no-openspec-root",
    severity: Severity::Error,
    summary: "the directory has no `openspec/` with specs, changes or a config",
    docs: r#"## What it does
Reports a directory given to `wsc spec validate` or `wsc spec coverage` that
has no `openspec/` directory holding `specs/`, `changes/` or a
`config.yaml`.

## Why is this bad?
There is nothing to validate; usually the command ran in the wrong directory.

## Example
```text
wsc spec validate docs/
```

## Use instead
```text
wsc spec validate .        # the directory that holds openspec/
```
"#,
    verifies: &[],
    checks: &[],
};

use std::sync::Arc;

/// The finding for a directory without an OpenSpec root.
pub fn diag(dir: &Arc<str>) -> Diagnostic {
    RULE.diag(
        dir,
        None,
        "no OpenSpec root: no openspec/ with specs/, changes/ or config.yaml",
    )
    .with_help("run wsc spec in the directory that holds openspec/ (`openspec init` creates one)")
}
