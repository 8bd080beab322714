//! The static evaluator: expressions to values where the text alone decides
//! the result, [`NotEvaluable`] with a place and a reason everywhere else.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl_edit::expr::{
    BinaryOp, BinaryOperator, Conditional, Expression, Object, ObjectKey, Traversal,
    TraversalOperator, UnaryOp, UnaryOperator,
};

use crate::diag::Span;

use super::model::{Expr, HclFile, HclModule, Local, Variable};
use super::number::Number;
use super::source::Source;
use super::types::{TfType, convert, to_primitive, unify};
use super::value::{SValue, Value};
use super::{funcs, template};

/// Deepest nesting of expressions (local references included) evaluated;
/// deeper is [`NotEvaluable`].
pub const MAX_DEPTH: usize = 128;

/// Most expression nodes and value nodes one evaluation may produce, so that
/// locals which double each other cannot exhaust memory.
const MAX_NODES: usize = 1_000_000;

/// Why a value could not be computed statically, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEvaluable {
    pub file: Arc<str>,
    /// The offending sub-expression.
    pub span: Span,
    pub reason: String,
    /// A depth or size limit was hit (such failures are not cached).
    limit: bool,
    /// A file that `file()` or `templatefile()` names could not be read or
    /// parsed: terraform itself would fail there.
    file_error: bool,
}

impl NotEvaluable {
    pub(crate) fn new(file: Arc<str>, span: Span, reason: impl Into<String>) -> Self {
        Self {
            file,
            span,
            reason: reason.into(),
            limit: false,
            file_error: false,
        }
    }

    /// A file named by `file()`/`templatefile()` that cannot be read
    /// (`fails`: terraform fails too; else only wsc does not read it).
    pub(crate) fn unread_file(file: Arc<str>, span: Span, (reason, fails): (String, bool)) -> Self {
        if fails {
            Self::file_error(file, span, reason)
        } else {
            Self::new(file, span, reason)
        }
    }

    /// A file named by `file()`/`templatefile()` that cannot be read.
    pub(crate) fn file_error(file: Arc<str>, span: Span, reason: impl Into<String>) -> Self {
        Self {
            file_error: true,
            ..Self::new(file, span, reason)
        }
    }

    /// A file `file()` or `templatefile()` names could not be read or parsed.
    pub fn is_file_error(&self) -> bool {
        self.file_error
    }

    /// A problem with a value, located where the value was written.
    pub(crate) fn at(v: &SValue, reason: impl Into<String>) -> Self {
        Self::new(v.file.clone(), v.span, reason)
    }

    /// Whether evaluation stopped at [`MAX_DEPTH`] or the size limit.
    pub fn is_limit(&self) -> bool {
        self.limit
    }

    fn with_reason(self, reason: String) -> Self {
        Self { reason, ..self }
    }
}

impl fmt::Display for NotEvaluable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{}): {}",
            self.file, self.span.start, self.span.end, self.reason
        )
    }
}

impl std::error::Error for NotEvaluable {}

/// What `var.NAME` and `local.NAME` mean during an evaluation: the module's
/// declarations, values assigned to variables (a case under test), and the
/// locals computed so far.
///
/// A *lenient* scope (for text that is audited, such as a boot script) turns
/// an interpolation it cannot evaluate into an opaque word instead of failing
/// the whole string (see [`SValue::opaque_ranges`]); with [`FileAccess`] it
/// also reads the files `file()` and `templatefile()` name, and `path.module`
/// is the module's directory.
pub struct Scope<'a> {
    variables: HashMap<&'a str, &'a Variable>,
    locals: HashMap<&'a str, &'a Local>,
    assigned: HashMap<String, SValue>,
    defaults: RefCell<HashMap<String, Slot>>,
    computed: RefCell<HashMap<String, Slot>>,
    lenient: bool,
    files: Option<FileAccess>,
    /// `module.<name>`: the outputs of a called module, as one object.
    modules: HashMap<String, SValue>,
}

/// How a lenient scope reads the files `file()` and `templatefile()` name.
pub struct FileAccess {
    /// The module's directory (`path.module`).
    pub module_dir: PathBuf,
    /// Files outside this directory are not read.
    pub root: PathBuf,
    pub max_bytes: u64,
    /// Every file read, as shown in findings, with its text.
    read: RefCell<Vec<(Arc<str>, Arc<str>)>>,
}

