//! TC013 invalid-name.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC013",
    name: "invalid-name",
    severity: Severity::Error,
    summary: "workspace_name or owner breaks Coder's name rules (1–32 chars, `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, not `new` or `create`)",
    docs: r#"## What it does
Checks `workspace_name` and `owner` against Coder's rules for workspace and user
names: 1 to 32 characters, ASCII letters and digits with single hyphens between
them, and not the reserved words `new` or `create`.

## Why is this bad?
Coder refuses such names, and bases derive resource names (volumes, pods, host
paths) from them: an underscore or a dot breaks DNS-style names downstream.

## Example
```yaml
workspace_name: alice_dev
owner: -alice
```

## Use instead
```yaml
workspace_name: alice-dev
owner: alice
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Coder names",
        scenario: "A name Coder refuses",
    }],
    checks: &[Check::Composition(check)],
};

const NAME_HELP: &str = "Coder names are 1-32 ASCII letters and digits, with single hyphens between them, and not `new` or `create`";

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    field_error(
        &RULE,
        cx.file,
        cx.comp.workspace_name.as_ref(),
        NAME_HELP,
        out,
    );
    field_error(&RULE, cx.file, cx.comp.owner.as_ref(), NAME_HELP, out);
}
