//! INV-9 identity-from-environment.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "INV-9",
    name: "identity-from-environment",
    severity: Severity::Error,
    summary: "a workspace identity variable is missing from the agent's env",
    docs: r#"## What it does
Checks that the `coder_agent`'s `env` provides `CODER_WORKSPACE_ID`,
`CODER_WORKSPACE_NAME`, `CODER_WORKSPACE_OWNER_NAME` and
`CODER_WORKSPACE_OWNER_EMAIL`, and that the boot script sets git's global
identity from the owner variables:
`git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"` and `user.email`
from `$CODER_WORKSPACE_OWNER_EMAIL`. (Git's own variables `GIT_AUTHOR_NAME`
and `GIT_AUTHOR_EMAIL` in the agent's `env`, taken from
`data.coder_workspace_owner`, count as well.) Deriving identity from the
hostname is F-8.

## Why is this bad?
Scripts and tools inside the workspace need to know whose workspace they run
in; without the variables they guess, usually from the hostname, which differs
from the container name and breaks on renames.

## Example
```hcl
env = { GIT_AUTHOR_NAME = data.coder_workspace_owner.me.name }
```

## Use instead
```hcl
env = {
  CODER_WORKSPACE_ID          = data.coder_workspace.me.id
  CODER_WORKSPACE_NAME        = data.coder_workspace.me.name
  CODER_WORKSPACE_OWNER_NAME  = data.coder_workspace_owner.me.name
  CODER_WORKSPACE_OWNER_EMAIL = data.coder_workspace_owner.me.email
}
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Identity from the environment",
        scenario: "Identity variables and git identity",
    }],
    checks: &[Check::Template(check), Check::Template(check_git_identity)],
};

const IDENTITY: [&str; 4] = [
    "CODER_WORKSPACE_ID",
    "CODER_WORKSPACE_NAME",
    "CODER_WORKSPACE_OWNER_NAME",
    "CODER_WORKSPACE_OWNER_EMAIL",
];

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let agents = t.agents();
    let Some(agent) = agents.first() else {
        return;
    };
    let env = t.agent_env();
    let at = agent.attribute("env").map_or_else(
        || agent.labels.last().map(|(_, s)| *s),
        |a| Some(a.name_span),
    );
    for var in IDENTITY {
        if !env.iter().any(|(k, _, _)| k == var) {
            out.push(
                RULE.diag(&agent.file, at, format!("the agent's env lacks {var}"))
                    .with_help(format!("add `{var}` to the coder_agent's env, from data.coder_workspace / data.coder_workspace_owner")),
            );
        }
    }
}

/// Git's identity keys and the owner variable each must come from.
const GIT_IDENTITY: [(&str, &str, &str); 2] = [
    ("user.name", "CODER_WORKSPACE_OWNER_NAME", "GIT_AUTHOR_NAME"),
    (
        "user.email",
        "CODER_WORKSPACE_OWNER_EMAIL",
        "GIT_AUTHOR_EMAIL",
    ),
];

/// The boot script sets git's global identity from the owner variables.
pub fn check_git_identity(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let env = t.agent_env();
    for (key, var, git_var) in GIT_IDENTITY {
        let from_env = env.iter().any(|(k, v, _)| {
            k == git_var
                && v.as_deref()
                    .is_some_and(|v| v.contains(var) || v.contains("coder_workspace_owner"))
        });
        let sets: Vec<_> = boot
            .script
            .commands
            .iter()
            .filter(|c| {
                c.invokes("git") && {
                    let a = c.arg_strs();
                    a.contains(&"config") && a.contains(&key)
                }
            })
            .collect();
        let from_owner = sets.iter().any(|c| {
            let a = c.arg_strs();
            a.iter()
                .skip_while(|w| **w != key)
                .nth(1)
                .is_some_and(|v| v.contains(var))
                || c.args.iter().any(|w| w.text.contains(var))
        });
        if from_env || from_owner {
            continue;
        }
        match sets.first() {
            Some(c) => out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("git's {key} is not taken from ${var}"),
                )
                .with_help(format!("write `git config --global {key} \"${var}\"`")),
            ),
            None => out.push(
                RULE.diag(
                    &boot.file,
                    boot.anchor,
                    format!("the boot script does not set git's {key} from ${var}"),
                )
                .with_help(format!("add `git config --global {key} \"${var}\"`")),
            ),
        }
    }
}
