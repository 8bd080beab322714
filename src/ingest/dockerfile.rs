//! Dockerfiles: every instruction with its exact places in the file.
//!
//! A finding about an image points at the line and column the user edits, and
//! the shell bodies of `RUN` are later parsed as bash; so every piece of text
//! this module hands out ([`ShellText`]) carries a map from each of its
//! bytes back to its byte offset in the Dockerfile, across line continuations,
//! skipped comment lines and heredoc bodies.
//!
//! # Why a hand-written parser
//!
//! The `dockerfile-parser` crate (0.9, a pest grammar) was evaluated and
//! rejected because it misses several requirements: it does not read the
//! `# escape=` parser directive (backtick continuations), does not know
//! BuildKit heredocs (`RUN <<EOF`), reports byte offsets into the file for
//! whole arguments but no map from the joined text of a continued `RUN` back to
//! each physical line, and its continuation rule is recursive (one level per
//! continued line), so a long continued instruction can exhaust the stack. A
//! Dockerfile's grammar is small, so this module follows BuildKit's own parser
//! (`moby/buildkit`, `frontend/dockerfile/parser`) step by step instead:
//!
//! * parser directives (`# syntax=`, `# escape=`, `# check=`) are read from
//!   the leading comment lines, up to the first line that is not one;
//! * a line whose first non-blank character is `#` is a comment; an empty
//!   line is skipped;
//! * a line ending with the escape character (optionally followed by spaces or
//!   tabs) continues on the next line; comment lines and blank lines inside a
//!   continuation are dropped; the pieces are joined without a separator (the
//!   escape character and the line break are removed, the following line's
//!   indentation is kept), exactly as BuildKit joins them;
//! * the keyword is the first word (case-insensitive); leading `--name[=value]`
//!   words are flags (quotes and backslashes inside them are processed);
//! * `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`, `ADD` and `VOLUME` accept the
//!   JSON form: an argument text that starts with `[` and is a JSON array of
//!   strings; invalid JSON falls back to the shell form, as Docker does, while
//!   a valid array holding something other than strings is an error;
//! * `RUN`, `COPY` and `ADD` in shell form (also under `ONBUILD`) may open
//!   heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`); their bodies are the
//!   lines that follow the instruction, up to the terminator line.
//!
//! Docker's errors that come from the text alone are errors here too
//! ([`DockerfileError`]): an unknown instruction, an invalid `escape`
//! directive or a repeated directive, an unterminated heredoc, a JSON array
//! that is not of strings, malformed `ENV`/`LABEL`/`ARG` pairs, a missing
//! argument, `FROM` with the wrong number of words or an invalid stage name,
//! `SHELL` not in JSON form, an instruction other than `ARG` before the first
//! `FROM`, and the triggers `ONBUILD` refuses.
//!
//! Not done (left to the build or to rules): flag names are not checked
//! against each instruction's flags, variables (`$VAR`, `${VAR}`) are never
//! expanded, and the arguments of `HEALTHCHECK`, `EXPOSE` and the rest are
//! kept as text.
//!
//! Robustness: the parser never panics and runs in time linear in the input
//! (the caller bounds the size). [`ShellText`] stores its position map as
//! one segment per run of bytes copied from one line, so
//! [`ShellText::pos_of`] is a binary search.

use std::fmt;
use std::ops::Range;

use crate::diag::{Span, to_u32};

/// The instructions Docker knows, upper-cased.
pub const INSTRUCTIONS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Instructions whose arguments may be a JSON array.
const JSON_FORM: &[&str] = &["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"];

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// The instructions in file order (comments and blank lines are dropped).
    pub instructions: Vec<Instruction>,
    /// The escape character: `\` unless a `# escape=` directive says `` ` ``.
    pub escape: char,
    /// The parser directives at the top of the file.
    pub directives: Vec<Directive>,
}

impl Dockerfile {
    /// The instructions with this (upper-case) keyword, in file order.
    pub fn by_keyword<'a>(&'a self, keyword: &'a str) -> impl Iterator<Item = &'a Instruction> {
        self.instructions
            .iter()
            .filter(move |i| i.keyword == keyword)
    }

    /// The value of a parser directive (`syntax`, `escape`, `check`).
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The name, lower-cased.
    pub name: String,
    pub value: String,
    /// The whole directive (from `#` to the end of the value).
    pub span: Span,
    pub value_span: Span,
}

/// One instruction, possibly spread over several physical lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword, upper-cased (`RUN`, `COPY`, ...).
    pub keyword: String,
    /// The whole instruction: from its keyword to the end of its last
    /// continued line, or of its last heredoc's terminator line.
    pub span: Span,
    pub keyword_span: Span,
    /// The leading `--name[=value]` flags.
    pub flags: Vec<Flag>,
    pub args: Args,
    /// The argument text after the flags (an empty span after the keyword
    /// when there is none).
    pub args_span: Span,
    /// The heredocs the instruction opens, in order.
    pub heredocs: Vec<Heredoc>,
    /// For `ONBUILD`: the trigger instruction.
    pub onbuild: Option<Box<Instruction>>,
    /// The file's escape character, used by the helpers that unquote words.
    pub escape: char,
}

/// A flag such as `--chown=coder:coder` or `--link`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The name without the leading `--` (`chown`).
    pub name: String,
    /// The value after the first `=`, with quotes and backslashes processed;
    /// `None` for a flag written without `=`.
    pub value: Option<String>,
    /// The whole flag word as written.
    pub span: Span,
    /// The value as written (after the `=`).
    pub value_span: Option<Span>,
}

/// The arguments of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// The JSON (exec) form: the decoded strings, each with the span of its
    /// JSON literal (quotes included).
    Exec(Vec<(String, Span)>),
    /// The shell form: the argument text as Docker sees it (continuations
    /// joined, trimmed), with its position map.
    Shell(ShellText),
}

