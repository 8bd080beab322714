//! F-7 mount-without-cleanup.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::{Template, nested};

pub static RULE: Rule = Rule {
    code: "F-7",
    name: "mount-without-cleanup",
    severity: Severity::Error,
    summary: "a new persistent mount without a destroy-time cleanup for it",
    docs: r#"## What it does
Reports a persistent mount of the workspace container beyond the two the
contract allows (the home bind and the DinD volume, INV-5) when no destroy-time
provisioner (`when = destroy`) names its host path or volume.

## Why is this bad?
Deleting the workspace leaves the data on the host forever: disks fill up and
the next workspace of the same name finds someone else's files.

## Example
```hcl
volumes {
  host_path      = "/srv/cache/${local.owner}"
  container_path = "/cache"
}
```

## Use instead
```hcl
# keep it under the home bind, or add a cleanup:
provisioner "local-exec" {
  when    = destroy
  command = "sudo /usr/local/bin/coder-delete-workspace-dir /srv/cache/..."
}
```
"#,
};

/// The text of every destroy-time provisioner of the module.
fn destroy_commands(t: &Template<'_>) -> String {
    let mut text = String::new();
    for b in t.module.blocks() {
        for p in nested(b, "provisioner") {
            let destroy = p
                .attribute("when")
                .is_some_and(|w| w.value.source_text().trim() == "destroy");
            if destroy {
                for a in p.attributes() {
                    text.push_str(a.value.source_text());
                    text.push('\n');
                }
            }
        }
    }
    text
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let cleanup = destroy_commands(t);
    for (kind, key) in [("volumes", "host_path"), ("mounts", "source")] {
        let persistent: Vec<_> = nested(&t.container, kind)
            .into_iter()
            .filter(|b| t.socket_mount(b).is_none())
            .collect();
        for extra in persistent.iter().skip(1) {
            let Some(a) = extra.attribute(key) else {
                continue;
            };
            let value = t.text(&a);
            let stem = value
                .split("${")
                .next()
                .unwrap_or_default()
                .trim_matches('"');
            if stem.is_empty() || !cleanup.contains(stem) {
                out.push(
                    RULE.diag(
                        &extra.file,
                        Some(a.value.span()),
                        format!("the extra mount of {value} has no destroy-time cleanup"),
                    )
                    .with_help(format!(
                        "remove it, or delete it in a destroy-time provisioner (e.g. with {})",
                        t.cfg.cleanup_helper
                    )),
                );
            }
        }
    }
}
