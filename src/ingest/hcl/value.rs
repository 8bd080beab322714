//! Evaluated values, each with the place it was written.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::diag::{Span, to_u32};

use super::number::Number;

/// A value as terraform would compute it. Lists stand for terraform's lists,
/// sets and tuples; objects for its objects and maps.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<SValue>),
    /// Entries in the order written; the key's span is in the file of the
    /// entry's value.
    Object(Vec<(String, Span, SValue)>),
}

impl Value {
    /// The kind's name as terraform's messages say it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Null, bool, number or string.
    pub fn is_primitive(&self) -> bool {
        !matches!(self, Value::List(_) | Value::Object(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[SValue]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Span, SValue)]> {
        match self {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of an object's attribute.
    pub fn get(&self, key: &str) -> Option<&SValue> {
        self.as_object()?
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, v)| v)
    }

    /// The value as `terraform output -json` prints it (numbers go through
    /// their decimal text, exactly as a JSON reader sees terraform's; one
    /// beyond `f64`'s range becomes null).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => {
                serde_json::from_str(&n.to_string()).unwrap_or(serde_json::Value::Null)
            }
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => items.iter().map(|i| i.value.to_json()).collect(),
            Value::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), v.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Terraform's `jsonencode` text: compact, object keys sorted, strings
    /// escaped like Go's encoder (`<`, `>`, `&` included).
    pub fn to_json_text(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) => out.push_str(&json_quote(s)),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.value.write_json(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                let mut sorted: Vec<_> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                out.push('{');
                for (i, (k, _, v)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_quote(k));
                    out.push(':');
                    v.value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// A string quoted like Go's `encoding/json` (which terraform's `%q` and
/// `jsonencode` use).
pub fn json_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value and the place it was written.
#[derive(Debug, Clone)]
pub struct SValue {
    pub value: Value,
    pub file: Arc<str>,
    pub span: Span,
    /// For strings: where each part of the text was written, so that a place
    /// inside the string (a line of a heredoc) maps back to the `.tf` file.
    pub text_map: Option<Arc<TextMap>>,
}

/// Equality of values only; places are ignored.
impl PartialEq for SValue {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl SValue {
    pub fn new(value: Value, file: Arc<str>, span: Span) -> Self {
        Self {
            value,
            file,
            span,
            text_map: None,
        }
    }

    /// The same value written somewhere else.
    pub(crate) fn with_value(&self, value: Value) -> Self {
        Self::new(value, self.file.clone(), self.span)
    }

    /// Where the character at byte `offset` of this string value was written:
    /// exact for text copied from the source, the start of the expression or
    /// escape that produced it otherwise. `None` for non-strings and strings
    /// without a map (results of functions).
    pub fn origin_of(&self, offset: usize) -> Option<(Arc<str>, u32)> {
        let text = self.value.as_str()?;
        let map = self.text_map.as_ref()?;
        let seg = map.segment_at(offset)?;
        let at = if seg.exact {
            seg.at + to_u32(text.get(seg.start..offset)?.len())
        } else {
            seg.at
        };
        Some((seg.file.clone(), at))
    }

    /// A locator for many offsets of this string (as
    /// [`SValue::origin_of`]).
    pub fn locator(&self) -> Locator<'_> {
        let text = self.value.as_str().unwrap_or_default();
        Locator {
            text,
            map: self.text_map.as_deref(),
        }
    }

    /// The byte ranges of this string that stand for interpolations that
    /// could not be evaluated (see [`crate::ingest::hcl::Scope::lenient`]).
    pub fn opaque_ranges(&self) -> Vec<std::ops::Range<usize>> {
        let (Some(text), Some(map)) = (self.value.as_str(), self.text_map.as_ref()) else {
            return Vec::new();
        };
        map.opaque_ranges(text.len())
    }

    /// The byte ranges of this string that come from interpolations
    /// (`${var.docker_gid}`), evaluated or opaque: values set in Terraform,
    /// not text of the string itself.
    pub fn interpolated_ranges(&self) -> Vec<std::ops::Range<usize>> {
        let (Some(text), Some(map)) = (self.value.as_str(), self.text_map.as_ref()) else {
            return Vec::new();
        };
        map.interpolated_ranges(text.len())
    }

    /// Where the string's parts were written, by file: `(first byte, file)`
    /// for each run of bytes written in one file, in order.
    pub fn file_parts(&self) -> Vec<(usize, Arc<str>)> {
        let mut out: Vec<(usize, Arc<str>)> = Vec::new();
        match &self.text_map {
            Some(m) => {
                for s in &m.segments {
                    if out.last().is_none_or(|(_, f)| *f != s.file) {
                        out.push((s.start, s.file.clone()));
                    }
                }
            }
            None => out.push((0, self.file.clone())),
        }
        if out.first().is_none_or(|(start, _)| *start > 0) {
            out.insert(0, (0, self.file.clone()));
        }
        out
    }

    /// The files the parts of this string were written in (a boot script
    /// read with `file()` and a `.tf` heredoc around it, say).
    pub fn files(&self) -> Vec<Arc<str>> {
        let mut out: Vec<Arc<str>> = vec![self.file.clone()];
        if let Some(m) = &self.text_map {
            for s in &m.segments {
                if !out.contains(&s.file) {
                    out.push(s.file.clone());
                }
            }
        }
        out
    }
}

/// Places of offsets of one string value (see [`SValue::locator`]).
pub struct Locator<'a> {
    text: &'a str,
    map: Option<&'a TextMap>,
}