/// A BuildKit heredoc (`<<EOF` ... `EOF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The terminator word, unquoted (`EOF` for `<<"EOF"`).
    pub name: String,
    /// The `<<EOF` word in the instruction.
    pub word_span: Span,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// False when the terminator word is quoted (no expansion in the body).
    pub expand: bool,
    /// A file descriptor written before `<<` (`3<<EOF`); `None` when absent
    /// or not a number.
    pub fd: Option<u32>,
    /// The body lines as written (tabs kept even with `<<-`), each followed
    /// by `\n` (mapped to the end of its line).
    pub body: ShellText,
    /// The terminator on its own line (after leading tabs with `<<-`).
    pub terminator_span: Span,
}

/// An instruction's `ENV`, `LABEL` or `ARG` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The key with quotes processed.
    pub key: String,
    pub key_span: Span,
    /// The value with quotes and escapes processed (variables are not
    /// expanded); `None` for `ARG NAME` without a default.
    pub value: Option<String>,
    /// The value as written (an empty span right after `=` for `K=`).
    pub value_span: Option<Span>,
}

/// The sources and destination of `COPY`/`ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyPaths {
    /// Each source, quotes processed in the shell form; an inline heredoc
    /// file appears as its `<<EOF` word (see [`Instruction::heredocs`]).
    pub sources: Vec<(String, Span)>,
    pub dest: (String, Span),
}

/// `FROM [--platform=P] IMAGE [AS NAME]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromArgs {
    pub image: (String, Span),
    /// The stage name after `AS`, as written.
    pub name: Option<(String, Span)>,
    /// The `--platform` value.
    pub platform: Option<(String, Span)>,
}

/// A parse error with the place Docker would report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerfileError {
    pub span: Span,
    pub message: String,
}

impl fmt::Display for DockerfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bytes {}..{}: {}",
            self.span.start, self.span.end, self.message
        )
    }
}

impl std::error::Error for DockerfileError {}

