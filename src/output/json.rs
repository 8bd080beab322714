//! `--format json`: the object of interface.md section 2.

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::{Counts, Diagnostic, Files};
use crate::engine::Report;

use super::Meta;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    tool: Tool<'a>,
    diagnostics: Vec<Diag<'a>>,
    summary: Summary,
    /// `wsc audit`: each template, governed or not, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    templates: Option<&'a [crate::engine::audit::TemplateSummary]>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'static str,
    contract: &'a str,
}

#[derive(Serialize)]
pub(crate) struct Diag<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    help: Option<&'a str>,
    related: Vec<Rel<'a>>,
}

#[derive(Serialize)]
struct Rel<'a> {
    file: &'a str,
    /// `null` when the file's text is not known.
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub(crate) fn diag<'a>(d: &'a Diagnostic, files: &Files<'_>) -> Diag<'a> {
    let place = d.span.and_then(|s| files.places(&d.file, s));
    Diag {
        code: d.code(),
        name: d.name(),
        severity: d.severity.as_str(),
        message: &d.message,
        file: &d.file,
        line: place.map(|(s, _)| s.line),
        column: place.map(|(s, _)| s.col),
        end_line: place.map(|(_, e)| e.line),
        end_column: place.map(|(_, e)| e.col),
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| {
                let at = files.places(&r.file, r.span).map(|(s, _)| s);
                Rel {
                    file: &r.file,
                    line: at.map(|s| s.line),
                    column: at.map(|s| s.col),
                    message: &r.message,
                }
            })
            .collect(),
    }
}

pub fn render(report: &Report, meta: &Meta<'_>, w: &mut dyn Write) -> io::Result<()> {
    let c = Counts::of(&report.diagnostics);
    let out = Out {
        version: 1,
        tool: Tool {
            name: "wsc",
            version: env!("CARGO_PKG_VERSION"),
            contract: &meta.contract,
        },
        diagnostics: {
            let files = Files::new(&report.files);
            report.diagnostics.iter().map(|d| diag(d, &files)).collect()
        },
        summary: Summary {
            files: report.files.len(),
            errors: c.errors,
            warnings: c.warnings,
            infos: c.infos,
        },
        templates: report.templates.as_deref(),
    };
    let text = serde_json::to_string_pretty(&out).map_err(io::Error::other)?;
    writeln!(w, "{text}")
}
