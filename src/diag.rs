//! The one diagnostic model every layer reports through.
//!
//! Places are stored as line/column pairs counted in Unicode scalar values (the
//! YAML parser reports positions that way, and the interface promises columns in
//! characters). The end of a span is exclusive.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Text that is usually static (a fixed help) but sometimes formatted.
pub type Text = Cow<'static, str>;

/// A position in a file: 1-based line, 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    pub line: u32,
    pub col: u32,
}

impl Loc {
    pub const fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

/// A half-open range of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: Loc,
    pub end: Loc,
}

impl Span {
    pub const fn new(start: Loc, end: Loc) -> Self {
        Self { start, end }
    }

    /// A span of `len` characters on one line.
    pub const fn on_line(line: u32, col: u32, len: u32) -> Self {
        Self {
            start: Loc::new(line, col),
            end: Loc::new(line, col + len),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place that contributes to a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: Arc<str>,
    pub span: Span,
    pub message: Text,
}

/// What a finding knows of the rule that made it: the rules layer's `Rule`
/// implements it, so a diagnostic refers to its rule instead of copying it.
pub trait RuleRef: Sync + fmt::Debug {
    /// The stable code (`TC001`, `INV-3`).
    fn code(&self) -> &'static str;
    /// The kebab-case name.
    fn name(&self) -> &'static str;
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that made it.
    pub rule: &'static dyn RuleRef,
    /// Its severity: the rule's default, or what the configuration says.
    pub severity: Severity,
    pub message: Text,
    pub file: Arc<str>,
    pub span: Option<Span>,
    pub help: Option<Text>,
    pub related: Vec<Related>,
}

impl PartialEq for Diagnostic {
    fn eq(&self, o: &Self) -> bool {
        self.code() == o.code()
            && self.severity == o.severity
            && self.message == o.message
            && self.file == o.file
            && self.span == o.span
            && self.help == o.help
            && self.related == o.related
    }
}

impl Eq for Diagnostic {}

impl Diagnostic {
    /// The rule's code.
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }

    /// The rule's name.
    pub fn name(&self) -> &'static str {
        self.rule.name()
    }

    /// Sort key of the interface: file, line, column, code; then the message so
    /// that two findings of one rule at one place still order stably.
    pub fn sort_key(&self) -> (&str, Loc, &str, &str) {
        (
            &self.file,
            self.span.map(|s| s.start).unwrap_or_default(),
            self.code(),
            &self.message,
        )
    }
}

/// Sort diagnostics into the interface's order and drop exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// Where each line of a text starts: the one translation between byte
/// offsets (what parsers report) and places (line, column in characters),
/// built once per file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// The place of byte `offset` of `text` (the text the index was built
    /// from). Offsets past the end or inside a character move back to a
    /// character boundary.
    pub fn loc(&self, text: &str, offset: usize) -> Loc {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Loc::new(line as u32, col as u32)
    }

    /// The place of a byte range.
    pub fn span(&self, text: &str, range: std::ops::Range<usize>) -> Span {
        Span::new(self.loc(text, range.start), self.loc(text, range.end))
    }

    /// The byte offset of a place (the end of its line when the column is
    /// past it; the end of the text when the line is).
    pub fn offset(&self, text: &str, loc: Loc) -> usize {
        let li = (loc.line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(li) else {
            return text.len();
        };
        let end = self.starts.get(li + 1).copied().unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or("");
        let col = (loc.col as usize).saturating_sub(1);
        start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    /// The byte offset where 1-based line `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }

    /// The text of 1-based line `line`, without its line terminator.
    pub fn line<'t>(&self, text: &'t str, line: u32) -> Option<&'t str> {
        let li = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(li)?;
        let end = self.starts.get(li + 1).map_or(text.len(), |&next| next - 1);
        let l = text.get(start..end)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// A checked file and its text, kept for rendering snippets.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
}

impl SourceFile {
    /// The text of 1-based line `line`, without its line terminator (for a
    /// single look-up; a renderer of many places builds a [`LineIndex`]).
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let n = (line as usize).checked_sub(1)?;
        let l = self.text.split('\n').nth(n)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

#[cfg(test)]
mod line_index_tests {
    use super::{LineIndex, Loc};

    #[test]
    fn places_count_characters_and_round_trip() {
        let text = "a\r\nhé llo\n\nx";
        let ix = LineIndex::new(text);
        assert_eq!(ix.loc(text, 0), Loc::new(1, 1));
        let l = text.find('l').expect("l");
        assert_eq!(ix.loc(text, l), Loc::new(2, 4));
        assert_eq!(ix.offset(text, Loc::new(2, 4)), l);
        // Inside a character: moved back to its start.
        let e = text.find('é').expect("é");
        assert_eq!(ix.loc(text, e + 1), Loc::new(2, 2));
        assert_eq!(ix.line(text, 1), Some("a"));
        assert_eq!(ix.line(text, 2), Some("hé llo"));
        assert_eq!(ix.line(text, 3), Some(""));
        assert_eq!(ix.line(text, 4), Some("x"));
        assert_eq!(ix.line(text, 5), None);
        assert_eq!(ix.line(text, 0), None);
        assert_eq!(ix.offset(text, Loc::new(9, 1)), text.len());
        assert_eq!(ix.loc(text, 999), Loc::new(4, 2));
    }
}

/// Counts of a diagnostic set by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut c = Counts::default();
        for d in diags {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}
