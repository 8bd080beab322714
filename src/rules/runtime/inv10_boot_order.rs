//! INV-10 boot-order.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "INV-10",
    name: "boot-order",
    severity: Severity::Error,
    summary: "boot steps out of order, a non-zero `exit`, or no final `exit 0`",
    docs: r#"## What it does
Checks the shape of the boot script: it ends with `exit 0` and never exits
with another status. (The order of the ten steps is checked as the boot-script
rules grow; see the runtime contract.)

## Why is this bad?
A non-zero exit marks the workspace as failed to start although every step
logged and went on; the agent shows an error banner to the user.

## Example
```sh
ddev start || exit 1
```

## Use instead
```sh
ddev start || echo 'ddev start failed' >&2
exit 0
```
"#,
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in boot.script.commands.iter().filter(|c| {
        c.is_named("exit") && !c.context.in_substitution() && c.context.function().is_none()
    }) {
        let code = c.args.first().map_or("0", |a| a.value_or_text());
        if code != "0" {
            out.push(
                RULE.diag(
                    &boot.file,
                    Some(c.span),
                    format!("the boot script exits with status {code}"),
                )
                .with_help("log the failure and go on; the boot script always exits 0"),
            );
        }
    }
    let last = boot
        .script
        .steps
        .last()
        .and_then(|s| boot.script.commands.get(s.commands.start));
    let ends_with_exit_0 = last.is_some_and(|c| {
        c.is_named("exit") && c.args.first().is_none_or(|a| a.value_or_text() == "0")
    });
    if !ends_with_exit_0 {
        out.push(
            RULE.diag(
                &boot.file,
                last.map(|c| c.span),
                "the boot script does not end with `exit 0`",
            )
            .with_help("end the boot script with `exit 0`"),
        );
    }
}
