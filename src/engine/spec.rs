//! `wsc spec validate`: an OpenSpec tree (`DIR/openspec/`) checked as
//! `openspec validate --all --strict` checks it: every main spec under
//! `specs/` and every change under `changes/` (not `archive/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity, SourceFile};
use crate::ingest::openspec::{self, parse_delta};
use crate::ingest::source;
use crate::rules::spec::{Change, DeltaFile, MainSpec, Target, sp027_no_openspec_root};

use super::{Report, Settings};

/// A spec or a change, and whether it passed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    pub kind: ItemKind,
    pub id: String,
    /// No error and no warning (strict).
    pub valid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Change,
    Spec,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Change => "change",
            ItemKind::Spec => "spec",
        }
    }
}

pub struct Validated {
    pub report: Report,
    pub items: Vec<Item>,
    /// The tree has an OpenSpec root.
    pub rooted: bool,
}

/// `DIR/openspec/` counts when it has `specs/`, `changes/` or a config.
pub fn root_of(dir: &Path) -> Option<PathBuf> {
    let os = dir.join("openspec");
    let qualifies = os.join("specs").is_dir()
        || os.join("changes").is_dir()
        || os.join("config.yaml").is_file()
        || os.join("config.yml").is_file();
    qualifies.then_some(os)
}

/// Entries of a directory, sorted, dot names left out, symlinks not
/// followed: (name, path, is_dir, is_file).
fn entries(dir: &Path) -> Vec<(String, PathBuf, bool, bool)> {
    let mut out: Vec<(String, PathBuf, bool, bool)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_string();
                    if name.starts_with('.') {
                        return None;
                    }
                    let t = e.file_type().ok()?;
                    Some((name, e.path(), t.is_dir(), t.is_file()))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Files named `name` at depth ≥ 1 under `dir` (inside a folder), with the
/// folder path relative to `dir`, from a walk of [`all_files`].
fn in_folders(files: &[(String, PathBuf)], name: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = files
        .iter()
        .filter_map(|(rel, p)| {
            let (folder, file) = rel.rsplit_once('/')?;
            (file == name).then(|| (folder.to_string(), p.clone()))
        })
        .collect();
    out.sort();
    out
}

fn named_files(dir: &Path, name: &str) -> Vec<(String, PathBuf)> {
    in_folders(&all_files(dir), name)
}

/// Every non-dot file under `dir`, with its path relative to it.
fn all_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((d, rel, depth)) = stack.pop() {
        for (n, p, is_dir, is_file) in entries(&d) {
            let r = if rel.is_empty() {
                n.clone()
            } else {
                format!("{rel}/{n}")
            };
            if is_dir && depth < 12 {
                stack.push((p, r, depth + 1));
            } else if is_file {
                out.push((r, p));
            }
        }
    }
    out.sort();
    out
}

fn shown(p: &Path) -> Arc<str> {
    Arc::from(p.display().to_string())
}

/// A directory looks like a change of its own.
fn looks_like_change(d: &Path) -> bool {
    ["proposal.md", "tasks.md", "design.md", ".openspec.yaml"]
        .iter()
        .any(|f| d.join(f).is_file())
        || !all_files(&d.join("specs")).is_empty()
}

/// Changes nested in a directory that is not one (up to three levels down).
fn nested_changes(d: &Path) -> Vec<String> {
    if looks_like_change(d) || entries(d).iter().any(|(_, _, is_dir, _)| !is_dir) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(d.to_path_buf(), String::new(), 0)];
    while let Some((dir, rel, depth)) = stack.pop() {
        for (n, p, is_dir, _) in entries(&dir) {
            if !is_dir {
                continue;
            }
            let r = if rel.is_empty() {
                n.clone()
            } else {
                format!("{rel}/{n}")
            };
            if looks_like_change(&p) {
                found.push(r);
            } else if depth + 1 < 3 {
                stack.push((p, r, depth + 1));
            }
        }
    }
    found.sort();
    found
}

struct Loaded {
    files: Vec<SourceFile>,
    diags: Vec<Diagnostic>,
    item: Item,
}

fn read(
    path: &Path,
    settings: &Settings,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let file = shown(path);
    match source::read_file(path, settings.max_file_bytes) {
        Ok(t) => {
            files.push(SourceFile {
                path: file,
                text: Arc::from(openspec::normalise(&t)),
            });
            Some(t)
        }
        Err(e) => {
            diags.push(super::load_error(&file, &e));
            None
        }
    }
}

fn check_spec(id: &str, path: &Path, settings: &Settings) -> Loaded {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    if let Some(text) = read(path, settings, &mut files, &mut diags) {
        let doc = openspec::parse(&text);
        let s = MainSpec::new(id, shown(path), &doc);
        for check in &settings.checks().spec {
            check(&s, &mut diags);
        }
    }
    Loaded {
        files,
        diags,
        item: Item {
            kind: ItemKind::Spec,
            id: id.to_string(),
            valid: false,
        },
    }
}

