//! INV-5 two-persistent-surfaces.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Template, nested};

pub static RULE: Rule = Rule {
    code: "INV-5",
    name: "two-persistent-surfaces",
    severity: Severity::Error,
    summary: "not exactly one home bind and one DinD volume on the workspace container",
    docs: r#"## What it does
Checks the persistent surfaces of the workspace container: exactly one
`volumes` block, binding `/coder-workspaces/<owner>-<workspace>` on the host to
`/home/coder`, and exactly one `mounts` block, a Docker volume on
`/var/lib/docker` (named `coder-<owner>-<workspace>-dind-cache`). The home
bind's path below the root must use both the owner
(`data.coder_workspace_owner`) and the workspace (`data.coder_workspace`),
locals followed, so that no two workspaces share a home; the DinD mount must
be of type `volume`, not a bind of the host's own Docker state. The root
directory and user are `[runtime]` settings. An extra mount without a
destroy-time cleanup is also F-7.

## Why is this bad?
Everything outside the two surfaces is lost when the container is replaced;
every extra surface is state that deleting the workspace leaves behind.

## Example
```hcl
volumes {
  host_path      = "/srv/homes/${local.owner}"
  container_path = "/home/coder"
}
```

## Use instead
```hcl
volumes {
  host_path      = "/coder-workspaces/${local.owner}-${local.workspace}"
  container_path = "/home/coder"
}
mounts {
  type   = "volume"
  source = docker_volume.dind_cache.name
  target = "/var/lib/docker"
}
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Two persistent surfaces",
        scenario: "The home bind and the DinD volume",
    }],
    checks: &[Check::Template(check)],
};

/// Two container paths name one place (Docker ignores a trailing slash).
fn same_path(a: &str, b: &str) -> bool {
    let trim = |p: &str| {
        let t = p.trim_end_matches('/');
        if t.is_empty() {
            "/".to_string()
        } else {
            t.to_string()
        }
    };
    trim(a) == trim(b)
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let cfg = t.cfg;
    let home = format!("/home/{}", cfg.user);
    // A socket mount is F-1's fault alone.
    let volumes: Vec<_> = nested(&t.container, "volumes")
        .into_iter()
        .filter(|b| t.socket_mount(b).is_none())
        .collect();
    let mounts: Vec<_> = nested(&t.container, "mounts")
        .into_iter()
        .filter(|b| t.socket_mount(b).is_none())
        .collect();
    let place = t.container_place();
    match volumes.as_slice() {
        [] => out.push(
            RULE.diag(
                t.file(),
                Some(place),
                format!("the workspace container has no home bind on {home}"),
            )
            .with_help(format!(
                "add a `volumes` block binding {}/<owner>-<workspace> to {home}",
                cfg.workspaces_root
            )),
        ),
        [v, rest @ ..] => {
            if let Some(a) = v.attribute("container_path")
                && let Some(p) = t.string(&a)
                && !same_path(&p, &home)
            {
                out.push(
                    RULE.diag(
                        &v.file,
                        Some(a.value.span()),
                        format!("the home bind mounts on {p}, not {home}"),
                    )
                    .with_help(format!("set container_path = \"{home}\"")),
                );
            }
            match v.attribute("host_path") {
                Some(a) => {
                    let text = t.expanded(&a);
                    let root = format!("{}/", cfg.workspaces_root.trim_end_matches('/'));
                    let below = text.split_once(root.as_str()).map(|(_, r)| r);
                    if let Some(rest) = below
                        && !(rest.contains("coder_workspace_owner")
                            && rest.contains("coder_workspace."))
                    {
                        out.push(super::with_origin(t,
                            RULE.diag(
                                &v.file,
                                Some(a.value.span()),
                                format!("the home bind is not a directory of its own per owner and workspace under {root}"),
                            )
                            .with_help(format!(
                                "bind {root}<owner>-<workspace> (from data.coder_workspace_owner and data.coder_workspace)"
                            )),
                            &a,
                        ));
                    } else if below.is_none() {
                        out.push(super::with_origin(
                            t,
                            RULE.diag(
                                &v.file,
                                Some(a.value.span()),
                                format!("the home bind is not under {}", cfg.workspaces_root),
                            )
                            .with_help(format!("bind {}/<owner>-<workspace>", cfg.workspaces_root)),
                            &a,
                        ));
                    }
                }
                None => out.push(
                    RULE.diag(&v.file, Some(v.span), "the home volume is not a host bind")
                        .with_help(format!(
                            "set host_path = \"{}/<owner>-<workspace>\"",
                            cfg.workspaces_root
                        )),
                ),
            }
            for extra in rest {
                out.push(
                    RULE.diag(
                        &extra.file,
                        Some(extra.span),
                        "an extra `volumes` block: only the home bind may persist",
                    )
                    .with_help("remove it, or keep its data under the home directory"),
                );
            }
        }
    }
    match mounts.as_slice() {
        [] => out.push(
            RULE.diag(
                t.file(),
                Some(place),
                "the workspace container has no Docker volume on /var/lib/docker",
            )
            .with_help("add a `mounts` block of type volume targeting /var/lib/docker"),
        ),
        [m, rest @ ..] => {
            if let Some(a) = m.attribute("type")
                && let Some(kind) = t.string(&a)
                && kind != "volume"
            {
                out.push(
                    RULE.diag(
                        &m.file,
                        Some(a.value.span()),
                        format!("the DinD state is a `{kind}` mount, not a named Docker volume"),
                    )
                    .with_help("use `type = \"volume\"` with a docker_volume named coder-<owner>-<workspace>-dind-cache"),
                );
            }
            if let Some(a) = m.attribute("target")
                && let Some(p) = t.string(&a)
                && !same_path(&p, "/var/lib/docker")
            {
                out.push(
                    RULE.diag(
                        &m.file,
                        Some(a.value.span()),
                        format!("the DinD volume mounts on {p}, not /var/lib/docker"),
                    )
                    .with_help("set target = \"/var/lib/docker\""),
                );
            }
            for extra in rest {
                out.push(
                    RULE.diag(
                        &extra.file,
                        Some(extra.span),
                        "an extra `mounts` block: only the DinD volume may persist",
                    )
                    .with_help("remove it"),
                );
            }
        }
    }
}
