//! F-8 hostname-as-identity.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "F-8",
    name: "hostname-as-identity",
    severity: Severity::Error,
    summary: "the container hostname used as workspace identity",
    docs: r#"## What it does
Reports a boot script that derives identity from the hostname: `$(hostname)`
or `` `hostname` `` in a substitution, or `$HOSTNAME`. The HCL `hostname`
attribute that sets the hostname is not a use of it.

## Why is this bad?
The hostname is `<workspace>-<owner>`, deliberately unlike the container name;
parsing it breaks on names with hyphens and on renames. The agent's env has
the identity (INV-9).

## Example
```sh
OWNER=$(hostname | cut -d- -f2)
```

## Use instead
```sh
OWNER="$CODER_WORKSPACE_OWNER_NAME"
```
"#,
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        let by_command = c.is_named("hostname") && c.args.is_empty() && c.context.in_substitution();
        let by_variable = c
            .args
            .iter()
            .chain(c.assignments.iter().filter_map(|a| a.value.as_ref()))
            .any(|w| w.text.contains("$HOSTNAME") || w.text.contains("${HOSTNAME}"));
        if by_command || by_variable {
            out.push(
                RULE.diag(&boot.file, Some(c.span), "the boot script reads the workspace identity from the hostname")
                    .with_help("use $CODER_WORKSPACE_NAME and $CODER_WORKSPACE_OWNER_NAME from the agent's env (INV-9)"),
            );
        }
    }
}
