//! `--format json`: the object of interface.md section 2.

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::{Counts, Diagnostic};
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
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub(crate) fn diag(d: &Diagnostic) -> Diag<'_> {
    Diag {
        code: d.code(),
        name: d.name(),
        severity: d.severity.as_str(),
        message: &d.message,
        file: &d.file,
        line: d.span.map(|s| s.start.line),
        column: d.span.map(|s| s.start.col),
        end_line: d.span.map(|s| s.end.line),
        end_column: d.span.map(|s| s.end.col),
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| Rel {
                file: &r.file,
                line: r.span.start.line,
                column: r.span.start.col,
                message: &r.message,
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
        diagnostics: report.diagnostics.iter().map(diag).collect(),
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
