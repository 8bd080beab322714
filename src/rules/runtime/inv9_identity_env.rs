//! INV-9 identity-from-environment.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "INV-9",
    name: "identity-from-environment",
    severity: Severity::Error,
    summary: "a workspace identity variable is missing from the agent's env",
    docs: r#"## What it does
Checks that the `coder_agent`'s `env` provides `CODER_WORKSPACE_ID`,
`CODER_WORKSPACE_NAME`, `CODER_WORKSPACE_OWNER_NAME` and
`CODER_WORKSPACE_OWNER_EMAIL`. (Deriving identity from the hostname is F-8.)

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
