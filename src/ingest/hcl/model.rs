//! `.tf` files lowered into variables, outputs, locals and other blocks.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use hcl_edit::Span as _;
use hcl_edit::expr::{BinaryOperator, Expression, TraversalOperator};
use hcl_edit::structure::{Block as HBlock, Body, Structure};

use crate::diag::Span;

use super::HclError;
use super::eval::eval_static;
use super::source::Source;
use super::types::{TfType, parse_type};
use super::value::{SValue, Value};

/// An expression as written, with what evaluating it and pointing at it need.
#[derive(Clone)]
pub struct Expr {
    pub(crate) parsed: Expression,
    pub(crate) src: Arc<Source>,
    span: Span,
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expr")
            .field("file", &self.src.path)
            .field("span", &self.span)
            .field("text", &self.source_text())
            .finish_non_exhaustive()
    }
}

impl Expr {
    pub(crate) fn new(expr: Expression, src: &Arc<Source>) -> Self {
        let span = expr.span().map(|r| src.span(&r)).unwrap_or_default();
        Self {
            parsed: expr,
            src: src.clone(),
            span,
        }
    }

    pub fn span(&self) -> Span {
        self.span
    }

    pub fn file(&self) -> &Arc<str> {
        &self.src.path
    }

    /// The expression's text exactly as written (heredocs included).
    pub fn source_text(&self) -> &str {
        self.parsed.span().map_or("", |r| self.src.slice(&r))
    }

    /// The parsed expression.
    pub fn expression(&self) -> &Expression {
        &self.parsed
    }

    /// In an object expression (`{ platform = "kubernetes", … }`), the
    /// expression of one key, as written (parentheses around the object
    /// are looked through).
    pub fn object_field(&self, key: &str) -> Option<Expr> {
        let mut e = &self.parsed;
        while let Expression::Parenthesis(p) = e {
            e = p.inner();
        }
        let Expression::Object(obj) = e else {
            return None;
        };
        obj.iter().find_map(|(k, v)| {
            let name = match k {
                hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_string(),
                hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                hcl_edit::expr::ObjectKey::Expression(_) => return None,
            };
            (name == key).then(|| Expr::new(v.expr().clone(), &self.src))
        })
    }

    /// The entries of an object expression as written: each key's text (an
    /// identifier, a string's value, or an expression key's source such as
    /// `(data.coder_parameter.p.name)`), its place, and the value.
    pub fn object_entries(&self) -> Option<Vec<(String, Span, Expr)>> {
        let mut e = &self.parsed;
        while let Expression::Parenthesis(p) = e {
            e = p.inner();
        }
        let Expression::Object(obj) = e else {
            return None;
        };
        Some(
            obj.iter()
                .map(|(k, v)| {
                    let (name, span) = match k {
                        hcl_edit::expr::ObjectKey::Ident(id) => {
                            (id.as_str().to_string(), span_of(&self.src, id))
                        }
                        hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => {
                            (s.value().clone(), span_of(&self.src, s))
                        }
                        hcl_edit::expr::ObjectKey::Expression(x) => {
                            let key = Expr::new(x.clone(), &self.src);
                            (key.source_text().to_string(), key.span())
                        }
                    };
                    (name, span, Expr::new(v.expr().clone(), &self.src))
                })
                .collect(),
        )
    }

    /// The entries of an object expression as written, each key either a
    /// name (an identifier or a plain string, with its place) or an
    /// expression to evaluate (`(local.k)`, `"${var.k}"`). Unlike
    /// [`Expr::object_entries`], a key that must be evaluated is never taken
    /// for its text.
    pub fn object_items(&self) -> Option<Vec<(ObjectKey, Expr)>> {
        let mut e = &self.parsed;
        while let Expression::Parenthesis(p) = e {
            e = p.inner();
        }
        let Expression::Object(obj) = e else {
            return None;
        };
        Some(
            obj.iter()
                .map(|(k, v)| {
                    let key = match k {
                        hcl_edit::expr::ObjectKey::Ident(id) => {
                            ObjectKey::Name(id.as_str().to_string(), span_of(&self.src, id))
                        }
                        hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => {
                            ObjectKey::Name(s.value().clone(), span_of(&self.src, s))
                        }
                        hcl_edit::expr::ObjectKey::Expression(x) => {
                            ObjectKey::Computed(Expr::new(x.clone(), &self.src))
                        }
                    };
                    (key, Expr::new(v.expr().clone(), &self.src))
                })
                .collect(),
        )
    }

