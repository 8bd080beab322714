//! A writer of Terraform's native syntax that `terraform fmt` leaves
//! unchanged: two-space indents, the `=` of neighbouring one-line
//! attributes aligned, a blank line between top-level blocks, strings
//! escaped (a literal `${` or `%{` is doubled, so nothing the renderer
//! writes is ever taken for an interpolation).

use std::fmt::Write;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal string, escaped when written.
    Str(String),
    Num(i64),
    Bool(bool),
    /// An expression written as is: a reference (`var.subnet_id`), a call.
    Raw(String),
    List(Vec<Expr>),
    /// An object: keys in the order given.
    Object(Vec<(String, Expr)>),
    /// A heredoc template (`<<-EOT`): its lines as given, interpolations
    /// and all, so the caller escapes what must stay literal.
    Heredoc(String),
    /// A function call: `jsonencode({ … })`.
    Call(String, Vec<Expr>),
    /// A keyword of the language (`when = destroy`): bare in native syntax,
    /// a plain string in JSON syntax.
    Keyword(&'static str),
}

/// A literal string.
pub fn s(v: impl Into<String>) -> Expr {
    Expr::Str(v.into())
}

/// An expression written as is.
pub fn raw(v: impl Into<String>) -> Expr {
    Expr::Raw(v.into())
}

/// One item of a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Attr(String, Expr),
    Block(Block),
}

/// A block: `resource "aws_instance" "workspace" { … }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Vec<Item>,
}

impl Block {
    pub fn new(kind: &str, labels: &[&str]) -> Self {
        Block {
            kind: kind.to_string(),
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            body: Vec::new(),
        }
    }

    /// Adds an attribute.
    #[must_use]
    pub fn attr(mut self, name: &str, e: Expr) -> Self {
        self.body.push(Item::Attr(name.to_string(), e));
        self
    }

    /// Adds a nested block.
    #[must_use]
    pub fn block(mut self, b: Block) -> Self {
        self.body.push(Item::Block(b));
        self
    }
}

/// `variable "name" { type, description, default }`.
pub fn variable(name: &str, ty: &str, description: &str, default: Option<Expr>) -> Block {
    let mut b = Block::new("variable", &[name])
        .attr("type", raw(ty))
        .attr("description", s(description));
    if let Some(d) = default {
        b = b.attr("default", d);
    }
    b
}

/// `terraform { required_providers { … } }`: each provider's source and
/// version constraint.
pub fn required_providers(providers: &[(&str, &str, &str)]) -> Block {
    let mut inner = Block::new("required_providers", &[]);
    for (name, source, version) in providers {
        inner = inner.attr(
            name,
            Expr::Object(vec![
                ("source".to_string(), s(*source)),
                ("version".to_string(), s(*version)),
            ]),
        );
    }
    Block::new("terraform", &[]).block(inner)
}

/// An expression on one line (objects as `{ k = v }`), for the body of a
/// `for` expression.
pub fn one_line(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, 0, true);
    out
}

/// Text in a quoted HCL string: escapes, and `${`/`%{` doubled.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    escape_into(&mut out, s);
    out
}

/// `escape`, appended to `out`: runs of plain characters are copied whole.
fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let special = match b {
            b'"' | b'\\' => true,
            b'$' | b'%' => bytes.get(i + 1) == Some(&b'{'),
            b => b < 0x20,
        };
        if !special {
            continue;
        }
        out.push_str(&s[start..i]);
        start = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'$' | b'%' => {
                out.push(b as char);
                out.push(b as char);
            }
            b => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
    }
    out.push_str(&s[start..]);
}

/// Template text for a heredoc: only `${` and `%{` are doubled.
pub fn heredoc_literal(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

fn is_identifier(k: &str) -> bool {
    let mut c = k.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-')
}

/// How an attribute takes part in `=` alignment: `terraform fmt` aligns
/// neighbouring lines that hold an `=`; a value that opens a bracket and
/// goes on below stands alone, a heredoc's first line aligns with the lines
/// above it and ends the run (its body lines hold no `=`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    OneLine,
    Heredoc,
    Open,
}

fn shape(e: &Expr) -> Shape {
    match e {
        Expr::Object(o) if !o.is_empty() => Shape::Open,
        Expr::Heredoc(_) => Shape::Heredoc,
        Expr::Raw(r) if r.contains('\n') => Shape::Open,
        Expr::List(l) if l.iter().any(|x| shape(x) != Shape::OneLine) => Shape::Open,
        Expr::Call(_, args) if args.iter().any(|x| shape(x) != Shape::OneLine) => Shape::Open,
        _ => Shape::OneLine,
    }
}

