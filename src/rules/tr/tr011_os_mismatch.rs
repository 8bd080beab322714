//! TR011 os-mismatch.

use crate::contract::catalog::Catalog;
use crate::contract::repo::{Base, TemplateFacts};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::PairCtx;

pub static RULE: Rule = Rule {
    code: "TR011",
    name: "os-mismatch",
    severity: Severity::Error,
    summary: "a toolchain's os the paired base's platform does not run",
    docs: r#"## What it does
Checks that the toolchain's `os` (linux when absent) is the os of the paired base's platform, that its `arch` is one the platform runs and, when the base states its architecture (a literal `arch` in its `output "metadata"`), that one, and that the platform accepts the toolchain's kind of image (an AMI cannot run on Kubernetes: TC014 for the pairing).

## Why is this bad?
A Windows toolchain image does not boot on a Linux platform, and an AMI cannot be pulled by a pod.

## Example
```yaml
# toolchain: os: windows
pairings:
  pod-windev:
    toolchain: windev
    base: base-k8s
```

## Use instead
```yaml
pairings:
  ec2-windev:
    toolchain: windev
    base: base-ec2-windows
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "An operating system the base does not run",
    }],
    checks: &[Check::Staged],
};

/// The platform refuses the toolchain as such: its os, its architecture or
/// its kind of image. True when refused (nothing else is checked then).
pub fn check(cx: &PairCtx<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let t = cx.toolchain;
    let b = cx.base;
    let platform = cx.platform;
    let at = Some(cx.pairing.span);
    if t.os != platform.os {
        let d = RULE
            .diag(
                cx.file(),
                at,
                format!(
                    "toolchain {} runs on {} but base {} is {} ({})",
                    t.label(),
                    t.os.as_str(),
                    b.name,
                    platform.name,
                    platform.os.as_str()
                ),
            )
            .with_help(format!("pair {} with a {} base", t.name, t.os.as_str()));
        out.push(cx.related(d, t.os_span));
        return true;
    }
    if let Some(arch) = t.arch
        && !platform.arch.contains(&arch)
    {
        let runs: Vec<&str> = platform.arch.iter().map(|a| a.as_str()).collect();
        let d = RULE
            .diag(
                cx.file(),
                at,
                format!(
                    "toolchain {} is built for {} but base {} ({}) runs {}",
                    t.label(),
                    arch.as_str(),
                    b.name,
                    platform.name,
                    runs.join(", ")
                ),
            )
            .with_help(
                "publish an image for the base's architecture, or pair it with another base",
            );
        out.push(cx.related(d, t.name_span));
        return true;
    }
    // A base that states its architecture (a literal `arch` in its
    // `output "metadata"`) runs only that one.
    if let Some(arch) = t.arch
        && let Some((_, stated)) = b.metadata.iter().find(|(k, _)| *k == "arch")
        && stated.value != arch.as_str()
    {
        let file = b
            .module
            .as_ref()
            .and_then(|m| m.metadata_file.clone())
            .unwrap_or_else(|| b.file.clone());
        let d = RULE
            .diag(
                cx.file(),
                at,
                format!(
                    "toolchain {} is built for {} but base {} runs {} (its metadata's arch)",
                    t.label(),
                    arch.as_str(),
                    b.name,
                    stated.value
                ),
            )
            .with_help("publish an image for the base's architecture, or pair it with another base")
            .with_related_in(&file, stated.span, format!("base {}", b.name));
        out.push(cx.related(d, t.name_span));
        return true;
    }
    if let Some(Ok(img)) = t.image_id.as_ref().map(|f| &f.parsed)
        && !platform.image_kinds.contains(&img.kind())
    {
        let d = RULE
            .diag(
                cx.file(),
                at,
                format!(
                    "base {} ({}) does not accept {}, the kind of toolchain {}'s image (TC014)",
                    b.name,
                    platform.name,
                    img.kind().describe(),
                    t.name
                ),
            )
            .with_help("publish the toolchain as an OCI image, or pair it with an EC2 base");
        out.push(cx.related(d, t.image_id.as_ref().map(|f| f.value)));
        return true;
    }
    false
}

/// A template's literal `coder_agent` `os`/`arch` that differs from what
/// the base runs (its `output "metadata"`'s literal, else its platform's):
/// the agent would not start.
pub fn check_agent(tf: &TemplateFacts, b: &Base, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let Some(Ok(pid)) = b.platform.as_ref().map(|f| &f.parsed) else {
        return;
    };
    let platform = &cat.platforms[*pid];
    for (file, key, value) in &tf.agent {
        let stated = b.metadata.iter().find(|(k, _)| k == key);
        let expected: Vec<String> = match (stated, *key) {
            (Some((_, t)), _) => vec![t.value.clone()],
            (None, "os") => vec![platform.os.as_str().to_string()],
            (None, _) => platform
                .arch
                .iter()
                .map(|a| a.as_str().to_string())
                .collect(),
        };
        if expected.is_empty() || expected.contains(&value.value) {
            continue;
        }
        let (rel_file, rel_span) = match stated {
            Some((_, t)) => (
                b.module
                    .as_ref()
                    .and_then(|m| m.metadata_file.clone())
                    .unwrap_or_else(|| b.file.clone()),
                t.span,
            ),
            None => (
                b.file.clone(),
                b.platform.as_ref().map(|f| f.value).unwrap_or_default(),
            ),
        };
        out.push(
            RULE.diag(
                file,
                Some(value.span),
                format!(
                    "coder_agent {key} is `{}` but base {} runs {}",
                    value.value,
                    b.name,
                    expected.join(" or ")
                ),
            )
            .with_help(format!(
                "take it from the base: `{key} = module.{}.metadata.{key}`",
                tf.base_call
            ))
            .with_related_in(&rel_file, rel_span, format!("base {}", b.name)),
        );
    }
}
