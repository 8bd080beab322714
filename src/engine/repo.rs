//! `wsc check` and `wsc matrix`: a template repository, file by file and
//! pairing by pairing, through the same composition checks as `wsc validate`.
//!
//! One fault, one code (interface.md section 4): problems inside one
//! toolchain, base or pairings file are reported on that file (TC, TR013);
//! problems that exist only because of a pairing are TR codes on the pairing,
//! with the underlying TC code in the message and the toolchain and base as
//! related places.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use crate::contract::catalog::Catalog;
use crate::contract::composition::Composition;
use crate::contract::policy::Policy;
use crate::contract::repo::{Base, Pairing, Repo, Toolchain};
use crate::diag::{Diagnostic, Span};
use crate::ingest::repo::{self as ingest_repo, LoadFailure, LoadProblem};
use crate::rules::tc::{
    tc001_unknown_capability, tc002_invalid_capability_value,
    tc003_mutually_exclusive_capabilities, tc004_capability_implication,
    tc005_gui_without_persistent_home, tc009_unknown_compute_profile, tc012_missing_input,
    tc014_invalid_image_reference, tc016_unknown_platform, tc018_unknown_field,
};
use crate::rules::tr::{
    tr005_pairing_profile_incompatible, tr007_toolchain_sources_disagree,
    tr008_catalog_differs_from_reference, tr009_default_profile_not_offered,
    tr013_invalid_manifest_field,
};
use crate::rules::wsc::{wsc001_parse_error, wsc004_input_too_large, wsc005_not_evaluable};
use crate::rules::{CompositionCheck, Ctx, DiagExt, Rule};

use super::{Report, Settings, load_error};

/// Run some composition checks on a partial composition of one file.
fn run_checks(
    file: &Arc<str>,
    comp: &Composition,
    cat: &Catalog,
    policy: &Policy,
    checks: &[CompositionCheck],
    out: &mut Vec<Diagnostic>,
) {
    let cx = Ctx {
        file,
        comp,
        cat,
        policy,
        narrowing: None,
    };
    crate::rules::run_composition(checks, &cx, out);
}

fn toolchain_checks(ts: &[&Toolchain], cat: &Catalog, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let per = ts
        .iter()
        .map(|t| {
            let mut v = Vec::new();
            toolchain_file_checks(t, cat, policy, &mut v);
            (t.assignment.clone(), v)
        })
        .collect();
    crate::rules::tr::merge_instances(per, out);
}

fn toolchain_file_checks(t: &Toolchain, cat: &Catalog, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let comp = Composition {
        capabilities: t.capabilities.clone(),
        effective: t.effective.clone(),
        image_id: t.image_id.clone(),
        unknown: t.issues.unknown.clone(),
        missing: t.issues.missing.clone(),
        ..Composition::default()
    };
    run_checks(
        &t.file,
        &comp,
        cat,
        policy,
        &[
            tc001_unknown_capability::check,
            tc002_invalid_capability_value::check,
            tc003_mutually_exclusive_capabilities::check,
            tc004_capability_implication::check,
            tc005_gui_without_persistent_home::check,
            tc012_missing_input::check,
            tc014_invalid_image_reference::check,
            tc018_unknown_field::check,
        ],
        out,
    );
    tr013_invalid_manifest_field::check(&t.file, &t.issues, out);
    for p in t.profiles.iter().flatten() {
        tc009_unknown_compute_profile::named(&t.file, p, cat, out);
    }
    tr009_default_profile_not_offered::check_toolchain(t, out);
}

fn base_checks(b: &Base, cat: &Catalog, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let comp = Composition {
        platform: b.platform.clone(),
        unknown: b.issues.unknown.clone(),
        missing: b.issues.missing.clone(),
        ..Composition::default()
    };
    run_checks(
        &b.file,
        &comp,
        cat,
        policy,
        &[
            tc012_missing_input::check,
            tc016_unknown_platform::check,
            tc018_unknown_field::check,
        ],
        out,
    );
    tr013_invalid_manifest_field::check(&b.file, &b.issues, out);
}

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