fn expr(out: &mut String, e: &Expr, level: usize) {
    write_expr(out, e, level, false);
}

/// Items separated by `, ` between `open` and `close`.
fn joined(out: &mut String, items: &[Expr], level: usize, one_line: bool, open: &str, close: char) {
    out.push_str(open);
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, x, level, one_line);
    }
    out.push(close);
}

/// An expression; `one_line` for an interpolation in a JSON string
/// (objects as `{k = v, …}`, a heredoc as a quoted template).
fn write_expr(out: &mut String, e: &Expr, level: usize, one_line: bool) {
    match e {
        Expr::Str(v) => {
            out.push('"');
            escape_into(out, v);
            out.push('"');
        }
        Expr::Num(n) => {
            let _ = write!(out, "{n}");
        }
        Expr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Expr::Raw(r) => out.push_str(r),
        Expr::Keyword(k) => out.push_str(k),
        // Several items of which one spans lines: one item per line, each
        // ending in a comma (`terraform fmt` would re-indent `}, {`).
        Expr::List(items)
            if !one_line && items.len() > 1 && items.iter().any(|x| shape(x) != Shape::OneLine) =>
        {
            out.push_str("[\n");
            for x in items {
                indent(out, level + 1);
                write_expr(out, x, level + 1, false);
                out.push_str(",\n");
            }
            indent(out, level);
            out.push(']');
        }
        Expr::List(items) => joined(out, items, level, one_line, "[", ']'),
        Expr::Call(name, args) => {
            out.push_str(name);
            joined(out, args, level, one_line, "(", ')');
        }
        Expr::Object(o) if o.is_empty() => out.push_str("{}"),
        // `{ k = v, … }`, spaced as `terraform fmt` spaces it.
        Expr::Object(o) if one_line => {
            out.push_str("{ ");
            for (i, (k, v)) in o.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                key(out, k);
                out.push_str(" = ");
                write_expr(out, v, level, true);
            }
            out.push_str(" }");
        }
        Expr::Object(o) => {
            out.push_str("{\n");
            let items: Vec<Entry<'_>> = o
                .iter()
                .map(|(k, v)| {
                    let name = if is_identifier(k) {
                        std::borrow::Cow::Borrowed(k.as_str())
                    } else {
                        let mut name = String::new();
                        key(&mut name, k);
                        std::borrow::Cow::Owned(name)
                    };
                    Entry::Attr(name, v)
                })
                .collect();
            entries(out, &items, level + 1);
            indent(out, level);
            out.push('}');
        }
        Expr::Heredoc(text) if one_line => {
            out.push('"');
            out.push_str(
                &text
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n"),
            );
            out.push('"');
        }
        Expr::Heredoc(text) => {
            out.push_str("<<-EOT\n");
            for line in text.lines() {
                if !line.is_empty() {
                    indent(out, level + 1);
                    out.push_str(line);
                }
                out.push('\n');
            }
            indent(out, level);
            out.push_str("EOT");
        }
    }
}

/// An object key: bare when an identifier, else quoted.
fn key(out: &mut String, k: &str) {
    if is_identifier(k) {
        out.push_str(k);
    } else {
        out.push('"');
        escape_into(out, k);
        out.push('"');
    }
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// One line-level item of a body, borrowed: an attribute (its name as
/// written) or a block.
enum Entry<'a> {
    Attr(std::borrow::Cow<'a, str>, &'a Expr),
    Block(&'a Block),
}

/// A block's body.
fn body(out: &mut String, items: &[Item], level: usize) {
    let items: Vec<Entry<'_>> = items
        .iter()
        .map(|i| match i {
            Item::Attr(n, e) => Entry::Attr(std::borrow::Cow::Borrowed(n.as_str()), e),
            Item::Block(b) => Entry::Block(b),
        })
        .collect();
    entries(out, &items, level);
}

/// Items of a body or an object: neighbouring one-line attributes align
/// their `=`.
fn entries(out: &mut String, items: &[Entry<'_>], level: usize) {
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Entry::Attr(_, e) if shape(e) != Shape::Open => {
                // The run: one-line attributes, up to and with a heredoc.
                let mut end = i;
                while let Some(Entry::Attr(_, e)) = items.get(end) {
                    match shape(e) {
                        Shape::OneLine => end += 1,
                        Shape::Heredoc => {
                            end += 1;
                            break;
                        }
                        Shape::Open => break,
                    }
                }
                let width = items[i..end]
                    .iter()
                    .map(|x| match x {
                        Entry::Attr(n, _) => n.chars().count(),
                        Entry::Block(_) => 0,
                    })
                    .max()
                    .unwrap_or(0);
                for x in &items[i..end] {
                    if let Entry::Attr(n, e) = x {
                        indent(out, level);
                        out.push_str(n);
                        for _ in n.chars().count()..width {
                            out.push(' ');
                        }
                        out.push_str(" = ");
                        expr(out, e, level);
                        out.push('\n');
                    }
                }
                i = end;
            }
            Entry::Attr(n, e) => {
                indent(out, level);
                out.push_str(n);
                out.push_str(" = ");
                expr(out, e, level);
                out.push('\n');
                i += 1;
            }
            Entry::Block(b) => {
                block(out, b, level);
                i += 1;
            }
        }
    }
}

