//! TR015 profile-definition-differs.

use crate::contract::catalog::{Catalog, ProfileDef};
use crate::contract::model::Quantity;
use crate::contract::repo::{MapEntry, TemplateFacts};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR015",
    name: "profile-definition-differs",
    severity: Severity::Error,
    summary: "a template's profile map gives a catalog profile other values than the catalog",
    docs: r#"## What it does
Compares each entry of a template's profile map (the map the chosen profile indexes)
with the catalog's profile of the same name: `cpu`, `memory`, `storage`, `gpu_count`
and `gpu_type`. Quantities are compared by size (`8192Mi` is `8Gi`); a field the entry
leaves out is compared with the catalog's default (no GPU). The finding points at the
differing field.

## Why is this bad?
wsc validates the profile the catalog defines, and users read its name ("Medium (4 CPU,
8 GB)"); the workspace gets what the map says. A map that drifted from the catalog
provisions something nobody checked: a `1Ti` home that became `1Gi`, a GPU profile
without its GPU.

## Example
```hcl
locals {
  compute_profiles = {
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "5Gi" }   # the catalog says 50Gi
  }
}
```

## Use instead
```hcl
locals {
  compute_profiles = {
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A profile map entry that differs from the catalog",
    }],
    checks: &[Check::Staged],
};

/// The catalog's value of one field, as a map writes it (empty: unset).
fn catalog_value(p: &ProfileDef, field: &str, cat: &Catalog) -> String {
    match field {
        "cpu" => p.cpu.to_string(),
        "memory" => p.memory.to_string(),
        "storage" => p.storage.to_string(),
        "gpu_count" => p.gpu_count.to_string(),
        _ => p
            .gpu_type
            .map(|g| cat.gpu_types[g].name.clone())
            .unwrap_or_default(),
    }
}

fn same(field: &str, written: &str, want: &str) -> bool {
    match field {
        "memory" | "storage" => {
            // Kubernetes also reads a plain number as bytes.
            let bytes = |s: &str| {
                Quantity::parse(s).ok().map(|q| q.bytes).or_else(|| {
                    s.bytes()
                        .all(|c| c.is_ascii_digit())
                        .then(|| s.parse::<u64>().ok())
                        .flatten()
                })
            };
            bytes(want).is_some() && bytes(written) == bytes(want)
        }
        "cpu" | "gpu_count" => written.parse::<f64>().ok() == want.parse::<f64>().ok(),
        _ => written == want,
    }
}

/// Each map entry field that differs from the catalog's profile of the same
/// name; a required field the entry lacks is reported at the entry.
pub fn check(tf: &TemplateFacts, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let Some(map) = &tf.profile_map else {
        return;
    };
    for MapEntry { name, fields } in &map.entries {
        let Some(p) = cat.profile(&name.value).map(|i| &cat.profiles[i]) else {
            continue;
        };
        for field in ["cpu", "memory", "storage", "gpu_count", "gpu_type"] {
            let want = catalog_value(p, field, cat);
            let written = fields.iter().find(|f| f.name == field);
            let (differs, at, message) = match written {
                Some(f) => (
                    !same(field, &f.value, &want),
                    f.span,
                    format!(
                        "profile {}: {field} is {} here but {} in the catalog",
                        name.value,
                        f.value,
                        if want.is_empty() {
                            "unset"
                        } else {
                            want.as_str()
                        }
                    ),
                ),
                // Left out: gpu_count 0 and no gpu_type are the defaults.
                None => (
                    !(want.is_empty() || (field == "gpu_count" && want == "0")),
                    name.span,
                    format!(
                        "profile {} has no {field}; the catalog gives {want}",
                        name.value
                    ),
                ),
            };
            if differs {
                let fix = if want.is_empty() {
                    format!("remove {field} from the entry")
                } else if matches!(field, "cpu" | "gpu_count") {
                    format!("write `{field} = {want}`")
                } else {
                    format!("write `{field} = \"{want}\"`")
                };
                out.push(
                    RULE.diag(&map.file, Some(at), message)
                        .with_help(format!(
                            "{fix}, or give the entry a name of its own (and the catalog a profile of that name)"
                        )),
                );
            }
        }
    }
}
