//! INV-4 dockerd-in-container.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "INV-4",
    name: "dockerd-in-container",
    severity: Severity::Error,
    summary: "dockerd not started by the boot script, unguarded, no bounded wait, or the mirror written after start",
    docs: r#"## What it does
Checks how the boot script starts the Docker daemon inside the workspace:
`dockerd` is started by the script, only when `pgrep -x dockerd` (or
`pidof dockerd`) finds none (a bare `pgrep dockerd` matches any name that
contains it), with its output in `/tmp/dockerd.log`; a bounded wait for
`/var/run/docker.sock` follows: a `for` loop, a `while`/`until` loop that
counts (a numeric test or arithmetic in the loop), or `timeout N …`; a
registry mirror (`/etc/docker/daemon.json`) is written before the start.
Starting it through systemd is F-9.

## Why is this bad?
A second dockerd fails on the pid file and a boot without a bounded wait hangs
forever when the daemon cannot start; a mirror written later is never read.

## Example
```sh
sudo dockerd &
while [ ! -S /var/run/docker.sock ]; do sleep 1; done
```

## Use instead
```sh
if ! pgrep -x dockerd >/dev/null; then
  sudo dockerd >/tmp/dockerd.log 2>&1 &
fi
for _ in $(seq 1 30); do [ -S /var/run/docker.sock ] && break; sleep 1; done
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Docker daemon inside the workspace",
        scenario: "The boot script starts the daemon once",
    }],
    checks: &[Check::Template(check)],
};

/// Where dockerd's output goes.
const LOG: &str = "/tmp/dockerd.log";

/// dockerd started by the boot script, guarded, logging to /tmp/dockerd.log,
/// with a bounded wait for its socket, and a registry mirror written first.
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let script = &boot.script;
    let starts: Vec<&crate::ingest::shell::Command> = script
        .commands
        .iter()
        .filter(|c| c.invokes("dockerd"))
        .collect();
    let Some(start) = starts.first() else {
        if !script
            .commands
            .iter()
            .any(super::f9_systemd_dockerd::starts_docker_through_init)
        {
            out.push(
                RULE.diag(&boot.file, boot.anchor, "the boot script does not start dockerd")
                    .with_help("start it: `if ! pgrep -x dockerd >/dev/null; then sudo dockerd >/tmp/dockerd.log 2>&1 & fi`"),
            );
        }
        return;
    };
    // `pgrep -x dockerd` or `pidof dockerd`: a bare `pgrep dockerd` matches
    // any process whose name contains it.
    let exact = |text: &str| {
        text.contains("dockerd")
            && (text.contains("pidof")
                || (text.contains("pgrep")
                    && text
                        .split_whitespace()
                        .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('x'))))
    };
    let guarded = start
        .guarded_by
        .iter()
        .any(|g| !g.on_success && exact(&g.text))
        || start
            .guarded_by
            .iter()
            .any(|g| g.operands.iter().any(|o| o == "!") && exact(&g.text));
    if !guarded {
        out.push(
            RULE.diag(
                boot.file_of(start),
                Some(start.span),
                "dockerd is started without checking whether one already runs",
            )
            .with_help(
                "guard it with an exact match: `if ! pgrep -x dockerd >/dev/null; then … fi`",
            ),
        );
    }
    // `dockerd > LOG`, or `dockerd 2>&1 | tee LOG` down its pipeline.
    let tees = start.own_pipeline().is_some_and(|(span, _)| {
        script.commands.iter().any(|o| {
            o.own_pipeline().is_some_and(|(s, _)| s == span)
                && o.invoked().is_some_and(|(n, args)| {
                    n.value_or_text().rsplit('/').next() == Some("tee")
                        && args.iter().any(|a| a.value_or_text() == LOG)
                })
        })
    });
    let logs = tees
        || start
            .all_redirects()
            .any(|r| r.writes_file() && r.target.value_or_text() == LOG);
    if !logs {
        out.push(
            RULE.diag(
                boot.file_of(start),
                Some(start.span),
                "dockerd's output does not go to /tmp/dockerd.log",
            )
            .with_help("redirect it: `sudo dockerd >/tmp/dockerd.log 2>&1 &`"),
        );
    }
    let waits = script
        .commands
        .iter()
        .any(|c| c.index > start.index && bounded_wait(c, script));
    if !waits {
        out.push(
            RULE.diag(boot.file_of(start), Some(start.span), "no bounded wait for /var/run/docker.sock after dockerd starts")
                .with_help("wait with a bound: `for _ in $(seq 1 30); do [ -S /var/run/docker.sock ] && break; sleep 1; done`"),
        );
    }
    let mirror_after = script.commands.iter().find(|c| {
        c.index > start.index
            && (c.text.contains("/etc/docker/daemon.json"))
            && (c
                .all_redirects()
                .any(crate::ingest::shell::Redirect::writes_file)
                || c.invokes("tee")
                || c.invokes("cp"))
    });
    if let Some(m) = mirror_after {
        out.push(
            RULE.diag(
                boot.file_of(m),
                Some(m.span),
                "/etc/docker/daemon.json is written after dockerd starts",
            )
            .with_help("write the registry mirror before starting dockerd"),
        );
    }
}

/// The command waits for the socket with a bound: in a `for` loop (a fixed
/// number of rounds), in a `while`/`until` loop that counts (its condition or
/// body compares or does arithmetic), or under `timeout N`.
fn bounded_wait(c: &crate::ingest::shell::Command, script: &crate::ingest::shell::Script) -> bool {
    use crate::ingest::shell::FrameKind;
    let mentions_socket = c.text.contains("docker.sock")
        || c.guarded_by.iter().any(|g| g.text.contains("docker.sock"));
    if !mentions_socket {
        return false;
    }
    if c.invokes("timeout") || c.is_named("timeout") {
        return true;
    }
    c.context.frames.iter().any(|f| match &f.kind {
        FrameKind::For { .. } | FrameKind::CFor => true,
        FrameKind::While { .. } | FrameKind::Until { .. } => {
            // Commands of the same loop (its condition and body).
            script.commands.iter().any(|o| {
                o.context.frames.iter().any(|g| {
                    g.span == f.span
                        && matches!(g.kind, FrameKind::While { .. } | FrameKind::Until { .. })
                }) && counts(&o.text)
            })
        }
        _ => false,
    })
}

/// Text that counts: a numeric comparison or arithmetic.
fn counts(text: &str) -> bool {
    text.contains("$((")
        || text.contains("((")
        || text.contains("let ")
        || ["-lt", "-le", "-gt", "-ge", "-eq"]
            .iter()
            .any(|op| text.split_whitespace().any(|w| w == *op))
}
