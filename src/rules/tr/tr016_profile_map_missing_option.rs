//! TR016 profile-map-missing-option.

use std::sync::Arc;

use crate::contract::repo::{TemplateFacts, Text};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR016",
    name: "profile-map-missing-option",
    severity: Severity::Error,
    summary: "a parameter option has no entry in the profile map it indexes",
    docs: r#"## What it does
Where a template turns the chosen profile into resources by indexing a map
(`local.compute_profiles[data.coder_parameter.compute_profile.value]`, or a variable's
default map), checks that every option of the parameter has an entry in that map.

## Why is this bad?
Terraform fails the plan with "the given key does not identify an element in this
collection value" for exactly the users who pick that option, long after the template
was merged.

## Example
```hcl
data "coder_parameter" "compute_profile" {
  option { value = "sw-dev-small" }
  option { value = "sw-dev-large" }     # no entry below
}
locals {
  compute_profiles = {
    "sw-dev-small" = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  }
}
```

## Use instead
```hcl
locals {
  compute_profiles = {
    "sw-dev-small" = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-large" = { cpu = 8, memory = "16Gi", storage = "100Gi" }
  }
}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "An option the profile map has no entry for",
    }],
    checks: &[Check::Staged],
};

/// Each offered profile the template's profile map has no entry for.
pub fn check(
    tf: &TemplateFacts,
    offered: &[Text],
    profiles_file: &Arc<str>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(map) = &tf.profile_map else {
        return;
    };
    for o in offered {
        if map.entries.iter().any(|e| e.name.value == o.value) {
            continue;
        }
        out.push(
            RULE.diag(
                profiles_file,
                Some(o.span),
                if map.fallback {
                    format!(
                        "the option {} has no entry in the profile map, so choosing it gets the lookup's default instead",
                        o.value
                    )
                } else {
                    format!(
                        "the option {} has no entry in the profile map, so choosing it fails the plan",
                        o.value
                    )
                },
            )
            .with_help(format!(
                "add `\"{}\" = {{ cpu = …, memory = …, storage = … }}` to the map (`wsc profiles` has the catalog's values)",
                o.value
            ))
            .with_related_in(&map.file, map.span, "the profile map"),
        );
    }
}
