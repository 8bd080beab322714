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

/// A checked file and its text, kept for rendering snippets.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
}

impl SourceFile {
    /// The text of 1-based line `line`, without its line terminator.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        if line == 0 {
            return None;
        }
        self.text
            .split('\n')
            .nth(line as usize - 1)
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
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
