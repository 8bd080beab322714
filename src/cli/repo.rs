//! `wsc check` and `wsc matrix`.

use std::path::Path;

use crate::contract::catalog::Catalog;
use crate::engine::repo::{self, CatalogOrigin, Cell};
use crate::ingest::catalog;
use crate::output::{self, Format, Meta, matrix as matrix_out};

use super::{
    EXIT_USAGE, Env, Global, MatrixFormat, finish_write, load_catalog, load_settings, status_of,
    use_color,
};

/// The catalog for a repository: `--contract`, else `contract = "…"` in
/// `wsc.toml`, else the repository's `contract/` when it is a wsc catalog,
/// else the embedded one (a `contract/` folder of another kind is noted).
pub(crate) fn repo_catalog(
    g: &Global,
    dir: &Path,
    settings: &crate::engine::Settings,
    env: &mut Env<'_>,
) -> Result<(Catalog, CatalogOrigin), i32> {
    if g.contract.is_some() {
        return load_catalog(g, env).map(|c| (c, CatalogOrigin::Named));
    }
    if let Some(named) = &settings.contract {
        let g2 = Global {
            contract: Some(named.clone()),
            ..g.clone()
        };
        return load_catalog(&g2, env).map(|c| (c, CatalogOrigin::Named));
    }
    let own = dir.join("contract");
    if own.is_dir() {
        if catalog::is_catalog_dir(&own) {
            let g2 = Global {
                contract: Some(own.clone()),
                ..g.clone()
            };
            return load_catalog(&g2, env).map(|c| (c, CatalogOrigin::Repository(own)));
        }
        return load_catalog(g, env).map(|c| (c, CatalogOrigin::Foreign(own)));
    }
    load_catalog(g, env).map(|c| (c, CatalogOrigin::Embedded))
}

/// A progress bar on stderr for repositories of many files; hidden otherwise.
struct Bar(Option<indicatif::ProgressBar>);

/// Below this many files a check is too quick for a bar to be useful.
const BAR_FROM_FILES: u64 = 2_000;

impl Bar {
    fn new(enabled: bool) -> Self {
        Bar(enabled.then(|| {
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
        }))
    }
}

