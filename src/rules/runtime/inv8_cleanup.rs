//! INV-8 host-aware-cleanup.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::{Template, nested};

pub static RULE: Rule = Rule {
    code: "INV-8",
    name: "host-aware-cleanup",
    severity: Severity::Error,
    summary: "stop signal/timeouts wrong, no shutdown `coder_script`, or no `workspace_cleanup`",
    docs: r#"## What it does
Checks how a workspace stops and is deleted: the container stops with
`stop_signal = "SIGINT"`, `stop_timeout = 180` and `destroy_grace_seconds = 60`
(`[runtime]` settings); a `coder_script` with `run_on_stop = true` runs
`ddev poweroff`; and a `null_resource` named `workspace_cleanup` has a
destroy-time provisioner calling the cleanup helper
(`/usr/local/bin/coder-delete-workspace-dir`) on the host bind.

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
    let stop_script = t.resources("coder_script").into_iter().any(|s| {
        s.attribute("run_on_stop").and_then(|a| t.boolean(&a)) == Some(true)
            && s.attribute("script")
                .is_some_and(|a| a.value.source_text().contains("ddev poweroff"))
    });
    if !stop_script {
        out.push(
            RULE.diag(t.file(), Some(place), "no shutdown coder_script runs `ddev poweroff`")
                .with_help("add a coder_script with run_on_stop = true that runs `ddev poweroff` when the Docker socket exists"),
        );
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
