//! TR002 base-input-type-mismatch.

use crate::diag::Severity;
use crate::rules::{Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR002",
    name: "base-input-type-mismatch",
    severity: Severity::Error,
    summary: "a contract input variable with a different type",
    docs: r#"## What it does
Compares the type of each contract input variable of a base module with the contract's, structurally: `compute_profile` must be an object with `cpu` number, `memory` and `storage` strings, optional number `gpu_count` and optional string `gpu_type`; `capabilities` an object of the eight kebab-case keys, each `optional(<type>, <default>)`, or `any`.

## Why is this bad?
Terraform converts values to the declared type before anything else: a `map(string)` capabilities variable turns `true` into `"true"` and every comparison in the base silently fails.

## Example
```hcl
variable "capabilities" { type = map(string) }
```

## Use instead
```hcl
variable "capabilities" { type = any }
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Bases implement the interface",
        scenario: "An input of another type",
    }],
};

use crate::contract::catalog::{Attr, CapKind, Catalog, TypeExpr};
use crate::contract::repo::Base;
use crate::diag::Diagnostic;
use crate::rules::DiagExt;

/// The contract type of the `capabilities` input: an object of every
/// capability, each optional with the contract default.
pub fn capabilities_type(cat: &Catalog) -> TypeExpr {
    TypeExpr::Object(
        cat.capabilities
            .iter()
            .map(|c| Attr {
                name: c.name.clone(),
                ty: match c.kind {
                    CapKind::Bool => TypeExpr::Bool,
                    CapKind::Enum(_) => TypeExpr::String,
                },
                optional: true,
                values: Vec::new(),
                description: String::new(),
                min: None,
                max: None,
                default: Some(c.value_text(c.default).to_string()),
            })
            .collect(),
    )
}

/// Why `got` cannot stand for the contract's `want`, structurally; `None`
/// when it can. `path` names the place inside the type for messages.
pub fn mismatch(path: &str, want: &TypeExpr, got: &TypeExpr) -> Option<String> {
    match (want, got) {
        (_, TypeExpr::Any) | (TypeExpr::Any, _) => None,
        (TypeExpr::String, TypeExpr::String)
        | (TypeExpr::Number, TypeExpr::Number)
        | (TypeExpr::Bool, TypeExpr::Bool) => None,
        (TypeExpr::Map(a), TypeExpr::Map(b))
        | (TypeExpr::List(a), TypeExpr::List(b))
        | (TypeExpr::Set(a), TypeExpr::Set(b)) => mismatch(path, a, b),
        (TypeExpr::Object(want), TypeExpr::Object(got)) => {
            for w in want {
                let inner = format!("{path}.{}", w.name);
                let Some(g) = got.iter().find(|g| g.name == w.name) else {
                    return Some(format!("{inner} is missing"));
                };
                if let Some(m) = mismatch(&inner, &w.ty, &g.ty) {
                    return Some(m);
                }
                if w.optional && !g.optional {
                    return Some(format!("{inner} must be optional (callers may omit it)"));
                }
                if let (Some(wd), Some(gd)) = (&w.default, &g.default)
                    && wd != gd
                {
                    return Some(format!(
                        "{inner} defaults to {gd}, the contract's default is {wd}"
                    ));
                }
                if w.optional
                    && w.default.is_some()
                    && g.default.is_none()
                    && w.ty != TypeExpr::String
                {
                    return Some(format!(
                        "{inner} has no default; the contract's is {}",
                        w.default.as_deref().unwrap_or_default()
                    ));
                }
            }
            got.iter()
                .find(|g| !g.optional && !want.iter().any(|w| w.name == g.name))
                .map(|g| format!("{path}.{} is required but not part of the contract", g.name))
        }
        (w, g) => Some(format!("{path} is {g}, the contract's type is {w}")),
    }
}

/// Compare every contract input variable's type with the contract.
pub fn check(b: &Base, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let Some(m) = &b.module else { return };
    for input in &cat.inputs {
        let Some(v) = m.variables.iter().find(|v| v.name == input.name) else {
            continue;
        };
        let Some((got, span)) = &v.ty else {
            continue;
        };
        let want = if input.name == "capabilities" {
            capabilities_type(cat)
        } else {
            input.ty.clone()
        };
        if let Some(why) = mismatch(&input.name, &want, got) {
            out.push(
                RULE.diag(
                    &v.file,
                    Some(*span),
                    format!(
                        "variable `{}` does not match the contract: {why}",
                        input.name
                    ),
                )
                .with_help(format!("declare it as `type = {want}`")),
            );
        }
    }
}