impl FileAccess {
    pub fn new(module_dir: PathBuf, root: PathBuf, max_bytes: u64) -> Self {
        Self {
            module_dir,
            root,
            max_bytes,
            read: RefCell::default(),
        }
    }

    /// The files read so far, in the order they were first read.
    pub fn read(&self) -> Vec<(Arc<str>, Arc<str>)> {
        self.read.borrow().clone()
    }

    /// Read a module-relative path: its place as shown and its text, or why
    /// not. The path is normalised (`a/../b` is `b`) and must stay inside
    /// the root.
    pub(crate) fn load(&self, rel: &str) -> Result<(Arc<str>, Arc<str>), (String, bool)> {
        let rel = rel.strip_prefix("./").unwrap_or(rel);
        let joined = if Path::new(rel).is_absolute() {
            PathBuf::from(rel)
        } else {
            self.module_dir.join(rel)
        };
        let path = crate::ingest::source::normalize(&joined);
        if !path.starts_with(crate::ingest::source::normalize(&self.root)) {
            // Not an error of the template: wsc does not read it.
            return Err((
                format!(
                    "`{}` lies outside the audited tree, so it is not read",
                    path.display()
                ),
                false,
            ));
        }
        let shown: Arc<str> = Arc::from(path.display().to_string());
        if let Some((_, t)) = self.read.borrow().iter().find(|(p, _)| *p == shown) {
            return Ok((shown.clone(), t.clone()));
        }
        let text = crate::ingest::source::read_file(&path, self.max_bytes)
            .map_err(|e| (format!("`{shown}`: {e}"), true))?;
        let text: Arc<str> = Arc::from(text);
        self.read.borrow_mut().push((shown.clone(), text.clone()));
        Ok((shown, text))
    }
}

/// A cached variable default or local.
#[derive(Clone)]
enum Slot {
    /// Being evaluated: meeting it again is a cycle.
    Busy,
    /// The result and its size in nodes.
    Done(Result<SValue, NotEvaluable>, usize),
}

impl<'a> Scope<'a> {
    /// No variables and no locals: for values that must be literal
    /// (variable defaults, validation lists).
    pub fn empty() -> Self {
        Self::build(std::iter::empty(), std::iter::empty())
    }

    /// The variables and locals of every file of a module.
    pub fn new(module: &'a HclModule) -> Self {
        Self::build(module.variables(), module.locals())
    }

    /// The variables and locals of one file.
    pub fn for_file(file: &'a HclFile) -> Self {
        Self::build(file.variables.iter(), file.locals.iter())
    }

    fn build(
        variables: impl Iterator<Item = &'a Variable>,
        locals: impl Iterator<Item = &'a Local>,
    ) -> Self {
        let mut scope = Self {
            variables: HashMap::new(),
            locals: HashMap::new(),
            assigned: HashMap::new(),
            defaults: RefCell::default(),
            computed: RefCell::default(),
            lenient: false,
            files: None,
            modules: HashMap::new(),
        };
        for v in variables {
            scope.variables.entry(v.name.as_str()).or_insert(v);
        }
        for l in locals {
            scope.locals.entry(l.name.as_str()).or_insert(l);
        }
        scope
    }

    /// A lenient scope over a module (see [`Scope`]): for text that is
    /// audited rather than computed exactly.
    pub fn lenient(module: &'a HclModule, files: Option<FileAccess>) -> Self {
        let mut scope = Self::new(module);
        scope.lenient = true;
        scope.files = files;
        scope
    }

    /// A strict scope over a module that reads the files `file()` and
    /// `templatefile()` name (everything else as [`Scope::new`]).
    pub fn with_files(module: &'a HclModule, files: FileAccess) -> Self {
        let mut scope = Self::new(module);
        scope.files = Some(files);
        scope
    }

    /// The file access of a lenient scope.
    pub fn files(&self) -> Option<&FileAccess> {
        self.files.as_ref()
    }