fn check_change(id: &str, dir: &Path, os: &Path, settings: &Settings) -> Loaded {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let specs = dir.join("specs");
    let spec_files = all_files(&specs);
    let mut deltas = Vec::new();
    for (cap, path) in in_folders(&spec_files, "spec.md") {
        if let Some(text) = read(&path, settings, &mut files, &mut diags) {
            deltas.push(DeltaFile {
                cap,
                file: shown(&path),
                delta: parse_delta(&text),
            });
        }
    }
    let root_spec = specs.join("spec.md");
    let root_spec = root_spec.is_file().then(|| shown(&root_spec));
    let mut misplaced = Vec::new();
    for (rel, path) in &spec_files {
        let is_delta_md = rel.ends_with(".md") && !rel.ends_with("/spec.md") && rel != "spec.md";
        if !is_delta_md {
            continue;
        }
        let Ok(text) = source::read_file(path, settings.max_file_bytes) else {
            continue;
        };
        if parse_delta(&text).sections.is_empty() {
            continue;
        }
        let expected = match rel.rsplit_once('/') {
            Some((folder, _)) => folder.to_string(),
            None => rel.trim_end_matches(".md").to_string(),
        };
        files.push(SourceFile {
            path: shown(path),
            text: Arc::from(openspec::normalise(&text)),
        });
        misplaced.push((shown(path), expected));
    }
    let opt = |name: &str, files: &mut Vec<SourceFile>, diags: &mut Vec<Diagnostic>| {
        let p = dir.join(name);
        if p.is_file() {
            read(&p, settings, files, diags).map(|t| (shown(&p), t))
        } else {
            None
        }
    };
    let tasks = opt("tasks.md", &mut files, &mut diags);
    let meta = opt(".openspec.yaml", &mut files, &mut diags);
    let mut targets = BTreeMap::new();
    for d in &deltas {
        let p = os.join("specs").join(&d.cap).join("spec.md");
        if targets.contains_key(&d.cap) || !p.is_file() {
            continue;
        }
        if let Ok(text) = source::read_file(&p, settings.max_file_bytes) {
            targets.insert(
                d.cap.clone(),
                Target {
                    file: shown(&p),
                    doc: openspec::parse(&text),
                },
            );
        }
    }
    let change = Change {
        id: id.to_string(),
        dir: shown(dir),
        nested: nested_changes(dir),
        deltas,
        root_spec,
        misplaced,
        tasks,
        meta,
        has_spec_files: !spec_files.is_empty(),
        targets,
    };
    for check in &settings.checks().change {
        check(&change, &mut diags);
    }
    Loaded {
        files,
        diags,
        item: Item {
            kind: ItemKind::Change,
            id: id.to_string(),
            valid: false,
        },
    }
}

/// Validate the OpenSpec tree of `dir`.
pub fn validate(dir: &Path, settings: &Settings) -> Validated {
    let mut report = Report::default();
    let Some(os) = root_of(dir) else {
        report
            .diagnostics
            .push(sp027_no_openspec_root::diag(&shown(dir)));
        report.finish();
        return Validated {
            report,
            items: Vec::new(),
            rooted: false,
        };
    };
    report.diagnostics.extend(super::unreadable_dirs(&os, 12));
    let specs: Vec<(String, PathBuf)> = named_files(&os.join("specs"), "spec.md");
    let changes: Vec<(String, PathBuf)> = entries(&os.join("changes"))
        .into_iter()
        .filter(|(n, _, is_dir, _)| *is_dir && n != "archive")
        .map(|(n, p, _, _)| (n, p))
        .collect();
    let mut loaded: Vec<Loaded> = specs
        .par_iter()
        .map(|(id, p)| check_spec(id, p, settings))
        .collect();
    loaded.extend(
        changes
            .par_iter()
            .map(|(id, p)| check_change(id, p, &os, settings))
            .collect::<Vec<_>>(),
    );
    let mut items = Vec::new();
    for mut l in loaded {
        super::finish::filter(&l.files, &mut l.diags, settings);
        l.item.valid = !l
            .diags
            .iter()
            .any(|d| matches!(d.severity, Severity::Error | Severity::Warning));
        items.push(l.item);
        report.files.extend(l.files);
        report.diagnostics.extend(l.diags);
    }
    items.sort();
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.files.dedup_by(|a, b| a.path == b.path);
    report.finish();
    Validated {
        report,
        items,
        rooted: true,
    }
}

/// The main specs under `specs_dir`: (id, path), sorted.
pub fn spec_files(specs_dir: &Path) -> Vec<(String, PathBuf)> {
    named_files(specs_dir, "spec.md")
}
