//! F-2 privileged-container.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Container, Workload};

pub static RULE: Rule = Rule {
    code: "F-2",
    name: "privileged-container",
    severity: Severity::Error,
    summary: "`privileged = true` on the workspace container",
    docs: r#"## What it does
Reports `privileged = true` on the workspace `docker_container`, and a
privileged security context in Kubernetes workloads (`kubernetes_pod`,
`kubernetes_pod_v1`, `kubernetes_deployment`, `kubernetes_deployment_v1`,
`kubernetes_manifest`, YAML manifests).

## Why is this bad?
A privileged container has every capability and the host's devices: a user of
the workspace is root on the host. Sysbox gives nested Docker without it.

## Example
```hcl
resource "docker_container" "workspace" {
  privileged = true
}
```

## Use instead
```hcl
resource "docker_container" "workspace" {
  runtime    = "sysbox-runc"
  privileged = false
}
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Sysbox runtime",
        scenario: "Privileged mode is refused",
    }],
    checks: &[
        Check::Container(check),
        Check::Workload(check_workload),
        Check::Manifest(check_manifest),
    ],
};

pub fn check(c: &Container<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(a) = c.block.attribute("privileged")
        && c.boolean(&a).is_none()
    {
        out.push(super::not_checked(&a, "F-2"));
    }
    if let Some(a) = c.block.attribute("privileged")
        && c.boolean(&a) == Some(true)
    {
        out.push(
            RULE.diag(&c.block.file, Some(a.value.span()), format!("{} is privileged", c.noun()))
                .with_help("remove `privileged = true`; the Sysbox runtime (INV-1) gives nested Docker without it"),
        );
    }
}

/// A privileged security context in a Kubernetes workload.
pub fn check_workload(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for b in w
        .descendants()
        .iter()
        .filter(|b| b.kind == "security_context")
    {
        if let Some(a) = b.attribute("privileged")
            && w.truthy(&a)
        {
            out.push(
                RULE.diag(&b.file, Some(a.value.span()), "a privileged container in a Kubernetes workload")
                    .with_help("remove `privileged = true`; the Pod Security Standard \"restricted\" forbids it"),
            );
        }
    }
}

/// A privileged container in a manifest's pod spec.
pub fn check_manifest(
    file: &std::sync::Arc<str>,
    spec: &crate::ingest::yaml::Node<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for c in crate::ingest::workspace::manifest_containers(spec) {
        if let Some(p) = c.get("securityContext").and_then(|s| s.get("privileged"))
            && crate::ingest::yaml::yaml_true(p)
        {
            out.push(
                RULE.diag(file, Some(p.span), "a privileged container in a Kubernetes workload")
                    .with_help("remove `privileged: true`; the Pod Security Standard \"restricted\" forbids it"),
            );
        }
    }
}
