//! Terraform HCL: `.tf` files into a spanned model, and a static evaluator
//! that agrees with terraform.
//!
//! # The model
//!
//! [`parse_file`] turns one file into an [`HclFile`]: its `variable` blocks
//! (type, default, description, and the values its `validation` blocks allow),
//! `output` blocks, `locals`, and every other top-level block kept whole for
//! later checks. A module is several files: [`HclModule`] joins them, so that a
//! local in `locals.tf` is visible from an output in `outputs.tf`. Every place
//! is a [`Span`](crate::diag::Span) (1-based line, column in characters, end
//! exclusive) together with the file's path.
//!
//! # What is evaluated, and why
//!
//! wsc checks what a template *will* produce (a toolchain's capabilities, its
//! image) without running terraform, so [`eval`] computes exactly the subset
//! of the language whose result is certain from the text alone, and answers
//! [`NotEvaluable`] (with the place of the offending sub-expression and why)
//! for everything else, never a guess:
//!
//! - literals (null, bools, numbers kept as exact decimals, strings with their
//!   escapes), lists and tuples, objects (identifier, string or `(expr)` keys),
//!   parentheses;
//! - templates and heredocs with interpolations. `<<-EOT` heredocs are dedented
//!   by terraform's rule, re-implemented here from the heredoc's raw text
//!   because hcl-edit computes the width per literal segment: the width is the
//!   smallest leading whitespace of the body's lines (a tab is one column,
//!   whitespace-only lines do not count and keep their whitespace, a line that
//!   starts with `${` is indentation 0). Heredocs do not process backslash
//!   escapes; `$${` and `%%{` are escapes everywhere. Strip markers (`${~`,
//!   `~}`) are applied as terraform does, before the dedent;
//! - `var.NAME` (an assigned value, else the default converted to the declared
//!   type, optional attributes' defaults included) and `local.NAME` (evaluated
//!   lazily, once, with cycle detection), and attribute and index access on
//!   evaluated values;
//! - `a ? b : c`, `==`, `!=`, `&&`, `||`, `!` on evaluable operands, with
//!   terraform's conversions;
//! - the functions `tostring tonumber tobool lower upper trimspace format join
//!   concat merge coalesce`.
//!
//! Resource and data references, other functions, splats, `for` expressions,
//! template directives, arithmetic and comparisons are not evaluated. So are the
//! few corners where the answer would depend on terraform internals wsc does
//! not reproduce (a type unification that converts nested values, a `%f` tie
//! that depends on binary rounding, strings needing Unicode normalisation).
//! Recursion is bounded by [`MAX_DEPTH`].

mod eval;
mod format;
mod funcs;
mod model;
mod number;
mod source;
mod template;
mod types;
mod value;
mod workaround;

use std::fmt;
use std::sync::Arc;

use crate::diag::Span;

pub use eval::{FileAccess, MAX_DEPTH, NotEvaluable, Scope, eval};
pub use model::{
    Attribute, Block, Expr, ExprShape, HclFile, HclModule, Local, ObjectKey, Output, TraversalPart,
    Variable, parse, parse_file,
};
pub use number::Number;
pub use template::OPAQUE_WORD;
pub use types::{ObjAttr, TfType};
pub use value::{Locator, SValue, TextMap, Value, json_quote};

/// A problem with a file as HCL or as terraform configuration: a syntax error,
/// a malformed type, a duplicate declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HclError {
    pub file: Arc<str>,
    pub span: Span,
    pub message: String,
}

impl fmt::Display for HclError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{}): {}",
            self.file, self.span.start, self.span.end, self.message
        )
    }
}

impl std::error::Error for HclError {}
