//! `wsc compose` and `wsc new`: generate, then write (or, with `--check`,
//! compare with what is there).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::engine::repo::{self as engine_repo, CatalogOrigin};
use crate::generate::write::{self, Change};
use crate::generate::{File, base, compose, toolchain};
use crate::ingest::source::normalize;

use super::repo::{repo_catalog, require_dir};
use super::{
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Env, Global, NewTarget, ReportFormat, finish_write,
    load_catalog, load_settings,
};

/// What became of one generated file.
#[derive(Serialize)]
struct FileReport {
    path: String,
    /// created, updated, unchanged (writing); stale, current (`--check`)
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

/// Compare (`--check`) or write `files` under `out`. `Err` is the exit
/// status of a write that failed (said on stderr; nothing changed).
fn put(out: &Path, files: &[File], check: bool, env: &mut Env<'_>) -> Result<Vec<FileReport>, i32> {
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    if check {
        let mut stale = write::stale(out, files).into_iter().peekable();
        let mut report = Vec::with_capacity(files.len());
        for f in files {
            let diff = stale.next_if(|(p, _)| *p == f.path).map(|(_, diff)| diff);
            report.push(FileReport {
                path: shown(&f.path),
                status: if diff.is_some() { "stale" } else { "current" },
                diff,
            });
        }
        return Ok(report);
    }
    match write::write_all(out, files) {
        Ok(changes) => Ok(changes
            .into_iter()
            .map(|(path, change)| FileReport {
                path: shown(&path),
                status: match change {
                    Change::Created => "created",
                    Change::Updated => "updated",
                    Change::Unchanged => "unchanged",
                },
                diff: None,
            })
            .collect()),
        Err(e) => {
            let _ = writeln!(
                env.stderr,
                "wsc: cannot write {}: {}; no file was changed",
                out.join(&e.path).display(),
                e.message
            );
            Err(EXIT_USAGE)
        }
    }
}

/// The text report of the files: what was written, or the diffs and a
/// verdict (`--check`). Returns whether any file is stale.
/// With `-q`, only what is stale.
fn print_files(
    out: &Path,
    files: &[FileReport],
    check: bool,
    what: &str,
    quiet: bool,
    env: &mut Env<'_>,
) -> bool {
    let count = |s: &str| files.iter().filter(|f| f.status == s).count();
    if check {
        let stale = count("stale");
        if stale == 0 {
            if quiet {
                return false;
            }
            let _ = writeln!(
                env.stdout,
                "{}: {what} up to date ({} files)",
                out.display(),
                files.len()
            );
            return false;
        }
        for f in files {
            if let Some(diff) = &f.diff {
                let _ = env.stdout.write_all(diff.as_bytes());
            }
        }
        let _ = writeln!(
            env.stderr,
            "wsc: {stale} of {} files in {} are stale: run the same command without --check",
            files.len(),
            out.display()
        );
        return true;
    }
    if quiet {
        return false;
    }
    for f in files.iter().filter(|f| f.status != "unchanged") {
        let _ = writeln!(env.stdout, "{} {}", f.status, out.join(&f.path).display());
    }
    let _ = writeln!(
        env.stdout,
        "{} created, {} updated, {} unchanged in {}",
        count("created"),
        count("updated"),
        count("unchanged"),
        out.display()
    );
    false
}

/// One JSON document on stdout.
fn print_json(value: &serde_json::Value, env: &mut Env<'_>) -> Option<i32> {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    finish_write(writeln!(env.stdout, "{text}"), env)
}

/// An absolute, lexically normalised path.
fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    normalize(&abs)
}

