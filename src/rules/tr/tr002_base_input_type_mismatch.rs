//! TR002 base-input-type-mismatch.

use crate::diag::Severity;
use crate::rules::{Check, Rule, Verifies};

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
    checks: &[Check::Base(check)],
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
                default: Some(c.value_text(c.default).to_string()),
                span: crate::diag::Span::default(),
                doc: crate::contract::catalog::AttrDoc::default(),
            })
            .collect(),
    )
}

/// Every reason `got` cannot stand for the contract's `want`, structurally
/// (empty when it can). `path` names the place inside the type for messages.
pub fn mismatches(path: &str, want: &TypeExpr, got: &TypeExpr) -> Vec<String> {
    let mut out = Vec::new();
    collect(path, want, got, &mut out);
    out
}

fn collect(path: &str, want: &TypeExpr, got: &TypeExpr, out: &mut Vec<String>) {
    match (want, got) {
        (_, TypeExpr::Any) | (TypeExpr::Any, _) => {}
        (TypeExpr::String, TypeExpr::String)
        | (TypeExpr::Number, TypeExpr::Number)
        | (TypeExpr::Bool, TypeExpr::Bool) => {}
        (TypeExpr::Map(a), TypeExpr::Map(b))
        | (TypeExpr::List(a), TypeExpr::List(b))
        | (TypeExpr::Set(a), TypeExpr::Set(b)) => collect(path, a, b, out),
        (TypeExpr::Object(want), TypeExpr::Object(got)) => {
            for w in want {
                let inner = format!("{path}.{}", w.name);
                let Some(g) = got.iter().find(|g| g.name == w.name) else {
                    out.push(format!("{inner} is missing"));
                    continue;
                };
                collect(&inner, &w.ty, &g.ty, out);
                if w.optional && !g.optional {
                    out.push(format!("{inner} must be optional (callers may omit it)"));
                }
                // A required attribute has no default to compare.
                match (&w.default, &g.default) {
                    _ if !g.optional => {}
                    (Some(wd), Some(gd)) if wd != gd => out.push(format!(
                        "{inner} defaults to {gd}, the contract's default is {wd}"
                    )),
                    (Some(wd), None) if w.optional => {
                        out.push(format!("{inner} has no default; the contract's is {wd}"));
                    }
                    (None, Some(gd)) if w.optional => out.push(format!(
                        "{inner} defaults to {gd}; the contract gives it no default (null)"
                    )),
                    _ => {}
                }
            }
            for g in got
                .iter()
                .filter(|g| !g.optional && !want.iter().any(|w| w.name == g.name))
            {
                out.push(format!(
                    "{path}.{} is required but not part of the contract",
                    g.name
                ));
            }
        }
        (w, g) => out.push(format!("{path} is {g}, the contract's type is {w}")),
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
        let why = mismatches(&input.name, &want, got);
        if !why.is_empty() {
            out.push(
                RULE.diag(
                    &v.file,
                    Some(*span),
                    format!(
                        "variable `{}` does not match the contract: {}",
                        input.name,
                        why.join("; ")
                    ),
                )
                .with_help(format!("declare it as `type = {want}`")),
            );
        }
    }
}