impl Locator<'_> {
    /// Where the byte at `offset` was written: the file and the byte
    /// offset in it (as [`SValue::origin_of`]; an exact segment is a verbatim
    /// copy, so its bytes are the file's bytes in order).
    pub fn origin(&self, offset: usize) -> Option<(Arc<str>, u32)> {
        let seg = self.map?.segment_at(offset)?;
        if !seg.exact {
            return Some((seg.file.clone(), seg.at));
        }
        let offset = offset.min(self.text.len());
        let mut o = offset;
        while o > seg.start && !self.text.is_char_boundary(o) {
            o -= 1;
        }
        Some((
            seg.file.clone(),
            seg.at + to_u32(o.saturating_sub(seg.start)),
        ))
    }
}

impl Locator<'_> {
    /// The span in the file it was written in of bytes `r` of the string
    /// (a script's text), `fallback` standing for bytes without a known
    /// origin and `text_of` giving the text of a file. The two ends map on
    /// their own (an end in text an interpolation filled in maps to where
    /// that value is written); when they disagree (another file, the end
    /// before the start, or a line break between them in the file though the
    /// text has none), the span is the text's width from its start.
    pub fn span<'t>(
        &self,
        r: std::ops::Range<usize>,
        fallback: &(Arc<str>, u32),
        text_of: impl Fn(&str) -> Option<&'t str>,
    ) -> Span {
        let at = |off| self.origin(off).unwrap_or_else(|| fallback.clone());
        let (file, start) = at(r.start);
        let (end_file, end) = at(r.end);
        let piece = self.text.get(r).unwrap_or("");
        let breaks = || {
            text_of(&file)
                .and_then(|t| t.get(start as usize..end as usize))
                .is_some_and(|s| s.contains('\n'))
        };
        if end_file != file || end < start || (!piece.contains('\n') && breaks()) {
            return Span::sized(start, to_u32(piece.len()));
        }
        Span::new(start, end)
    }
}

/// Where the parts of an evaluated string came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextMap {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// First byte of the segment in the string.
    start: usize,
    file: Arc<str>,
    /// Where the segment's first byte was written: a byte offset of `file`.
    at: u32,
    /// The segment is a verbatim copy of the source from `at` on.
    exact: bool,
    /// The segment stands for a value that could not be evaluated (an opaque
    /// word in its place; `at` is where its expression was written).
    opaque: bool,
    /// The segment is the value of an interpolation (`${var.x}`), not text
    /// written in the template itself.
    interpolated: bool,
}

impl TextMap {
    pub(crate) fn push(&mut self, start: usize, file: Arc<str>, at: u32, exact: bool) {
        self.push_segment(Segment {
            start,
            file,
            at,
            exact,
            opaque: false,
            interpolated: false,
        });
    }