    /// The items of a tuple expression (`[a, b]`), as written.
    pub fn array_items(&self) -> Option<Vec<Expr>> {
        let mut e = &self.parsed;
        while let Expression::Parenthesis(p) = e {
            e = p.inner();
        }
        let Expression::Array(items) = e else {
            return None;
        };
        Some(
            items
                .iter()
                .map(|i| Expr::new(i.clone(), &self.src))
                .collect(),
        )
    }

    /// The sub-expressions of a function call, an index or an attribute
    /// access (for reading how values flow: `local.p[var.x]`).
    pub fn parts(&self) -> ExprShape {
        let mut e = &self.parsed;
        while let Expression::Parenthesis(p) = e {
            e = p.inner();
        }
        match e {
            Expression::FuncCall(f) => ExprShape::Call(
                f.name.name.as_str().to_string(),
                f.args
                    .iter()
                    .map(|a| Expr::new(a.clone(), &self.src))
                    .collect(),
            ),
            Expression::Traversal(t) => {
                let mut path = Vec::new();
                if let Expression::Variable(root) = &t.expr {
                    path.push(TraversalPart::Name(root.as_str().to_string()));
                } else {
                    path.push(TraversalPart::Expr(Expr::new(t.expr.clone(), &self.src)));
                }
                for op in &t.operators {
                    path.push(match op.value() {
                        hcl_edit::expr::TraversalOperator::GetAttr(n) => {
                            TraversalPart::Name(n.as_str().to_string())
                        }
                        hcl_edit::expr::TraversalOperator::Index(ix) => {
                            TraversalPart::Index(Expr::new(ix.clone(), &self.src))
                        }
                        _ => TraversalPart::Other,
                    });
                }
                ExprShape::Traversal(path)
            }
            Expression::Object(_) => ExprShape::Object,
            _ => ExprShape::Other,
        }
    }
}

/// The shape of an expression, for following references.
#[derive(Debug, Clone)]
pub enum ExprShape {
    /// `name(args…)`.
    Call(String, Vec<Expr>),
    /// `root.a[b].c`: the root's name (or expression), then each step.
    Traversal(Vec<TraversalPart>),
    Object,
    Other,
}

/// A key of an object expression (see [`Expr::object_items`]).
#[derive(Debug, Clone)]
pub enum ObjectKey {
    /// An identifier or a plain string: the key itself, and its place.
    Name(String, Span),
    /// An expression whose value is the key.
    Computed(Expr),
}

/// One step of a traversal.
#[derive(Debug, Clone)]
pub enum TraversalPart {
    Name(String),
    Index(Expr),
    Expr(Expr),
    /// A splat or legacy index.
    Other,
}

/// `name = expr` in a block body.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub name_span: Span,
    pub file: Arc<str>,
    pub value: Expr,
}

/// A local value: `name = expr` in a `locals` block.
pub type Local = Attribute;

/// A `variable` block.
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub name_span: Span,
    pub block_span: Span,
    pub file: Arc<str>,
    /// The `type` constraint and where it was written; `None` when absent or
    /// malformed (a problem of the file then).
    pub ty: Option<(TfType, Span)>,
    pub default: Option<Expr>,
    /// The values the `validation` blocks allow, from conditions of the forms
    /// `contains([lit, ...], var.NAME)` and `var.NAME == lit || ...` (either
    /// side, parentheses allowed); several such blocks intersect. `None` when
    /// no validation has one of these forms.
    pub allowed: Option<Vec<SValue>>,
    pub description: Option<String>,
}

/// An `output` block.
#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub name_span: Span,
    pub block_span: Span,
    pub file: Arc<str>,
    pub value: Expr,
    pub description: Option<String>,
}

