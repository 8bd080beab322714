//! Human output: rustc-style snippets with a caret under each span.

use std::collections::HashMap;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diag::{Counts, Diagnostic, Loc, Severity, SourceFile, Span};
use crate::engine::Report;

use super::Meta;

/// Byte offset of a (line, column-in-characters) position.
fn byte_offset(text: &str, line_starts: &[usize], loc: Loc) -> usize {
    let li = (loc.line as usize).saturating_sub(1);
    let Some(&start) = line_starts.get(li) else {
        return text.len();
    };
    let line_end = line_starts.get(li + 1).copied().unwrap_or(text.len());
    let line = &text[start..line_end];
    let col = (loc.col as usize).saturating_sub(1);
    start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn byte_range(text: &str, starts: &[usize], span: Span) -> std::ops::Range<usize> {
    let a = byte_offset(text, starts, span.start);
    let mut b = byte_offset(text, starts, span.end).max(a);
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

struct Indexed<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

fn render_one(d: &Diagnostic, sources: &HashMap<&str, Indexed<'_>>, renderer: &Renderer) -> String {
    let title = format!("{} [{}]", d.message, d.name);
    let title = level(d.severity).primary_title(title).id(d.code);
    let src = sources.get(&*d.file).filter(|s| !s.text.is_empty());
    let group = match (d.span, src) {
        (Some(span), Some(s)) => {
            // Hand the renderer only the lines the annotations touch.
            let same_file = d.related.iter().filter(|r| r.file == d.file);
            let first = same_file
                .clone()
                .map(|r| r.span.start.line)
                .fold(span.start.line, u32::min)
                .max(1);
            let last = same_file
                .clone()
                .map(|r| r.span.end.line.max(r.span.start.line))
                .fold(span.end.line.max(span.start.line), u32::max);
            let base = s
                .starts
                .get(first as usize - 1)
                .copied()
                .unwrap_or(s.text.len());
            let end = s
                .starts
                .get(last as usize)
                .copied()
                .unwrap_or(s.text.len())
                .max(base);
            let shift = |r: std::ops::Range<usize>| {
                r.start.clamp(base, end) - base..r.end.clamp(base, end) - base
            };
            let mut snip = Snippet::source(&s.text[base..end])
                .line_start(first as usize)
                .path(&*d.file)
                .fold(true)
                .annotation(
                    AnnotationKind::Primary.span(shift(byte_range(s.text, &s.starts, span))),
                );
            for r in same_file {
                snip = snip.annotation(
                    AnnotationKind::Context
                        .span(shift(byte_range(s.text, &s.starts, r.span)))
                        .label(&*r.message),
                );
            }
            title.element(snip)
        }
        (Some(span), None) => title.element(
            annotate_snippets::Origin::path(&*d.file)
                .line(span.start.line as usize)
                .char_column(span.start.col as usize),
        ),
        (None, _) => title.element(annotate_snippets::Origin::path(&*d.file)),
    };
    let mut groups: Vec<Group<'_>> = vec![group];
    for r in d.related.iter().filter(|r| r.file != d.file) {
        let g = match sources.get(&*r.file).filter(|s| !s.text.is_empty()) {
            Some(s) => Level::NOTE.secondary_title(&*r.message).element(
                Snippet::source(s.text)
                    .path(&*r.file)
                    .fold(true)
                    .annotation(
                        AnnotationKind::Context.span(byte_range(s.text, &s.starts, r.span)),
                    ),
            ),
            None => Level::NOTE
                .secondary_title(format!(
                    "{}: {}:{}:{}",
                    r.message, r.file, r.span.start.line, r.span.start.col
                ))
                .element(annotate_snippets::Origin::path(&*r.file)),
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
    let sources: HashMap<&str, Indexed<'_>> = report
        .files
        .iter()
        .map(|f: &SourceFile| {
            (
                &*f.path,
                Indexed {
                    text: &f.text,
                    starts: line_starts(&f.text),
                },
            )
        })
        .collect();
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
