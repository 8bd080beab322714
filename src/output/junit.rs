//! `--format junit`: one test case per checked file; error findings are
//! failures, warnings and infos are listed in the case's output.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::diag::{Diagnostic, Severity};
use crate::engine::Report;

use super::Meta;

/// Escape text for XML attributes and content.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 cannot carry.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                o.push('\u{fffd}');
            }
            c => o.push(c),
        }
    }
    o
}

fn line(d: &Diagnostic, files: &crate::diag::Files<'_>) -> String {
    let place = d.span.and_then(|s| files.places(&d.file, s)).map_or_else(
        || d.file.to_string(),
        |(s, _)| format!("{}:{}:{}", d.file, s.line, s.col),
    );
    let mut t = format!(
        "{place}: {} {} [{}]: {}",
        d.severity,
        d.code(),
        d.name(),
        d.message
    );
    if let Some(h) = &d.help {
        let _ = write!(t, "\n  help: {h}");
    }
    t
}

pub fn render(report: &Report, meta: &Meta<'_>, w: &mut dyn Write) -> io::Result<()> {
    let files = crate::diag::Files::new(&report.files);
    let failures = report
        .files
        .iter()
        .filter(|f| {
            report
                .diagnostics
                .iter()
                .any(|d| d.file == f.path && d.severity == Severity::Error)
        })
        .count();
    let suite = format!("wsc {}", meta.command);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<testsuites name="wsc" tests="{}" failures="{failures}" errors="0">"#,
        report.files.len()
    )?;
    writeln!(
        w,
        r#"  <testsuite name="{}" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
        esc(&suite),
        report.files.len()
    )?;
    for f in &report.files {
        let ds: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.file == f.path)
            .collect();
        let errors: Vec<&&Diagnostic> = ds
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let others: Vec<&&Diagnostic> = ds
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .collect();
        write!(
            w,
            r#"    <testcase name="{}" classname="{}""#,
            esc(&f.path),
            esc(&suite)
        )?;
        if errors.is_empty() && others.is_empty() {
            writeln!(w, " />")?;
            continue;
        }
        writeln!(w, ">")?;
        if let Some(first) = errors.first() {
            let body: Vec<String> = errors.iter().map(|d| line(d, &files)).collect();
            writeln!(
                w,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                esc(first.code()),
                esc(&format!(
                    "{} error(s); first: {}",
                    errors.len(),
                    first.message
                )),
                esc(&body.join("\n"))
            )?;
        }
        if !others.is_empty() {
            let body: Vec<String> = others.iter().map(|d| line(d, &files)).collect();
            writeln!(
                w,
                "      <system-out>{}</system-out>",
                esc(&body.join("\n"))
            )?;
        }
        writeln!(w, "    </testcase>")?;
    }
    writeln!(w, "  </testsuite>")?;
    writeln!(w, "</testsuites>")
}
