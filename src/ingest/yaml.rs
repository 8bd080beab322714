//! A spanned YAML tree built from `saphyr-parser` events.
//!
//! The builder is iterative (no recursion), refuses documents nested deeper than
//! [`Limits::max_depth`], counts every node it creates (aliases are expanded by
//! copying, against the same budget, so an alias bomb stops early), and reports
//! duplicate mapping keys without giving up on the rest of the document.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use crate::diag::{LineIndex, Loc, Span, to_u32};

/// Size and shape limits for one YAML document.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 128,
            max_nodes: 1_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub span: Span,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Scalar(Scalar<'a>),
    Seq(Vec<Node<'a>>),
    Map(Vec<Entry<'a>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub key: Node<'a>,
    pub value: Node<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar<'a> {
    pub text: Cow<'a, str>,
    /// Plain (unquoted, not a block scalar): only these are typed as null, bool
    /// or number.
    pub plain: bool,
}

/// A scalar's value under the YAML 1.2 core schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Typed<'s> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'s str),
}

impl Typed<'_> {
    /// The YAML type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Typed::Null => "null",
            Typed::Bool(_) => "a boolean",
            Typed::Int(_) => "an integer",
            Typed::Float(_) => "a number",
            Typed::Str(_) => "a string",
        }
    }
}

impl Scalar<'_> {
    pub fn typed(&self) -> Typed<'_> {
        if !self.plain {
            return Typed::Str(&self.text);
        }
        let t: &str = &self.text;
        match t {
            "" | "~" | "null" | "Null" | "NULL" => return Typed::Null,
            "true" | "True" | "TRUE" => return Typed::Bool(true),
            "false" | "False" | "FALSE" => return Typed::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                return Typed::Float(f64::INFINITY);
            }
            "-.inf" | "-.Inf" | "-.INF" => return Typed::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => return Typed::Float(f64::NAN),
            _ => {}
        }
        if let Some(i) = parse_int(t) {
            return Typed::Int(i);
        }
        if looks_like_float(t)
            && let Ok(f) = t.parse::<f64>()
        {
            return Typed::Float(f);
        }
        Typed::Str(t)
    }
}

fn parse_int(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if b.is_empty() {
        return None;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn looks_like_float(t: &str) -> bool {
    // Core schema: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let s = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => {
            (!a.is_empty() || !b.is_empty())
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|c| c.is_ascii_digit()),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

impl<'a> Node<'a> {
    pub fn as_scalar(&self) -> Option<&Scalar<'a>> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry<'a>]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The node's text when it is a scalar (any style).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| &*s.text)
    }

    /// Typed view; collections report themselves by kind.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar(s) => s.typed().type_name(),
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s) if s.typed() == Typed::Null)
    }

    /// Look a key up in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_map()?
            .iter()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value)
    }
}

/// True for a YAML `true` (not the string "true").
pub fn yaml_true(n: &Node<'_>) -> bool {
    n.as_scalar()
        .is_some_and(|s| s.typed() == Typed::Bool(true))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not valid YAML (or several documents where one is expected).
    Syntax,
    /// A mapping key written twice.
    DuplicateKey,
    /// Deeper than the nesting limit, or more nodes than the node budget.
    TooLarge,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Span,
    /// Another place that explains the error (the first occurrence of a key).
    pub related: Option<(Span, String)>,
}

/// A parsed document: the root (absent for an empty file) and the non-fatal
/// errors found while building it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    pub root: Option<Node<'a>>,
    pub errors: Vec<YamlError>,
}

/// Turns the parser's markers (lines and character columns of the text
/// after a byte-order mark) into byte offsets of the file.
struct Offsets<'t> {
    text: &'t str,
    /// `None` for ASCII text, where a marker's character index is its byte
    /// offset (most files: no index is built).
    index: Option<LineIndex>,
    /// The length of the byte-order mark that was stripped.
    bom: u32,
}

impl Offsets<'_> {
    fn at(&self, m: &Marker) -> u32 {
        let at = match &self.index {
            None => m.index().min(self.text.len()),
            Some(index) => {
                let loc = Loc::new(to_u32(m.line()), to_u32(m.col()) + 1);
                index.offset(self.text, loc)
            }
        };
        self.bom + to_u32(at)
    }

    fn span(&self, s: &saphyr_parser::Span) -> Span {
        Span::new(self.at(&s.start), self.at(&s.end))
    }

    /// The one character at a marker (one byte at the end of a line).
    fn char_at(&self, m: &Marker) -> Span {
        let at = self.at(m);
        let width = self
            .text
            .get((at - self.bom) as usize..)
            .and_then(|r| r.chars().next())
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(1, char::len_utf8);
        Span::sized(at, to_u32(width))
    }
}

