//! TR005 pairing-profile-incompatible.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::PairCtx;

pub static RULE: Rule = Rule {
    code: "TR005",
    name: "pairing-profile-incompatible",
    severity: Severity::Error,
    summary: "a profile a pairing offers fails validation on its base",
    docs: r#"## What it does
Validates every profile a pairing offers against its base with the same engine as `wsc validate` (GPU consistency, ranges, quantities) and reports each failure on the pairing, with the underlying TC code in the message and the toolchain and base as related places.

## Why is this bad?
Users pick the profile when they create a workspace, long after CI ran: every offered option must work.

## Example
```yaml
pairings:
  pod-datasci:
    toolchain: datasci
    base: base-k8s
    profiles: [datasci-standard, datasci-large]   # datasci-large has a GPU
```

## Use instead
```yaml
pairings:
  pod-datasci:
    toolchain: datasci
    base: base-k8s
    profiles: [datasci-standard]
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "An offered profile that fails on the base",
    }],
    checks: &[Check::Pairing(check)],
};

/// Each offered profile the composition checks refuse on the base (compute
/// range, quantities, GPU type and consistency), at the profile's place.
pub fn check(cx: &PairCtx<'_>, out: &mut Vec<Diagnostic>) {
    let gpu_dropped = cx
        .dropped
        .iter()
        .any(|(c, _, _)| cx.cat.capabilities[*c].name == "gpu-support");
    let in_template = cx.pairing.template.is_some();
    for (p, found) in cx.offered.iter().zip(&cx.outcomes) {
        for d in found {
            if !matches!(d.code(), "TC007" | "TC008" | "TC010" | "TC011") {
                continue;
            }
            let mut help = if in_template {
                format!(
                    "remove the option {} from the parameter, or compose the toolchain with a base it fits",
                    p.value
                )
            } else if p.span == cx.pairing.span {
                format!("give the pairing a `profiles` list without {}", p.value)
            } else {
                format!(
                    "remove {} from the pairing's profiles, or pair the toolchain with a base it fits",
                    p.value
                )
            };
            if gpu_dropped {
                help.push_str(" (gpu-support is optional and dropped on this base)");
            }
            let at = RULE
                .diag(
                    cx.profiles_file,
                    Some(p.span),
                    format!(
                        "profile {} fails on base {}: {} ({})",
                        p.value,
                        cx.base.name,
                        d.message,
                        d.code()
                    ),
                )
                .with_help(help);
            out.push(cx.related(at, None));
        }
    }
}