    /// Give `var.<name>` a value, converted to the variable's type (locals
    /// computed so far are forgotten).
    pub fn assign(&mut self, name: &str, value: SValue) -> Result<(), NotEvaluable> {
        let Some(var) = self.variables.get(name) else {
            return Err(NotEvaluable::at(
                &value,
                format!("variable `{name}` is not declared"),
            ));
        };
        let value = match &var.ty {
            Some((ty, _)) => convert(value, ty)?,
            None => value,
        };
        self.assigned.insert(name.to_owned(), value);
        self.computed.get_mut().clear();
        Ok(())
    }

    /// Give `module.<name>` its outputs (an object of output name → value).
    pub fn set_module(&mut self, name: &str, outputs: SValue) {
        self.modules.insert(name.to_owned(), outputs);
        self.computed.get_mut().clear();
    }

    /// Forget every assigned value: variables take their defaults again.
    pub fn clear_assignments(&mut self) {
        self.assigned.clear();
        self.computed.get_mut().clear();
    }

    /// The value of `var.<name>`.
    pub fn var(&self, name: &str) -> Result<SValue, NotEvaluable> {
        let at = self
            .variables
            .get(name)
            .map(|v| (v.file.clone(), v.name_span));
        let (file, span) = at.unwrap_or_default();
        self.var_at(name, &file, span, 0, &Cell::new(MAX_NODES))
    }

    /// The value of `local.<name>`.
    pub fn local(&self, name: &str) -> Result<SValue, NotEvaluable> {
        let at = self.locals.get(name).map(|l| (l.file.clone(), l.name_span));
        let (file, span) = at.unwrap_or_default();
        self.local_at(name, &file, span, 0, &Cell::new(MAX_NODES))
    }

    fn var_at(
        &self,
        name: &str,
        file: &Arc<str>,
        span: Span,
        depth: usize,
        budget: &Cell<usize>,
    ) -> Result<SValue, NotEvaluable> {
        if let Some(v) = self.assigned.get(name) {
            return Ok(v.clone());
        }
        let Some(var) = self.variables.get(name) else {
            return Err(NotEvaluable::new(
                file.clone(),
                span,
                format!("variable `{name}` is not declared"),
            ));
        };
        let Some(default) = &var.default else {
            return Err(NotEvaluable::new(
                file.clone(),
                span,
                format!("variable `{name}` has no default and no value is assigned"),
            ));
        };
        cached(&self.defaults, name, budget, || {
            let value =
                Ctx::new(&Scope::empty(), &default.src, budget).eval(&default.parsed, depth)?;
            match &var.ty {
                Some((ty, _)) => convert(value, ty).map_err(|e| {
                    let reason = format!(
                        "the default of `{name}` does not fit its type: {}",
                        e.reason
                    );
                    e.with_reason(reason)
                }),
                None => Ok(value),
            }
        })
        .unwrap_or_else(|| default_cycle(file, span, name))
    }

    fn local_at(
        &self,
        name: &str,
        file: &Arc<str>,
        span: Span,
        depth: usize,
        budget: &Cell<usize>,
    ) -> Result<SValue, NotEvaluable> {
        let Some(local) = self.locals.get(name) else {
            return Err(NotEvaluable::new(
                file.clone(),
                span,
                format!("local value `{name}` is not declared"),
            ));
        };
        cached(&self.computed, name, budget, || {
            Ctx::new(self, &local.value.src, budget).eval(&local.value.parsed, depth)
        })
        .unwrap_or_else(|| {
            Err(NotEvaluable::new(
                file.clone(),
                span,
                format!("local value `{name}` depends on itself"),
            ))
        })
    }
}

fn default_cycle(file: &Arc<str>, span: Span, name: &str) -> Result<SValue, NotEvaluable> {
    // Defaults cannot refer to anything, so they never meet themselves.
    Err(NotEvaluable::new(
        file.clone(),
        span,
        format!("variable `{name}` depends on itself"),
    ))
}

