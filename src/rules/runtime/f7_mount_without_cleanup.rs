//! F-7 mount-without-cleanup.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Template, nested};

pub static RULE: Rule = Rule {
    code: "F-7",
    name: "mount-without-cleanup",
    severity: Severity::Error,
    summary: "a new persistent mount without a destroy-time cleanup for it",
    docs: r#"## What it does
Reports a persistent mount of the workspace container beyond the two the
contract allows (the home bind and the DinD volume, INV-5) when no destroy-time
provisioner (`when = destroy`) names it: the mount's expression as written
(`local.cache_dir`), its value when it evaluates, or a `self.triggers.NAME`
whose trigger holds that expression or value. A `mounts` block whose source is
a `docker_volume` resource is destroyed by Terraform with the workspace and
needs no provisioner. (The extra block is INV-5's finding as well.)

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
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Two persistent surfaces",
        scenario: "An extra mount without a cleanup",
    }],
    checks: &[Check::Template(check)],
};

/// A destroy-time provisioner: its attributes' text and the `triggers` of
/// the resource it belongs to (what `self.triggers.NAME` refers to), as
/// (name, source text, evaluated string) triples.
struct Cleanup {
    text: String,
    triggers: Vec<(String, String, Option<String>)>,
}

fn cleanups(t: &Template<'_>) -> Vec<Cleanup> {
    let mut out = Vec::new();
    for b in t.module.blocks() {
        let triggers: Vec<(String, String, Option<String>)> = b
            .attribute("triggers")
            .map(|tr| {
                let evaluated = crate::ingest::hcl::eval(&tr.value, &t.scope).ok();
                let entries = evaluated
                    .as_ref()
                    .and_then(|v| v.value.as_object())
                    .map(|e| {
                        e.iter()
                            .map(|(k, _, v)| (k.clone(), v.value.as_str().map(str::to_string)))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                // Source text per key, read from `key = value` lines.
                let mut by_line: Vec<(String, String, Option<String>)> = tr
                    .value
                    .source_text()
                    .lines()
                    .filter_map(|l| {
                        let (k, v) = l.split_once('=')?;
                        let k = k.trim().trim_matches('"').to_string();
                        let v = v.trim().trim_end_matches(',').trim().to_string();
                        let ev = entries
                            .iter()
                            .find(|(n, _)| *n == k)
                            .and_then(|(_, e)| e.clone());
                        Some((k, v, ev))
                    })
                    .collect();
                by_line.sort();
                by_line
            })
            .unwrap_or_default();
        for p in nested(b, "provisioner") {
            let destroy = p
                .attribute("when")
                .is_some_and(|w| w.value.source_text().trim() == "destroy");
            if destroy {
                let text = p
                    .attributes()
                    .iter()
                    .map(|a| a.value.source_text().to_string())
                    .collect::<Vec<_>>()
                    .join("\n");
                out.push(Cleanup {
                    text,
                    triggers: triggers.clone(),
                });
            }
        }
    }
    out
}

/// A cleanup names the mount: its value's source text or evaluated path,
/// directly or through `self.triggers.NAME`.
fn cleaned(c: &Cleanup, source: &str, value: Option<&str>) -> bool {
    let names = |text: &str| text.contains(source) || value.is_some_and(|v| text.contains(v));
    names(&c.text)
        || c.triggers.iter().any(|(k, src, ev)| {
            c.text.contains(&format!("self.triggers.{k}"))
                && (src == source || (value.is_some() && ev.as_deref() == value))
        })
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let cleanups = cleanups(t);
    for (kind, key) in [("volumes", "host_path"), ("mounts", "source")] {
        let persistent: Vec<_> = nested(&t.container, kind)
            .into_iter()
            .filter(|b| t.socket_mount(b).is_none())
            .collect();
        for extra in persistent.iter().skip(1) {
            let Some(a) = extra.attribute(key) else {
                continue;
            };
            let source = a.value.source_text().trim().to_string();
            // A volume Terraform manages is destroyed with the workspace.
            if kind == "mounts" && source.starts_with("docker_volume.") {
                continue;
            }
            let value = t.string(&a);
            if cleanups
                .iter()
                .any(|c| cleaned(c, &source, value.as_deref()))
            {
                continue;
            }
            let shown = value.unwrap_or_else(|| t.text(&a));
            out.push(
                RULE.diag(
                    &extra.file,
                    Some(a.value.span()),
                    format!("the extra mount of {shown} has no destroy-time cleanup"),
                )
                .with_help(format!(
                    "remove it, or delete it in a destroy-time provisioner (e.g. with {})",
                    t.cfg.cleanup_helper
                )),
            );
        }
    }
}
