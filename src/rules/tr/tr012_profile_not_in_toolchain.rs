//! TR012 profile-not-in-toolchain.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR012",
    name: "profile-not-in-toolchain",
    severity: Severity::Error,
    summary: "a pairing offers a profile its toolchain does not list",
    docs: r#"## What it does
Checks that every profile a pairing offers is listed in its toolchain's `profiles` (when the toolchain lists any), and that each is a profile of the catalog (TC009).

## Why is this bad?
The toolchain states which sizes it was built and tested for; offering others promises something nobody checked.

## Example
```yaml
# toolchain: profiles: [sw-dev-small, sw-dev-medium]
pairings:
  pod-swdev:
    profiles: [sw-dev-small, sw-dev-large]
```

## Use instead
```yaml
pairings:
  pod-swdev:
    profiles: [sw-dev-small, sw-dev-medium]
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A profile the toolchain does not list",
    }],
};
