//! `--format github`: GitHub Actions workflow commands.

use std::io::{self, Write};

use crate::diag::Severity;
use crate::engine::Report;

use super::Meta;

fn esc_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn esc_prop(s: &str) -> String {
    esc_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, _meta: &Meta<'_>, w: &mut dyn Write) -> io::Result<()> {
    let files = crate::diag::Files::new(&report.files);
    for d in &report.diagnostics {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!("file={}", esc_prop(&d.file));
        if let Some((s, e)) = d.span.and_then(|s| files.places(&d.file, s)) {
            props.push_str(&format!(
                ",line={},col={},endLine={},endColumn={}",
                s.line, s.col, e.line, e.col
            ));
        }
        props.push_str(&format!(",title={}", esc_prop(d.code())));
        let mut msg = format!("{} [{}]", d.message, d.name());
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        writeln!(w, "::{cmd} {props}::{}", esc_data(&msg))?;
    }
    Ok(())
}