    /// An interpolated value written at `at` starts at `start`.
    pub(crate) fn push_interpolated(&mut self, start: usize, file: Arc<str>, at: u32) {
        self.push_segment(Segment {
            start,
            file,
            at,
            exact: false,
            opaque: false,
            interpolated: true,
        });
    }

    /// Append an interpolated string's map, that string starting at `at`.
    pub(crate) fn splice_interpolated(&mut self, at: usize, other: &TextMap) {
        for s in &other.segments {
            self.push_segment(Segment {
                start: at + s.start,
                interpolated: true,
                ..s.clone()
            });
        }
    }

    /// The text from `start` on stands for a value that could not be
    /// evaluated, written at `at`.
    pub(crate) fn push_opaque(&mut self, start: usize, file: Arc<str>, at: u32) {
        self.push_segment(Segment {
            start,
            file,
            at,
            exact: false,
            opaque: true,
            interpolated: true,
        });
    }

    fn push_segment(&mut self, seg: Segment) {
        if self.segments.last().is_some_and(|s| s.start == seg.start) {
            self.segments.pop();
        }
        self.segments.push(seg);
    }

    /// Append another string's map, that string starting at byte `at`.
    pub(crate) fn splice(&mut self, at: usize, other: &TextMap) {
        for s in &other.segments {
            self.push_segment(Segment {
                start: at + s.start,
                ..s.clone()
            });
        }
    }

    /// The byte ranges of opaque segments of a string of `len` bytes.
    pub(crate) fn opaque_ranges(&self, len: usize) -> Vec<std::ops::Range<usize>> {
        self.ranges(len, |s| s.opaque)
    }

    /// The byte ranges of interpolated segments (opaque ones included).
    pub(crate) fn interpolated_ranges(&self, len: usize) -> Vec<std::ops::Range<usize>> {
        self.ranges(len, |s| s.interpolated)
    }

    fn ranges(&self, len: usize, pred: impl Fn(&Segment) -> bool) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        for (i, s) in self.segments.iter().enumerate() {
            if pred(s) {
                let end = self.segments.get(i + 1).map_or(len, |n| n.start).min(len);
                if s.start < end {
                    out.push(s.start..end);
                }
            }
        }
        out
    }

    /// The map of `text[start..]`, `text` being the string this map describes.
    pub(crate) fn shifted(&self, text: &str, start: usize) -> TextMap {
        let mut out = TextMap::default();
        let first = self.segments.partition_point(|s| s.start <= start);
        if let Some(seg) = first.checked_sub(1).and_then(|i| self.segments.get(i)) {
            let at = if seg.exact {
                seg.at + to_u32(text.get(seg.start..start).unwrap_or("").len())
            } else {
                seg.at
            };
            out.push_segment(Segment {
                start: 0,
                at,
                ..seg.clone()
            });
        }
        for s in &self.segments[first..] {
            out.push_segment(Segment {
                start: s.start - start,
                ..s.clone()
            });
        }
        out
    }

    /// The map of the string's first `len` bytes.
    pub(crate) fn truncate(&mut self, len: usize) {
        while self.segments.len() > 1 && self.segments.last().is_some_and(|s| s.start >= len) {
            self.segments.pop();
        }
    }

    fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.start <= offset);
        self.segments.get(i.checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_quote_matches_go() {
        assert_eq!(
            json_quote("<a&b>\n é\t\u{1}\u{8}\u{c}\u{2028}\u{7f}\""),
            "\"\\u003ca\\u0026b\\u003e\\n é\\t\\u0001\\b\\f\\u2028\u{7f}\\\"\""
        );
    }

    #[test]
    fn json_text_sorts_keys() {
        let at = |v| SValue::new(v, "f".into(), Span::default());
        let v = Value::Object(vec![
            ("b".into(), Span::default(), at(Value::Null)),
            (
                "a".into(),
                Span::default(),
                at(Value::List(vec![at(Value::Bool(true))])),
            ),
        ]);
        assert_eq!(v.to_json_text(), "{\"a\":[true],\"b\":null}");
    }
}
