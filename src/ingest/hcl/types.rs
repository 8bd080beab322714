//! Type constraints (`type = object({...})`) and terraform's conversions to
//! them, optional attributes' defaults included.

use std::fmt;
use std::sync::Arc;

use hcl_edit::expr::{Expression, FuncCall, ObjectKey};

use crate::contract::types::{Attr, AttrDoc, DefaultText, TypeExpr};
use crate::diag::Span;

use super::eval::{NotEvaluable, eval_static};
use super::model::Expr;
use super::number::Number;
use super::source::Source;
use super::value::{SValue, Value};

/// A terraform type constraint as the evaluator holds it: the contract's
/// one type model, with optional attributes' defaults already converted.
pub type TfType = TypeExpr<SValue>;

/// An attribute of an `object({...})` type.
pub type ObjAttr = Attr<SValue>;

/// An evaluated default is written as its JSON text.
impl DefaultText for SValue {
    fn write_hcl(&self, _ty: &TfType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value.to_json_text())
    }
}

type TypeError = (Span, String);

/// Read a type constraint expression.
pub(crate) fn parse_type(e: &Expression, src: &Arc<Source>) -> Result<TfType, TypeError> {
    let fail = |msg: String| Err((span(src, e), msg));
    match e {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(TfType::String),
            "number" => Ok(TfType::Number),
            "bool" => Ok(TfType::Bool),
            "any" => Ok(TfType::Any),
            "list" | "set" | "map" | "tuple" | "object" => fail(format!(
                "the `{0}` type constructor needs an argument, as in `{0}(...)`",
                v.as_str()
            )),
            other => fail(format!("`{other}` is not a type")),
        },
        Expression::String(_) | Expression::StringTemplate(_) => {
            fail("quoted type constraints are not valid; write the type without quotes".into())
        }
        Expression::Parenthesis(p) => parse_type(p.inner(), src),
        Expression::FuncCall(call) => constructor(call, e, src),
        _ => fail("not a type constraint".into()),
    }
}

fn constructor(call: &FuncCall, e: &Expression, src: &Arc<Source>) -> Result<TfType, TypeError> {
    let name = call.name.name.as_str();
    let arg = match (call.args.len(), call.args.get(0)) {
        (1, Some(arg)) if !call.name.is_namespaced() => arg,
        _ => {
            return Err((
                span(src, e),
                format!("the `{name}` type constructor takes exactly one argument"),
            ));
        }
    };
    let inner = || parse_type(arg, src).map(Box::new);
    match name {
        "list" => Ok(TfType::List(inner()?)),
        "set" => Ok(TfType::Set(inner()?)),
        "map" => Ok(TfType::Map(inner()?)),
        "tuple" => match arg {
            Expression::Array(items) => items
                .iter()
                .map(|t| parse_type(t, src))
                .collect::<Result<_, _>>()
                .map(TfType::Tuple),
            _ => Err((span(src, arg), "`tuple` takes a list of types".into())),
        },
        "object" => object_type(arg, src),
        "optional" => Err((
            span(src, e),
            "`optional` is only valid for an attribute of an object type".into(),
        )),
        other => Err((span(src, e), format!("`{other}` is not a type constructor"))),
    }
}

fn object_type(arg: &Expression, src: &Arc<Source>) -> Result<TfType, TypeError> {
    let Expression::Object(obj) = arg else {
        return Err((
            span(src, arg),
            "`object` takes an object of attribute types".into(),
        ));
    };
    let mut attrs = Vec::with_capacity(obj.len());
    for (key, value) in obj {
        let name = match key {
            ObjectKey::Ident(id) => id.as_str().to_owned(),
            ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
            ObjectKey::Expression(k) => {
                return Err((
                    span(src, k),
                    "an attribute name must be an identifier".into(),
                ));
            }
        };
        attrs.push(attribute(name, span(src, key), value.expr(), src)?);
    }
    Ok(TfType::Object(attrs))
}

fn attribute(
    name: String,
    key_span: Span,
    e: &Expression,
    src: &Arc<Source>,
) -> Result<ObjAttr, TypeError> {
    let call = match e {
        Expression::FuncCall(call)
            if call.name.name.as_str() == "optional" && !call.name.is_namespaced() =>
        {
            call
        }
        _ => {
            return Ok(ObjAttr {
                name,
                ty: parse_type(e, src)?,
                optional: false,
                default: None,
                span: key_span,
                doc: AttrDoc::default(),
            });
        }
    };
    let (ty, default) = match (call.args.get(0), call.args.get(1), call.args.len()) {
        (Some(t), None, 1) => (parse_type(t, src)?, None),
        (Some(t), Some(d), 2) => {
            let ty = parse_type(t, src)?;
            let default = optional_default(d, &ty, src)?;
            (ty, Some(default))
        }
        _ => {
            return Err((
                span(src, e),
                "`optional` takes a type and an optional default".into(),
            ));
        }
    };
    Ok(ObjAttr {
        name,
        ty,
        optional: true,
        default,
        span: key_span,
        doc: AttrDoc::default(),
    })
}

