//! TC012 missing-input.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC012",
    name: "missing-input",
    severity: Severity::Error,
    summary: "a required contract input is absent",
    docs: r#"## What it does
Reports a required key that is not written: at the top level `platform`,
`workspace_name`, `owner`, `image_id`, `compute_profile` and `capabilities`
(an empty `capabilities: {}` is fine: every capability then takes its
default); in a compute profile object `cpu`, `memory` and `storage`.

## Why is this bad?
Every infrastructure base must receive all five contract inputs; a base module
called without one fails at plan time, when a user creates a workspace.

## Example
```yaml
platform: kubernetes
workspace_name: alice-dev
owner: alice
compute_profile: sw-dev-medium
```

## Use instead
```yaml
platform: kubernetes
workspace_name: alice-dev
owner: alice
image_id: ghcr.io/org/python-dev:3.11-slim
compute_profile: sw-dev-medium
capabilities: {}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Contract inputs",
        scenario: "A required input is missing",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if cx.comp.not_a_map.is_some() {
        return;
    }
    // A repository manifest is not a composition: say which file.
    let manifest = [
        "toolchain.yaml",
        "toolchain.yml",
        "base.yaml",
        "base.yml",
        "pairings.yaml",
        "pairings.yml",
    ]
    .into_iter()
    .find(|n| cx.file.ends_with(&format!("/{n}")) || &**cx.file == *n);
    for m in &cx.comp.missing {
        let (message, help) = match (m.within, manifest) {
            (None, Some(file)) => (
                format!("missing required key `{}`", m.name),
                format!("add `{}:` to {file}", m.name),
            ),
            (None, None) => (
                format!("missing required input `{}`", m.name),
                format!("add `{}:` to the composition", m.name),
            ),
            (Some(parent), _) => (
                format!("{parent} object lacks `{}`", m.name),
                format!(
                    "add `{}` to {parent}, or use a profile name (`wsc profiles`)",
                    m.name
                ),
            ),
        };
        // A missing top-level key has no place of its own.
        let at = m.within.map(|_| m.at);
        out.push(RULE.diag(cx.file, at, message).with_help(help));
    }
}
