//! TR008 catalog-differs-from-reference.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR008",
    name: "catalog-differs-from-reference",
    severity: Severity::Info,
    summary: "the repository's contract catalog differs from seed 000's (each difference listed)",
    docs: r#"## What it does
When a repository brings its own `contract/` catalog, lists every way its seed layer differs from the template contract (seed 000): changed defaults, added or removed values, profiles, GPU types, platforms and support cells. Extension entries are not differences. Each finding points at the entry it names in the repository's catalog files (at the field, for a profile's changed value); a removed entry has no place.

## Why is this bad?
An organisation may narrow or extend the contract on purpose; reviewers should still see each difference spelled out.

## Example
```yaml
# contract/platforms.yaml: kubernetes no longer supports gui-vnc
```

## Use instead
```yaml
# intended: keep it, and let the info document the difference
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Catalog provenance",
        scenario: "A repository catalog that differs",
    }],
};