/// Any other block (`resource`, `data`, `module`, `terraform`, `check`, ...),
/// kept whole.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<(String, Span)>,
    pub span: Span,
    pub file: Arc<str>,
    pub body: Body,
    src: Arc<Source>,
}

impl Block {
    fn new(block: HBlock, src: &Arc<Source>) -> Self {
        Self {
            kind: block.ident.as_str().to_owned(),
            labels: block
                .labels
                .iter()
                .map(|l| (l.as_str().to_owned(), span_of(src, l)))
                .collect(),
            span: span_of(src, &block),
            file: src.path.clone(),
            body: block.body,
            src: src.clone(),
        }
    }

    /// The first attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<Attribute> {
        self.body
            .get_attribute(name)
            .map(|a| attribute(a.key.as_str(), &a.key, a.value.clone(), &self.src))
    }

    /// The attributes of the body, in order.
    pub fn attributes(&self) -> Vec<Attribute> {
        self.body
            .attributes()
            .map(|a| attribute(a.key.as_str(), &a.key, a.value.clone(), &self.src))
            .collect()
    }

    /// The nested blocks of the body, in order (`dynamic "x"` blocks are
    /// blocks of kind `dynamic` here).
    pub fn blocks(&self) -> Vec<Block> {
        self.body
            .blocks()
            .map(|b| Block::new(b.clone(), &self.src))
            .collect()
    }
}

/// One parsed `.tf` file.
#[derive(Debug, Clone)]
pub struct HclFile {
    pub path: Arc<str>,
    /// The file's text.
    pub(crate) src: Arc<Source>,
    pub variables: Vec<Variable>,
    pub outputs: Vec<Output>,
    pub locals: Vec<Local>,
    /// Every other top-level block.
    pub blocks: Vec<Block>,
    /// Problems that do not stop the rest of the file from being read: a
    /// malformed type, a duplicate name, an output without a value.
    pub problems: Vec<HclError>,
    /// Object keys written a second time in one object (terraform keeps the
    /// last value; so does the evaluator).
    pub repeated_keys: Vec<HclError>,
}

impl HclFile {
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn output(&self, name: &str) -> Option<&Output> {
        self.outputs.iter().find(|o| o.name == name)
    }

    pub fn local(&self, name: &str) -> Option<&Local> {
        self.locals.iter().find(|l| l.name == name)
    }
}

/// Parse one file with no path (places carry an empty file name).
pub fn parse(text: &str) -> Result<HclFile, HclError> {
    parse_file("", text)
}

/// Parse one file; a syntax error is located in it.
pub fn parse_file(path: impl Into<Arc<str>>, text: &str) -> Result<HclFile, HclError> {
    let src = Arc::new(Source::new(path.into(), text));
    let (body, repeated) =
        super::workaround::parse_body(text).map_err(|e| syntax_error(&src, &e))?;
    let mut file = Lowering::new(&src).file(body);
    file.repeated_keys = repeated
        .into_iter()
        .map(|r| HclError {
            file: src.path.clone(),
            span: src.span(&r),
            message: format!(
                "the key `{}` is written twice in this object; terraform keeps this value and ignores the earlier one",
                src.slice(&r)
            ),
        })
        .collect();
    Ok(file)
}

fn syntax_error(src: &Source, e: &hcl_edit::parser::Error) -> HclError {
    let at = e.location().offset().min(src.text.len());
    let width = src
        .text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| *c != '\n')
        .map_or(0, char::len_utf8);
    HclError {
        file: src.path.clone(),
        span: src.span(&(at..at + width)),
        message: format!("syntax error: {}", e.message()),
    }
}

/// The files of one module, read together.
#[derive(Debug, Clone, Default)]
pub struct HclModule {
    pub files: Vec<HclFile>,
    /// Names declared in more than one file.
    pub problems: Vec<HclError>,
}

