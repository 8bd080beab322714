//! INV-2 user-identity.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "INV-2",
    name: "user-identity",
    severity: Severity::Error,
    summary: "the container does not run as `coder` with the docker group from `var.docker_gid` and HOME forced",
    docs: r#"## What it does
Checks the workspace's identity. In the template: the container's `user` is
`coder` (or its UID, 1000), the host's docker group is added through the
`docker_gid` variable (`group_add = [tostring(var.docker_gid)]`), never a
literal, and the agent's `env` forces `HOME=/home/coder`. The user, UID,
variable name and home are `[runtime]` settings.

In the image: a RUN renames the base image's UID-1000 user to `coder`
(`usermod -l coder … ubuntu`) without giving it another UID, or creates `coder`
with `useradd -u 1000`. A `useradd coder` without `-u` gets the next free UID
(1001 on images that already have a UID-1000 user).

## Why is this bad?
Files in the home bind belong to UID 1000 on the host; another user cannot use
them. A literal GID breaks on every host whose docker group has another number.

## Example
```hcl
user      = "root"
group_add = ["988"]
```

```dockerfile
RUN useradd -m coder
```

## Use instead
```hcl
user      = "coder"
group_add = [tostring(var.docker_gid)]
```
```dockerfile
RUN usermod -l coder -d /home/coder -m ubuntu && groupmod -n coder ubuntu
```
"#,
    verifies: &[
        Verifies {
            spec: "workspace-runtime",
            requirement: "User identity",
            scenario: "The container runs as coder",
        },
        Verifies {
            spec: "workspace-runtime",
            requirement: "User identity",
            scenario: "The image keeps UID 1000",
        },
    ],
    checks: &[Check::Template(check), Check::Image(check_image)],
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

/// The value of a short or long option (`-u 1000`, `-u1000`, `--uid 1000`,
/// `--uid=1000`).
fn option<'w>(words: &[&'w str], short: &str, long: &str) -> Option<&'w str> {
    for (i, w) in words.iter().enumerate() {
        if *w == short || *w == long {
            return words.get(i + 1).copied();
        }
        if let Some(v) = w.strip_prefix(&format!("{long}=")) {
            return Some(v);
        }
        if short.len() == 2
            && let Some(v) = w.strip_prefix(short)
            && !v.is_empty()
            && !w.starts_with("--")
        {
            return Some(v);
        }
    }
    None
}

/// The image gives `coder` UID 1000: it renames the stock UID-1000 user or
/// creates `coder` with that UID.
pub fn check_image(
    img: &crate::ingest::workspace::Image,
    t: &Template<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let user = t.cfg.user.as_str();
    let uid = t.cfg.uid.to_string();
    let mut made = false;
    for c in img.run_commands() {
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        let words: Vec<&str> = args
            .iter()
            .map(crate::ingest::shell::Word::value_or_text)
            .collect();
        let name = name.value_or_text().rsplit('/').next().unwrap_or_default();
        let given = match name {
            "usermod" if option(&words, "-l", "--login") == Some(user) => {
                made = true;
                option(&words, "-u", "--uid")
            }
            "useradd" | "adduser" if words.last() == Some(&user) => {
                made = true;
                let given = option(&words, "-u", "--uid");
                if given.is_none() {
                    out.push(
                        RULE.diag(&img.file, Some(c.span), format!("`{user}` is created without UID {uid}: it gets the next free UID"))
                            .with_help(format!("rename the image's UID-{uid} user (`usermod -l {user} …`) or pass `-u {uid}`")),
                    );
                    continue;
                }
                given
            }
            _ => continue,
        };
        if let Some(g) = given
            && g != uid
        {
            out.push(
                RULE.diag(
                    &img.file,
                    Some(c.span),
                    format!("`{user}` gets UID {g}, not {uid}"),
                )
                .with_help(format!(
                    "keep UID {uid}: files in the home bind belong to it on the host"
                )),
            );
        }
    }
    if !made {
        out.push(
            RULE.diag(&img.file, Some(img.from_span), format!("the image does not rename its UID-{uid} user to `{user}`"))
                .with_help(format!("add `RUN usermod -l {user} -d /home/{user} -m <stock user> && groupmod -n {user} <stock user>`")),
        );
    }
}
