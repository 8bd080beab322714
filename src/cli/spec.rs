//! `wsc spec validate` and `wsc spec coverage`.
use std::path::Path;

use crate::output::{self, Format, Meta};

use super::{Env, Global, MatrixFormat, finish_write, load_settings, status_of, use_color};

/// `wsc spec validate [DIR]`: strict like `openspec validate --all --strict`,
/// so warnings fail too.
pub fn validate(g: &Global, dir: &Path, format: Format, env: &mut Env<'_>) -> i32 {
    if let Err(code) = super::repo::require_dir(dir, env) {
        return code;
    }
    let settings = match load_settings(g, dir, env) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let validated = crate::engine::spec::validate(dir, &settings);
    let meta = Meta {
        command: "spec validate",
        contract: "openspec".to_string(),
        color: use_color(g, env),
        quiet: g.quiet,
    };
    if let Some(code) = finish_write(
        output::render(format, &validated.report, &meta, env.stdout),
        env,
    ) {
        return code;
    }
    if !g.quiet && format == Format::Text {
        let failed = validated.items.iter().filter(|i| !i.valid).count();
        let _ = writeln!(
            env.stderr,
            "wsc: {} item(s): {} passed, {failed} failed",
            validated.items.len(),
            validated.items.len() - failed
        );
    }
    status_of(&validated.report.diagnostics, true)
}

/// `wsc spec coverage [DIR]`.
pub fn coverage(g: &Global, dir: &Path, format: MatrixFormat, env: &mut Env<'_>) -> i32 {
    if let Err(code) = super::repo::require_dir(dir, env) {
        return code;
    }
    let _ = g;
    let cov = match crate::engine::coverage::coverage(dir) {
        Ok(c) => c,
        Err(d) => {
            let _ = writeln!(env.stderr, "wsc: {}: {}", d.file, d.message);
            return super::EXIT_USAGE;
        }
    };
    let r = match format {
        MatrixFormat::Text => output::coverage::text(&cov, env.stdout),
        MatrixFormat::Json => output::coverage::json(&cov, env.stdout),
        MatrixFormat::Html => output::coverage::html(&cov, env.stdout),
    };
    finish_write(r, env).unwrap_or(super::EXIT_OK)
}
