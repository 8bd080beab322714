//! TR005 pairing-profile-incompatible.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

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
};
