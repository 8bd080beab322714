//! Terraform type constraints: one model for the contract's inputs and
//! outputs and for what a module declares (`type = object({...})`).
//!
//! The two differ only in what an optional attribute's default is: text in
//! the catalog (`TypeExpr`), an evaluated value in the HCL evaluator (which
//! instantiates `TypeExpr<SValue>`).

use std::fmt;

use crate::diag::Span;

/// A Terraform type constraint; `D` is what an optional attribute's default
/// is held as.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr<D = String> {
    String,
    Number,
    Bool,
    Any,
    List(Box<TypeExpr<D>>),
    Set(Box<TypeExpr<D>>),
    Map(Box<TypeExpr<D>>),
    Tuple(Vec<TypeExpr<D>>),
    Object(Vec<Attr<D>>),
}

/// An attribute of an `object({...})` type.
#[derive(Debug, Clone)]
pub struct Attr<D = String> {
    pub name: String,
    pub ty: TypeExpr<D>,
    /// Written as `optional(type)` or `optional(type, default)`.
    pub optional: bool,
    /// The default of `optional(type, default)`.
    pub default: Option<D>,
    /// Where it is written (none for the embedded catalog's).
    pub span: Span,
    /// What the contract says of it beyond its type.
    pub doc: AttrDoc,
}

/// What the contract states of an attribute besides its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttrDoc {
    /// Allowed values, when the seed enumerates them (volume types, platforms…).
    pub values: Vec<String>,
    pub description: String,
    /// Inclusive numeric range, when the contract states one (cpu 1–64).
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// Equality of the types; places are ignored.
impl<D: PartialEq> PartialEq for Attr<D> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.ty == other.ty
            && self.optional == other.optional
            && self.default == other.default
            && self.doc == other.doc
    }
}

/// How a default is written in Terraform's syntax, given its attribute's
/// type.
pub trait DefaultText {
    fn write_hcl(&self, ty: &TypeExpr<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result
    where
        Self: Sized;
}

/// The catalog's defaults are text: quoted when the attribute is a string.
impl DefaultText for String {
    fn write_hcl(&self, ty: &TypeExpr<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *ty == TypeExpr::String {
            write!(f, "\"{self}\"")
        } else {
            f.write_str(self)
        }
    }
}

impl<D> TypeExpr<D> {
    /// The same type with its defaults turned into another form.
    pub fn map_defaults<E>(&self, f: &impl Fn(&D) -> E) -> TypeExpr<E> {
        match self {
            TypeExpr::String => TypeExpr::String,
            TypeExpr::Number => TypeExpr::Number,
            TypeExpr::Bool => TypeExpr::Bool,
            TypeExpr::Any => TypeExpr::Any,
            TypeExpr::List(t) => TypeExpr::List(Box::new(t.map_defaults(f))),
            TypeExpr::Set(t) => TypeExpr::Set(Box::new(t.map_defaults(f))),
            TypeExpr::Map(t) => TypeExpr::Map(Box::new(t.map_defaults(f))),
            TypeExpr::Tuple(ts) => TypeExpr::Tuple(ts.iter().map(|t| t.map_defaults(f)).collect()),
            TypeExpr::Object(attrs) => TypeExpr::Object(
                attrs
                    .iter()
                    .map(|a| Attr {
                        name: a.name.clone(),
                        ty: a.ty.map_defaults(f),
                        optional: a.optional,
                        default: a.default.as_ref().map(f),
                        span: a.span,
                        doc: a.doc.clone(),
                    })
                    .collect(),
            ),
        }
    }
}

/// Terraform's syntax for the type.
impl<D: DefaultText> fmt::Display for TypeExpr<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::String => f.write_str("string"),
            TypeExpr::Number => f.write_str("number"),
            TypeExpr::Bool => f.write_str("bool"),
            TypeExpr::Any => f.write_str("any"),
            TypeExpr::List(t) => write!(f, "list({t})"),
            TypeExpr::Set(t) => write!(f, "set({t})"),
            TypeExpr::Map(t) => write!(f, "map({t})"),
            TypeExpr::Tuple(ts) => {
                f.write_str("tuple([")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
            TypeExpr::Object(attrs) => {
                f.write_str("object({")?;
                for (i, a) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match (a.optional, &a.default) {
                        (false, _) => write!(f, "{} = {}", a.name, a.ty)?,
                        (true, None) => write!(f, "{} = optional({})", a.name, a.ty)?,
                        (true, Some(d)) => {
                            write!(f, "{} = optional({}, ", a.name, a.ty)?;
                            d.write_hcl(&a.ty, f)?;
                            f.write_str(")")?;
                        }
                    }
                }
                f.write_str("})")
            }
        }
    }
}
