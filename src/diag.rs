//! The one diagnostic model every layer reports through.
//!
//! Places are stored as half-open byte ranges into the text of the file a
//! diagnostic names, exactly as that text is held in its [`SourceFile`]. Lines
//! and columns (1-based, columns counted in Unicode scalar values, as the
//! interface promises) are computed only when printing, through one
//! [`LineIndex`] per file ([`Files`]).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Text that is usually static (a fixed help) but sometimes formatted.
pub type Text = Cow<'static, str>;

/// A printed position in a file: 1-based line, 1-based column in characters.
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

/// A half-open byte range of a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    /// The span of a byte range.
    pub fn of(range: std::ops::Range<usize>) -> Self {
        Self::new(to_u32(range.start), to_u32(range.end))
    }

    /// The empty span at byte `offset`.
    pub const fn at(offset: u32) -> Self {
        Self::new(offset, offset)
    }

    /// The span of `len` bytes from byte `offset`.
    pub const fn sized(offset: u32, len: u32) -> Self {
        Self::new(offset, offset + len)
    }

    /// The byte range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The same span moved `by` bytes on.
    pub const fn shift(self, by: u32) -> Self {
        Self::new(self.start + by, self.end + by)
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Self {
        Self::new(self.start, other.end.max(self.start))
    }
}

/// A byte offset as stored in a [`Span`] (texts are capped far below 4 GiB).
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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

    /// Sort key of the interface: file, place (by byte start: the order of
    /// line and column; no place first), code; then the message so that two
    /// findings of one rule at one place still order stably.
    pub fn sort_key(&self) -> (&str, Option<u32>, &str, &str) {
        (
            &self.file,
            self.span.map(|s| s.start),
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
    /// from). Offsets inside a character move back to its start; offsets
    /// past the end count as columns past the end of the last line (a
    /// one-byte span of an empty file is its first column).
    pub fn loc(&self, text: &str, offset: usize) -> Loc {
        if offset > text.len() {
            let end = self.loc(text, text.len());
            return Loc::new(end.line, end.col + to_u32(offset - text.len()));
        }
        let mut offset = offset;
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Loc::new(line as u32, col as u32)
    }

    /// The places of the two ends of a span.
    pub fn places(&self, text: &str, span: Span) -> (Loc, Loc) {
        (
            self.loc(text, span.start as usize),
            self.loc(text, span.end as usize),
        )
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
    /// The text of the line that holds byte `offset` (the last line past
    /// the end), without its line terminator.
    pub fn line_at(&self, offset: u32) -> Option<&str> {
        let text = &*self.text;
        let mut at = (offset as usize).min(text.len());
        while at > 0 && !text.is_char_boundary(at) {
            at -= 1;
        }
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let l = &text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// A file's text with its line index.
#[derive(Debug, Clone)]
pub struct Indexed<'a> {
    pub text: &'a str,
    pub index: LineIndex,
}

impl Indexed<'_> {
    /// The place of byte `offset`.
    pub fn loc(&self, offset: u32) -> Loc {
        self.index.loc(self.text, offset as usize)
    }

    /// The places of a span's ends.
    pub fn places(&self, span: Span) -> (Loc, Loc) {
        self.index.places(self.text, span)
    }
}

/// The checked files of a report by path, each indexed once: what turns
/// spans into lines and columns when printing.
#[derive(Debug, Clone, Default)]
pub struct Files<'a> {
    map: std::collections::HashMap<&'a str, Indexed<'a>>,
}

impl<'a> Files<'a> {
    pub fn new(files: &'a [SourceFile]) -> Self {
        let mut map = std::collections::HashMap::new();
        for f in files {
            // A path given twice keeps its last text.
            map.insert(
                &*f.path,
                Indexed {
                    text: &f.text,
                    index: LineIndex::new(&f.text),
                },
            );
        }
        Self { map }
    }

    /// The text and index of `path`.
    pub fn get(&self, path: &str) -> Option<&Indexed<'a>> {
        self.map.get(path)
    }

    /// The places of a span of `path`; `None` when the file's text is not
    /// known (the place is then printed as unknown).
    pub fn places(&self, path: &str, span: Span) -> Option<(Loc, Loc)> {
        Some(self.get(path)?.places(span))
    }
}

#[cfg(test)]
mod line_index_tests {
    use super::{Files, LineIndex, Loc, SourceFile, Span};

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
        // Past the end: columns past the last line's end.
        assert_eq!(ix.loc(text, text.len()), Loc::new(4, 2));
        assert_eq!(ix.loc(text, text.len() + 2), Loc::new(4, 4));
    }

    #[test]
    fn bytes_and_places_with_multibyte_crlf_and_no_final_newline() {
        let text = "é€\r\nab\r\n𝄞z";
        let ix = LineIndex::new(text);
        // Line 1: `é` (2 bytes), `€` (3 bytes), then CR LF.
        assert_eq!(ix.loc(text, 0), Loc::new(1, 1));
        assert_eq!(ix.loc(text, 2), Loc::new(1, 2));
        assert_eq!(ix.loc(text, 5), Loc::new(1, 3)); // the CR
        assert_eq!(ix.loc(text, 6), Loc::new(1, 4)); // the LF
        assert_eq!(ix.loc(text, 7), Loc::new(2, 1));
        assert_eq!(ix.offset(text, Loc::new(2, 1)), 7);
        assert_eq!(ix.offset(text, Loc::new(1, 3)), 5);
        assert_eq!(ix.line(text, 1), Some("é€"));
        assert_eq!(ix.line(text, 2), Some("ab"));
        // Last line without a newline: `𝄞` (4 bytes), `z`.
        let z = text.find('z').expect("z");
        assert_eq!(ix.loc(text, z), Loc::new(3, 2));
        assert_eq!(ix.offset(text, Loc::new(3, 2)), z);
        assert_eq!(ix.line(text, 3), Some("𝄞z"));
        // The end of the file is one past the last character.
        assert_eq!(ix.loc(text, text.len()), Loc::new(3, 3));
        assert_eq!(ix.offset(text, Loc::new(3, 3)), text.len());
        assert_eq!(ix.line_start(3), Some(11));
        // Round trip of every character boundary.
        for (i, _) in text.char_indices() {
            assert_eq!(ix.offset(text, ix.loc(text, i)), i, "byte {i}");
        }
        let files = [SourceFile {
            path: "f".into(),
            text: text.into(),
        }];
        let files = Files::new(&files);
        assert_eq!(
            files.places("f", Span::new(2, 8)),
            Some((Loc::new(1, 2), Loc::new(2, 2)))
        );
        assert_eq!(files.places("g", Span::new(0, 1)), None);
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