fn err(span: Span, message: impl Into<String>) -> DockerfileError {
    DockerfileError {
        span,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------
// ShellText: text with a position map
// ---------------------------------------------------------------------------

/// Text assembled from pieces of the file, with the file byte offset of each
/// of its bytes.
///
/// Offsets are byte offsets into [`ShellText::text`]. Characters inserted by
/// the parser (the `\n` that ends each heredoc body line, the `\n` joining a
/// `RUN` command to its heredocs) map to the end of the line they stand for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShellText {
    pub text: String,
    /// Runs of bytes copied from one line of the file, in offset order.
    segs: Vec<Seg>,
    /// The file offset just after the last byte (or where empty text sits).
    end: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Seg {
    off: usize,
    /// The file offset of the byte at `off`.
    at: u32,
}

impl ShellText {
    /// Empty text placed at file offset `at`.
    pub fn empty_at(at: u32) -> Self {
        Self {
            text: String::new(),
            segs: Vec::new(),
            end: at,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The file offset of the first byte.
    pub fn start(&self) -> u32 {
        self.pos_of(0)
    }

    /// The file offset just after the last byte.
    pub fn end(&self) -> u32 {
        self.end
    }

    /// The span of the whole text.
    pub fn span(&self) -> Span {
        self.span_of(0..self.text.len())
    }

    /// The file offset of the character at `byte_offset` (rounded down to a
    /// character boundary); [`ShellText::end`] at or past the end.
    pub fn pos_of(&self, byte_offset: usize) -> u32 {
        let len = self.text.len();
        if byte_offset >= len {
            return self.end;
        }
        let off = floor_boundary(&self.text, byte_offset);
        let idx = self.segs.partition_point(|s| s.off <= off);
        let Some(seg) = idx.checked_sub(1).and_then(|i| self.segs.get(i)) else {
            return self.end;
        };
        seg.at.saturating_add(to_u32(off - seg.off))
    }

    /// The span of a byte range: from its first character to just after its
    /// last one (an empty range is an empty span at its start).
    pub fn span_of(&self, range: Range<usize>) -> Span {
        let len = self.text.len();
        let start_off = floor_boundary(&self.text, range.start.min(len));
        let start = self.pos_of(start_off);
        let end_off = ceil_boundary(&self.text, range.end.min(len));
        if range.end <= range.start || end_off <= start_off {
            return Span::at(start);
        }
        let last = floor_boundary(&self.text, end_off - 1);
        let width = self.text[last..].chars().next().map_or(1, char::len_utf8);
        Span::new(start, self.pos_of(last).saturating_add(to_u32(width)))
    }

    /// The sub-text of a byte range, keeping its positions.
    pub fn slice(&self, range: Range<usize>) -> ShellText {
        let len = self.text.len();
        let start = floor_boundary(&self.text, range.start.min(len));
        let end = floor_boundary(&self.text, range.end.min(len)).max(start);
        if start == end {
            return ShellText::empty_at(self.pos_of(start));
        }
        let mut segs = vec![Seg {
            off: 0,
            at: self.pos_of(start),
        }];
        let first = self.segs.partition_point(|s| s.off <= start);
        for s in self.segs.get(first..).unwrap_or_default() {
            if s.off >= end {
                break;
            }
            segs.push(Seg {
                off: s.off - start,
                at: s.at,
            });
        }
        ShellText {
            text: self.text.get(start..end).unwrap_or_default().to_owned(),
            segs,
            end: self.span_of(start..end).end,
        }
    }

    /// Appends `s`, copied from the file from offset `at` on.
    fn push_run(&mut self, s: &str, at: u32) {
        if s.is_empty() {
            return;
        }
        self.segs.push(Seg {
            off: self.text.len(),
            at,
        });
        self.text.push_str(s);
        self.end = at.saturating_add(to_u32(s.len()));
    }

    /// Appends another mapped text.
    fn append(&mut self, other: &ShellText) {
        if other.text.is_empty() {
            return;
        }
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.segs.extend(other.segs.iter().map(|s| Seg {
            off: s.off + base,
            at: s.at,
        }));
        self.end = other.end;
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Go's `reWhitespace` (`[\t\v\f\r ]`), which separates the keyword and the
/// whitespace-delimited arguments.
fn is_sep(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// The range of `t[from..to]` without surrounding (Unicode) whitespace.
fn trim_range(t: &str, from: usize, to: usize) -> Range<usize> {
    let s = t.get(from..to).unwrap_or_default();
    let start = from + (s.len() - s.trim_start().len());
    let end = from + s.trim_end().len();
    start..end.max(start)
}

/// Byte ranges of the words of `s` separated by runs of [`is_sep`].
fn sep_words(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_sep(c) {
            if let Some(st) = start.take() {
                out.push(st..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

// ---------------------------------------------------------------------------
// Physical lines
// ---------------------------------------------------------------------------

struct PLine<'a> {
    text: &'a str,
    /// The file offset of `text`'s first byte (after a byte-order mark).
    start: u32,
}

impl PLine<'_> {
    /// The file offset of byte `off` of the line.
    fn at(&self, off: usize) -> u32 {
        self.start.saturating_add(to_u32(off))
    }

    /// The file offset just after the last non-blank character.
    fn trimmed_end(&self) -> u32 {
        self.at(self.text.trim_end().len())
    }

    /// The file offset of the line's end (its line break, or the end of
    /// the file).
    fn end(&self) -> u32 {
        self.at(self.text.len())
    }
}

fn split_lines(text: &str) -> Vec<PLine<'_>> {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .map(|(i, l)| {
            let line_start = start;
            start += l.len() + 1;
            let l = l.strip_suffix('\r').unwrap_or(l);
            match l.strip_prefix('\u{feff}') {
                Some(rest) if i == 0 => PLine {
                    text: rest,
                    start: to_u32(line_start + '\u{feff}'.len_utf8()),
                },
                _ => PLine {
                    text: l,
                    start: to_u32(line_start),
                },
            }
        })
        .collect()
}

/// Strips a trailing continuation (the escape character, then only spaces or
/// tabs); returns the remaining text and whether the line continues.
fn strip_continuation(s: &str, escape: char) -> (&str, bool) {
    let t = s.trim_end_matches([' ', '\t']);
    match t.strip_suffix(escape) {
        Some(rest) => (rest, true),
        None => (s, false),
    }
}

// ---------------------------------------------------------------------------
// Parser directives
// ---------------------------------------------------------------------------

/// RE2's `\s`.
fn is_re_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// Matches `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`; returns the byte
/// ranges of the name and the value.
fn match_directive(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    let rest = s.strip_prefix('#')?;
    let mut i = 1 + (rest.len() - rest.trim_start_matches(is_re_space).len());
    let name_start = i;
    let first = s.get(i..)?.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    i += s.get(i..)?.len()
        - s.get(i..)?
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
            .len();
    let name = name_start..i;
    let after = s.get(i..)?.trim_start_matches(is_re_space);
    let after = after.strip_prefix('=')?;
    if after.is_empty() {
        return None;
    }
    let value_start = s.len() - after.len();
    let trimmed = after.trim_matches(is_re_space);
    if trimmed.is_empty() {
        // `.+?` takes one blank when nothing else is left.
        let last = after.chars().last()?;
        let end = s.len();
        return Some((name, end - last.len_utf8()..end));
    }
    let lead = after.len() - after.trim_start_matches(is_re_space).len();
    let v0 = value_start + lead;
    Some((name, v0..v0 + trimmed.len()))
}

fn parse_directives(lines: &[PLine<'_>]) -> Result<(Vec<Directive>, char), DockerfileError> {
    let mut out: Vec<Directive> = Vec::new();
    let mut escape = '\\';
    for line in lines {
        let lead = line.text.len() - line.text.trim_start().len();
        let body = line.text.get(lead..).unwrap_or_default();
        let Some((name_r, value_r)) = match_directive(body) else {
            break;
        };
        let name = body.get(name_r).unwrap_or_default().to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            break;
        }
        let value = body.get(value_r.clone()).unwrap_or_default().to_owned();
        let value_span = Span::new(line.at(lead + value_r.start), line.at(lead + value_r.end));
        let span = Span::new(line.at(lead), value_span.end);
        if out.iter().any(|d| d.name == name) {
            return Err(err(
                span,
                format!("only one {name} parser directive can be used"),
            ));
        }
        if name == "escape" {
            escape = match value.as_str() {
                "`" => '`',
                "\\" => '\\',
                _ => {
                    return Err(err(
                        value_span,
                        format!("invalid escape token '{value}' does not match ` or \\"),
                    ));
                }
            };
        }
        out.push(Directive {
            name,
            value,
            span,
            value_span,
        });
    }
    Ok((out, escape))
}

// ---------------------------------------------------------------------------
// The file
// ---------------------------------------------------------------------------

/// Parses a Dockerfile.
pub fn parse(text: &str) -> Result<Dockerfile, DockerfileError> {
    let lines = split_lines(text);
    let (directives, escape) = parse_directives(&lines)?;
    let mut instructions: Vec<Instruction> = Vec::new();
    let mut seen_from = false;
    let mut i = 0;
    while i < lines.len() {
        let Some(line) = lines.get(i) else { break };
        let lead = line.text.len() - line.text.trim_start().len();
        let body = line.text.get(lead..).unwrap_or_default();
        if body.is_empty() || body.starts_with('#') {
            i += 1;
            continue;
        }
        let first_loc = line.at(lead);
        let mut logical = ShellText::empty_at(first_loc);
        let (content, mut cont) = strip_continuation(body, escape);
        logical.push_run(content, first_loc);
        let mut end = line.trimmed_end();
        while cont && i + 1 < lines.len() {
            i += 1;
            let Some(l) = lines.get(i) else { break };
            let lt = l.text.trim_start();
            if lt.is_empty() || lt.starts_with('#') {
                continue;
            }
            let (content, c) = strip_continuation(l.text, escape);
            logical.push_run(content, l.start);
            end = l.trimmed_end();
            cont = c;
        }
        let span = Span::new(first_loc, end);
        let Some(mut instr) = parse_instruction(&logical, span, escape, false)? else {
            i += 1;
            continue;
        };
        if instr.keyword == "FROM" {
            seen_from = true;
        } else if !seen_from && instr.keyword != "ARG" {
            return Err(err(
                instr.keyword_span,
                format!(
                    "no build stage in current context: {} before the first FROM",
                    instr.keyword
                ),
            ));
        }
        let host = instr.onbuild.as_deref().unwrap_or(&instr);
        let may_heredoc = matches!(host.keyword.as_str(), "RUN" | "COPY" | "ADD")
            && matches!(host.args, Args::Shell(_))
            && logical.text.contains("<<");
        if may_heredoc {
            let docs = read_heredocs(&lines, &mut i, &logical)?;
            if let Some(last) = docs.last() {
                let end = last.terminator_span.end;
                instr.span.end = end;
                if let Some(inner) = instr.onbuild.as_deref_mut() {
                    inner.span.end = end;
                    inner.heredocs = docs;
                } else {
                    instr.heredocs = docs;
                }
            }
        }
        instructions.push(instr);
        i += 1;
    }
    Ok(Dockerfile {
        instructions,
        escape,
        directives,
    })
}

// ---------------------------------------------------------------------------
// One instruction
// ---------------------------------------------------------------------------

fn parse_instruction(
    logical: &ShellText,
    span: Span,
    escape: char,
    nested: bool,
) -> Result<Option<Instruction>, DockerfileError> {
    let t = logical.text.as_str();
    let body = trim_range(t, 0, t.len());
    if body.is_empty() {
        return Ok(None);
    }
    let kw_end = t
        .get(body.clone())
        .and_then(|s| s.find(is_sep))
        .map_or(body.end, |p| body.start + p);
    let raw_kw = t.get(body.start..kw_end).unwrap_or_default();
    let keyword = raw_kw.to_ascii_uppercase();
    let keyword_span = logical.span_of(body.start..kw_end);
    if !INSTRUCTIONS.contains(&keyword.as_str()) {
        let mut message = format!("unknown instruction: {raw_kw}");
        if let Some(s) = crate::suggest::nearest(&keyword, INSTRUCTIONS.iter().copied()) {
            message.push_str(&format!(" (did you mean {s}?)"));
        }
        return Err(err(keyword_span, message));
    }
    let rest = t.get(kw_end..body.end).map_or(body.end, |s| {
        kw_end + (s.len() - s.trim_start_matches(is_sep).len())
    });
    let (flags, args_start) = extract_flags(logical, rest, body.end);
    let ar = trim_range(t, args_start, body.end);
    let args_span = logical.span_of(ar.clone());
    let args_text = t.get(ar.clone()).unwrap_or_default();
    let args = if JSON_FORM.contains(&keyword.as_str()) && args_text.starts_with('[') {
        match json_array(args_text) {
            Json::Strings(items) => Args::Exec(
                items
                    .into_iter()
                    .map(|(s, r)| (s, logical.span_of(ar.start + r.start..ar.start + r.end)))
                    .collect(),
            ),
            Json::NotStrings => {
                return Err(err(
                    args_span,
                    format!("{keyword}: only a JSON array of strings is supported"),
                ));
            }
            Json::Invalid => Args::Shell(logical.slice(ar.clone())),
        }
    } else {
        Args::Shell(logical.slice(ar.clone()))
    };
    let mut instr = Instruction {
        keyword,
        span,
        keyword_span,
        flags,
        args,
        args_span,
        heredocs: Vec::new(),
        onbuild: None,
        escape,
    };
    if instr.keyword == "ONBUILD" {
        if nested {
            return Err(err(
                instr.keyword_span,
                "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            ));
        }
        if let Args::Shell(sub) = &instr.args
            && let Some(inner) = parse_instruction(sub, args_span, escape, true)?
        {
            if matches!(inner.keyword.as_str(), "FROM" | "MAINTAINER") {
                return Err(err(
                    inner.keyword_span,
                    format!("{} isn't allowed as an ONBUILD trigger", inner.keyword),
                ));
            }
            instr.onbuild = Some(Box::new(inner));
        }
    }
    validate(&instr, escape)?;
    Ok(Some(instr))
}

/// BuildKit's `extractBuilderFlags`: leading words that start with `--`;
/// returns the flags and where the arguments start.
fn extract_flags(logical: &ShellText, from: usize, to: usize) -> (Vec<Flag>, usize) {
    let t = logical.text.as_str();
    let mut flags = Vec::new();
    let mut pos = from;
    loop {
        let Some(s) = t.get(pos..to) else {
            return (flags, to);
        };
        pos += s.len() - s.trim_start().len();
        let Some(s) = t.get(pos..to) else {
            return (flags, to);
        };
        if s.is_empty() {
            return (flags, to);
        }
        if !s.starts_with("--") {
            return (flags, pos);
        }
        let start = pos;
        let mut word = String::new();
        let mut quote: Option<char> = None;
        let mut end = to;
        let mut it = s.char_indices();
        while let Some((k, c)) = it.next() {
            match quote {
                None if c.is_whitespace() => {
                    end = start + k;
                    break;
                }
                None if c == '\'' || c == '"' => quote = Some(c),
                Some(q) if c == q => quote = None,
                _ if c == '\\' => {
                    if let Some((_, n)) = it.next() {
                        word.push(n);
                    }
                }
                _ => word.push(c),
            }
        }
        if word == "--" {
            return (flags, end);
        }
        let raw = t.get(start..end).unwrap_or_default();
        let name_value = word.get(2..).unwrap_or_default();
        let (name, value) = match name_value.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (name_value.to_owned(), None),
        };
        let value_span = raw.find('=').map(|e| logical.span_of(start + e + 1..end));
        flags.push(Flag {
            name,
            value,
            span: logical.span_of(start..end),
            value_span,
        });
        pos = end;
    }
}

/// Docker's argument checks that need nothing but the text.
fn validate(instr: &Instruction, escape: char) -> Result<(), DockerfileError> {
    let kw = instr.keyword.as_str();
    let empty = match &instr.args {
        Args::Shell(s) => s.is_empty(),
        Args::Exec(_) => false,
    };
    let at_least_one = || {
        err(
            instr.keyword_span,
            format!("{kw} requires at least one argument"),
        )
    };
    match kw {
        "FROM" => {
            let words = instr.words();
            let ok = match words.as_slice() {
                [_] => true,
                [_, as_kw, (name, span)] if as_kw.0.eq_ignore_ascii_case("as") => {
                    if !valid_stage_name(name) {
                        return Err(err(
                            *span,
                            format!(
                                "invalid name for build stage: \"{name}\", name can't start with a number or contain symbols"
                            ),
                        ));
                    }
                    true
                }
                _ => false,
            };
            if !ok {
                let span = if words.is_empty() {
                    instr.keyword_span
                } else {
                    instr.args_span
                };
                return Err(err(span, "FROM requires either one or three arguments"));
            }
        }
        "COPY" | "ADD" if empty => {
            return Err(err(
                instr.keyword_span,
                format!("{kw} requires at least two arguments"),
            ));
        }
        "COPY" | "ADD" if instr.words().len() < 2 => {
            return Err(err(
                instr.args_span,
                format!(
                    "{kw} requires at least two arguments, but only one was provided; the destination could not be determined"
                ),
            ));
        }
        "SHELL" => {
            if empty {
                return Err(at_least_one());
            }
            if !matches!(instr.args, Args::Exec(_)) {
                return Err(err(
                    instr.args_span,
                    "SHELL requires the arguments to be in JSON form",
                ));
            }
        }
        "ENV" | "LABEL" | "ARG" => {
            if empty {
                return Err(at_least_one());
            }
            if let Args::Shell(s) = &instr.args {
                key_values_of(kw, s, escape)?;
            }
        }
        "RUN" | "USER" | "WORKDIR" | "EXPOSE" | "VOLUME" | "STOPSIGNAL" | "MAINTAINER"
        | "HEALTHCHECK" | "ONBUILD"
            if empty =>
        {
            return Err(at_least_one());
        }
        _ => {}
    }
    Ok(())
}

/// `^[a-z][a-z0-9-_.]*$` after lower-casing.
fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

// ---------------------------------------------------------------------------
// Helpers on instructions
// ---------------------------------------------------------------------------

impl Instruction {
    /// The first flag with this name (without `--`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Whether the arguments are in JSON (exec) form.
    pub fn is_exec_form(&self) -> bool {
        matches!(self.args, Args::Exec(_))
    }

    /// The shell-form argument text, if the arguments are in shell form.
    pub fn shell_text(&self) -> Option<&ShellText> {
        match &self.args {
            Args::Shell(s) => Some(s),
            Args::Exec(_) => None,
        }
    }

    /// The arguments as words: the JSON strings of the exec form, or the
    /// shell text split at blanks (as written, quotes kept), each with its
    /// span.
    pub fn words(&self) -> Vec<(String, Span)> {
        match &self.args {
            Args::Exec(items) => items.clone(),
            Args::Shell(s) => sep_words(&s.text)
                .into_iter()
                .map(|r| {
                    (
                        s.text.get(r.clone()).unwrap_or_default().to_owned(),
                        s.span_of(r),
                    )
                })
                .collect(),
        }
    }

    /// The entries of `ENV`, `LABEL` (`key=value ...`, or the legacy
    /// `KEY value`) and `ARG` (`NAME[=default] ...`); empty for other
    /// instructions. Keys and values are unquoted; spans are of the text as
    /// written.
    pub fn key_values(&self) -> Vec<KeyValue> {
        match (&self.args, self.keyword.as_str()) {
            (Args::Shell(s), kw @ ("ENV" | "LABEL" | "ARG")) => {
                key_values_of(kw, s, self.escape).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    /// `COPY`/`ADD` sources and destination, in either form; `None` for
    /// other instructions or fewer than two arguments. Shell-form words have
    /// their quotes processed.
    pub fn copy_paths(&self) -> Option<CopyPaths> {
        if !matches!(self.keyword.as_str(), "COPY" | "ADD") {
            return None;
        }
        let mut words = self.words();
        if !self.is_exec_form() {
            for w in &mut words {
                w.0 = unquote(&w.0, self.escape);
            }
        }
        let dest = words.pop()?;
        if words.is_empty() {
            return None;
        }
        Some(CopyPaths {
            sources: words,
            dest,
        })
    }

    /// `FROM`'s image, stage name and `--platform`; `None` for other
    /// instructions or a malformed `FROM`.
    pub fn from_args(&self) -> Option<FromArgs> {
        if self.keyword != "FROM" {
            return None;
        }
        let words = self.words();
        let platform = self
            .flag("platform")
            .and_then(|f| Some((f.value.clone()?, f.value_span?)));
        match words.as_slice() {
            [image] => Some(FromArgs {
                image: (unquote(&image.0, self.escape), image.1),
                name: None,
                platform,
            }),
            [image, as_kw, name] if as_kw.0.eq_ignore_ascii_case("as") => Some(FromArgs {
                image: (unquote(&image.0, self.escape), image.1),
                name: Some(name.clone()),
                platform,
            }),
            _ => None,
        }
    }

    /// `USER`'s argument (`coder`, `1000:1000`), unquoted, with its span.
    pub fn user(&self) -> Option<(String, Span)> {
        if self.keyword != "USER" {
            return None;
        }
        let s = self.shell_text()?;
        if s.is_empty() {
            return None;
        }
        Some((unquote(&s.text, self.escape), s.span()))
    }

    /// The script a `RUN` in shell form hands to the shell, as BuildKit
    /// builds it: the command text; for `RUN <<EOF` alone, the heredoc body
    /// (tabs stripped with `<<-`); otherwise the command, a line break, and
    /// each heredoc's body and terminator, so that the shell reads the
    /// heredocs itself. `None` for exec form or another instruction (an
    /// `ONBUILD RUN` is found in [`Instruction::onbuild`]).
    ///
    /// A lone heredoc body that starts with `#!` is run by that interpreter,
    /// not by the shell; callers that parse the script as shell check that.
    pub fn run_script(&self) -> Option<ShellText> {
        if self.keyword != "RUN" {
            return None;
        }
        let cmd = self.shell_text()?;
        let Some(first) = self.heredocs.first() else {
            return Some(cmd.clone());
        };
        if parse_heredoc_word(&cmd.text).is_some() {
            return Some(if first.chomp {
                strip_leading_tabs(&first.body)
            } else {
                first.body.clone()
            });
        }
        let mut out = cmd.clone();
        for h in &self.heredocs {
            let at = out.end();
            out.push_run("\n", at);
            out.append(&h.body);
            out.push_run(&h.name, h.terminator_span.start);
        }
        Some(out)
    }
}

/// Each line of `body` without its leading tabs.
fn strip_leading_tabs(body: &ShellText) -> ShellText {
    let mut out = ShellText::empty_at(body.start());
    let mut off = 0;
    for line in body.text.split_inclusive('\n') {
        let tabs = line.len() - line.trim_start_matches('\t').len();
        out.append(&body.slice(off + tabs..off + line.len()));
        off += line.len();
    }
    out
}

// ---------------------------------------------------------------------------
// Words, quotes and key=value pairs
// ---------------------------------------------------------------------------

/// Docker's shell-word processing of one word without expansion: quotes are
/// removed, the escape character escapes the next character outside quotes
/// and `"`, `$` and itself inside double quotes.
pub fn unquote(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        if c == escape {
            if let Some(n) = it.next() {
                out.push(n);
            }
            continue;
        }
        match c {
            '\'' => {
                for n in it.by_ref() {
                    if n == '\'' {
                        break;
                    }
                    out.push(n);
                }
            }
            '"' => {
                while let Some(n) = it.next() {
                    if n == '"' {
                        break;
                    }
                    if n == escape {
                        match it.peek() {
                            Some(&p) if p == '"' || p == '$' || p == escape => {
                                out.push(p);
                                it.next();
                            }
                            Some(_) => out.push(n),
                            None => {}
                        }
                        continue;
                    }
                    out.push(n);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// BuildKit's `parseWords`: words separated by whitespace outside quotes,
/// kept as written.
fn quoted_words(s: &str, escape: char) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        match quote {
            None => {
                if c.is_whitespace() {
                    if let Some(st) = start.take() {
                        out.push(st..i);
                    }
                    continue;
                }
                if start.is_none() {
                    start = Some(i);
                }
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == escape {
                    it.next();
                }
            }
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == escape && q != '\'' {
                    it.next();
                }
            }
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

fn key_values_of(
    keyword: &str,
    s: &ShellText,
    escape: char,
) -> Result<Vec<KeyValue>, DockerfileError> {
    let t = s.text.as_str();
    let words = quoted_words(t, escape);
    if words.is_empty() {
        return Err(err(
            s.span(),
            format!("{keyword} requires at least one argument"),
        ));
    }
    let pair = |w: &Range<usize>, eq: Option<usize>| -> KeyValue {
        let (kr, vr) = match eq {
            Some(e) => (w.start..e, Some(e + 1..w.end)),
            None => (w.clone(), None),
        };
        KeyValue {
            key: unquote(t.get(kr.clone()).unwrap_or_default(), escape),
            key_span: s.span_of(kr),
            value: vr
                .as_ref()
                .map(|r| unquote(t.get(r.clone()).unwrap_or_default(), escape)),
            value_span: vr.map(|r| s.span_of(r)),
        }
    };
    let find_eq = |w: &Range<usize>| {
        t.get(w.clone())
            .and_then(|x| x.find('='))
            .map(|e| w.start + e)
    };
    let mut out = Vec::with_capacity(words.len());
    if keyword == "ARG" {
        for w in &words {
            let kv = pair(w, find_eq(w));
            if kv.key.is_empty() {
                return Err(err(kv.key_span, "ARG names can not be blank"));
            }
            out.push(kv);
        }
        return Ok(out);
    }
    let Some(first) = words.first() else {
        return Ok(out);
    };
    if find_eq(first).is_none() {
        // Legacy `KEY value with spaces`.
        let Some(k_end) = t.find(is_sep) else {
            return Err(err(s.span(), format!("{keyword} must have two arguments")));
        };
        let v_start = t.get(k_end..).map_or(t.len(), |r| {
            k_end + (r.len() - r.trim_start_matches(is_sep).len())
        });
        let kr = 0..k_end;
        let vr = v_start..t.len();
        out.push(KeyValue {
            key: unquote(t.get(kr.clone()).unwrap_or_default(), escape),
            key_span: s.span_of(kr),
            value: Some(unquote(t.get(vr.clone()).unwrap_or_default(), escape)),
            value_span: Some(s.span_of(vr)),
        });
        return Ok(out);
    }
    for w in &words {
        let Some(eq) = find_eq(w) else {
            let word = t.get(w.clone()).unwrap_or_default();
            return Err(err(
                s.span_of(w.clone()),
                format!(
                    "syntax error - can't find = in \"{word}\"; must be of the form: name=value"
                ),
            ));
        };
        let kv = pair(w, Some(eq));
        if kv.key.is_empty() {
            return Err(err(
                kv.key_span,
                format!("{keyword} names can not be blank"),
            ));
        }
        out.push(kv);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Heredocs
// ---------------------------------------------------------------------------

/// The words of a line as BuildKit's lexer sees them with raw quotes and
/// escapes (`\` always escapes): whitespace outside quotes separates them.
fn raw_shell_words(t: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut it = t.char_indices();
    while let Some((i, c)) = it.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' {
                    it.next();
                }
            }
            None => {
                if c.is_whitespace() {
                    if let Some(s) = start.take() {
                        out.push(s..i);
                    }
                    continue;
                }
                if start.is_none() {
                    start = Some(i);
                }
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == '\\' {
                    it.next();
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(s..t.len());
    }
    out
}

/// Shell words of `s` with quotes removed and escapes applied (no
/// expansion); whether any quoting was seen. `None` on an unclosed quote.
fn shell_words(s: &str) -> Option<(Vec<String>, bool)> {
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut quoted = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            c if c.is_whitespace() => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
            }
            '\\' => {
                let w = cur.get_or_insert_with(String::new);
                if let Some(n) = it.next() {
                    w.push(n);
                }
            }
            '\'' => {
                quoted = true;
                let w = cur.get_or_insert_with(String::new);
                let mut closed = false;
                for n in it.by_ref() {
                    if n == '\'' {
                        closed = true;
                        break;
                    }
                    w.push(n);
                }
                if !closed {
                    return None;
                }
            }
            '"' => {
                quoted = true;
                let w = cur.get_or_insert_with(String::new);
                let mut closed = false;
                while let Some(n) = it.next() {
                    if n == '"' {
                        closed = true;
                        break;
                    }
                    if n == '\\' {
                        match it.peek() {
                            Some(&p) if matches!(p, '"' | '$' | '\\') => {
                                w.push(p);
                                it.next();
                            }
                            _ => w.push(n),
                        }
                        continue;
                    }
                    w.push(n);
                }
                if !closed {
                    return None;
                }
            }
            c => cur.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(w) = cur {
        words.push(w);
    }
    Some((words, quoted))
}

struct HeredocWord {
    name: String,
    chomp: bool,
    expand: bool,
    fd: Option<u32>,
}

/// BuildKit's `ParseHeredoc`: `^(\d*)<<(-?)([^<]*)$` whose rest is one
/// shell word.
fn parse_heredoc_word(w: &str) -> Option<HeredocWord> {
    let digits = w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = w.get(digits..)?.strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let (mut words, quoted) = shell_words(rest)?;
    if words.len() != 1 {
        return None;
    }
    let name = words.pop()?;
    if name.is_empty() {
        return None;
    }
    let fd = if digits == 0 {
        None
    } else {
        w.get(..digits).and_then(|d| d.parse().ok())
    };
    Some(HeredocWord {
        name,
        chomp,
        expand: !quoted,
        fd,
    })
}

/// Reads the bodies of the heredocs `logical` opens from the lines after
/// `*i`, leaving `*i` on the last terminator line.
fn read_heredocs(
    lines: &[PLine<'_>],
    i: &mut usize,
    logical: &ShellText,
) -> Result<Vec<Heredoc>, DockerfileError> {
    let mut docs = Vec::new();
    for r in raw_shell_words(&logical.text) {
        let Some(word) = logical.text.get(r.clone()).and_then(parse_heredoc_word) else {
            continue;
        };
        let word_span = logical.span_of(r);
        let mut body = ShellText::empty_at(
            lines
                .get(*i + 1)
                .map_or_else(|| lines.last().map_or(0, PLine::end), |l| l.start),
        );
        let terminator_span = loop {
            *i += 1;
            let Some(l) = lines.get(*i) else {
                let end = lines.last().map_or(word_span.end, PLine::end);
                return Err(err(
                    Span::new(word_span.start, end),
                    format!("unterminated heredoc: no line `{}` ends it", word.name),
                ));
            };
            let cand = if word.chomp {
                l.text.trim_start_matches('\t')
            } else {
                l.text
            };
            if cand == word.name {
                let off = l.text.len() - cand.len();
                break Span::new(l.at(off), l.end());
            }
            body.push_run(l.text, l.start);
            body.push_run("\n", l.end());
        };
        docs.push(Heredoc {
            name: word.name,
            word_span,
            chomp: word.chomp,
            expand: word.expand,
            fd: word.fd,
            body,
            terminator_span,
        });
    }
    Ok(docs)
}

// ---------------------------------------------------------------------------
// JSON form
// ---------------------------------------------------------------------------

enum Json {
    /// A JSON array of strings: each decoded, with the byte range of its
    /// literal.
    Strings(Vec<(String, Range<usize>)>),
    /// Valid JSON, but not an array of strings.
    NotStrings,
    /// Not valid JSON (the shell form then).
    Invalid,
}

/// A JSON array, exactly as Go's `json.Unmarshal` into `[]interface{}`
/// accepts it (trailing JSON whitespace allowed, nothing else). serde_json
/// reads the structure; a string element is decoded by [`json_string`],
/// which turns a lone surrogate escape into U+FFFD as Go does (serde_json
/// refuses it). Elements are skipped, not parsed, so nesting costs no stack.
fn json_array(s: &str) -> Json {
    if !s.starts_with('[') {
        return Json::Invalid;
    }
    let Ok(raw) = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(s) else {
        return Json::Invalid;
    };
    let mut items = Vec::with_capacity(raw.len());
    for v in raw {
        let text = v.get();
        // The element borrows from `s`: its offset is its place in `s`.
        let start = text.as_ptr() as usize - s.as_ptr() as usize;
        if !text.starts_with('"') {
            return Json::NotStrings;
        }
        let Some((value, end)) = json_string(s, start) else {
            return Json::Invalid;
        };
        items.push((value, start..end));
    }
    Json::Strings(items)
}

fn hex4(it: &mut std::str::CharIndices<'_>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        let (_, c) = it.next()?;
        v = v * 16 + c.to_digit(16)?;
    }
    Some(v)
}

/// Decodes the JSON string literal at `start` (a `"`); returns it and the
/// offset after its closing quote.
fn json_string(s: &str, start: usize) -> Option<(String, usize)> {
    let inner = s.get(start + 1..)?;
    let mut out = String::new();
    let mut it = inner.char_indices();
    while let Some((k, c)) = it.next() {
        match c {
            '"' => return Some((out, start + 1 + k + 1)),
            '\\' => {
                let (_, e) = it.next()?;
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hi = hex4(&mut it)?;
                        if (0xD800..0xDC00).contains(&hi) {
                            let save = it.clone();
                            let low = match (it.next(), it.next()) {
                                (Some((_, '\\')), Some((_, 'u'))) => {
                                    hex4(&mut it).filter(|lo| (0xDC00..0xE000).contains(lo))
                                }
                                _ => None,
                            };
                            if let Some(lo) = low {
                                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            } else {
                                it = save;
                                out.push('\u{FFFD}');
                            }
                        } else {
                            out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                        }
                    }
                    _ => return None,
                }
            }
            c if u32::from(c) < 0x20 => return None,
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Vec<String> {
        match json_array(s) {
            Json::Strings(v) => v.into_iter().map(|(s, _)| s).collect(),
            Json::NotStrings => vec!["<not strings>".into()],
            Json::Invalid => vec!["<invalid>".into()],
        }
    }

    #[test]
    fn json_arrays() {
        assert_eq!(strings(r#"["a", "b"]"#), ["a", "b"]);
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings("[ ]  "), Vec::<String>::new());
        assert_eq!(strings(r#"["a\"b\\c\/d\n\t"]"#), ["a\"b\\c/d\n\t"]);
        assert_eq!(strings(r#"["\u00e9\ud83d\ude00"]"#), ["é😀"]);
        assert_eq!(strings(r#"["\ud83d"]"#), ["\u{FFFD}"]);
        assert_eq!(strings(r#"["\ud83d\u0041"]"#), ["\u{FFFD}A"]);
        assert_eq!(strings(r#"["a" , 1]"#), ["<not strings>"]);
        assert_eq!(
            strings(r#"["a", {"k": [1, 2.5e3, true, null, {}]}, []]"#),
            ["<not strings>"]
        );
        for bad in [
            "[",
            r#"["a""#,
            r#"["a",]"#,
            r#"["a"] x"#,
            r#"['a']"#,
            r#"["a\x"]"#,
            "[\"a\u{1}\"]",
            "[01]",
            "[1.]",
            "[-]",
            "[tru]",
            r#"[{"a" 1}]"#,
            r#"[{"a": 1,}]"#,
            r#"[{1: 2}]"#,
            "[[[[",
            "\u{a0}[]",
        ] {
            assert_eq!(strings(bad), ["<invalid>"], "{bad}");
        }
    }

    #[test]
    fn deep_json_does_not_recurse() {
        let deep = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(strings(&deep), ["<not strings>"]);
    }

    #[test]
    fn shell_text_map() {
        let mut t = ShellText::empty_at(0);
        t.push_run("ab", 4);
        t.push_run("é€x", 20);
        // bytes: a b | é(2) €(3) x
        assert_eq!(t.pos_of(0), 4);
        assert_eq!(t.pos_of(1), 5);
        assert_eq!(t.pos_of(2), 20);
        assert_eq!(t.pos_of(3), 20); // inside é
        assert_eq!(t.pos_of(4), 22);
        assert_eq!(t.pos_of(7), 25);
        assert_eq!(t.pos_of(8), 26);
        assert_eq!(t.pos_of(100), 26);
        assert_eq!(t.span_of(0..2), Span::new(4, 6));
        assert_eq!(t.span_of(1..5), Span::new(5, 25));
        assert_eq!(t.span_of(3..3), Span::new(20, 20));
        let s = t.slice(1..7);
        assert_eq!(s.text, "bé€");
        assert_eq!(s.pos_of(0), 5);
        assert_eq!(s.pos_of(1), 20);
        assert_eq!(s.end(), 25);
    }

    #[test]
    fn directives_match_like_buildkit() {
        let m = |s: &str| match_directive(s).map(|(n, v)| (s[n].to_owned(), s[v].to_owned()));
        assert_eq!(m("# escape=`"), Some(("escape".into(), "`".into())));
        assert_eq!(
            m("#syntax = docker/dockerfile:1  "),
            Some(("syntax".into(), "docker/dockerfile:1".into()))
        );
        assert_eq!(m("# escape= "), Some(("escape".into(), " ".into())));
        assert_eq!(m("# escape="), None);
        assert_eq!(m("# 1x=y"), None);
        assert_eq!(m("# just a comment"), None);
    }

    #[test]
    fn heredoc_words() {
        let w = |s: &str| parse_heredoc_word(s).map(|h| (h.name, h.chomp, h.expand, h.fd));
        assert_eq!(w("<<EOF"), Some(("EOF".into(), false, true, None)));
        assert_eq!(w("<<-EOT"), Some(("EOT".into(), true, true, None)));
        assert_eq!(w("<<'EOF'"), Some(("EOF".into(), false, false, None)));
        assert_eq!(w("<<\"E O\""), Some(("E O".into(), false, false, None)));
        assert_eq!(w("3<<EOF"), Some(("EOF".into(), false, true, Some(3))));
        assert_eq!(w("<<"), None);
        assert_eq!(w("<<<EOF"), None);
        assert_eq!(w("cat<<EOF"), None);
        assert_eq!(w("<<EOF bash"), None);
        assert_eq!(w("<<'EOF"), None);
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote(r#""a b"c'd e'"#, '\\'), "a bcd e");
        assert_eq!(unquote(r#""a\"b\x\$""#, '\\'), r#"a"b\x$"#);
        assert_eq!(unquote(r"a\ b\", '\\'), "a b");
        assert_eq!(unquote("C:\\dir`\"", '`'), "C:\\dir\"");
    }
}
