//! Human output: rustc-style snippets with a caret under each span.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diag::{Counts, Diagnostic, Files, Indexed, Severity, Span};
use crate::engine::Report;

use super::Meta;

fn byte_range(text: &str, span: Span) -> std::ops::Range<usize> {
    let mut a = (span.start as usize).min(text.len());
    while a > 0 && !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (span.end as usize).clamp(a, text.len());
    while b < text.len() && !text.is_char_boundary(b) {
        b += 1;
    }
    if b == a {
        // Zero-width: underline one character (or the line end).
        b = text[a..]
            .chars()
            .next()
            .map_or(a, |c| if c == '\n' { a } else { a + c.len_utf8() });
    }
    // Keep snippets on the lines of the span's start when the end runs to
    // the next line's first column.
    if let Some(nl) = text[a..b].rfind('\n')
        && !text[a..a + nl].trim().is_empty()
        && b == a + nl + 1
    {
        b = a + nl;
    }
    a..b
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Related places at most this many lines from the finding share its
/// snippet; farther ones get a note of their own (so a snippet never spans
/// the lines in between).
const NEAR_LINES: u32 = 40;

/// The lines `first..=last` of a source, as the renderer gets them: the
/// text, where it starts in the file, and a mapper of file byte ranges into
/// it.
struct Window<'a> {
    text: &'a str,
    base: usize,
    end: usize,
    line: usize,
}

impl<'a> Window<'a> {
    fn new(s: &Indexed<'a>, first: u32, last: u32) -> Self {
        let first = first.max(1);
        let base = s.index.line_start(first).unwrap_or(s.text.len());
        let end = s
            .index
            .line_start(last.max(first) + 1)
            .unwrap_or(s.text.len())
            .max(base);
        Window {
            text: &s.text[base..end],
            base,
            end,
            line: first as usize,
        }
    }

    fn span(&self, s: &Indexed<'_>, span: Span) -> std::ops::Range<usize> {
        let r = byte_range(s.text, span);
        r.start.clamp(self.base, self.end) - self.base..r.end.clamp(self.base, self.end) - self.base
    }
}

fn render_one(d: &Diagnostic, sources: &Files<'_>, renderer: &Renderer) -> String {
    let title = format!("{} [{}]", d.message, d.name());
    let title = level(d.severity).primary_title(title).id(d.code());
    let src = sources.get(&d.file).filter(|s| !s.text.is_empty());
    // The lines of the finding and of the related places in its file.
    let lines = |s: &Indexed<'_>, span: Span| {
        let (a, b) = s.places(span);
        (a.line, b.line.max(a.line))
    };
    let indexed = sources.get(&d.file);
    let here = d.span.zip(indexed).map(|(span, s)| lines(s, span));
    let near = |r: &&crate::diag::Related| {
        r.file == d.file
            && here.zip(indexed).is_some_and(|((first, last), s)| {
                let (r_first, _) = lines(s, r.span);
                r_first + NEAR_LINES >= first && r_first <= last + NEAR_LINES
            })
    };
    let group = match (d.span, src) {
        (Some(span), Some(s)) => {
            // Hand the renderer only the lines the annotations touch.
            let close = d.related.iter().filter(near);
            let (start_line, end_line) = lines(s, span);
            let first = close
                .clone()
                .map(|r| lines(s, r.span).0)
                .fold(start_line, u32::min);
            let last = close
                .clone()
                .map(|r| lines(s, r.span).1)
                .fold(end_line, u32::max);
            let w = Window::new(s, first, last);
            let mut snip = Snippet::source(w.text)
                .line_start(w.line)
                .path(&*d.file)
                .fold(true)
                .annotation(AnnotationKind::Primary.span(w.span(s, span)));
            for r in close {
                snip = snip.annotation(
                    AnnotationKind::Context
                        .span(w.span(s, r.span))
                        .label(&*r.message),
                );
            }
            title.element(snip)
        }
        (Some(span), None) => match sources.places(&d.file, span) {
            // An empty file: its places are still known.
            Some((start, _)) => title.element(
                annotate_snippets::Origin::path(&*d.file)
                    .line(start.line as usize)
                    .char_column(start.col as usize),
            ),
            // The file's text is not known: the place is not either.
            None => title.element(annotate_snippets::Origin::path(&*d.file)),
        },
        (None, _) => title.element(annotate_snippets::Origin::path(&*d.file)),
    };
    let mut groups: Vec<Group<'_>> = vec![group];
    for r in d.related.iter().filter(|r| !near(r)) {
        let g = match sources.get(&r.file).filter(|s| !s.text.is_empty()) {
            Some(s) => {
                let (first, last) = lines(s, r.span);
                let w = Window::new(s, first, last);
                Level::NOTE.secondary_title(&*r.message).element(
                    Snippet::source(w.text)
                        .line_start(w.line)
                        .path(&*r.file)
                        .fold(true)
                        .annotation(AnnotationKind::Context.span(w.span(s, r.span))),
                )
            }
            None => {
                let title = match sources.places(&r.file, r.span) {
                    Some((at, _)) => format!("{}: {}:{}:{}", r.message, r.file, at.line, at.col),
                    None => format!("{}: {}", r.message, r.file),
                };
                Level::NOTE
                    .secondary_title(title)
                    .element(annotate_snippets::Origin::path(&*r.file))
            }
        };
        groups.push(g);
    }
    if let Some(h) = &d.help {
        groups.push(Group::with_title(Level::HELP.secondary_title(&**h)));
    }
    renderer.render(&groups)
}

pub fn render(report: &Report, meta: &Meta<'_>, w: &mut dyn Write) -> io::Result<()> {
    let renderer = if meta.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let sources = Files::new(&report.files);
    for d in &report.diagnostics {
        writeln!(w, "{}\n", render_one(d, &sources, &renderer))?;
    }
    if !meta.quiet {
        writeln!(w, "{}", summary(report))?;
    }
    Ok(())
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The closing line.
pub fn summary(report: &Report) -> String {
    let c = Counts::of(&report.diagnostics);
    let files = plural(report.files.len(), "file");
    if report.diagnostics.is_empty() {
        return format!("{files} checked: no problems found");
    }
    let mut parts = vec![plural(c.errors, "error"), plural(c.warnings, "warning")];
    if c.infos > 0 {
        parts.push(plural(c.infos, "info"));
    }
    format!("{files} checked: {}", parts.join(", "))
}