/// Evaluate through a cache: `None` when `name` is being evaluated already (a
/// cycle). Results are cached except when a limit stopped them; a cache hit
/// costs its size from the budget.
fn cached(
    cache: &RefCell<HashMap<String, Slot>>,
    name: &str,
    budget: &Cell<usize>,
    compute: impl FnOnce() -> Result<SValue, NotEvaluable>,
) -> Option<Result<SValue, NotEvaluable>> {
    let hit = cache.borrow().get(name).cloned();
    match hit {
        Some(Slot::Busy) => return None,
        Some(Slot::Done(result, size)) => {
            let left = budget.get();
            if let (Ok(v), true) = (&result, size > left) {
                return Some(Err(too_large(v)));
            }
            budget.set(left.saturating_sub(size));
            return Some(result);
        }
        None => {}
    }
    cache.borrow_mut().insert(name.to_owned(), Slot::Busy);
    let result = compute();
    let mut cache = cache.borrow_mut();
    match &result {
        Err(e) if e.limit => {
            cache.remove(name);
        }
        _ => {
            let size = result.as_ref().map_or(1, |v| size_of(&v.value));
            cache.insert(name.to_owned(), Slot::Done(result.clone(), size));
        }
    }
    Some(result)
}

fn size_of(v: &Value) -> usize {
    1 + match v {
        Value::List(items) => items.iter().map(|i| size_of(&i.value)).sum(),
        Value::Object(entries) => entries.iter().map(|(_, _, e)| size_of(&e.value)).sum(),
        _ => 0,
    }
}

fn too_large(v: &SValue) -> NotEvaluable {
    NotEvaluable {
        limit: true,
        ..NotEvaluable::at(v, "the value is too large to evaluate statically")
    }
}

/// Evaluate an expression with a scope.
pub fn eval(expr: &Expr, scope: &Scope) -> Result<SValue, NotEvaluable> {
    let budget = Cell::new(MAX_NODES);
    Ctx::new(scope, &expr.src, &budget).eval(&expr.parsed, 0)
}

/// The variables of a template file (`templatefile`'s second argument):
/// `None` for a value that could not be evaluated.
#[derive(Default)]
pub(crate) struct TemplateVars {
    pub(crate) values: HashMap<String, Option<SValue>>,
    /// Every variable of the map is known (a literal object): a name that is
    /// not in it makes terraform fail.
    pub(crate) complete: bool,
}

/// Evaluate an expression that may not refer to anything.
pub(crate) fn eval_static(expr: &Expr) -> Result<SValue, NotEvaluable> {
    eval(expr, &Scope::empty())
}

/// One evaluation in one file.
pub(crate) struct Ctx<'s, 'a> {
    pub(crate) scope: &'s Scope<'a>,
    pub(crate) src: &'s Arc<Source>,
    pub(crate) budget: &'s Cell<usize>,
    /// Inside a template file: its variables.
    pub(crate) tvars: Option<&'s TemplateVars>,
}

impl<'s, 'a> Ctx<'s, 'a> {
    fn new(scope: &'s Scope<'a>, src: &'s Arc<Source>, budget: &'s Cell<usize>) -> Self {
        Self {
            scope,
            src,
            budget,
            tvars: None,
        }
    }

