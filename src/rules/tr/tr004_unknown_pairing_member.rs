//! TR004 unknown-pairing-member.

use crate::contract::repo::{Base, Pairing, Repo, Text, Toolchain};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR004",
    name: "unknown-pairing-member",
    severity: Severity::Error,
    summary: "a pairing names a toolchain or base that does not exist",
    docs: r#"## What it does
Checks that the `toolchain` and `base` of every pairing name a toolchain (by its `name`, or its directory for a Terraform-only toolchain) and a base of the repository, with a did-you-mean.

## Why is this bad?
A pairing with a dangling name produces no template, or a template that cannot be planned.

## Example
```yaml
pairings:
  pod-swdev:
    toolchain: swdev
    base: base-k8s
```

## Use instead
```yaml
pairings:
  pod-swdev:
    toolchain: swdev-toolchain
    base: base-k8s
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A pairing member that does not exist",
    }],
    checks: &[Check::Staged],
};

/// The members of a pairing: the instances of its toolchain and its base,
/// each unknown name reported. A template's pairing carries its own
/// toolchain instance and names its base by directory.
pub fn resolve<'a>(
    p: &'a Pairing,
    repo: &'a Repo,
    out: &mut Vec<Diagnostic>,
) -> Option<(Vec<&'a Toolchain>, &'a Base)> {
    if let Some(tf) = &p.template {
        return Some((vec![&tf.toolchain], repo.base_in(&tf.base_dir)?));
    }
    let unknown = |kind: &str, name: &Text, known: Vec<&str>| {
        let help = crate::suggest::nearest(&name.value, known.iter().copied()).map_or_else(
            || format!("the {kind}s are: {}", known.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        RULE.diag(
            &p.file,
            Some(name.span),
            format!("pairing {} names unknown {kind} `{}`", p.name, name.value),
        )
        .with_help(help)
    };
    let mut instances = Vec::new();
    if let Some(n) = &p.toolchain {
        instances.extend(repo.toolchains_named(&n.value));
        if instances.is_empty() {
            let mut known: Vec<&str> = repo.toolchains.iter().map(|t| t.name.as_str()).collect();
            known.dedup();
            out.push(unknown("toolchain", n, known));
        }
    }
    let base = p.base.as_ref().and_then(|n| {
        let b = repo.base(&n.value);
        if b.is_none() {
            out.push(unknown(
                "base",
                n,
                repo.bases.iter().map(|b| b.name.as_str()).collect(),
            ));
        }
        b
    });
    Some((instances, base?))
}
