//! D-4 two-daemon-start-paths.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "D-4",
    name: "two-daemon-start-paths",
    severity: Severity::Info,
    summary: "the image enables the docker unit while the boot script starts dockerd",
    docs: r#"## What it does
Reports, as information (known drift), an image that runs `systemctl enable
docker` when the boot script starts `dockerd` itself: two start paths for one
daemon. The systemd unit stays dormant (systemd is not PID 1), so nothing
breaks today.

## Why is this bad?
Whoever later makes systemd PID 1 gets two daemons racing for one socket
(which the contract forbids as F-9).

## Example
```sh
RUN systemctl enable docker
```

## Use instead
```sh
# the boot script starts dockerd; no systemd unit
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Known drift is reported, not enforced",
        scenario: "Two daemon start paths",
    }],
    checks: &[Check::Image(check_image)],
};

use crate::ingest::workspace::Image;

/// The image enables the docker unit while the boot script starts dockerd.
pub fn check_image(img: &Image, t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let boot_starts = t
        .boot
        .as_ref()
        .is_some_and(|b| b.script.commands.iter().any(|c| c.invokes("dockerd")));
    if !boot_starts {
        return;
    }
    for (script, _) in &img.runs {
        for c in &script.commands {
            let Some((name, args)) = c.invoked() else {
                continue;
            };
            let args: Vec<&str> = args
                .iter()
                .map(crate::ingest::shell::Word::value_or_text)
                .collect();
            if name.value_or_text() == "systemctl"
                && args.contains(&"enable")
                && args
                    .iter()
                    .any(|a| matches!(*a, "docker" | "docker.service"))
            {
                out.push(
                    RULE.diag(&img.file, Some(c.span), "the image enables the docker unit while the boot script starts dockerd (two start paths)")
                        .with_help("known drift: remove `systemctl enable docker` and keep the boot script's start"),
                );
            }
        }
    }
}