    /// The same evaluation inside a template file.
    pub(crate) fn in_template<'t>(
        &'t self,
        src: &'t Arc<Source>,
        vars: &'t TemplateVars,
    ) -> Ctx<'t, 'a> {
        Ctx {
            scope: self.scope,
            src,
            budget: self.budget,
            tvars: Some(vars),
        }
    }

    /// Unknown interpolations become opaque words.
    pub(crate) fn lenient(&self) -> bool {
        self.scope.lenient
    }

    /// A template variable's value, when inside a template file.
    fn template_var(
        &self,
        node: &impl hcl_edit::Span,
        name: &str,
    ) -> Option<Result<SValue, NotEvaluable>> {
        let vars = self.tvars?;
        Some(match vars.values.get(name) {
            Some(Some(v)) => Ok(v.clone()),
            Some(None) => Err(self.fail(
                node,
                format!("the template variable `{name}` is not evaluated statically"),
            )),
            None if vars.complete => Err(NotEvaluable::file_error(
                self.src.path.clone(),
                self.span(node),
                format!(
                    "the template's variables have no `{name}` (write `$${{{name}}}` for the shell's variable)"
                ),
            )),
            None => Err(self.fail(node, format!("the template's variables have no `{name}`"))),
        })
    }

    pub(crate) fn span(&self, node: &impl hcl_edit::Span) -> Span {
        node.span().map(|r| self.src.span(&r)).unwrap_or_default()
    }

    /// The node's text as written, on one line and shortened for messages.
    pub(crate) fn text(&self, node: &impl hcl_edit::Span) -> String {
        let raw = node.span().map_or("", |r| self.src.slice(&r));
        let one_line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > 60 {
            format!("{}...", one_line.chars().take(57).collect::<String>())
        } else {
            one_line
        }
    }

    pub(crate) fn fail(
        &self,
        node: &impl hcl_edit::Span,
        reason: impl Into<String>,
    ) -> NotEvaluable {
        NotEvaluable::new(self.src.path.clone(), self.span(node), reason)
    }

    pub(crate) fn value(&self, node: &impl hcl_edit::Span, value: Value) -> SValue {
        SValue::new(value, self.src.path.clone(), self.span(node))
    }

    pub(crate) fn eval(&self, e: &Expression, depth: usize) -> Result<SValue, NotEvaluable> {
        if depth >= MAX_DEPTH {
            return Err(NotEvaluable {
                limit: true,
                ..self.fail(e, format!("nested more than {MAX_DEPTH} levels deep"))
            });
        }
        let left = self.budget.get();
        if left == 0 {
            return Err(NotEvaluable {
                limit: true,
                ..self.fail(e, "the value is too large to evaluate statically")
            });
        }
        self.budget.set(left - 1);
        let d = depth + 1;
        match e {
            Expression::Null(_) => Ok(self.value(e, Value::Null)),
            Expression::Bool(b) => Ok(self.value(e, Value::Bool(*b.value()))),
            Expression::Number(_) => self.number(e),
            Expression::String(_) => template::plain(self, e),
            Expression::StringTemplate(t) => template::quoted(self, e, t, d),
            Expression::HeredocTemplate(h) => template::heredoc(self, e, h, d),
            Expression::Array(items) => {
                let items = items
                    .iter()
                    .map(|i| self.eval(i, d))
                    .collect::<Result<_, _>>()?;
                Ok(self.value(e, Value::List(items)))
            }
            Expression::Object(obj) => self.object(e, obj, d),
            Expression::Parenthesis(p) => self.eval(p.inner(), d),
            // A lone name is no Terraform reference (resources are
            // `TYPE.NAME`): terraform fails on `${HOME}` in a .tf file.
            Expression::Variable(v) => self.template_var(e, v.as_str()).unwrap_or_else(|| {
                Err(NotEvaluable::file_error(
                    self.src.path.clone(),
                    self.span(e),
                    format!(
                        "`{}` is not a valid reference in Terraform (write `$${{{0}}}` for the shell's variable)",
                        v.as_str()
                    ),
                ))
            }),
            Expression::Traversal(t) => self.traversal(e, t, d),
            Expression::FuncCall(f) => funcs::call(self, e, f, d),
            Expression::Conditional(c) => self.conditional(e, c, d),
            Expression::UnaryOp(op) => self.unary(e, op, d),
            Expression::BinaryOp(op) => self.binary(e, op, d),
            Expression::ForExpr(_) => {
                Err(self.fail(e, "`for` expressions are not evaluated statically"))
            }
        }
    }

    /// A number literal, read exactly from its text.
    fn number(&self, e: &Expression) -> Result<SValue, NotEvaluable> {
        let text: String = self.text(e).split_whitespace().collect();
        match Number::parse(&text) {
            Some(n) => Ok(self.value(e, Value::Number(n))),
            None => Err(self.fail(
                e,
                format!("the number `{text}` is beyond what wsc evaluates exactly"),
            )),
        }
    }

    /// `{ key = value }`: a repeated key keeps the last value, as terraform does.
    fn object(&self, e: &Expression, obj: &Object, d: usize) -> Result<SValue, NotEvaluable> {
        let mut entries: Vec<(String, Span, SValue)> = Vec::with_capacity(obj.len());
        for (key, value) in obj {
            let (name, key_span) = self.key(key, d)?;
            let value = self.eval(value.expr(), d)?;
            match entries.iter_mut().find(|(k, _, _)| *k == name) {
                Some(slot) => *slot = (name, key_span, value),
                None => entries.push((name, key_span, value)),
            }
        }
        Ok(self.value(e, Value::Object(entries)))
    }

    fn key(&self, key: &ObjectKey, d: usize) -> Result<(String, Span), NotEvaluable> {
        let k = match key {
            // The key as written in the file (the parser may have seen a
            // stand-in for a repeated key: see `workaround`).
            ObjectKey::Ident(id) => {
                let written = hcl_edit::Span::span(id)
                    .map(|r| self.src.slice(&r))
                    .filter(|s| !s.is_empty())
                    .unwrap_or(id.as_str());
                return Ok((written.to_owned(), self.span(id)));
            }
            ObjectKey::Expression(k) => k,
        };
        let v = self.eval(k, d)?;
        if v.value.is_null() {
            return Err(self.fail(k, "an object key must not be null"));
        }
        match to_primitive(v, &TfType::String)?.value {
            Value::String(s) => Ok((s, self.span(k))),
            other => Err(self.fail(
                k,
                format!("an object key must be a string, not {}", other.kind()),
            )),
        }
    }

    fn traversal(&self, e: &Expression, t: &Traversal, d: usize) -> Result<SValue, NotEvaluable> {
        let ops = t.operators.as_slice();
        let first = ops.first().map(hcl_edit::Decorated::value);
        let (base, rest) = match (&t.expr, first) {
            (Expression::Variable(root), Some(TraversalOperator::GetAttr(name)))
                if matches!(root.as_str(), "var" | "local") =>
            {
                let head = match ops.first() {
                    Some(op) => self.span(op),
                    None => self.span(e),
                };
                let at = Span::new(self.span(root).start, head.end);
                let value = if root.as_str() == "var" {
                    self.scope
                        .var_at(name.as_str(), &self.src.path, at, d, self.budget)?
                } else {
                    self.scope
                        .local_at(name.as_str(), &self.src.path, at, d, self.budget)?
                };
                (value, &ops[1..])
            }
            (Expression::Variable(root), Some(TraversalOperator::GetAttr(name)))
                if root.as_str() == "module" && self.scope.modules.contains_key(name.as_str()) =>
            {
                let value = self.scope.modules[name.as_str()].clone();
                (value, &ops[1..])
            }
            (Expression::Variable(root), Some(TraversalOperator::GetAttr(name)))
                if root.as_str() == "path"
                    && matches!(name.as_str(), "module" | "root" | "cwd")
                    && self.scope.files.is_some() =>
            {
                (self.value(e, Value::String(".".to_owned())), &ops[1..])
            }
            (Expression::Variable(root), _) if self.tvars.is_some() => {
                let Some(base) = self.template_var(&t.expr, root.as_str()) else {
                    return Err(self.fail(e, "not a template variable"));
                };
                (base?, ops)
            }
            (Expression::Variable(_), _) => {
                return Err(self.fail(
                    e,
                    format!(
                        "the reference `{}` is not evaluated statically",
                        self.text(e)
                    ),
                ));
            }
            _ => (self.eval(&t.expr, d)?, ops),
        };
        rest.iter().try_fold(base, |v, op| self.access(&v, op, d))
    }

    /// `.name`, `[index]` or `.0` on an evaluated value.
    fn access(
        &self,
        v: &SValue,
        op: &hcl_edit::Decorated<TraversalOperator>,
        d: usize,
    ) -> Result<SValue, NotEvaluable> {
        match op.value() {
            TraversalOperator::GetAttr(name) => match &v.value {
                Value::Object(_) => v.value.get(name.as_str()).cloned().ok_or_else(|| {
                    self.fail(
                        op,
                        format!("the object has no attribute `{}`", name.as_str()),
                    )
                }),
                other => Err(self.fail(
                    op,
                    format!(
                        "cannot read attribute `{}` of {}",
                        name.as_str(),
                        other.kind()
                    ),
                )),
            },
            TraversalOperator::Index(ix) => {
                let key = self.eval(ix, d)?;
                self.index(v, key, op)
            }
            TraversalOperator::LegacyIndex(n) => {
                let key = self.value(
                    op,
                    Value::Number(Number::from_i64(
                        i64::try_from(*n.value()).unwrap_or(i64::MAX),
                    )),
                );
                self.index(v, key, op)
            }
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                Err(self.fail(op, "splat expressions are not evaluated statically"))
            }
        }
    }

    fn index(
        &self,
        v: &SValue,
        key: SValue,
        op: &impl hcl_edit::Span,
    ) -> Result<SValue, NotEvaluable> {
        if key.value.is_null() {
            return Err(self.fail(op, "the index is null"));
        }
        match &v.value {
            Value::List(items) => {
                let n = to_primitive(key, &TfType::Number)?;
                let i = n.value.as_number().and_then(Number::as_i64);
                i.and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| items.get(i))
                    .cloned()
                    .ok_or_else(|| {
                        self.fail(
                            op,
                            format!("the index is not an element of a list of {}", items.len()),
                        )
                    })
            }
            Value::Object(_) => {
                let k = to_primitive(key, &TfType::String)?;
                let name = k.value.as_str().unwrap_or_default();
                v.value
                    .get(name)
                    .cloned()
                    .ok_or_else(|| self.fail(op, format!("the object has no key {name:?}")))
            }
            other => Err(self.fail(op, format!("cannot index {}", other.kind()))),
        }
    }

    /// A value as a bool (`"true"` converts), null refused.
    fn truth(&self, v: SValue, node: &Expression) -> Result<bool, NotEvaluable> {
        if v.value.is_null() {
            return Err(self.fail(node, "the value is null where a bool is required"));
        }
        to_primitive(v, &TfType::Bool)?
            .value
            .as_bool()
            .ok_or_else(|| self.fail(node, "a bool is required"))
    }

    /// `c ? a : b`. The result takes the type common to both branches; when
    /// the other branch cannot be evaluated, only a string or null result is
    /// certain (every other type could still be converted).
    fn conditional(
        &self,
        e: &Expression,
        c: &Conditional,
        d: usize,
    ) -> Result<SValue, NotEvaluable> {
        let cond = self.eval(&c.cond_expr, d)?;
        let (chosen, other) = if self.truth(cond, &c.cond_expr)? {
            (&c.true_expr, &c.false_expr)
        } else {
            (&c.false_expr, &c.true_expr)
        };
        let value = self.eval(chosen, d)?;
        match self.eval(other, d) {
            Ok(o) => {
                let mut both = unify(vec![value, o])?;
                Ok(both.swap_remove(0))
            }
            Err(err) if err.limit => Err(err),
            Err(_) if matches!(value.value, Value::Null | Value::String(_)) => Ok(value),
            Err(err) => Err(self.fail(
                e,
                format!(
                    "the result's type depends on the other branch, which is not evaluable ({})",
                    err.reason
                ),
            )),
        }
    }

    fn unary(&self, e: &Expression, op: &UnaryOp, d: usize) -> Result<SValue, NotEvaluable> {
        match op.operator.value() {
            UnaryOperator::Not => {
                let v = self.eval(&op.expr, d)?;
                let b = self.truth(v, &op.expr)?;
                Ok(self.value(e, Value::Bool(!b)))
            }
            UnaryOperator::Neg => Err(self.fail(e, "arithmetic is not evaluated statically")),
        }
    }

    fn binary(&self, e: &Expression, op: &BinaryOp, d: usize) -> Result<SValue, NotEvaluable> {
        let operator = *op.operator.value();
        if !matches!(
            operator,
            BinaryOperator::Eq | BinaryOperator::NotEq | BinaryOperator::And | BinaryOperator::Or
        ) {
            return Err(self.fail(
                e,
                format!(
                    "the operator `{}` is not evaluated statically",
                    operator.as_str()
                ),
            ));
        }
        let lhs = self.eval(&op.lhs_expr, d)?;
        let rhs = self.eval(&op.rhs_expr, d)?;
        let result = match operator {
            BinaryOperator::And => {
                self.truth(lhs, &op.lhs_expr)? & self.truth(rhs, &op.rhs_expr)?
            }
            BinaryOperator::Or => self.truth(lhs, &op.lhs_expr)? | self.truth(rhs, &op.rhs_expr)?,
            _ => {
                if !lhs.value.is_primitive() || !rhs.value.is_primitive() {
                    return Err(
                        self.fail(e, "comparing lists or objects is not evaluated statically")
                    );
                }
                (lhs.value == rhs.value) == (operator == BinaryOperator::Eq)
            }
        };
        Ok(self.value(e, Value::Bool(result)))
    }
}
