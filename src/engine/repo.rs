//! `wsc check` and `wsc matrix`: a template repository, file by file and
//! pairing by pairing, through the same composition checks as `wsc validate`.
//!
//! One fault, one code (interface.md section 4): problems inside one
//! toolchain, base or pairings file are reported on that file (TC, TR013);
//! problems that exist only because of a pairing are TR codes on the pairing,
//! with the underlying TC code in the message and the toolchain and base as
//! related places.

use std::path::Path;
use std::sync::Arc;

use crate::contract::catalog::Catalog;
use crate::contract::policy::Policy;
use crate::contract::repo::{Repo, Toolchain};
use crate::diag::Diagnostic;
use crate::ingest::repo as ingest_repo;
use crate::rules::tr::{files, tr008_catalog_differs_from_reference};
use crate::rules::wsc;

use super::{Report, Settings};

/// The YAML files of a contract directory, sorted: (shown path, text).
fn yaml_files(dir: &std::path::Path) -> Vec<(Arc<str>, String)> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text =
                crate::ingest::source::read_file(&p, crate::ingest::source::DEFAULT_MAX_BYTES)
                    .ok()?;
            Some((Arc::from(p.display().to_string()), text))
        })
        .collect()
}

pub use crate::rules::tr::tr008_catalog_differs_from_reference::catalog_differences;

/// Where a repository's catalog came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogOrigin {
    /// The embedded contract.
    Embedded,
    /// `--contract` or `contract = "…"` in `wsc.toml`.
    Named,
    /// The repository's own `contract/`, a wsc catalog (TR008 lists how it
    /// differs from the seed).
    Repository(std::path::PathBuf),
    /// A `contract/` folder that is not a wsc catalog: the embedded contract
    /// is used, and a note says so.
    Foreign(std::path::PathBuf),
}

/// Receives progress of a long check (the CLI draws a bar on a terminal).
pub trait ProgressSink: Sync {
    fn start(&self, total: u64);
    fn tick(&self);
    fn finish(&self);
}

/// Everything `wsc check` found, plus the parsed repository for reports.
pub struct Checked {
    pub report: Report,
    pub repo: Repo,
}

/// Check a repository.
pub fn check_repo(
    root: &Path,
    cat: &Catalog,
    reference: Option<&Catalog>,
    origin: &CatalogOrigin,
    settings: &Settings,
    progress: Option<&dyn ProgressSink>,
) -> Checked {
    let layout = ingest_repo::discover(root);
    let walk_problems: Vec<Diagnostic> = layout
        .unreadable
        .iter()
        .map(|e| crate::rules::wsc::walk_error(root, e))
        .collect();
    if let Some(p) = progress {
        p.start((layout.toolchains.len() + layout.bases.len() + 1) as u64);
    }
    let tick = || {
        if let Some(p) = progress {
            p.tick();
        }
    };
    let loaded = ingest_repo::load(
        root,
        &layout,
        cat,
        settings.max_file_bytes,
        &settings.sources,
        Some(&tick),
    );
    if let Some(p) = progress {
        p.finish();
    }
    let mut out: Vec<Diagnostic> = loaded.problems.iter().map(wsc::load_problem).collect();
    out.extend(walk_problems);
    let nothing = loaded.repo.toolchains.is_empty()
        && loaded.repo.twins.is_empty()
        && loaded.repo.bases.is_empty()
        && loaded.template_dirs.is_empty()
        && layout.pairings.is_none();
    if nothing && out.is_empty() {
        out.push(wsc::nothing_to_check(
            root,
            "nothing to check: no toolchain (toolchain.yaml, or a Terraform module with output \"capabilities\"), no base (base.yaml, or a module declaring the contract's inputs), no template composing them and no pairings.yaml",
            "point `wsc check` at the repository's root",
        ));
    }
    let policy = &settings.policy;
    let repo = &loaded.repo;
    // Instances of one toolchain (Terraform assignments) are checked together.
    let groups = toolchain_groups(repo);
    for g in &groups {
        files::toolchain(g, cat, policy, &mut out);
    }
    for b in &repo.bases {
        files::base(b, cat, policy, &settings.checks().base, &mut out);
    }
    // The Terraform twin of a toolchain.yaml: its own problems (TC codes
    // on its file), then how it disagrees with the YAML.
    for g in &group_by_file(&repo.twins) {
        files::toolchain(g, cat, policy, &mut out);
    }
    for twin in &repo.twins {
        if let Some(yaml) = repo.toolchains_in(&twin.dir).next() {
            files::twin(yaml, twin, cat, &mut out);
        }
    }
    out.extend(loaded.notes.iter().map(wsc::not_evaluated));
    if let Some(pfile) = &repo.pairings_file {
        files::pairings(pfile, &repo.pairings_issues, cat, policy, &mut out);
    }
    for p in &repo.pairings {
        crate::rules::tr::check_pairing(p, repo, cat, policy, &mut out);
    }
    if let CatalogOrigin::Foreign(dir) = origin {
        out.push(wsc::contract_folder_ignored(dir));
    }
    let contract_dir = match origin {
        CatalogOrigin::Repository(d) => Some(d.as_path()),
        _ => None,
    };
    let mut files = loaded.files;
    if let (Some(reference), Some(dir)) = (reference, contract_dir) {
        let file: Arc<str> = Arc::from(dir.display().to_string());
        let catalog_files = yaml_files(dir);
        let mut found = Vec::new();
        tr008_catalog_differs_from_reference::check(
            cat,
            reference,
            &catalog_files,
            &file,
            &mut found,
        );
        for d in &found {
            if !files.iter().any(|s| s.path == d.file)
                && let Some((_, text)) = catalog_files.iter().find(|(p, _)| *p == d.file)
            {
                files.push(crate::diag::SourceFile {
                    path: d.file.clone(),
                    text: Arc::from(text.as_str()),
                });
            }
        }
        out.extend(found);
    }
    let mut report = Report {
        files,
        diagnostics: out,
        templates: None,
    };
    super::finish::finish(&mut report, settings);
    Checked {
        report,
        repo: loaded.repo,
    }
}