pub fn compose(g: &Global, args: &ComposeArgs<'_>, format: ReportFormat, env: &mut Env<'_>) -> i32 {
    let ComposeArgs { dir, out, check } = *args;
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
    let checked =
        engine_repo::check_repo(dir, &cat, None, &CatalogOrigin::Embedded, &settings, None);
    if checked.repo.pairings_file.is_none() {
        let _ = writeln!(
            env.stderr,
            "wsc: {}: no pairings.yaml, so there is nothing to compose",
            dir.display()
        );
        return EXIT_USAGE;
    }
    let broken = compose::broken_dirs(dir, &checked.report.diagnostics);
    let composed = compose::compose(&compose::Request {
        repo: &checked.repo,
        cat: &cat,
        policy: &settings.policy,
        sources: &settings.sources,
        root: &absolute(dir),
        out: &absolute(out),
        broken: &broken,
    });
    let failed = composed
        .outcomes
        .iter()
        .filter(|o| o.problem.is_some())
        .count();
    // Templates of pairings that are gone: named, never deleted.
    let orphans = compose::orphans(out, &composed);
    let files = if composed.files.is_empty() && !check {
        Vec::new()
    } else {
        match put(out, &composed.files, check, env) {
            Ok(f) => f,
            Err(code) => return code,
        }
    };
    let stale = files.iter().any(|f| f.status == "stale") || (check && !orphans.is_empty());
    if format == ReportFormat::Json {
        let pairings: Vec<serde_json::Value> = composed
            .outcomes
            .iter()
            .map(|o| {
                serde_json::json!({
                    "name": o.pairing,
                    "offered": o.offered,
                    "default": o.default,
                    "default_replaced": o.default_replaced,
                    "refused": o.refused.iter().map(|(p, why)| serde_json::json!({"profile": p, "reason": why})).collect::<Vec<_>>(),
                    "problem": o.problem,
                    "notes": o.notes,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "version": 1,
            "command": "compose",
            "out": out.display().to_string(),
            "check": check,
            "pairings": pairings,
            "files": files,
            "orphans": orphans.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        });
        if let Some(code) = print_json(&doc, env) {
            return code;
        }
    } else {
        print_outcomes(&composed, &orphans, g.quiet, env);
        if !files.is_empty() {
            print_files(
                out,
                &files,
                check,
                "the composed templates are",
                g.quiet,
                env,
            );
        }
    }
    if failed > 0 || stale {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// What compose decided, pairing by pairing, on stderr.
/// With `-q`, only the pairings that got no template (and their reasons)
/// and the orphans are said.
fn print_outcomes(
    composed: &compose::Composed,
    orphans: &[PathBuf],
    quiet: bool,
    env: &mut Env<'_>,
) {
    for o in &composed.outcomes {
        if let Some(problem) = &o.problem {
            let _ = writeln!(env.stderr, "wsc: pairing {}: {problem}", o.pairing);
        } else if quiet {
            continue;
        } else {
            let _ = writeln!(
                env.stderr,
                "{}: offers {} (default {})",
                o.pairing,
                o.offered.join(", "),
                o.default.as_deref().unwrap_or("-")
            );
        }
        if let Some(wanted) = &o.default_replaced {
            let _ = writeln!(
                env.stderr,
                "  the default profile {wanted} is not offered, so {} is the default",
                o.default.as_deref().unwrap_or("-")
            );
        }
        for (profile, why) in &o.refused {
            let _ = writeln!(env.stderr, "  {profile} is not offered: {why}");
        }
        for note in &o.notes {
            let _ = writeln!(env.stderr, "  note: {note}");
        }
    }
    for o in orphans {
        let _ = writeln!(
            env.stderr,
            "wsc: {} was composed for a pairing that is no longer in pairings.yaml (or no longer composes); remove it",
            o.display()
        );
    }
}

/// `wsc compose`'s own arguments.
#[derive(Clone, Copy)]
pub struct ComposeArgs<'a> {
    pub dir: &'a Path,
    pub out: &'a Path,
    pub check: bool,
}

/// What `wsc new` makes.
pub enum New<'a> {
    Base { platform: &'a str },
    Toolchain,
}

pub fn new(
    g: &Global,
    what: &New<'_>,
    target: &NewTarget,
    format: ReportFormat,
    env: &mut Env<'_>,
) -> i32 {
    let (dir, check, force) = (target.dir.as_path(), target.check, target.force);
    let cat = match load_catalog(g, env) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let name = absolute(dir)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files = match what {
        New::Base { platform } => base::files(&cat, platform, &name),
        New::Toolchain => toolchain::files(&cat, &name),
    };
    let files = match files {
        Ok(f) => f,
        Err(why) => {
            let _ = writeln!(env.stderr, "wsc: {}: {why}", dir.display());
            return EXIT_USAGE;
        }
    };
    // A module someone has changed since is theirs: not overwritten
    // without --force.
    let changed: Vec<PathBuf> = write::stale(dir, &files)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !check && !changed.is_empty() && !force {
        for p in &changed {
            let _ = writeln!(
                env.stderr,
                "wsc: {} exists and differs from what wsc would write",
                dir.join(p).display()
            );
        }
        let _ = writeln!(
            env.stderr,
            "wsc: nothing was written; pass --force to replace these files, or --check to see the difference"
        );
        return EXIT_USAGE;
    }
    let report = match put(dir, &files, check, env) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let stale = if format == ReportFormat::Json {
        let doc = serde_json::json!({
            "version": 1,
            "command": "new",
            "dir": dir.display().to_string(),
            "check": check,
            "files": report,
        });
        if let Some(code) = print_json(&doc, env) {
            return code;
        }
        report.iter().any(|f| f.status == "stale")
    } else {
        print_files(dir, &report, check, "the module is", g.quiet, env)
    };
    if stale { EXIT_FINDINGS } else { EXIT_OK }
}
