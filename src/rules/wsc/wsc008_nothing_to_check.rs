//! WSC008 nothing-to-check.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC008",
    name: "nothing-to-check",
    severity: Severity::Warning,
    summary: "a directory holds nothing the command checks (says what it looks for)",
    docs: r#"## What it does
Warns when the directory given to a checking command holds nothing that
command checks, and says what it looks for: for `wsc audit`, a workspace
template (Terraform declaring a `docker_container` started with a
`coder_agent`'s `init_script`), a Kubernetes workload resource or a YAML
manifest of one; for `wsc check`, toolchains, bases or pairings.

## Why is this bad?
A gate that checks nothing passes. A typo in a path, a checkout that moved its
templates, or a CI job pointed at the wrong directory would otherwise report
"no problems" forever. With `--deny-warnings` the run fails.

## Example
```sh
wsc audit templates/   # the templates live in coder/templates/
```

## Use instead
```sh
wsc audit coder/templates/
```
"#,
    verifies: &[],
    checks: &[],
};