fn optional_default(d: &Expression, ty: &TfType, src: &Arc<Source>) -> Result<SValue, TypeError> {
    let value = eval_static(&Expr::new(d.clone(), src)).map_err(|e| {
        (
            e.span,
            format!("the default is not a literal value: {}", e.reason),
        )
    })?;
    convert(value, ty).map_err(|e| {
        (
            e.span,
            format!("the default does not fit the type: {}", e.reason),
        )
    })
}

fn span(src: &Source, node: &impl hcl_edit::Span) -> Span {
    node.span().map(|r| src.span(&r)).unwrap_or_default()
}

/// Convert a value to a type as terraform does when it assigns a variable:
/// primitives convert between each other where terraform allows it, object
/// attributes missing or null take their optional default, extra attributes
/// are dropped, sets are sorted and deduplicated, `any` elements are unified.
pub(crate) fn convert(v: SValue, ty: &TfType) -> Result<SValue, NotEvaluable> {
    if v.value.is_null() {
        return Ok(v);
    }
    match ty {
        TfType::Any => Ok(v),
        TfType::String => to_string(v),
        TfType::Number => to_number(v),
        TfType::Bool => to_bool(v),
        TfType::List(t) => {
            let items = collection(t, list_items(v.clone())?)?;
            Ok(v.with_value(Value::List(items)))
        }
        TfType::Set(t) => {
            let items = collection(t, list_items(v.clone())?)?;
            Ok(v.with_value(Value::List(set_order(&v, items)?)))
        }
        TfType::Tuple(ts) => {
            let items = list_items(v.clone())?;
            if items.len() != ts.len() {
                return Err(NotEvaluable::at(
                    &v,
                    format!(
                        "a tuple of {} elements is required, not {}",
                        ts.len(),
                        items.len()
                    ),
                ));
            }
            let items = items
                .into_iter()
                .zip(ts)
                .map(|(i, t)| convert(i, t))
                .collect::<Result<_, _>>()?;
            Ok(v.with_value(Value::List(items)))
        }
        TfType::Map(t) => map(&v, t),
        TfType::Object(attrs) => object(&v, attrs),
    }
}

fn list_items(v: SValue) -> Result<Vec<SValue>, NotEvaluable> {
    match v.value {
        Value::List(items) => Ok(items),
        ref other => Err(NotEvaluable::at(
            &v,
            format!("a list is required, not {}", other.kind()),
        )),
    }
}

/// Elements converted to `t`, then unified when `t` leaves their type open.
fn collection(t: &TfType, items: Vec<SValue>) -> Result<Vec<SValue>, NotEvaluable> {
    let items: Vec<SValue> = items
        .into_iter()
        .map(|i| convert(i, t))
        .collect::<Result<_, _>>()?;
    if *t == TfType::Any {
        unify(items)
    } else {
        Ok(items)
    }
}

fn map(v: &SValue, t: &TfType) -> Result<SValue, NotEvaluable> {
    let Value::Object(entries) = &v.value else {
        return Err(NotEvaluable::at(
            v,
            format!("a map is required, not {}", v.value.kind()),
        ));
    };
    let (keys, values): (Vec<_>, Vec<_>) = entries
        .iter()
        .map(|(k, s, val)| ((k.clone(), *s), val.clone()))
        .unzip();
    let values = collection(t, values)?;
    let entries = keys
        .into_iter()
        .zip(values)
        .map(|((k, s), val)| (k, s, val))
        .collect();
    Ok(v.with_value(Value::Object(entries)))
}

fn object(v: &SValue, attrs: &[ObjAttr]) -> Result<SValue, NotEvaluable> {
    let Value::Object(entries) = &v.value else {
        return Err(NotEvaluable::at(
            v,
            format!("an object is required, not {}", v.value.kind()),
        ));
    };
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs {
        let given = entries.iter().find(|(k, _, _)| *k == attr.name);
        let value = match given {
            Some((_, _, val)) if !val.value.is_null() => convert(val.clone(), &attr.ty)?,
            _ if attr.optional => attr
                .default
                .clone()
                .unwrap_or_else(|| v.with_value(Value::Null)),
            Some((_, _, val)) => val.clone(),
            None => {
                return Err(NotEvaluable::at(
                    v,
                    format!("attribute `{}` is required", attr.name),
                ));
            }
        };
        let key_span = given.map_or(v.span, |(_, s, _)| *s);
        out.push((attr.name.clone(), key_span, value));
    }
    Ok(v.with_value(Value::Object(out)))
}

fn to_string(v: SValue) -> Result<SValue, NotEvaluable> {
    let text = match &v.value {
        Value::String(_) => return Ok(v),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => {
            return Err(NotEvaluable::at(
                &v,
                format!("cannot convert {} to string", other.kind()),
            ));
        }
    };
    Ok(v.with_value(Value::String(text)))
}