enum Frame<'a> {
    Seq {
        start: u32,
        anchor: usize,
        items: Vec<Node<'a>>,
    },
    Map {
        start: u32,
        anchor: usize,
        entries: Vec<Entry<'a>>,
        pending_key: Option<Node<'a>>,
        index: Option<HashMap<String, Span>>,
    },
}

const INDEX_FROM: usize = 16;

/// A plain `<<` key: the merge key of YAML 1.1, which YAML written for
/// docker-compose and CI systems uses (`<<: *defaults`).
fn is_merge_key(n: &Node<'_>) -> bool {
    n.as_scalar().is_some_and(|s| s.plain && s.text == "<<")
}

/// A mapping with its merge keys applied: the entries of the merged
/// mapping (or of each mapping of a merged list, the first winning) that
/// the mapping does not have itself are added after its own entries, with
/// the places where they are written. A `<<` whose value is no mapping is
/// kept as an ordinary key (its reader reports it).
fn merge_keys(entries: Vec<Entry<'_>>) -> Vec<Entry<'_>> {
    let mergeable = |v: &Node<'_>| match &v.value {
        Value::Map(_) => true,
        Value::Seq(items) => items.iter().all(|i| matches!(i.value, Value::Map(_))),
        Value::Scalar(_) => false,
    };
    if !entries
        .iter()
        .any(|e| is_merge_key(&e.key) && mergeable(&e.value))
    {
        return entries;
    }
    let (merges, mut own): (Vec<Entry<'_>>, Vec<Entry<'_>>) = entries
        .into_iter()
        .partition(|e| is_merge_key(&e.key) && mergeable(&e.value));
    let mut seen: std::collections::HashSet<String> = own
        .iter()
        .filter_map(|e| e.key.as_scalar().map(|k| k.text.to_string()))
        .collect();
    for m in merges {
        let sources: Vec<Node<'_>> = match m.value.value {
            Value::Map(_) => vec![m.value],
            Value::Seq(items) => items,
            Value::Scalar(_) => Vec::new(),
        };
        for source in sources {
            let Value::Map(inner) = source.value else {
                continue;
            };
            for e in inner {
                let fresh = e
                    .key
                    .as_scalar()
                    .is_none_or(|k| seen.insert(k.text.to_string()));
                if fresh {
                    own.push(e);
                }
            }
        }
    }
    own
}

fn count_nodes(n: &Node<'_>) -> usize {
    let mut total = 0;
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        total += 1;
        match &n.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
        }
    }
    total
}

/// Parse one YAML document. A syntax error or a blown limit is fatal (`Err`);
/// duplicate keys are collected in [`Document::errors`].
pub fn parse(text: &str, limits: Limits) -> Result<Document<'_>, YamlError> {
    let mut docs = parse_documents(text, limits, false)?;
    Ok(docs.pop().unwrap_or(Document {
        root: None,
        errors: Vec::new(),
    }))
}

/// Parse every document of a stream (`---`-separated), as Kubernetes
/// manifests are written. The node budget is shared by all documents.
pub fn parse_stream(text: &str, limits: Limits) -> Result<Vec<Document<'_>>, YamlError> {
    parse_documents(text, limits, true)
}

