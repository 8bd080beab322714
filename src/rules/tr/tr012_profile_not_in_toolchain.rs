//! TR012 profile-not-in-toolchain.

use std::sync::Arc;

use crate::contract::repo::{Pairing, Text, Toolchain};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::names;

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
    checks: &[Check::Staged],
};

/// Each profile the pairing offers (known to the catalog) that the
/// toolchain's own `profiles` list leaves out.
pub fn check(
    p: &Pairing,
    t: &Toolchain,
    known: &[Text],
    profiles_file: &Arc<str>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(list) = &t.profiles else {
        return;
    };
    for prof in known {
        if list.iter().any(|x| x.value == prof.value) {
            continue;
        }
        out.push(
            RULE.diag(
                profiles_file,
                Some(prof.span),
                format!(
                    "{} {} offers {}, which toolchain {} does not list",
                    if p.template.is_some() {
                        "template"
                    } else {
                        "pairing"
                    },
                    p.name,
                    prof.value,
                    t.name
                ),
            )
            .with_help(format!("the toolchain lists: {}", names(list)))
            .with_related_in(
                &t.profiles_file,
                list.first().map(|x| x.span).unwrap_or_default(),
                "the toolchain's profiles",
            ),
        );
    }
}
