//! The kubernetes platform as Terraform: every object `kubernetes::objects`
//! builds, as a `kubernetes_manifest` resource of the kubernetes provider
//! (the same typed objects, so the same fields), named after its component
//! (`kubernetes_manifest.workspace` is the pod). What the base config did
//! not give becomes a declared variable: a placeholder string becomes
//! `var.KEY`, and a list holding the placeholder of a list field becomes a
//! `for` expression over `var.KEY`. The namespace is always `var.namespace`
//! (its default the base config's).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::contract::base_config::{FIELDS, FieldKind};

use super::Options;
use super::hcl::{Block, Expr, one_line, raw, required_providers, s, variable};
use super::kubernetes::{COMPONENT, Object};

/// The start of a placeholder (`<wsc:placeholder KEY>`).
const MARK: &str = "<wsc:placeholder ";

/// The key of a string that is exactly one placeholder.
fn placeholder_key(v: &str) -> Option<&str> {
    v.strip_prefix(MARK)?.strip_suffix('>')
}

fn field_kind(key: &str) -> FieldKind {
    FIELDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(FieldKind::Text, |(_, kind, _)| *kind)
}

/// A variable's description: the base config field's, or the agent's.
fn description(key: &str) -> String {
    match key {
        "agent_init_script" => {
            "the Coder agent's init script (coder_agent.init_script)".to_string()
        }
        _ => FIELDS.iter().find(|(k, _, _)| *k == key).map_or_else(
            || format!("the base's `{key}`"),
            |(_, _, d)| (*d).to_string(),
        ),
    }
}

/// A value with the placeholders of list fields replaced by `item`.
fn replace_list_placeholder(v: &Value, key: &str, item: &str) -> Expr {
    match v {
        Value::String(t) if placeholder_key(t) == Some(key) => raw(item),
        Value::Array(a) => Expr::List(
            a.iter()
                .map(|x| replace_list_placeholder(x, key, item))
                .collect(),
        ),
        Value::Object(m) => Expr::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), replace_list_placeholder(x, key, item)))
                .collect(),
        ),
        other => scalar(other),
    }
}

fn scalar(v: &Value) -> Expr {
    match v {
        Value::Null => raw("null"),
        Value::Bool(b) => Expr::Bool(*b),
        Value::Number(n) => n.as_i64().map_or_else(|| raw(n.to_string()), Expr::Num),
        Value::String(t) => s(t.clone()),
        Value::Array(_) | Value::Object(_) => raw("null"),
    }
}

/// The first placeholder of a list field inside `v`.
fn list_placeholder(v: &Value) -> Option<&str> {
    match v {
        Value::String(t) => placeholder_key(t).filter(|k| field_kind(k) == FieldKind::List),
        Value::Array(a) => a.iter().find_map(list_placeholder),
        Value::Object(m) => m.values().find_map(list_placeholder),
        _ => None,
    }
}

/// A JSON value as an HCL expression, collecting the variables it uses
/// (the value is taken, so its strings move instead of being copied).
fn expr(v: Value, vars: &mut BTreeSet<String>) -> Expr {
    match v {
        Value::String(t) => match placeholder_key(&t) {
            Some(k) => {
                vars.insert(k.to_string());
                raw(format!("var.{k}"))
            }
            None => Expr::Str(t),
        },
        // `[{ ipBlock = { cidr = "<placeholder coder_cidrs>" } }]`: one item
        // per address of the variable.
        Value::Array(a) if a.len() == 1 && list_placeholder(&a[0]).is_some() => {
            let key = list_placeholder(&a[0]).unwrap_or_default().to_string();
            let item = replace_list_placeholder(&a[0], &key, "x");
            vars.insert(key.clone());
            raw(format!("[for x in var.{key} : {}]", one_line(&item)))
        }
        Value::Array(a) => Expr::List(a.into_iter().map(|x| expr(x, vars)).collect()),
        Value::Object(mut m) => {
            // `apiVersion` and `kind` first, as in the YAML manifest.
            let mut fields = Vec::with_capacity(m.len());
            for k in ["apiVersion", "kind"] {
                if let Some(x) = m.remove(k) {
                    fields.push((k.to_string(), expr(x, vars)));
                }
            }
            fields.extend(m.into_iter().map(|(k, x)| {
                let e = expr(x, vars);
                (k, e)
            }));
            Expr::Object(fields)
        }
        other => scalar(&other),
    }
}

/// The Terraform blocks of a Kubernetes workspace.
pub fn blocks(objects: &[Object], opts: &Options) -> Result<Vec<Block>, String> {
    let mut vars = BTreeSet::new();
    let mut resources = Vec::with_capacity(objects.len());
    for o in objects {
        let mut v = serde_json::to_value(o).map_err(|e| format!("{}: {e}", o.id()))?;
        let component = v["metadata"]["labels"][COMPONENT]
            .as_str()
            .unwrap_or("object")
            .replace('-', "_");
        if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert(
                "namespace".to_string(),
                Value::String(format!("{MARK}namespace>")),
            );
        }
        let manifest = expr(v, &mut vars);
        resources.push(
            Block::new("resource", &["kubernetes_manifest", &component]).attr("manifest", manifest),
        );
    }
    let mut out = vec![required_providers(&[(
        "kubernetes",
        "hashicorp/kubernetes",
        ">= 2.23, < 3.0",
    )])];
    for key in &vars {
        let (ty, default) = match field_kind(key) {
            FieldKind::Text => (
                "string",
                (key == "namespace")
                    .then(|| opts.base.namespace.clone().map(s))
                    .flatten(),
            ),
            FieldKind::List => ("list(string)", None),
            FieldKind::Map => ("map(string)", None),
        };
        out.push(variable(key, ty, &description(key), default));
    }
    out.extend(resources);
    Ok(out)
}
