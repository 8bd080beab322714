//! D-5 wide-socket-mode.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "D-5",
    name: "wide-socket-mode",
    severity: Severity::Info,
    summary: "a Docker socket mode wider than needed (`chmod 666`)",
    docs: r#"## What it does
Reports, as information (known drift), a boot script that opens the Docker
socket to every user (`chmod 666`, `a+rw`, `o+w`) where group access already
suffices (`chgrp docker` and `chmod 660`).

## Why is this bad?
Inside the workspace everyone is `coder`, so it is harmless today; it becomes
a hole as soon as a second user or a service account shares the container.

## Example
```sh
sudo chmod 666 /var/run/docker.sock
```

## Use instead
```sh
sudo chgrp docker /var/run/docker.sock && sudo chmod 660 /var/run/docker.sock
```
"#,
};

/// The Docker socket opened wider than the group (`chmod 666`).
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        if name.value_or_text() != "chmod" {
            continue;
        }
        let args: Vec<&str> = args
            .iter()
            .map(crate::ingest::shell::Word::value_or_text)
            .collect();
        let on_socket = args.iter().any(|a| a.ends_with("docker.sock"));
        let wide = args.iter().any(|a| {
            matches!(
                *a,
                "666" | "0666" | "777" | "0777" | "a+rw" | "o+rw" | "o+w" | "a+w"
            )
        });
        if on_socket && wide {
            out.push(
                RULE.diag(&boot.file, Some(c.span), "the Docker socket is opened to every user")
                    .with_help("known drift: `chgrp docker` and `chmod 660` give the group the access it needs"),
            );
        }
    }
}