impl repo::ProgressSink for Bar {
    fn start(&self, total: u64) {
        if let Some(b) = &self.0 {
            if total < BAR_FROM_FILES {
                b.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            b.set_length(total);
            b.set_message("reading");
        }
    }
    fn tick(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

pub(crate) fn require_dir(dir: &Path, env: &mut Env<'_>) -> Result<(), i32> {
    if dir.is_dir() {
        Ok(())
    } else {
        let _ = writeln!(env.stderr, "wsc: {}: no such directory", dir.display());
        Err(EXIT_USAGE)
    }
}

pub fn check(g: &Global, dir: &Path, format: Format, env: &mut Env<'_>) -> i32 {
    if let Err(code) = require_dir(dir, env) {
        return code;
    }
    let settings = match load_settings(g, dir, env) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (cat, origin) = match repo_catalog(g, dir, &settings, env) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let bar = Bar::new(env.progress && !g.quiet);
    let checked = repo::check_repo(
        dir,
        &cat,
        Some(catalog::embedded()),
        &origin,
        &settings,
        Some(&bar),
    );
    let meta = Meta {
        command: "check",
        contract: cat.version.to_string(),
        color: use_color(g, env),
        quiet: g.quiet,
    };
    if let Some(code) = finish_write(
        output::render(format, &checked.report, &meta, env.stdout),
        env,
    ) {
        return code;
    }
    status_of(&checked.report.diagnostics, g.deny_warnings)
}

pub fn matrix(g: &Global, dir: &Path, format: MatrixFormat, env: &mut Env<'_>) -> i32 {
    if let Err(code) = require_dir(dir, env) {
        return code;
    }
    let settings = match load_settings(g, dir, env) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (cat, _) = match repo_catalog(g, dir, &settings, env) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let checked = repo::check_repo(dir, &cat, None, &CatalogOrigin::Embedded, &settings, None);
    let cells: Vec<Cell> = repo::matrix(&checked.repo, &cat, &settings.policy);
    let res = match format {
        MatrixFormat::Text => matrix_out::text(&checked.repo, &cells, env.stdout),
        MatrixFormat::Json => matrix_out::json(&checked.repo, &cells, env.stdout),
        MatrixFormat::Html => matrix_out::html(&checked.repo, &cells, env.stdout),
    };
    finish_write(res, env).unwrap_or(super::EXIT_OK)
}

pub fn audit(
    g: &Global,
    dir: &Path,
    format: Format,
    write_baseline: Option<&Path>,
    baseline: Option<&Path>,
    env: &mut Env<'_>,
) -> i32 {
    use crate::engine::baseline;
    if let Err(code) = require_dir(dir, env) {
        return code;
    }
    let mut settings = match load_settings(g, dir, env) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Findings show normalised paths (`a/../b` is `b`): so is the root.
    let root = crate::ingest::source::normalize(dir).display().to_string();
    if let Some(path) = baseline {
        match baseline::load(path, &root) {
            Ok(b) => settings.baseline = Some(b),
            Err(e) => {
                let _ = writeln!(
                    env.stderr,
                    "wsc: the baseline {} cannot be read: {e}",
                    path.display()
                );
                return EXIT_USAGE;
            }
        }
    }
    let audited = crate::engine::audit::audit(dir, &settings);
    if let Some(path) = write_baseline {
        let b = baseline::record(&audited.report.diagnostics, &audited.report.files, &root);
        // Written whole to a temporary file, then renamed: never half a file.
        let tmp = path.with_extension("wsc-tmp");
        let written =
            std::fs::write(&tmp, baseline::to_text(&b)).and_then(|()| std::fs::rename(&tmp, path));
        return match written {
            Ok(()) => {
                if !g.quiet {
                    let _ = writeln!(
                        env.stderr,
                        "wsc: recorded {} finding(s) in {}",
                        b.entries.len(),
                        path.display()
                    );
                }
                super::EXIT_OK
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                let _ = writeln!(env.stderr, "wsc: cannot write {}: {e}", path.display());
                EXIT_USAGE
            }
        };
    }
    if !g.quiet && format == Format::Text {
        for t in &audited.templates {
            let _ = writeln!(env.stderr, "wsc: {}", governance_line(t));
        }
    }
    // A clean audit prints nothing (a gate in CI and pre-commit hooks).
    if audited.report.diagnostics.is_empty() && format == Format::Text {
        return super::EXIT_OK;
    }
    let meta = Meta {
        command: "audit",
        contract: "runtime".to_string(),
        color: use_color(g, env),
        quiet: g.quiet,
    };
    if let Some(code) = finish_write(
        output::render(format, &audited.report, &meta, env.stdout),
        env,
    ) {
        return code;
    }
    status_of(&audited.report.diagnostics, g.deny_warnings)
}

/// What the audit made of a template, in one line for standard error.
fn governance_line(t: &crate::engine::audit::TemplateSummary) -> String {
    use crate::engine::audit::Status;
    match t.status {
        Status::Governed => {
            let why: Vec<&str> = t.reasons.iter().map(|r| r.describe()).collect();
            format!(
                "{}: Docker-in-Docker template ({}): every INV, F and D rule",
                t.dir,
                why.join(", ")
            )
        }
        Status::NotGoverned => format!(
            "{}: not a Docker-in-Docker template (no Sysbox runtime, dockerd, /var/lib/docker mount or DDEV{}): F-1, F-2 and F-6 only",
            t.dir,
            if t.boot_script_unread {
                "; its boot script could not be read"
            } else {
                ""
            }
        ),
        Status::Excluded => format!("{}: skipped (excluded by [runtime] exclude)", t.dir),
    }
}
