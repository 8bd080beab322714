//! INV-1 sysbox-runtime.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "INV-1",
    name: "sysbox-runtime",
    severity: Severity::Error,
    summary: "the workspace container does not run under sysbox-runc with apparmor and seccomp unconfined",
    docs: r#"## What it does
Checks the workspace `docker_container`: `runtime = "sysbox-runc"` and
`security_opts` holding `apparmor:unconfined` and `seccomp:unconfined` (the `=`
spellings `apparmor=unconfined`, `seccomp=unconfined` count too). A privileged
container is F-2, not this rule.

## Why is this bad?
Nested Docker needs either Sysbox or a privileged container. Sysbox keeps the
workspace unprivileged; without it, dockerd inside the workspace cannot start.

## Example
```hcl
resource "docker_container" "workspace" {
  image = var.image
}
```

## Use instead
```hcl
resource "docker_container" "workspace" {
  image         = var.image
  runtime       = "sysbox-runc"
  security_opts = ["apparmor:unconfined", "seccomp:unconfined"]
}
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Sysbox runtime",
        scenario: "The container is configured for Sysbox",
    }],
    checks: &[Check::Template(check)],
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let c = &t.container;
    match c.attribute("runtime") {
        None => out.push(
            RULE.diag(
                t.file(),
                Some(t.container_place()),
                "the workspace container sets no runtime",
            )
            .with_help("add `runtime = \"sysbox-runc\"`"),
        ),
        Some(a) => {
            if t.string(&a).is_none() && !a.value.source_text().contains("sysbox-runc") {
                out.push(super::not_checked(&a, "INV-1"));
            }
            if let Some(v) = t.string(&a)
                && v != "sysbox-runc"
            {
                out.push(
                    RULE.diag(
                        t.file(),
                        Some(a.value.span()),
                        format!("runtime is `{v}`, not sysbox-runc"),
                    )
                    .with_help("set `runtime = \"sysbox-runc\"`"),
                );
            }
        }
    }
    let opts = c.attribute("security_opts");
    let values = opts.as_ref().and_then(|a| t.strings(a)).unwrap_or_default();
    for want in ["apparmor", "seccomp"] {
        let ok = values
            .iter()
            .any(|v| v == &format!("{want}:unconfined") || v == &format!("{want}=unconfined"));
        if !ok {
            let at = opts
                .as_ref()
                .map_or(t.container_place(), |a| a.value.span());
            out.push(
                RULE.diag(
                    t.file(),
                    Some(at),
                    format!("security_opts lacks {want}:unconfined"),
                )
                .with_help(format!("add \"{want}:unconfined\" to security_opts")),
            );
        }
    }
}
