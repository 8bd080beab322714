//! INV-8 host-aware-cleanup.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use std::sync::Arc;

use crate::diag::{Span, to_u32};
use crate::ingest::hcl::{Attribute, eval};
use crate::ingest::shell::{self, Command, GuardKind, GuardRef, Script};

use crate::ingest::workspace::{Template, nested};

pub static RULE: Rule = Rule {
    code: "INV-8",
    name: "host-aware-cleanup",
    severity: Severity::Error,
    summary: "stop signal/timeouts wrong, no shutdown `coder_script`, or no `workspace_cleanup`",
    docs: r#"## What it does
Checks how a workspace stops and is deleted: the container stops with
`stop_signal = "SIGINT"`, `stop_timeout = 180` and `destroy_grace_seconds = 60`
(`[runtime]` settings); a `coder_script` with `run_on_stop = true` runs
`ddev poweroff` guarded against the Docker socket being gone; and a
`null_resource` named `workspace_cleanup` has a destroy-time provisioner
calling the cleanup helper (`/usr/local/bin/coder-delete-workspace-dir`) on
the host bind.

The shutdown script (its `script`, evaluated statically; a heredoc or string
that does not evaluate is read as written; a file read with `file()` or
`templatefile()` next to the module is read from disk) is parsed as shell: only a real
`ddev poweroff` command counts (also through `sudo`, `timeout`, …), never a
comment or text in a heredoc body. It is guarded when:
- it runs only if the socket exists: `if [ -S /var/run/docker.sock ]; then
  … fi`, `[ -S … ] && …`, `test -S … &&` (`-e` too, any path ending in
  `docker.sock`);
- it runs only if the daemon answers: `docker info >/dev/null 2>&1 && …`
  (`docker version`, `docker ps`, `docker system info`), or in the `then` of
  such an `if`;
- an earlier `exit`/`return` leaves when the socket is missing: `[ -S
  /var/run/docker.sock ] || exit 0`, `if [ ! -S … ]; then exit 0; fi`;
- its failure is tolerated: `ddev poweroff || true` (any `||` handler but
  `false` or a non-zero `exit`/`return`).

An unguarded `ddev poweroff` is reported at the command; a shutdown script
without one is reported at its `script` attribute (at the container when
there is no shutdown script).

## Why is this bad?
A hard kill corrupts databases inside the DDEV containers; without the cleanup
the home directory stays on the host after the workspace is deleted.

## Example
```hcl
resource "docker_container" "workspace" {
  stop_timeout = 10
}
```

## Use instead
```hcl
resource "docker_container" "workspace" {
  stop_signal           = "SIGINT"
  stop_timeout          = 180
  destroy_grace_seconds = 60
}
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Host-aware cleanup",
        scenario: "Stop and delete are configured",
    }],
    checks: &[Check::Template(check)],
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let cfg = t.cfg;
    let c = &t.container;
    let place = t.container_place();
    let wants = [
        ("stop_signal", "SIGINT".to_string()),
        ("stop_timeout", cfg.stop_timeout.to_string()),
        (
            "destroy_grace_seconds",
            cfg.destroy_grace_seconds.to_string(),
        ),
    ];
    for (attr, want) in wants {
        match c.attribute(attr) {
            None => out.push(
                RULE.diag(
                    t.file(),
                    Some(place),
                    format!("the workspace container sets no {attr}"),
                )
                .with_help(format!(
                    "add `{attr} = {}`",
                    if attr == "stop_signal" {
                        format!("\"{want}\"")
                    } else {
                        want.clone()
                    }
                )),
            ),
            Some(a) => {
                if t.string(&a).is_none() {
                    out.push(super::not_checked(&a, "INV-8"));
                }
                if let Some(v) = t.string(&a)
                    && v != want
                {
                    out.push(
                        RULE.diag(
                            t.file(),
                            Some(a.value.span()),
                            format!("{attr} is {v}, not {want}"),
                        )
                        .with_help(format!("set `{attr}` to {want}")),
                    );
                }
            }
        }
    }
    if t.ddev {
        check_stop_script(t, out);
    }
    let cleanup = t.resources("null_resource").into_iter().find(|r| {
        r.labels
            .get(1)
            .is_some_and(|(l, _)| l == "workspace_cleanup")
    });
    match cleanup {
        None => out.push(
            RULE.diag(t.file(), Some(place), "no null_resource \"workspace_cleanup\" removes the home bind on delete")
                .with_help(format!("add a null_resource \"workspace_cleanup\" whose destroy-time provisioner runs `sudo {} <host bind>`", cfg.cleanup_helper)),
        ),
        Some(r) => {
            let calls = nested(r, "provisioner").iter().any(|p| {
                p.attribute("when").is_some_and(|w| w.value.source_text().trim() == "destroy")
                    && p.attributes().iter().any(|a| a.value.source_text().contains(&cfg.cleanup_helper))
            });
            if !calls {
                let at = r.labels.last().map(|(_, s)| *s);
                out.push(
                    RULE.diag(&r.file, at, format!("workspace_cleanup does not call {} at destroy time", cfg.cleanup_helper))
                        .with_help("give it a provisioner with `when = destroy` that runs the helper on the host bind"),
                );
            }
        }
    }
}

/// The shutdown script's shell text, parsed with places in the .tf file: the
/// statically evaluated value, else a heredoc or quoted string as written
/// (it interpolates something unknown).
fn parse_script(t: &Template<'_>, a: &Attribute) -> Option<(Arc<str>, Script)> {
    if let Some(f) = t.module_file(a) {
        return Some((f.file.clone(), shell::parse_plain(&f.text)));
    }
    if let Ok(v) = eval(&a.value, &t.scope)
        && let Some(text) = v.value.as_str()
    {
        let fallback = (v.file.clone(), v.span.start);
        let locator = v.locator();
        let read = t
            .scope
            .files()
            .map(crate::ingest::hcl::FileAccess::read)
            .unwrap_or_default();
        let map = |r| locator.span(r, &fallback, |f| t.module.text_of(f, &read));
        return Some((v.file.clone(), shell::parse(text, &map)));
    }
    let src = a.value.source_text();
    let start = a.value.span().start;
    let file = a.value.file().clone();
    if let Some(rest) = src.strip_prefix("<<") {
        // The lines between `<<-EOT` and the terminator.
        let (head, body) = rest.split_once('\n')?;
        let body = body.trim_end().rsplit_once('\n').map_or("", |(b, _)| b);
        let origin = start + to_u32("<<".len() + head.len() + 1);
        return Some((file, shell::parse_at(body, origin)));
    }
    let inner = src.strip_prefix('"')?.strip_suffix('"')?;
    Some((file, shell::parse_at(inner, start + 1)))
}

/// `ddev poweroff`, directly or through wrappers.
fn is_poweroff(c: &Command) -> bool {
    c.invoked().is_some_and(|(n, args)| {
        n.value_or_text().rsplit('/').next() == Some("ddev")
            && args
                .iter()
                .map(shell::Word::value_or_text)
                .find(|a| !a.starts_with('-'))
                == Some("poweroff")
    })
}

/// The path is the Docker socket.
fn is_socket(path: &str) -> bool {
    path.ends_with("docker.sock")
}

/// The condition asks the daemon whether it answers (`docker info`).
fn probes_daemon(commands: &[Command]) -> bool {
    commands.iter().any(|c| {
        c.invoked().is_some_and(|(n, args)| {
            n.value_or_text().rsplit('/').next() == Some("docker")
                && args.first().is_some_and(|a| {
                    matches!(a.value_or_text(), "info" | "version" | "ps" | "system")
                })
        })
    })
}

/// Whether the guarded command runs when the Docker socket is there
/// (`Some(true)`), when it is gone (`Some(false)`), or the guard does not
/// test it (`None`).
fn socket_polarity(script: &Script, g: &GuardRef) -> Option<bool> {
    if let Some(f) = g.file_test() {
        return (matches!(f.op.as_str(), "-S" | "-e") && is_socket(&f.path))
            .then_some(f.when_holds);
    }
    if g.test || !probes_daemon(script.guard_commands(g)) {
        return None;
    }
    let negated = g.operands.first().is_some_and(|o| o == "!");
    Some(g.on_success != negated)
}

/// The command fails the script: `false`, `exit N`/`return N` with N ≠ 0.
fn fails(c: &Command) -> bool {
    if c.is_named("false") {
        return true;
    }
    (c.is_named("exit") || c.is_named("return"))
        && c.args
            .first()
            .is_some_and(|a| a.value_or_text().parse::<i64>().ok().is_none_or(|n| n != 0))
}

/// `ddev poweroff` is guarded against the Docker socket being gone.
fn socket_guarded(script: &Script, c: &Command) -> bool {
    // `[ -S sock ] && ddev poweroff`, `if docker info …; then ddev poweroff`
    if c.guarded_by
        .iter()
        .any(|g| socket_polarity(script, g) == Some(true))
    {
        return true;
    }
    // `[ -S sock ] || exit 0` before it
    let leaves_early = script.commands.iter().take(c.index).any(|e| {
        (e.is_named("exit") || e.is_named("return"))
            && e.context.function().is_none()
            && e.guarded_by
                .iter()
                .any(|g| socket_polarity(script, g) == Some(false))
    });
    if leaves_early {
        return true;
    }
    // `ddev poweroff || true`
    let handlers: Vec<&Command> = script
        .commands
        .iter()
        .filter(|h| {
            h.guarded_by.iter().any(|g| {
                g.kind == GuardKind::List && !g.on_success && g.commands.contains(&c.index)
            })
        })
        .collect();
    !handlers.is_empty() && !handlers.iter().any(|h| fails(h))
}

/// A shutdown `coder_script` runs a guarded `ddev poweroff`.
fn check_stop_script(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let stop_scripts: Vec<&crate::ingest::hcl::Block> = t
        .resources("coder_script")
        .into_iter()
        .filter(|s| s.attribute("run_on_stop").and_then(|a| t.boolean(&a)) == Some(true))
        .collect();
    let mut found = false;
    let mut anchor: Option<(Arc<str>, Span)> = None;
    for s in &stop_scripts {
        let Some(a) = s.attribute("script") else {
            continue;
        };
        if anchor.is_none() {
            anchor = Some((a.file.clone(), a.name_span));
        }
        let Some((file, script)) = parse_script(t, &a) else {
            continue;
        };
        for c in script.commands.iter().filter(|c| is_poweroff(c)) {
            found = true;
            if !socket_guarded(&script, c) {
                out.push(
                    RULE.diag(&file, Some(c.span), "`ddev poweroff` in the shutdown script is not guarded against the Docker socket being gone")
                        .with_help("run it only when the socket exists (`[ -S /var/run/docker.sock ] && ddev poweroff`) or tolerate its failure (`ddev poweroff || true`)"),
                );
            }
        }
    }
    if !found {
        let (message, help) = if anchor.is_some() {
            (
                "the shutdown coder_script does not run `ddev poweroff`",
                "run `ddev poweroff` in it when the Docker socket exists (a comment or text does not run it)",
            )
        } else {
            (
                "no shutdown coder_script runs `ddev poweroff`",
                "add a coder_script with run_on_stop = true that runs `ddev poweroff` when the Docker socket exists",
            )
        };
        let (file, place) = anchor.unwrap_or_else(|| (t.file().clone(), t.container_place()));
        out.push(RULE.diag(&file, Some(place), message).with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::{is_poweroff, socket_guarded};
    use crate::ingest::shell::parse_plain;

    /// Every `ddev poweroff` of the script is guarded (and there is one).
    fn guarded(src: &str) -> Option<bool> {
        let s = parse_plain(src);
        let offs: Vec<_> = s.commands.iter().filter(|c| is_poweroff(c)).collect();
        if offs.is_empty() {
            return None;
        }
        Some(offs.iter().all(|c| socket_guarded(&s, c)))
    }

    #[test]
    fn guards() {
        for src in [
            "if [ -S /var/run/docker.sock ]; then\n  ddev poweroff || true\nfi\n",
            "[ -S /var/run/docker.sock ] && ddev poweroff\n",
            "test -S /run/docker.sock && ddev poweroff\n",
            "docker info >/dev/null 2>&1 && ddev poweroff\n",
            "if docker info >/dev/null 2>&1; then timeout 60 ddev poweroff; fi\n",
            "[ -S /var/run/docker.sock ] || exit 0\nddev poweroff\n",
            "if [ ! -S /var/run/docker.sock ]; then exit 0; fi\nddev poweroff\n",
            "ddev poweroff || true\n",
            "ddev poweroff || echo 'ddev poweroff failed'\n",
            "sudo -u coder ddev poweroff || :\n",
        ] {
            assert_eq!(guarded(src), Some(true), "{src}");
        }
        for src in [
            "ddev poweroff\n",
            "ddev poweroff || exit 1\n",
            "[ -S /var/run/docker.sock ] || ddev poweroff\n",
            "if [ -S /var/run/docker.sock ]; then echo up; else ddev poweroff; fi\n",
            "[ -f /tmp/x ] && ddev poweroff\n",
        ] {
            assert_eq!(guarded(src), Some(false), "{src}");
        }
        for src in [
            "# ddev poweroff\n",
            "echo 'ddev poweroff'\n",
            "cat > /tmp/x <<'EOF'\nddev poweroff\nEOF\n",
            "ddev stop --all\n",
        ] {
            assert_eq!(guarded(src), None, "{src}");
        }
    }
}