impl HclModule {
    /// The text of `file`: one of the module's files, else one of `read`
    /// (the files an evaluation read with `file()`/`templatefile()`).
    pub fn text_of<'t>(&'t self, file: &str, read: &'t [(Arc<str>, Arc<str>)]) -> Option<&'t str> {
        self.files
            .iter()
            .find(|f| *f.path == *file)
            .map(|f| f.src.text.as_str())
            .or_else(|| read.iter().find(|(p, _)| **p == *file).map(|(_, t)| &**t))
    }

    /// Join parsed files, reporting names declared in more than one of them
    /// (the first declaration is the one used).
    pub fn new(files: Vec<HclFile>) -> Self {
        let mut problems = Vec::new();
        let mut seen = Seen::default();
        for f in &files {
            for v in &f.variables {
                seen.check(&mut problems, "variable", &v.name, &f.src, v.name_span);
            }
            for o in &f.outputs {
                seen.check(&mut problems, "output", &o.name, &f.src, o.name_span);
            }
            for l in &f.locals {
                seen.check(&mut problems, "local value", &l.name, &f.src, l.name_span);
            }
        }
        // Duplicates inside one file are already that file's problems.
        problems.retain(|p| !files.iter().any(|f| f.problems.contains(p)));
        Self { files, problems }
    }

    /// Parse `(path, text)` pairs; every file's syntax error when any fails.
    pub fn from_files<I, P, T>(files: I) -> Result<Self, Vec<HclError>>
    where
        I: IntoIterator<Item = (P, T)>,
        P: Into<Arc<str>>,
        T: AsRef<str>,
    {
        let (parsed, errors): (Vec<_>, Vec<_>) = files
            .into_iter()
            .map(|(p, t)| parse_file(p, t.as_ref()))
            .partition(Result::is_ok);
        if errors.is_empty() {
            Ok(Self::new(parsed.into_iter().flatten().collect()))
        } else {
            Err(errors.into_iter().filter_map(Result::err).collect())
        }
    }

    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.files.iter().flat_map(|f| &f.variables)
    }

    pub fn outputs(&self) -> impl Iterator<Item = &Output> {
        self.files.iter().flat_map(|f| &f.outputs)
    }

    pub fn locals(&self) -> impl Iterator<Item = &Local> {
        self.files.iter().flat_map(|f| &f.locals)
    }

    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.files.iter().flat_map(|f| &f.blocks)
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables().find(|v| v.name == name)
    }

    pub fn output(&self, name: &str) -> Option<&Output> {
        self.outputs().find(|o| o.name == name)
    }

    pub fn local(&self, name: &str) -> Option<&Local> {
        self.locals().find(|l| l.name == name)
    }

    /// Object keys written twice (warnings: terraform keeps the last value).
    pub fn repeated_keys(&self) -> impl Iterator<Item = &HclError> {
        self.files.iter().flat_map(|f| &f.repeated_keys)
    }

    /// Every problem: each file's, then the module's.
    pub fn all_problems(&self) -> impl Iterator<Item = &HclError> {
        self.files
            .iter()
            .flat_map(|f| &f.problems)
            .chain(&self.problems)
    }
}

