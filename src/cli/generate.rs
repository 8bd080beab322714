//! `wsc compose` and `wsc new`: generate, then write (or, with `--check`,
//! compare with what is there).

use std::path::{Path, PathBuf};

use crate::diag::Severity;
use crate::engine::repo::{self as engine_repo, CatalogOrigin};
use crate::generate::write::{self, Change};
use crate::generate::{File, base, compose, toolchain};
use crate::ingest::source::normalize;

use super::repo::{repo_catalog, require_dir};
use super::{
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Env, Global, NewTarget, load_catalog, load_settings,
};

/// `--check`: print a unified diff of every stale file (exit 1), or say
/// that everything is current (exit 0).
fn check_files(out: &Path, files: &[File], what: &str, env: &mut Env<'_>) -> i32 {
    let stale = write::stale(out, files);
    if stale.is_empty() {
        let _ = writeln!(
            env.stdout,
            "{}: {what} up to date ({} files)",
            out.display(),
            files.len()
        );
        return EXIT_OK;
    }
    for (_, diff) in &stale {
        let _ = env.stdout.write_all(diff.as_bytes());
    }
    let _ = writeln!(
        env.stderr,
        "wsc: {} of {} files in {} are stale: run the same command without --check",
        stale.len(),
        files.len(),
        out.display()
    );
    EXIT_FINDINGS
}

/// Write `files` under `out`, and say what changed.
fn write_files(out: &Path, files: &[File], env: &mut Env<'_>) -> Result<(), i32> {
    match write::write_all(out, files) {
        Ok(changes) => {
            let count = |c: Change| changes.iter().filter(|(_, x)| *x == c).count();
            for (path, change) in &changes {
                let verb = match change {
                    Change::Created => "created",
                    Change::Updated => "updated",
                    Change::Unchanged => continue,
                };
                let _ = writeln!(env.stdout, "{verb} {}", out.join(path).display());
            }
            let _ = writeln!(
                env.stdout,
                "{} created, {} updated, {} unchanged in {}",
                count(Change::Created),
                count(Change::Updated),
                count(Change::Unchanged),
                out.display()
            );
            Ok(())
        }
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

/// An absolute, lexically normalised path.
fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    normalize(&abs)
}

pub fn compose(g: &Global, dir: &Path, out: &Path, check: bool, env: &mut Env<'_>) -> i32 {
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
    // Toolchains and bases with errors are not composed: the directories
    // (relative to DIR) of every error's file, with the first error.
    let mut broken: Vec<(String, String)> = Vec::new();
    for d in checked
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let (file, root) = (normalize(Path::new(&*d.file)), normalize(dir));
        let rel = if root.as_os_str() == "." && file.is_relative() {
            file.as_path()
        } else if let Ok(rel) = file.strip_prefix(&root) {
            rel
        } else {
            continue;
        };
        let text = format!("{} {}", d.code(), d.message);
        for a in rel.ancestors().skip(1) {
            let a = a.to_string_lossy().into_owned();
            if !a.is_empty() && !broken.iter().any(|(x, _)| *x == a) {
                broken.push((a, text.clone()));
            }
        }
    }
    let composed = compose::compose(&compose::Request {
        repo: &checked.repo,
        cat: &cat,
        policy: &settings.policy,
        sources: &settings.sources,
        root: &absolute(dir),
        out: &absolute(out),
        broken: &broken,
    });
    let mut failed = 0;
    for o in &composed.outcomes {
        if let Some(problem) = &o.problem {
            failed += 1;
            let _ = writeln!(env.stderr, "wsc: pairing {}: {problem}", o.pairing);
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
    }
    // Templates of pairings that are gone: named, never deleted.
    let orphans = compose::orphans(out, &composed);
    for o in &orphans {
        let _ = writeln!(
            env.stderr,
            "wsc: {} was composed for a pairing that is no longer in pairings.yaml (or no longer composes); remove it",
            o.display()
        );
    }
    let status = if check {
        let status = check_files(out, &composed.files, "the composed templates are", env);
        if orphans.is_empty() {
            status
        } else {
            EXIT_FINDINGS
        }
    } else if composed.files.is_empty() {
        EXIT_OK
    } else {
        match write_files(out, &composed.files, env) {
            Ok(()) => EXIT_OK,
            Err(code) => return code,
        }
    };
    if failed > 0 && status == EXIT_OK {
        EXIT_FINDINGS
    } else {
        status
    }
}

/// What `wsc new` makes.
pub enum New<'a> {
    Base { platform: &'a str },
    Toolchain,
}

pub fn new(g: &Global, what: &New<'_>, target: &NewTarget, env: &mut Env<'_>) -> i32 {
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
    if check {
        return check_files(dir, &files, "the module is", env);
    }
    // A module someone has changed since is theirs: not overwritten
    // without --force.
    let changed: Vec<PathBuf> = write::stale(dir, &files)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !changed.is_empty() && !force {
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
    match write_files(dir, &files, env) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}
