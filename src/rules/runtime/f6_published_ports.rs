//! F-6 published-ports.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Container, Workload, nested};

pub static RULE: Rule = Rule {
    code: "F-6",
    name: "published-ports",
    severity: Severity::Error,
    summary: "container ports published on the host (`ports` blocks, hostPort, host networking)",
    docs: r#"## What it does
Reports a `ports` block or `network_mode = "host"` on the workspace
`docker_container`, and `host_port` or
`host_network = true` in Kubernetes workloads (`hostPort`, `hostNetwork` in
`kubernetes_manifest` resources and YAML manifests).

## Why is this bad?
Published ports collide between workspaces on one host and expose the workspace
beside Coder's authentication. Users reach web apps through a `coder_app`
(INV-7).

## Example
```hcl
resource "docker_container" "workspace" {
  ports {
    internal = 80
    external = 8080
  }
}
```

## Use instead
```hcl
resource "coder_app" "web" {
  url       = "http://localhost:80"
  subdomain = true
}
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Direct web binding",
        scenario: "Ports published on the host",
    }],
    checks: &[
        Check::Container(check),
        Check::Workload(check_workload),
        Check::Manifest(check_manifest),
    ],
};

pub fn check(c: &Container<'_>, out: &mut Vec<Diagnostic>) {
    for p in nested(c.block, "ports") {
        out.push(
            RULE.diag(&p.file, Some(p.span), format!("{} publishes a port on the host", c.noun()))
                .with_help("remove the `ports` block; expose the web server with a `coder_app` on localhost:80"),
        );
    }
    if let Some(a) = c.block.attribute("network_mode")
        && c.string(&a).is_some_and(|m| m == "host")
    {
        out.push(
            RULE.diag(&c.block.file, Some(a.value.span()), format!("{} shares the host's network (network_mode = \"host\")", c.noun()))
                .with_help("remove `network_mode = \"host\"`: every port the workspace opens would open on the host"),
        );
    }
}

/// `host_port` and `host_network = true` in a Kubernetes workload.
pub fn check_workload(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let mut blocks = vec![w.block.clone()];
    blocks.extend(w.descendants());
    for b in &blocks {
        if let Some(a) = b.attribute("host_port") {
            out.push(
                RULE.diag(
                    &b.file,
                    Some(a.name_span),
                    "a container port is published on the node (host_port)",
                )
                .with_help(
                    "remove host_port; expose the workload through a Service or a coder_app",
                ),
            );
        }
        if let Some(a) = b.attribute("host_network")
            && w.truthy(&a)
        {
            out.push(
                RULE.diag(
                    &b.file,
                    Some(a.value.span()),
                    "the workload shares the node's network (host_network)",
                )
                .with_help("remove `host_network = true`"),
            );
        }
    }
}

/// `hostPort` and `hostNetwork: true` in a manifest's pod spec.
pub fn check_manifest(
    file: &std::sync::Arc<str>,
    spec: &crate::ingest::yaml::Node<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(h) = spec.get("hostNetwork")
        && crate::ingest::yaml::yaml_true(h)
    {
        out.push(
            RULE.diag(
                file,
                Some(h.span),
                "the workload shares the node's network (hostNetwork)",
            )
            .with_help("remove `hostNetwork: true`"),
        );
    }
    for c in crate::ingest::workspace::manifest_containers(spec) {
        for p in c.get("ports").and_then(|p| p.as_seq()).unwrap_or_default() {
            if let Some(hp) = p
                .as_map()
                .and_then(|m| m.iter().find(|e| e.key.as_str() == Some("hostPort")))
            {
                out.push(
                    RULE.diag(
                        file,
                        Some(hp.key.span),
                        "a container port is published on the node (hostPort)",
                    )
                    .with_help(
                        "remove hostPort; expose the workload through a Service or a coder_app",
                    ),
                );
            }
        }
    }
}
