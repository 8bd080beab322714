//! TR009 default-profile-not-offered.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

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
};
