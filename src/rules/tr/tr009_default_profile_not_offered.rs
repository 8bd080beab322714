//! TR009 default-profile-not-offered.

use std::sync::Arc;

use crate::contract::repo::{Pairing, Text, Toolchain};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::names;

pub static RULE: Rule = Rule {
    code: "TR009",
    name: "default-profile-not-offered",
    severity: Severity::Error,
    summary: "a default_profile that is not among the offered profiles",
    docs: r#"## What it does
Checks that a pairing's `default_profile` (or the toolchain's, when the pairing has none) is one of the profiles the pairing offers.

## Why is this bad?
Coder preselects the default in the parameter form; a default outside the options is rejected when the template is pushed.

## Example
```yaml
pairings:
  pod-swdev:
    profiles: [sw-dev-small, sw-dev-medium]
    default_profile: sw-dev-large
```

## Use instead
```yaml
pairings:
  pod-swdev:
    profiles: [sw-dev-small, sw-dev-medium]
    default_profile: sw-dev-medium
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A default profile that is not offered",
    }],
    checks: &[Check::Staged],
};

/// A toolchain's `default_profile` outside its own `profiles`.
pub fn check_toolchain(t: &Toolchain, out: &mut Vec<Diagnostic>) {
    if let (Some(d), Some(list)) = (&t.default_profile, &t.profiles)
        && !list.is_empty()
        && !list.iter().any(|p| p.value == d.value)
    {
        out.push(
            RULE.diag(
                &t.file,
                Some(d.span),
                format!(
                    "default_profile {} is not among the toolchain's profiles",
                    d.value
                ),
            )
            .with_help(format!("choose one of: {}", names(list))),
        );
    }
}

/// A pairing's (or template parameter's) default that is not offered, or a
/// pairing that narrows the profiles and so loses the toolchain's default.
pub fn check_pairing(
    p: &Pairing,
    t: &Toolchain,
    offered: &[Text],
    profiles_file: &Arc<str>,
    out: &mut Vec<Diagnostic>,
) {
    match (&p.default_profile, &t.default_profile) {
        (Some(d), _) if !offered.is_empty() && !offered.iter().any(|o| o.value == d.value) => {
            let (message, help) = if p.template.is_some() {
                (
                    format!(
                        "template {}: the default profile {} is not one of the profiles it offers",
                        p.name, d.value
                    ),
                    format!("make the default one of: {}", names(offered)),
                )
            } else {
                (
                    format!(
                        "pairing {}: default profile {} is not offered",
                        p.name, d.value
                    ),
                    format!("choose one of: {}", names(offered)),
                )
            };
            out.push(
                RULE.diag(profiles_file, Some(d.span), message)
                    .with_help(help),
            );
        }
        // The toolchain's own default is checked on the toolchain; here only
        // a pairing that narrows the profiles can lose it.
        (None, Some(d))
            if p.template.is_none()
                && p.profiles.as_ref().is_some_and(|l| !l.is_empty())
                && !offered.iter().any(|o| o.value == d.value) =>
        {
            out.push(
                RULE.diag(
                    &p.file,
                    Some(p.span),
                    format!(
                        "pairing {} does not offer {}, the default profile it inherits from toolchain {}",
                        p.name, d.value, t.name
                    ),
                )
                .with_help(format!(
                    "add `default_profile:` with one of {} to the pairing",
                    names(offered)
                ))
                .with_related_in(&t.file, d.span, "the toolchain's default_profile"),
            );
        }
        _ => {}
    }
}
