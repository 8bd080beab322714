//! F-9 dockerd-through-systemd.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "F-9",
    name: "dockerd-through-systemd",
    severity: Severity::Error,
    summary: "dockerd started through systemd (`systemctl start docker`, `service docker start`)",
    docs: r#"## What it does
Reports a boot script that starts the Docker daemon through the init system
instead of running `dockerd` itself (INV-4):
- `systemctl start|restart|reload-or-restart|try-restart|try-reload-or-restart
  docker` (also `docker.service`, `docker.socket`, among other units, with
  options anywhere), and `systemctl enable --now docker` (`--now` starts it);
- `service docker start|restart|force-reload`;
- the SysV init script: `/etc/init.d/docker start|restart|force-reload`
  (also through `sh`/`bash`), `invoke-rc.d docker start|restart`,
  `rc-service docker start|restart`.

Wrappers (`sudo`, `env`, `timeout`, …) are looked through. Stopping the unit
or asking for its status (`systemctl status docker`, `systemctl disable
docker`) does not start it and is not reported. The image's ENTRYPOINT or CMD
running `init`/`systemd` as PID 1 is reported too.

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
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Docker daemon inside the workspace",
        scenario: "The daemon is started through systemd",
    }],
    checks: &[Check::Template(check), Check::Image(check_image)],
};

/// Verbs that start (or restart) a unit or a service.
const START_VERBS: &[&str] = &[
    "start",
    "restart",
    "reload-or-restart",
    "try-restart",
    "try-reload-or-restart",
    "condrestart",
    "force-reload",
];

/// A unit or service name of the Docker daemon.
fn docker_unit(name: &str) -> bool {
    matches!(name, "docker" | "docker.service" | "docker.socket")
}

/// The command starts the Docker daemon through the init system:
/// `systemctl start|restart docker`, `systemctl enable --now docker`,
/// `service docker start|restart`, `/etc/init.d/docker start`,
/// `invoke-rc.d docker start`, `rc-service docker start` (through wrappers
/// such as `sudo`). INV-4 leaves a script that does this to F-9.
pub fn starts_docker_through_init(c: &crate::ingest::shell::Command) -> bool {
    init_start(c).is_some()
}

/// How the command starts the Docker daemon through the init system:
/// `"systemd"` (`systemctl`, `service`) or `"its init script"`.
fn init_start(c: &crate::ingest::shell::Command) -> Option<&'static str> {
    let (name, args) = c.invoked()?;
    let mut name = name.value_or_text();
    let mut args: Vec<&str> = args
        .iter()
        .map(crate::ingest::shell::Word::value_or_text)
        .collect();
    // `sh /etc/init.d/docker start`
    if matches!(name.rsplit('/').next(), Some("sh" | "bash" | "dash"))
        && args.first().is_some_and(|a| a.starts_with("/etc/init.d/"))
    {
        name = args.remove(0);
    }
    let operands: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect();
    let verb_then_docker = |ops: &[&str]| {
        ops.first().is_some_and(|v| START_VERBS.contains(v))
            && ops.iter().skip(1).any(|u| docker_unit(u))
    };
    let service = || {
        operands.first().is_some_and(|u| docker_unit(u))
            && operands.get(1).is_some_and(|v| START_VERBS.contains(v))
    };
    let started = match name.rsplit('/').next() {
        _ if name == "/etc/init.d/docker" || name == "/etc/rc.d/init.d/docker" => {
            return operands
                .first()
                .is_some_and(|v| START_VERBS.contains(v))
                .then_some("its init script");
        }
        Some("systemctl") => {
            let now = args.contains(&"--now");
            verb_then_docker(&operands)
                || (now
                    && operands
                        .first()
                        .is_some_and(|v| matches!(*v, "enable" | "reenable"))
                    && operands.iter().skip(1).any(|u| docker_unit(u)))
        }
        Some("service") => service(),
        Some("invoke-rc.d" | "rc-service") => {
            return service().then_some("its init script");
        }
        _ => false,
    };
    started.then_some("systemd")
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        if let Some(how) = init_start(c) {
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("the boot script starts Docker through {how}"),
                )
                .with_help("start dockerd directly, guarded by `pgrep -x dockerd` (INV-4)"),
            );
        }
    }
}

/// An image whose ENTRYPOINT or CMD runs an init system (dockerd through
/// systemd as PID 1).
pub fn check_image(
    img: &crate::ingest::workspace::Image,
    _t: &Template<'_>,
    out: &mut Vec<Diagnostic>,
) {
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

#[cfg(test)]
mod tests {
    use super::starts_docker_through_init;
    use crate::ingest::shell::parse_plain;

    fn starts(src: &str) -> bool {
        parse_plain(&format!("{src}\n"))
            .commands
            .iter()
            .any(starts_docker_through_init)
    }

    #[test]
    fn init_starts_are_found() {
        for src in [
            "sudo systemctl start docker",
            "systemctl restart docker.service",
            "sudo systemctl enable --now docker",
            "systemctl --now enable docker.socket",
            "systemctl start containerd docker",
            "sudo service docker start",
            "service docker restart",
            "sudo /etc/init.d/docker start",
            "/etc/init.d/docker restart",
            "sudo sh /etc/init.d/docker start",
            "invoke-rc.d docker start",
            "timeout 30 sudo systemctl try-restart docker",
        ] {
            assert!(starts(src), "{src}");
        }
    }

    #[test]
    fn other_uses_are_not() {
        for src in [
            "systemctl status docker",
            "sudo systemctl enable docker",
            "sudo systemctl disable --now docker",
            "systemctl stop docker",
            "service docker status",
            "/etc/init.d/docker stop",
            "service nginx restart",
            "systemctl restart nginx",
            "sudo dockerd >/tmp/dockerd.log 2>&1 &",
        ] {
            assert!(!starts(src), "{src}");
        }
    }
}
