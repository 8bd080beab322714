//! Reading an OpenSpec tree (`DIR/openspec/`) from disk into its models.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::SourceFile;
use crate::ingest::source::{self, LoadError};

use super::model::{Change, DeltaFile, Target};
use super::{Doc, normalise, parse, parse_delta};

/// What reading gave besides the models: the files read (for snippets) and
/// the ones that could not be read.
#[derive(Default)]
pub struct Reading {
    pub files: Vec<SourceFile>,
    pub problems: Vec<(Arc<str>, LoadError)>,
}

impl Reading {
    /// A file's text, kept for snippets (normalised as the parser reads it).
    fn read(&mut self, path: &Path, limit: u64) -> Option<String> {
        let file = shown(path);
        match source::read_file(path, limit) {
            Ok(t) => {
                self.files.push(SourceFile {
                    path: file,
                    text: Arc::from(normalise(&t)),
                });
                Some(t)
            }
            Err(e) => {
                self.problems.push((file, e));
                None
            }
        }
    }

    /// A main spec, parsed.
    pub fn spec(&mut self, path: &Path, limit: u64) -> Option<Doc> {
        self.read(path, limit).map(|text| parse(&text))
    }
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

/// A path as findings show it.
pub fn shown(p: &Path) -> Arc<str> {
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

/// Read a change: `openspec/changes/<id>/` of the OpenSpec root `os`.
pub fn change(id: &str, dir: &Path, os: &Path, limit: u64, reading: &mut Reading) -> Change {
    let specs = dir.join("specs");
    let spec_files = all_files(&specs);
    let mut deltas = Vec::new();
    for (cap, path) in in_folders(&spec_files, "spec.md") {
        if let Some(text) = reading.read(&path, limit) {
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
        let Ok(text) = source::read_file(path, limit) else {
            continue;
        };
        if parse_delta(&text).sections.is_empty() {
            continue;
        }
        let expected = match rel.rsplit_once('/') {
            Some((folder, _)) => folder.to_string(),
            None => rel.trim_end_matches(".md").to_string(),
        };
        reading.files.push(SourceFile {
            path: shown(path),
            text: Arc::from(normalise(&text)),
        });
        misplaced.push((shown(path), expected));
    }
    let mut opt = |name: &str| {
        let p = dir.join(name);
        if p.is_file() {
            reading.read(&p, limit).map(|t| (shown(&p), t))
        } else {
            None
        }
    };
    let tasks = opt("tasks.md");
    let meta = opt(".openspec.yaml");
    let mut targets = BTreeMap::new();
    for d in &deltas {
        let p = os.join("specs").join(&d.cap).join("spec.md");
        if targets.contains_key(&d.cap) || !p.is_file() {
            continue;
        }
        if let Ok(text) = source::read_file(&p, limit) {
            targets.insert(
                d.cap.clone(),
                Target {
                    file: shown(&p),
                    doc: parse(&text),
                },
            );
        }
    }
    Change {
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
    }
}

/// The changes of an OpenSpec root (`changes/<id>/`, not `archive/`):
/// (id, directory), sorted.
pub fn changes(os: &Path) -> Vec<(String, PathBuf)> {
    entries(&os.join("changes"))
        .into_iter()
        .filter(|(n, _, is_dir, _)| *is_dir && n != "archive")
        .map(|(n, p, _, _)| (n, p))
        .collect()
}

/// The main specs under `specs_dir`: (id, path), sorted.
pub fn spec_files(specs_dir: &Path) -> Vec<(String, PathBuf)> {
    named_files(specs_dir, "spec.md")
}

/// A scenario that only a running workspace can show, as the
/// `runtime-only.toml` beside a spec lists it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeOnly {
    pub requirement: String,
    pub scenario: String,
    pub reason: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuntimeOnlyFile {
    #[serde(default)]
    scenario: Vec<RuntimeOnly>,
}

/// Why a `runtime-only.toml` was not read.
#[derive(Debug)]
pub enum RuntimeOnlyProblem {
    Unreadable(String),
    Invalid(String),
}

/// The entries of the `runtime-only.toml` at `path` (none when there is no
/// such file).
pub fn runtime_only(path: &Path) -> Result<Vec<RuntimeOnly>, RuntimeOnlyProblem> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| RuntimeOnlyProblem::Unreadable(e.to_string()))?;
    toml::from_str::<RuntimeOnlyFile>(&text)
        .map(|f| f.scenario)
        .map_err(|e| RuntimeOnlyProblem::Invalid(e.message().to_string()))
}
