//! Renderers: one file per format, all writing to a `&mut dyn Write`.

use std::io::{self, Write};

use crate::engine::Report;

pub mod coverage;
pub mod github;
pub mod json;
pub mod junit;
pub mod matrix;
pub mod sarif;
pub mod schema;
pub mod text;

/// The formats of the checking commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

/// What a renderer needs besides the report.
#[derive(Debug, Clone)]
pub struct Meta<'a> {
    /// The command, e.g. `validate` (JUnit suite name).
    pub command: &'a str,
    /// Contract version of the catalog in force.
    pub contract: String,
    pub color: bool,
    pub quiet: bool,
}

pub fn render(f: Format, report: &Report, meta: &Meta<'_>, w: &mut dyn Write) -> io::Result<()> {
    match f {
        Format::Text => text::render(report, meta, w),
        Format::Json => json::render(report, meta, w),
        Format::Sarif => sarif::render(report, meta, w),
        Format::Junit => junit::render(report, meta, w),
        Format::Github => github::render(report, meta, w),
    }
}
