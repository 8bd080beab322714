//! F-9 dockerd-through-systemd.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "F-9",
    name: "dockerd-through-systemd",
    severity: Severity::Error,
    summary: "dockerd started through systemd (`systemctl start docker`, `service docker start`)",
    docs: r#"## What it does
Reports a boot script that starts the Docker daemon through systemd
(`systemctl start docker`, `systemctl restart docker`, `service docker start`).
The contract's boot script starts `dockerd` itself (INV-4).

## Why is this bad?
systemd is not PID 1 in the workspace container; the call fails or, where it
works, gives a second start path beside the boot script's (drift D-4).

## Example
```sh
sudo systemctl start docker
```

## Use instead
```sh
if ! pgrep -x dockerd >/dev/null; then
  sudo dockerd >/tmp/dockerd.log 2>&1 &
fi
```
"#,
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        let args: Vec<&str> = args
            .iter()
            .map(crate::ingest::shell::Word::value_or_text)
            .collect();
        let systemd = match name.value_or_text() {
            "systemctl" => {
                args.iter().any(|a| matches!(*a, "start" | "restart"))
                    && args
                        .iter()
                        .any(|a| matches!(*a, "docker" | "docker.service"))
            }
            "service" => {
                args.first().is_some_and(|a| *a == "docker")
                    && args.iter().any(|a| matches!(*a, "start" | "restart"))
            }
            _ => false,
        };
        if systemd {
            out.push(
                RULE.diag(
                    &boot.file,
                    Some(c.span),
                    "the boot script starts Docker through systemd",
                )
                .with_help("start dockerd directly, guarded by `pgrep -x dockerd` (INV-4)"),
            );
        }
    }
}

/// An image whose ENTRYPOINT or CMD runs an init system (dockerd through
/// systemd as PID 1).
pub fn check_image(img: &super::Image, _t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    for i in &img.dockerfile.instructions {
        if i.keyword != "ENTRYPOINT" && i.keyword != "CMD" {
            continue;
        }
        let words = i.words();
        let Some((first, span)) = words.first() else {
            continue;
        };
        let base = first.rsplit('/').next().unwrap_or(first);
        if matches!(base, "init" | "systemd") {
            out.push(
                RULE.diag(
                    &img.file,
                    Some(*span),
                    format!("the image's {} runs {first} (systemd as PID 1)", i.keyword),
                )
                .with_help(
                    "let the template's entrypoint run the agent; the boot script starts dockerd",
                ),
            );
        }
    }
}
