//! F-1 host-docker-socket.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Container, Workload, nested};

pub static RULE: Rule = Rule {
    code: "F-1",
    name: "host-docker-socket",
    severity: Severity::Error,
    summary: "the host Docker socket mounted into the workspace",
    docs: r#"## What it does
Reports a `volumes` or `mounts` block of the workspace `docker_container` whose
container path is `/var/run/docker.sock`, that binds the host's socket, or
that binds the host directory holding it (`/var/run`, `/run`), and such
`hostPath` volumes in Kubernetes workloads (the `kubernetes_*` workload
resources, `kubernetes_manifest`, YAML manifests). A provider setting that
names the socket (`provider "docker" { host = "unix:///var/run/docker.sock" }`)
is a connection, not a mount, and is not reported.

## Why is this bad?
Whoever can talk to the host's Docker daemon is root on the host. The
workspace runs its own daemon (INV-4).

## Example
```hcl
volumes {
  host_path      = "/var/run/docker.sock"
  container_path = "/var/run/docker.sock"
}
```

## Use instead
```hcl
# no socket mount: the boot script starts dockerd inside the workspace
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Docker daemon inside the workspace",
        scenario: "The host socket is mounted",
    }],
    checks: &[
        Check::Container(check),
        Check::Workload(check_workload),
        Check::Manifest(check_manifest),
    ],
};

pub fn check(c: &Container<'_>, out: &mut Vec<Diagnostic>) {
    for kind in ["volumes", "mounts"] {
        for b in nested(c.block, kind) {
            if let Some(a) = crate::ingest::workspace::socket_mount(c.scope, &b) {
                let message = if c.workspace {
                    "the host Docker socket is mounted into the workspace".to_string()
                } else {
                    format!("the host Docker socket is mounted into {}", c.noun())
                };
                out.push(RULE.diag(&b.file, Some(a.value.span()), message).with_help(
                    "remove the mount; the boot script starts dockerd inside the workspace (INV-4)",
                ));
            }
        }
    }
}

/// A `host_path` volume on the Docker socket in a Kubernetes workload.
pub fn check_workload(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for b in w.descendants().iter().filter(|b| b.kind == "host_path") {
        if let Some(a) = b.attribute("path")
            && w.string(&a).is_some_and(|p| {
                p.ends_with("docker.sock") || crate::ingest::workspace::socket_directory(&p)
            })
        {
            out.push(
                RULE.diag(
                    &b.file,
                    Some(a.value.span()),
                    "the node's Docker socket is mounted into a Kubernetes workload",
                )
                .with_help("remove the hostPath volume; run builds without the node's daemon"),
            );
        }
    }
}

/// A `hostPath` volume on the Docker socket in a manifest's pod spec.
pub fn check_manifest(
    file: &std::sync::Arc<str>,
    spec: &crate::ingest::yaml::Node<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for v in spec
        .get("volumes")
        .and_then(|v| v.as_seq())
        .unwrap_or_default()
    {
        if let Some(p) = v.get("hostPath").and_then(|h| h.get("path"))
            && p.as_str().is_some_and(|s| {
                s.ends_with("docker.sock") || crate::ingest::workspace::socket_directory(s)
            })
        {
            out.push(
                RULE.diag(
                    file,
                    Some(p.span),
                    "the node's Docker socket is mounted into a Kubernetes workload",
                )
                .with_help("remove the hostPath volume; run builds without the node's daemon"),
            );
        }
    }
}
