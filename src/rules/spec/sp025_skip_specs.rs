//! SP025 skip-specs.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP025",
    name: "skip-specs",
    severity: Severity::Error,
    summary: "`skip_specs` in `.openspec.yaml` that is not honoured, or contradicted by spec files",
    docs: r#"## What it does
Checks a change's `skip_specs: true` marker: the `.openspec.yaml` must be
valid change metadata (YAML with a `schema:` the tool knows, `spec-driven`),
and a change that says it changes no spec must have no files under `specs/`.

## Why is this bad?
An invalid marker is ignored, so the change fails for having no deltas; a
marker beside spec files leaves it unclear whether those files apply.

## Example
```yaml
skip_specs: true
```

## Use instead
```yaml
schema: spec-driven
skip_specs: true
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use crate::ingest::openspec::Change;

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    let Some((file, _)) = &c.meta else { return };
    let (set, honoured, problem) = c.skip_specs();
    if !set {
        return;
    }
    if let Some(p) = problem {
        out.push(
            RULE.diag(
                file,
                None,
                format!("skip_specs is set but .openspec.yaml is not valid change metadata ({p})"),
            )
            .with_help("add `schema: spec-driven` and fix the YAML, or the marker is ignored"),
        );
    } else if honoured && c.has_spec_files {
        out.push(
            RULE.diag(
                file,
                None,
                "skip_specs is set but spec files exist under specs/",
            )
            .with_help("remove skip_specs, or delete the delta spec files"),
        );
    }
}