fn load_problem(p: &LoadProblem) -> Diagnostic {
    match &p.error {
        LoadFailure::Load(e) => load_error(&p.file, e),
        LoadFailure::Hcl(e) => wsc001_parse_error::RULE
            .diag(&e.file, Some(e.span), e.message.clone())
            .with_help("fix the HCL at this place"),
        LoadFailure::RepeatedKey(e) => super::repeated_key(e),
        LoadFailure::Empty => wsc001_parse_error::RULE
            .diag(&p.file, Some(Span::on_line(1, 1, 1)), "the file is empty")
            .with_help("see the README's repository section for this file's keys"),
        LoadFailure::Yaml(e) => {
            let rule: &'static Rule = if e.kind == crate::ingest::yaml::ErrorKind::TooLarge {
                &wsc004_input_too_large::RULE
            } else {
                &wsc001_parse_error::RULE
            };
            let mut d = rule
                .diag(&p.file, Some(e.span), e.message.clone())
                .with_help("fix the YAML at this place");
            if let Some((s, m)) = &e.related {
                d = d.with_related(*s, m.clone());
            }
            d
        }
    }
}

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
        .map(|e| super::walk_error(root, e))
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
    let mut out: Vec<Diagnostic> = loaded.problems.iter().map(load_problem).collect();
    out.extend(walk_problems);
    let nothing = loaded.repo.toolchains.is_empty()
        && loaded.repo.twins.is_empty()
        && loaded.repo.bases.is_empty()
        && loaded.template_dirs.is_empty()
        && layout.pairings.is_none();
    if nothing && out.is_empty() {
        out.push(
            crate::rules::wsc::wsc008_nothing_to_check::RULE
                .diag(
                    &Arc::from(crate::ingest::source::normalize(root).display().to_string()),
                    None,
                    "nothing to check: no toolchain (toolchain.yaml, or a Terraform module with output \"capabilities\"), no base (base.yaml, or a module declaring the contract's inputs), no template composing them and no pairings.yaml",
                )
                .with_help("point `wsc check` at the repository's root"),
        );
    }
    let policy = &settings.policy;
    let repo = &loaded.repo;
    // Instances of one toolchain (Terraform assignments) are checked together.
    let groups = toolchain_groups(repo);
    for g in &groups {
        toolchain_checks(g, cat, policy, &mut out);
    }
    for b in &repo.bases {
        base_checks(b, cat, policy, &mut out);
        for check in &settings.checks().base {
            check(b, cat, &mut out);
        }
    }
    // The Terraform twin of a toolchain.yaml: its own problems (TC codes
    // on its file), then how it disagrees with the YAML (TR007).
    for g in &group_by_file(&repo.twins) {
        toolchain_checks(g, cat, policy, &mut out);
    }
    for twin in &repo.twins {
        if let Some(yaml) = repo.toolchains_in(&twin.dir).next() {
            tr007_toolchain_sources_disagree::check(yaml, twin, cat, &mut out);
        }
    }
    for n in &loaded.notes {
        out.push(
            wsc005_not_evaluable::RULE
                .diag(&n.file, Some(n.span), n.message.clone())
                .with_help("checks that need this value were skipped; `wsc explain WSC005` lists what is evaluated"),
        );
    }
    if let Some(pfile) = &repo.pairings_file {
        let comp = Composition {
            unknown: repo.pairings_issues.unknown.clone(),
            missing: repo.pairings_issues.missing.clone(),
            ..Composition::default()
        };
        run_checks(
            pfile,
            &comp,
            cat,
            policy,
            &[tc012_missing_input::check, tc018_unknown_field::check],
            &mut out,
        );
        tr013_invalid_manifest_field::check(pfile, &repo.pairings_issues, &mut out);
    }
    for p in &repo.pairings {
        crate::rules::tr::check_pairing(p, repo, cat, policy, &mut out);
    }
    if let CatalogOrigin::Foreign(dir) = origin {
        out.push(
            crate::rules::wsc::wsc010_contract_folder_ignored::RULE
                .diag(
                    &Arc::from(crate::ingest::source::normalize(dir).display().to_string()),
                    None,
                    "this contract/ folder is not a wsc contract catalog, so the embedded contract is used",
                )
                .with_help("to check against your own catalog, name it with --contract or `contract = \"…\"` in wsc.toml (`wsc contract export DIR` writes the embedded one to start from)"),
        );
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
                    let cell = Pairing {
                        name: format!("{} on {}", t.name, b.name),
                        file: anchor.clone(),
                        span: Span::default(),
                        toolchain: None,
                        base: None,
                        profiles: None,
                        default_profile: None,
                        template: None,
                    };
                    let mut found = Vec::new();
                    if !matches!(b.platform.as_ref().map(|p| &p.parsed), Some(Ok(_))) {
                        found.push(tc016_unknown_platform::RULE.diag(
                            &b.file,
                            None,
                            format!("base {} has no valid platform", b.name),
                        ));
                    }
                    crate::rules::tr::evaluate(
                        &cell,
                        t,
                        b,
                        (&offered, &anchor),
                        cat,
                        policy,
                        &mut found,
                    );
                    // A pair works when some of the toolchain's profiles
                    // work: the profiles that fail are then notes.
                    let failing: BTreeSet<String> = found
                        .iter()
                        .filter(|d| d.code() == tr005_pairing_profile_incompatible::RULE.code)
                        .filter_map(|d| {
                            d.message
                                .strip_prefix("profile ")?
                                .split(' ')
                                .next()
                                .map(str::to_string)
                        })
                        .collect();
                    let works = offered.iter().any(|o| !failing.contains(&o.value));
                    for d in &mut found {
                        if works && d.code() == tr005_pairing_profile_incompatible::RULE.code {
                            d.severity = crate::diag::Severity::Info;
                        }
                    }
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