fn to_number(v: SValue) -> Result<SValue, NotEvaluable> {
    let n = match &v.value {
        Value::Number(_) => return Ok(v),
        Value::String(s) => Number::parse(s)
            .ok_or_else(|| NotEvaluable::at(&v, format!("cannot convert {s:?} to a number")))?,
        other => {
            return Err(NotEvaluable::at(
                &v,
                format!("cannot convert {} to number", other.kind()),
            ));
        }
    };
    Ok(v.with_value(Value::Number(n)))
}

fn to_bool(v: SValue) -> Result<SValue, NotEvaluable> {
    let b = match &v.value {
        Value::Bool(_) => return Ok(v),
        Value::String(s) if s == "true" || s == "1" => true,
        Value::String(s) if s == "false" || s == "0" => false,
        other => {
            return Err(NotEvaluable::at(
                &v,
                format!("cannot convert {} to bool", describe(other)),
            ));
        }
    };
    Ok(v.with_value(Value::Bool(b)))
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.kind().to_owned(),
    }
}

/// Conversions the functions and operators use.
pub(crate) fn to_primitive(v: SValue, kind: &TfType) -> Result<SValue, NotEvaluable> {
    if v.value.is_null() {
        return Ok(v);
    }
    match kind {
        TfType::String => to_string(v),
        TfType::Number => to_number(v),
        TfType::Bool => to_bool(v),
        _ => Ok(v),
    }
}

/// A set's elements in terraform's order (strings by code point, numbers
/// ascending, false before true), duplicates removed.
fn set_order(at: &SValue, mut items: Vec<SValue>) -> Result<Vec<SValue>, NotEvaluable> {
    if items
        .iter()
        .any(|i| !i.value.is_primitive() || i.value.is_null())
    {
        return Err(NotEvaluable::at(
            at,
            "only sets of strings, numbers or bools are evaluated statically",
        ));
    }
    items.sort_by(|a, b| match (&a.value, &b.value) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    items.dedup_by(|a, b| a.value == b.value);
    Ok(items)
}

/// Largest collection whose elements are unified pairwise.
const MAX_UNIFY: usize = 256;

/// Give values one common type as terraform does for a conditional's two
/// results, `coalesce`'s arguments and the elements of `list(any)`: primitives
/// become strings when one of them is a string (number and bool have no
/// common type); collections must already agree, because terraform's
/// conversions inside them are not reproduced here.
pub(crate) fn unify(values: Vec<SValue>) -> Result<Vec<SValue>, NotEvaluable> {
    let present: Vec<&SValue> = values.iter().filter(|v| !v.value.is_null()).collect();
    let Some(first) = present.first() else {
        return Ok(values);
    };
    if present.iter().all(|v| v.value.is_primitive()) {
        let kinds = |k: &str| present.iter().any(|v| v.value.kind() == k);
        if present.iter().all(|v| v.value.kind() == first.value.kind()) {
            return Ok(values);
        }
        if !kinds("string") {
            return Err(NotEvaluable::at(
                first,
                "number and bool have no common type",
            ));
        }
        return values
            .into_iter()
            .map(|v| {
                if v.value.is_null() {
                    Ok(v)
                } else {
                    to_string(v)
                }
            })
            .collect();
    }
    let agree = present.len() <= MAX_UNIFY
        && present.iter().enumerate().all(|(i, a)| {
            present[i + 1..]
                .iter()
                .all(|b| compatible(&a.value, &b.value))
        });
    if agree {
        Ok(values)
    } else {
        Err(NotEvaluable::at(
            first,
            "values of different types: terraform would convert them to a common type, which is not evaluated statically",
        ))
    }
}

/// Whether two values have a common type without converting either.
fn compatible(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => true,
        (Value::List(x), Value::List(y)) => {
            (x.len() == y.len() && x.iter().zip(y).all(|(p, q)| compatible(&p.value, &q.value)))
                || all_compatible(x.iter().chain(y).map(|v| &v.value))
        }
        (Value::Object(x), Value::Object(y)) => {
            let same_keys =
                x.len() == y.len() && x.iter().all(|(k, _, _)| y.iter().any(|(l, _, _)| l == k));
            if same_keys {
                x.iter().all(|(k, _, p)| {
                    y.iter()
                        .find(|(l, _, _)| l == k)
                        .is_some_and(|(_, _, q)| compatible(&p.value, &q.value))
                })
            } else {
                all_compatible(x.iter().chain(y).map(|(_, _, v)| &v.value))
            }
        }
        _ => a.kind() == b.kind(),
    }
}

fn all_compatible<'v>(values: impl Iterator<Item = &'v Value>) -> bool {
    let values: Vec<&Value> = values.collect();
    values.len() <= MAX_UNIFY
        && values
            .iter()
            .enumerate()
            .all(|(i, a)| values[i + 1..].iter().all(|b| compatible(a, b)))
}