/// First declarations by kind and name, to report duplicates.
#[derive(Default)]
/// Each name's first declaration: its file and printed place.
struct Seen(HashMap<(&'static str, String), (Arc<str>, crate::diag::Loc)>);

impl Seen {
    fn check(
        &mut self,
        problems: &mut Vec<HclError>,
        kind: &'static str,
        name: &str,
        src: &Source,
        span: Span,
    ) {
        match self.0.get(&(kind, name.to_owned())) {
            Some((first_file, first)) => problems.push(HclError {
                file: src.path.clone(),
                span,
                message: format!(
                    "duplicate {kind} `{name}`: first declared at {first_file}:{}:{}",
                    first.line, first.col
                ),
            }),
            None => {
                let first = src.loc(span.start);
                self.0
                    .insert((kind, name.to_owned()), (src.path.clone(), first));
            }
        }
    }
}

fn span_of(src: &Source, node: &impl hcl_edit::Span) -> Span {
    node.span().map(|r| src.span(&r)).unwrap_or_default()
}

fn attribute(
    name: &str,
    key: &impl hcl_edit::Span,
    value: Expression,
    src: &Arc<Source>,
) -> Attribute {
    Attribute {
        name: name.to_owned(),
        name_span: span_of(src, key),
        file: src.path.clone(),
        value: Expr::new(value, src),
    }
}

/// Lowering of one file's body.
struct Lowering {
    src: Arc<Source>,
    file: HclFile,
    seen: Seen,
}

impl Lowering {
    fn new(src: &Arc<Source>) -> Self {
        Self {
            src: src.clone(),
            file: HclFile {
                path: src.path.clone(),
                src: src.clone(),
                variables: Vec::new(),
                outputs: Vec::new(),
                locals: Vec::new(),
                blocks: Vec::new(),
                problems: Vec::new(),
                repeated_keys: Vec::new(),
            },
            seen: Seen::default(),
        }
    }

    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.file.problems.push(HclError {
            file: self.src.path.clone(),
            span,
            message: message.into(),
        });
    }

    fn declared(&mut self, kind: &'static str, name: &str, span: Span) {
        let src = self.src.clone();
        self.seen
            .check(&mut self.file.problems, kind, name, &src, span);
    }

    fn file(mut self, body: Body) -> HclFile {
        for structure in body {
            match structure {
                Structure::Block(b) => match b.ident.as_str() {
                    "variable" => self.variable(b),
                    "output" => self.output(b),
                    "locals" => self.locals(b),
                    _ => self.file.blocks.push(Block::new(b, &self.src)),
                },
                Structure::Attribute(a) => {
                    let span = span_of(&self.src, &a.key);
                    self.problem(
                        span,
                        format!("unexpected attribute `{}` outside a block", a.key.as_str()),
                    );
                }
            }
        }
        self.file
    }

    /// The one label of a `variable` or `output` block.
    fn label(&mut self, b: &HBlock) -> Option<(String, Span)> {
        if let [label] = b.labels.as_slice() {
            return Some((label.as_str().to_owned(), span_of(&self.src, label)));
        }
        let span = span_of(&self.src, &b.ident);
        self.problem(
            span,
            format!("a `{}` block takes exactly one label", b.ident.as_str()),
        );
        None
    }

    /// The body's attributes by name (the first of each; repeats are problems)
    /// and its blocks.
    fn split(&mut self, body: Body) -> (HashMap<String, Attribute>, Vec<HBlock>) {
        let mut attrs = HashMap::new();
        let mut blocks = Vec::new();
        for structure in body {
            match structure {
                Structure::Attribute(a) => {
                    let attr = attribute(a.key.as_str(), &a.key, a.value, &self.src);
                    if attrs.contains_key(&attr.name) {
                        self.problem(
                            attr.name_span,
                            format!("attribute `{}` is set more than once", attr.name),
                        );
                    } else {
                        attrs.insert(attr.name.clone(), attr);
                    }
                }
                Structure::Block(b) => blocks.push(b),
            }
        }
        (attrs, blocks)
    }

    fn variable(&mut self, b: HBlock) {
        let block_span = span_of(&self.src, &b);
        let Some((name, name_span)) = self.label(&b) else {
            return;
        };
        self.declared("variable", &name, name_span);
        let (mut attrs, blocks) = self.split(b.body);
        let ty = attrs.remove("type").and_then(|t| self.ty(&t.value));
        let description = attrs
            .remove("description")
            .and_then(|d| static_string(&d.value));
        let conditions: Vec<Expr> = blocks
            .into_iter()
            .filter(|v| v.ident.as_str() == "validation")
            .filter_map(|v| v.body.get_attribute("condition").map(|c| c.value.clone()))
            .map(|c| Expr::new(c, &self.src))
            .collect();
        self.file.variables.push(Variable {
            allowed: allowed_values(&name, &conditions),
            name,
            name_span,
            block_span,
            file: self.src.path.clone(),
            ty,
            default: attrs.remove("default").map(|d| d.value),
            description,
        });
    }

    fn ty(&mut self, e: &Expr) -> Option<(TfType, Span)> {
        match parse_type(&e.parsed, &self.src) {
            Ok(ty) => Some((ty, e.span())),
            Err((span, message)) => {
                self.problem(span, message);
                None
            }
        }
    }

    fn output(&mut self, b: HBlock) {
        let block_span = span_of(&self.src, &b);
        let Some((name, name_span)) = self.label(&b) else {
            return;
        };
        self.declared("output", &name, name_span);
        let (mut attrs, _) = self.split(b.body);
        let Some(value) = attrs.remove("value") else {
            self.problem(name_span, format!("output `{name}` has no `value`"));
            return;
        };
        self.file.outputs.push(Output {
            description: attrs
                .remove("description")
                .and_then(|d| static_string(&d.value)),
            name,
            name_span,
            block_span,
            file: self.src.path.clone(),
            value: value.value,
        });
    }

    fn locals(&mut self, b: HBlock) {
        for structure in b.body {
            match structure {
                Structure::Attribute(a) => {
                    let local = attribute(a.key.as_str(), &a.key, a.value, &self.src);
                    self.declared("local value", &local.name, local.name_span);
                    self.file.locals.push(local);
                }
                Structure::Block(inner) => {
                    let span = span_of(&self.src, &inner.ident);
                    self.problem(span, "a `locals` block holds attributes only");
                }
            }
        }
    }
}

/// A string known from the text alone (a description).
fn static_string(e: &Expr) -> Option<String> {
    match eval_static(e).ok()?.value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// The values the validation conditions allow for `var.<name>`.
fn allowed_values(name: &str, conditions: &[Expr]) -> Option<Vec<SValue>> {
    let mut allowed: Option<Vec<SValue>> = None;
    for c in conditions {
        let Some(values) = condition_values(name, c, &c.parsed) else {
            continue;
        };
        allowed = Some(match allowed {
            None => values,
            Some(mut prev) => {
                prev.retain(|v| values.contains(v));
                prev
            }
        });
    }
    allowed.map(|mut values| {
        let mut unique: Vec<SValue> = Vec::with_capacity(values.len());
        for v in values.drain(..) {
            if !unique.contains(&v) {
                unique.push(v);
            }
        }
        unique
    })
}

/// `contains([...], var.x)` or `var.x == lit || lit == var.x || ...`.
fn condition_values(name: &str, c: &Expr, e: &Expression) -> Option<Vec<SValue>> {
    match e {
        Expression::Parenthesis(p) => condition_values(name, c, p.inner()),
        Expression::FuncCall(f)
            if f.name.name.as_str() == "contains"
                && !f.name.is_namespaced()
                && !f.args.expand_final()
                && f.args.len() == 2 =>
        {
            let (list, var) = (f.args.get(0)?, f.args.get(1)?);
            if !is_var(name, var) {
                return None;
            }
            match eval_static(&Expr::new(list.clone(), &c.src)).ok()?.value {
                Value::List(items) => Some(items),
                _ => None,
            }
        }
        Expression::BinaryOp(op) => match op.operator.value() {
            BinaryOperator::Or => {
                let mut left = condition_values(name, c, &op.lhs_expr)?;
                left.extend(condition_values(name, c, &op.rhs_expr)?);
                Some(left)
            }
            BinaryOperator::Eq => {
                let literal = if is_var(name, &op.lhs_expr) {
                    &op.rhs_expr
                } else if is_var(name, &op.rhs_expr) {
                    &op.lhs_expr
                } else {
                    return None;
                };
                let value = eval_static(&Expr::new(literal.clone(), &c.src)).ok()?;
                value.value.is_primitive().then(|| vec![value])
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether `e` is exactly `var.<name>`.
fn is_var(name: &str, e: &Expression) -> bool {
    match e {
        Expression::Parenthesis(p) => is_var(name, p.inner()),
        Expression::Traversal(t) => {
            matches!(&t.expr, Expression::Variable(v) if v.as_str() == "var")
                && matches!(
                    t.operators.as_slice(),
                    [op] if matches!(op.value(), TraversalOperator::GetAttr(a) if a.as_str() == name)
                )
        }
        _ => false,
    }
}