/// One cell of the compatibility matrix.
#[derive(Debug)]
pub struct Cell {
    pub toolchain: String,
    pub base: String,
    /// Errors that refuse the pair (empty: compatible).
    pub refusals: Vec<Diagnostic>,
    /// Infos (dropped optional capabilities).
    pub notes: Vec<Diagnostic>,
}

/// Every toolchain × base, each with the toolchain's own profiles. A
/// Terraform toolchain checked once per variable assignment is one row: a
/// refusal of some of its assignments names them.
pub fn matrix(repo: &Repo, cat: &Catalog, policy: &Policy) -> Vec<Cell> {
    let anchor: Arc<str> = Arc::from("(matrix)");
    let mut cells = Vec::new();
    for group in toolchain_groups(repo) {
        for b in &repo.bases {
            let per = group
                .iter()
                .map(|t| {
                    let offered = t.profiles.clone().unwrap_or_else(|| {
                        crate::rules::tr::all_profiles(cat, t.name_span.unwrap_or_default())
                    });
                    let found = crate::rules::tr::matrix_cell(t, b, &offered, &anchor, cat, policy);
                    (t.assignment.clone(), found)
                })
                .collect();
            let mut found = Vec::new();
            crate::rules::tr::merge_instances(per, &mut found);
            crate::diag::sort(&mut found);
            let (notes, refusals): (Vec<_>, Vec<_>) = found
                .into_iter()
                .partition(|d| d.severity == crate::diag::Severity::Info);
            cells.push(Cell {
                toolchain: group[0].name.clone(),
                base: b.name.clone(),
                refusals,
                notes,
            });
        }
    }
    cells
}

/// The instances of each toolchain (one per Terraform variable assignment),
/// together, in the repository's order.
fn toolchain_groups(repo: &Repo) -> Vec<Vec<&Toolchain>> {
    group_by_file(&repo.toolchains)
}

/// Toolchain instances grouped by the file they were read from, in the
/// repository's order.
fn group_by_file(list: &[Toolchain]) -> Vec<Vec<&Toolchain>> {
    let mut groups: Vec<Vec<&Toolchain>> = Vec::new();
    let mut at: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    for t in list {
        let key = (t.dir.as_str(), t.file.as_ref());
        match at.get(&key) {
            Some(&i) => groups[i].push(t),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![t]);
            }
        }
    }
    groups
}
