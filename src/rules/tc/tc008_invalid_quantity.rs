//! TC008 invalid-quantity.

use crate::contract::composition::{Composition, ComputeObject, ComputeSpec};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC008",
    name: "invalid-quantity",
    severity: Severity::Error,
    summary: "memory or storage not `^[0-9]+[KMGT]i$`, or zero",
    docs: r#"## What it does
Checks `memory` and `storage` of a compute profile object (and of
`overrides.compute_profile`): a whole number above zero followed by a binary
unit `Ki`, `Mi`, `Gi` or `Ti`. Values are compared as bytes, never as strings.

## Why is this bad?
`8G` (decimal) and `8Gi` (binary) differ by 7%; `8GB` is not a Kubernetes
quantity at all and EBS sizes are whole GiB. A wrong unit gives a workspace the
wrong size or fails the apply.

## Example
```yaml
compute_profile: {cpu: 4, memory: 8GB, storage: 0Gi}
```

## Use instead
```yaml
compute_profile: {cpu: 4, memory: 8Gi, storage: 50Gi}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Compute resources",
        scenario: "A malformed quantity",
    }],
    checks: &[Check::Composition(check)],
};

const QUANTITY_HELP: &str =
    "write a whole number above zero followed by Ki, Mi, Gi or Ti, e.g. `8Gi`";

/// The compute objects of a composition: the profile object and the override.
pub(crate) fn objects(c: &Composition) -> impl Iterator<Item = &ComputeObject> {
    let profile = match c.compute_profile.as_ref().map(|f| &f.parsed) {
        Some(Ok(ComputeSpec::Object(o))) => Some(o),
        _ => None,
    };
    profile
        .into_iter()
        .chain(c.overrides.as_ref().and_then(|o| o.compute.as_ref()))
}

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(cx.comp) {
        field_error(&RULE, cx.file, o.memory.as_ref(), QUANTITY_HELP, out);
        field_error(&RULE, cx.file, o.storage.as_ref(), QUANTITY_HELP, out);
    }
}