fn parse_documents(
    text: &str,
    limits: Limits,
    multi: bool,
) -> Result<Vec<Document<'_>>, YamlError> {
    let bom = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offsets = Offsets {
        text,
        index: (!text.is_ascii()).then(|| LineIndex::new(text)),
        bom: to_u32(bom - text.len()),
    };
    let mut finished: Vec<Document<'_>> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut anchors: HashMap<usize, (Node<'_>, usize)> = HashMap::new();
    let mut errors = Vec::new();
    let mut root: Option<Node<'_>> = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;

    let syntax = |span: Span, message: String| YamlError {
        kind: ErrorKind::Syntax,
        message,
        span,
        related: None,
    };

    while let Some(ev) = parser.next_event() {
        let (event, sp) = match ev {
            Ok(x) => x,
            Err(e) if e.info().contains("recursion limit") => {
                return Err(YamlError {
                    kind: ErrorKind::TooLarge,
                    message: format!("nesting deeper than {} levels", limits.max_depth),
                    span: offsets.char_at(e.marker()),
                    related: None,
                });
            }
            Err(e) => {
                return Err(syntax(offsets.char_at(e.marker()), e.info().to_string()));
            }
        };
        let span = offsets.span(&sp);
        let done: Option<(Node<'_>, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => None,
            Event::DocumentStart(_) => {
                documents += 1;
                if multi && documents > 1 {
                    finished.push(Document {
                        root: root.take(),
                        errors: std::mem::take(&mut errors),
                    });
                    anchors.clear();
                } else if documents > 1 {
                    return Err(syntax(
                        Span::sized(span.start, 3),
                        "more than one YAML document in the file".to_string(),
                    ));
                }
                None
            }
            Event::Alias(id) => {
                let Some((node, count)) = anchors.get(&id) else {
                    return Err(syntax(span, "alias to an unknown anchor".to_string()));
                };
                nodes += count;
                if nodes > limits.max_nodes {
                    return Err(YamlError {
                        kind: ErrorKind::TooLarge,
                        message: format!(
                            "the document expands to more than {} nodes (alias expansion)",
                            limits.max_nodes
                        ),
                        span,
                        related: None,
                    });
                }
                let mut n = node.clone();
                n.span = span;
                Some((n, 0))
            }
            Event::Scalar(text, style, anchor, _tag) => {
                nodes += 1;
                Some((
                    Node {
                        span,
                        value: Value::Scalar(Scalar {
                            text,
                            plain: matches!(style, ScalarStyle::Plain),
                        }),
                    },
                    anchor,
                ))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                nodes += 1;
                if stack.len() >= limits.max_depth {
                    return Err(YamlError {
                        kind: ErrorKind::TooLarge,
                        message: format!("nesting deeper than {} levels", limits.max_depth),
                        span,
                        related: None,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start: span.start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start: span.start,
                        anchor,
                        entries: Vec::new(),
                        pending_key: None,
                        index: None,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                }) => Some((
                    Node {
                        span: Span::new(start, span.start.max(start)),
                        value: Value::Seq(items),
                    },
                    anchor,
                )),
                Some(Frame::Map {
                    start,
                    anchor,
                    entries,
                    ..
                }) => Some((
                    Node {
                        span: Span::new(start, span.start.max(start)),
                        value: Value::Map(merge_keys(entries)),
                    },
                    anchor,
                )),
                None => return Err(syntax(span, "unbalanced collection end".to_string())),
            },
        };
        if nodes > limits.max_nodes {
            return Err(YamlError {
                kind: ErrorKind::TooLarge,
                message: format!("the document has more than {} nodes", limits.max_nodes),
                span,
                related: None,
            });
        }
        let Some((node, anchor)) = done else { continue };
        if anchor > 0 {
            let count = count_nodes(&node);
            anchors.insert(anchor, (node.clone(), count));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                index,
                ..
            }) => match pending_key.take() {
                None => {
                    if let Some(k) = node.as_scalar() {
                        let first = match index {
                            Some(ix) => ix.get(&*k.text).copied(),
                            None => entries
                                .iter()
                                .find(|e| e.key.as_scalar().is_some_and(|s| s.text == k.text))
                                .map(|e| e.key.span),
                        };
                        if let Some(first) = first {
                            errors.push(YamlError {
                                kind: ErrorKind::DuplicateKey,
                                message: format!("duplicate key `{}`", k.text),
                                span: node.span,
                                related: Some((first, "first defined here".to_string())),
                            });
                        }
                    }
                    *pending_key = Some(node);
                }
                Some(key) => {
                    let is_dup = errors.last().is_some_and(|e: &YamlError| {
                        e.span == key.span && e.kind == ErrorKind::DuplicateKey
                    });
                    if !is_dup {
                        if let (Some(ix), Some(k)) = (index.as_mut(), key.as_scalar()) {
                            ix.insert(k.text.to_string(), key.span);
                        }
                        entries.push(Entry { key, value: node });
                        if index.is_none() && entries.len() >= INDEX_FROM {
                            *index = Some(
                                entries
                                    .iter()
                                    .filter_map(|e| {
                                        e.key.as_scalar().map(|s| (s.text.to_string(), e.key.span))
                                    })
                                    .collect(),
                            );
                        }
                    }
                }
            },
        }
    }
    finished.push(Document { root, errors });
    Ok(finished)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_bytes_of_the_file() {
        let text = "\u{feff}a: 1\nbé: \"x\"\n";
        let doc = parse(text, Limits::default()).expect("parses");
        let root = doc.root.expect("root");
        let m = root.as_map().expect("map");
        assert_eq!(&text[m[1].key.span.range()], "bé");
        assert_eq!(&text[m[1].value.span.range()], "\"x\"");
    }

    #[test]
    fn core_schema_typing() {
        let doc = parse(
            "[1, 1.5, true, null, '1', x, ~, 0x1f, 1e3]",
            Limits::default(),
        )
        .expect("parses");
        let root = doc.root.expect("root");
        let types: Vec<_> = root
            .as_seq()
            .expect("seq")
            .iter()
            .map(|n| n.as_scalar().expect("scalar").typed())
            .collect();
        assert_eq!(
            types,
            vec![
                Typed::Int(1),
                Typed::Float(1.5),
                Typed::Bool(true),
                Typed::Null,
                Typed::Str("1"),
                Typed::Str("x"),
                Typed::Null,
                Typed::Int(31),
                Typed::Float(1000.0),
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_reported_and_first_wins() {
        let doc = parse("a: 1\nb: 2\na: 3\n", Limits::default()).expect("parses");
        assert_eq!(doc.errors.len(), 1);
        assert_eq!(doc.errors[0].kind, ErrorKind::DuplicateKey);
        assert_eq!(doc.errors[0].span.start, 10);
        let root = doc.root.expect("root");
        assert_eq!(root.get("a").and_then(Node::as_str), Some("1"));
    }

    #[test]
    fn duplicate_keys_in_large_maps() {
        let mut s: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        s.push_str("k3: again\n");
        let doc = parse(&s, Limits::default()).expect("parses");
        assert_eq!(doc.errors.len(), 1);
        let start = doc.errors[0].span.start as usize;
        assert_eq!(s[..start].matches('\n').count(), 40);
    }

    #[test]
    fn merge_keys_add_what_the_mapping_does_not_have() {
        let text = "base: &b {toolchain: t, base: k, profiles: [s]}\nmore: &m {icon: i}\none:\n  <<: *b\n  base: other\ntwo:\n  <<: [*m, *b]\n  icon: mine\nquoted:\n  \"<<\": *b\n";
        let doc = parse(text, Limits::default()).expect("parses");
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        let root = doc.root.expect("root");
        let keys = |n: &str| -> Vec<String> {
            root.get(n)
                .and_then(|m| m.as_map())
                .map(|es| {
                    es.iter()
                        .filter_map(|e| e.key.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(keys("one"), ["base", "toolchain", "profiles"]);
        assert_eq!(
            root.get("one")
                .and_then(|m| m.get("base"))
                .and_then(|v| v.as_str()),
            Some("other")
        );
        assert_eq!(keys("two"), ["icon", "toolchain", "base", "profiles"]);
        assert_eq!(
            root.get("two")
                .and_then(|m| m.get("icon"))
                .and_then(|v| v.as_str()),
            Some("mine")
        );
        // A quoted "<<" is an ordinary key.
        assert_eq!(keys("quoted"), ["<<"]);
        // A merged entry keeps the place where it is written.
        let merged = root
            .get("one")
            .and_then(|m| m.get("toolchain"))
            .expect("merged");
        assert_eq!(
            &text[merged.span.start as usize..merged.span.end as usize],
            "t"
        );
    }

    #[test]
    fn depth_limit() {
        let s = "[".repeat(1000) + &"]".repeat(1000);
        let err = parse(&s, Limits::default()).expect_err("too deep");
        assert_eq!(err.kind, ErrorKind::TooLarge);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&s, Limits::default()).expect_err("bomb");
        assert_eq!(err.kind, ErrorKind::TooLarge);
    }

    #[test]
    fn syntax_error_has_a_place() {
        let text = "a: [1, 2\nb: 3\n";
        let err = parse(text, Limits::default()).expect_err("bad");
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert!(err.span.start as usize <= text.len());
    }

    #[test]
    fn empty_document_has_no_root() {
        let doc = parse("", Limits::default()).expect("parses");
        assert!(doc.root.is_none());
        let doc = parse("# only a comment\n", Limits::default()).expect("parses");
        assert!(doc.root.is_none());
    }
}