fn block(out: &mut String, b: &Block, level: usize) {
    indent(out, level);
    out.push_str(&b.kind);
    for l in &b.labels {
        out.push_str(" \"");
        escape_into(out, l);
        out.push('"');
    }
    if b.body.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    body(out, &b.body, level + 1);
    indent(out, level);
    out.push_str("}\n");
}

/// A file of top-level blocks, a blank line between them.
pub fn file(blocks: &[Block]) -> String {
    let mut out = String::with_capacity(4096);
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        block(&mut out, b, 0);
    }
    out
}

// ---------------------------------------------------------------------------
// Terraform's JSON syntax (`*.tf.json`)
// ---------------------------------------------------------------------------

use serde_json::{Map, Value};

/// An expression in JSON syntax: strings are templates there, so a
/// literal's `${` is doubled and anything else is an interpolation.
fn json_expr(e: &Expr) -> Value {
    match e {
        Expr::Str(v) => Value::String(heredoc_literal(v)),
        Expr::Num(n) => Value::from(*n),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Raw(r) if r == "null" => Value::Null,
        Expr::List(items) => Value::Array(items.iter().map(json_expr).collect()),
        Expr::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), json_expr(v))).collect())
        }
        Expr::Heredoc(text) => Value::String(text.clone()),
        Expr::Keyword(k) => Value::String((*k).to_string()),
        Expr::Raw(_) | Expr::Call(..) => {
            let mut s = String::from("${");
            write_expr(&mut s, e, 0, true);
            s.push('}');
            Value::String(s)
        }
    }
}

/// A block's body as a JSON object (a variable's `type` is its type's text).
fn json_body(b: &Block) -> Map<String, Value> {
    let mut m = Map::new();
    for item in &b.body {
        match item {
            Item::Attr(n, Expr::Raw(t)) if b.kind == "variable" && n == "type" => {
                m.insert(n.clone(), Value::String(t.clone()));
            }
            Item::Attr(n, e) => {
                m.insert(n.clone(), json_expr(e));
            }
            Item::Block(inner) => {
                let v = labelled(inner, Value::Object(json_body(inner)));
                merge(&mut m, &inner.kind, v);
            }
        }
    }
    m
}

/// `kind "a" "b" { … }` → `{"a": {"b": {…}}}` under the kind.
fn labelled(b: &Block, body: Value) -> Value {
    b.labels.iter().rev().fold(body, |acc, l| {
        Value::Object(Map::from_iter([(l.clone(), acc)]))
    })
}

/// Adds `v` under `key`, merging the objects of blocks of the same kind.
fn merge(m: &mut Map<String, Value>, key: &str, v: Value) {
    match (m.get_mut(key), v) {
        (Some(Value::Object(have)), Value::Object(add)) => {
            for (k, x) in add {
                merge(have, &k, x);
            }
        }
        (_, v) => {
            m.insert(key.to_string(), v);
        }
    }
}

/// A file of top-level blocks in Terraform's JSON syntax.
pub fn json_file(blocks: &[Block]) -> Value {
    let mut root = Map::new();
    for b in blocks {
        let v = labelled(b, Value::Object(json_body(b)));
        merge(&mut root, &b.kind, v);
    }
    Value::Object(root)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_plain_text_and_escapes_the_rest() {
        assert_eq!(escape("plain ünïcode"), "plain ünïcode");
        assert_eq!(escape(r#"a "q" \ b"#), r#"a \"q\" \\ b"#);
        assert_eq!(escape("l1\nl2\r\tx\u{1}"), "l1\\nl2\\r\\tx\\u0001");
        // Only `${` and `%{` are doubled; a lone `$` or `%` stays.
        assert_eq!(escape("${a} %{b} $c 100% $"), "$${a} %%{b} $c 100% $");
        assert_eq!(escape("$${x}"), "$$${x}");
    }
}
