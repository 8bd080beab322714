//! INV-2 user-identity.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "INV-2",
    name: "user-identity",
    severity: Severity::Error,
    summary: "the container does not run as `coder` with the docker group from `var.docker_gid` and HOME forced",
    docs: r#"## What it does
Checks the workspace's identity in the template: the container's `user` is
`coder` (or its UID, 1000), the host's docker group is added through the
`docker_gid` variable (`group_add = [tostring(var.docker_gid)]`), never a
literal, and the agent's `env` forces `HOME=/home/coder`. The user, UID,
variable name and home are `[runtime]` settings.

## Why is this bad?
Files in the home bind belong to UID 1000 on the host; another user cannot use
them. A literal GID breaks on every host whose docker group has another number.

## Example
```hcl
user      = "root"
group_add = ["988"]
```

## Use instead
```hcl
user      = "coder"
group_add = [tostring(var.docker_gid)]
```
"#,
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let cfg = t.cfg;
    let c = &t.container;
    match c.attribute("user") {
        None => out.push(
            RULE.diag(
                t.file(),
                Some(t.container_place()),
                "the workspace container sets no user",
            )
            .with_help(format!("add `user = \"{}\"`", cfg.user)),
        ),
        Some(a) => {
            if let Some(v) = t.string(&a) {
                let name = v.split(':').next().unwrap_or_default();
                if name != cfg.user && name != cfg.uid.to_string() {
                    out.push(
                        RULE.diag(
                            t.file(),
                            Some(a.value.span()),
                            format!("the container runs as `{v}`, not {}", cfg.user),
                        )
                        .with_help(format!("set `user = \"{}\"`", cfg.user)),
                    );
                }
            }
        }
    }
    let var = format!("var.{}", cfg.docker_gid_variable);
    match c.attribute("group_add") {
        None => out.push(
            RULE.diag(
                t.file(),
                Some(t.container_place()),
                "the host's docker group is not added to the container",
            )
            .with_help(format!("add `group_add = [tostring({var})]`")),
        ),
        Some(a) => {
            if !a.value.source_text().contains(&var) {
                out.push(
                    RULE.diag(t.file(), Some(a.value.span()), format!("group_add does not use {var}"))
                        .with_help(format!("write `group_add = [tostring({var})]`: the docker GID differs between hosts")),
                );
            }
        }
    }
    let home = format!("/home/{}", cfg.user);
    let env = t.agent_env();
    if !t.agents().is_empty()
        && !env
            .iter()
            .any(|(k, v, _)| k == "HOME" && v.as_deref().is_some_and(|v| v.contains(&home)))
    {
        let at = t
            .agents()
            .first()
            .and_then(|a| a.labels.last().map(|(_, s)| *s));
        let file = t
            .agents()
            .first()
            .map_or_else(|| t.file().clone(), |a| a.file.clone());
        out.push(
            RULE.diag(
                &file,
                at,
                format!("the agent's env does not force HOME={home}"),
            )
            .with_help(format!("add `HOME = \"{home}\"` to the coder_agent's env")),
        );
    }
}
