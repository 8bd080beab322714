//! TC015 override-not-permitted.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC015",
    name: "override-not-permitted",
    severity: Severity::Error,
    summary: "an override the policy refuses",
    docs: r#"## What it does
Checks `overrides` against the override policy (`[policy]` in `wsc.toml`). By
default compute, environment, label and annotation overrides are allowed;
network policy, identity binding, privileged and mount-permission overrides are
refused; environment names starting with `AWS_` or `CODER_AGENT_` and labels
starting with `kubernetes.io/` or `eks.amazonaws.com/` are refused. An
override counts as requested when it is set and not null (`privileged` only
when `true`). Overrides of the wrong shape are reported here too.

## Why is this bad?
Overrides let one workspace step outside what its template guarantees. The
refused ones break isolation (privileged containers, open network policies),
take another workload's identity, or hijack the agent's own configuration.

## Example
```yaml
overrides:
  privileged: true
  environment_variables: {AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/admin"}
```

## Use instead
```yaml
overrides:
  environment_variables: {EDITOR: vim}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Override policy",
        scenario: "An override the policy refuses",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(o) = &cx.comp.overrides else { return };
    if let Some(e) = &o.not_a_map {
        out.push(
            RULE.diag(cx.file, Some(o.value), e.message.clone())
                .with_help("write overrides as a mapping, e.g. `overrides: {labels: {team: web}}`"),
        );
        return;
    }
    let allowed: Vec<&str> = cx.policy.allow.iter().map(|k| k.key()).collect();
    for e in &o.entries {
        if let Some(err) = &e.error {
            out.push(
                RULE.diag(cx.file, Some(e.value), err.message.clone())
                    .with_help(format!(
                        "see `wsc schema composition` for the shape of overrides.{}",
                        e.kind.key()
                    )),
            );
            continue;
        }
        if !e.requested {
            continue;
        }
        if !cx.policy.allows(e.kind) {
            out.push(
                RULE.diag(
                    cx.file,
                    Some(e.key),
                    format!(
                        "the override policy does not permit overriding {}",
                        e.kind.key()
                    ),
                )
                .with_help(if allowed.is_empty() {
                    "the policy permits no overrides; remove it".to_string()
                } else {
                    format!(
                        "remove it; the policy (wsc.toml [policy] allow) permits: {}",
                        allowed.join(", ")
                    )
                }),
            );
            continue;
        }
        let prefixes = cx.policy.denied_prefixes(e.kind);
        for (name, span) in &e.names {
            if let Some(p) = prefixes.iter().find(|p| name.starts_with(p.as_str())) {
                out.push(
                    RULE.diag(
                        cx.file,
                        Some(*span),
                        format!(
                            "{} `{name}` may not be overridden: prefix `{p}` is reserved",
                            e.kind.key()
                        ),
                    )
                    .with_help(format!("rename it so it does not start with `{p}`")),
                );
            }
        }
    }
}
