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

use crate::contract::catalog::{CapKind, Catalog, Layer, Support};
use crate::contract::composition::Composition;
use crate::contract::policy::Policy;
use crate::contract::repo::{Base, FileIssues, Pairing, Repo, Toolchain};
use crate::diag::{self, Diagnostic, Span};
use crate::ingest::repo::{self as ingest_repo, LoadFailure, LoadProblem};
use crate::rules::tc::{
    tc001_unknown_capability, tc002_invalid_capability_value,
    tc003_mutually_exclusive_capabilities, tc004_capability_implication,
    tc009_unknown_compute_profile, tc012_missing_input, tc014_invalid_image_reference,
    tc016_unknown_platform, tc018_unknown_field,
};
use crate::rules::tr::{
    tr001_base_missing_input, tr002_base_input_type_mismatch, tr003_base_missing_output,
    tr005_pairing_profile_incompatible, tr007_toolchain_sources_disagree,
    tr008_catalog_differs_from_reference, tr009_default_profile_not_offered,
    tr013_invalid_manifest_field,
};
use crate::rules::wsc::{wsc001_parse_error, wsc004_input_too_large, wsc005_not_evaluable};
use crate::rules::{Check, Ctx, DiagExt, Rule};

use super::{Report, Settings, load_error};

/// Run some composition checks on a partial composition of one file.
fn run_checks(
    file: &Arc<str>,
    comp: &Composition,
    cat: &Catalog,
    policy: &Policy,
    checks: &[Check],
    out: &mut Vec<Diagnostic>,
) {
    let cx = Ctx {
        file,
        comp,
        cat,
        policy,
        narrowing: None,
    };
    for c in checks {
        c(&cx, out);
    }
}

fn invalid_fields(file: &Arc<str>, issues: &FileIssues, out: &mut Vec<Diagnostic>) {
    for (_, span, message) in &issues.invalid {
        out.push(
            tr013_invalid_manifest_field::RULE
                .diag(file, Some(*span), message.clone())
                .with_help(
                    "`wsc schema toolchain|base|pairings` shows each file's keys and values",
                ),
        );
    }
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
            tc012_missing_input::check,
            tc014_invalid_image_reference::check,
            tc018_unknown_field::check,
        ],
        out,
    );
    invalid_fields(&t.file, &t.issues, out);
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
    invalid_fields(&b.file, &b.issues, out);
}

/// Every difference of the catalog's seed layer from the reference (seed 000).
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

/// Where a catalog difference is written: the entry it names (`capability
/// X`, `profile X`, `GPU type X`, `platform X`) and, for a profile's field,
/// that field's line within the entry. Removed entries have no place.
fn locate_difference(files: &[(Arc<str>, String)], message: &str) -> Option<(Arc<str>, Span)> {
    if message.contains(" is removed") || message.contains(" lacks the value ") {
        return None;
    }
    let (hint, rest) = ["capability ", "profile ", "GPU type ", "platform "]
        .iter()
        .find_map(|k| message.strip_prefix(k).map(|r| (*k, r)))?;
    let name = rest.split_whitespace().next()?;
    let field = rest
        .strip_prefix(name)
        .and_then(|r| r.trim_start().strip_prefix("has "))
        .and_then(|r| r.split_whitespace().next())
        .filter(|f| f.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    let key = |line: &str| -> bool {
        let t = line.trim().trim_start_matches("- ");
        let unquote = |k: &str| k.trim().trim_matches(['"', '\'']).to_string();
        match t.strip_prefix("name:") {
            Some(v) => unquote(v) == name,
            None => t.split_once(':').is_some_and(|(k, _)| unquote(k) == name),
        }
    };
    let stem = hint.trim().to_ascii_lowercase().replace("gpu type", "gpu");
    let mut order: Vec<&(Arc<str>, String)> = files.iter().collect();
    order.sort_by_key(|(p, _)| !p.to_ascii_lowercase().contains(&stem[..stem.len().min(7)]));
    for (path, text) in order {
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = lines
            .iter()
            .position(|l| !l.trim_start().starts_with('#') && key(l))
        else {
            continue;
        };
        let indent = |l: &str| l.len() - l.trim_start().len();
        let entry_indent = indent(lines[at]);
        let mut line = at;
        if let Some(f) = field {
            let want = format!("{f}:");
            if let Some(k) = lines[at + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || indent(l) > entry_indent)
                .position(|l| l.trim_start().starts_with(&want))
            {
                line = at + 1 + k;
            }
        }
        let l = lines[line];
        // A field inside a flow mapping on the entry's line: `{cpu: 4, …}`.
        if let Some(f) = field.filter(|_| line == at)
            && let Some(i) = l.find(&format!("{f}:")).filter(|_| l.contains('{'))
        {
            let len = l[i..].find([',', '}']).unwrap_or(l.len() - i);
            let col = l[..i].chars().count() as u32 + 1;
            let span = Span::on_line(
                line as u32 + 1,
                col,
                l[i..i + len].trim_end().chars().count() as u32,
            );
            return Some((path.clone(), span));
        }
        // The entry's name (or the field's whole line).
        let (col, len) = match (line == at, l.find(name)) {
            (true, Some(i)) => (
                l[..i].chars().count() as u32 + 1,
                name.chars().count() as u32,
            ),
            _ => (
                (l.len() - l.trim_start().len()) as u32 + 1,
                l.trim().chars().count().max(1) as u32,
            ),
        };
        let span = Span::on_line(line as u32 + 1, col, len);
        return Some((path.clone(), span));
    }
    None
}

pub fn catalog_differences(cat: &Catalog, reference: &Catalog) -> Vec<String> {
    let mut d = Vec::new();
    let seed = |l: Layer| l == Layer::Seed;
    // Capabilities: type, values, default.
    for rc in reference.capabilities.iter().filter(|c| seed(c.layer)) {
        let Some(c) = cat.capabilities.iter().find(|c| c.name == rc.name) else {
            d.push(format!("capability {} is removed", rc.name));
            continue;
        };
        match (&c.kind, &rc.kind) {
            (CapKind::Enum(a), CapKind::Enum(b)) => {
                for v in a.iter().filter(|v| !b.contains(v)) {
                    d.push(format!("capability {} has the added value {v}", rc.name));
                }
                for v in b.iter().filter(|v| !a.contains(v)) {
                    d.push(format!("capability {} lacks the value {v}", rc.name));
                }
            }
            (a, b) if a != b => d.push(format!(
                "capability {} is {} (contract: {})",
                rc.name,
                c.type_name(),
                rc.type_name()
            )),
            _ => {}
        }
        if c.value_text(c.default) != rc.value_text(rc.default) {
            d.push(format!(
                "capability {} defaults to {} (contract: {})",
                rc.name,
                c.value_text(c.default),
                rc.value_text(rc.default)
            ));
        }
    }
    for c in cat.capabilities.iter().filter(|c| seed(c.layer)) {
        if reference.capability(&c.name).is_none() {
            d.push(format!("capability {} is added", c.name));
        }
    }
    // Profiles, field by field.
    let gpu_name = |g: Option<usize>, c: &Catalog| {
        g.map_or("none".to_string(), |g| c.gpu_types[g].name.clone())
    };
    for rp in reference.profiles.iter().filter(|p| seed(p.layer)) {
        let Some(p) = cat.profiles.iter().find(|p| p.name == rp.name) else {
            d.push(format!("profile {} is removed", rp.name));
            continue;
        };
        let fields = [
            ("cpu", p.cpu.to_string(), rp.cpu.to_string()),
            ("memory", p.memory.to_string(), rp.memory.to_string()),
            ("storage", p.storage.to_string(), rp.storage.to_string()),
            (
                "gpu_count",
                p.gpu_count.to_string(),
                rp.gpu_count.to_string(),
            ),
            (
                "gpu_type",
                gpu_name(p.gpu_type, cat),
                gpu_name(rp.gpu_type, reference),
            ),
        ];
        for (f, a, b) in fields {
            if a != b {
                d.push(format!("profile {} has {f} {a} (contract: {b})", rp.name));
            }
        }
    }
    for p in cat.profiles.iter().filter(|p| seed(p.layer)) {
        if reference.profile(&p.name).is_none() {
            d.push(format!("profile {} is added", p.name));
        }
    }
    // GPU types.
    for rg in &reference.gpu_types {
        match cat.gpu_types.iter().find(|g| g.name == rg.name) {
            None => d.push(format!("GPU type {} is removed", rg.name)),
            Some(g) => {
                if g.memory_gb != rg.memory_gb {
                    d.push(format!("GPU type {} has other memory", rg.name));
                }
                if (g.fp32_tflops - rg.fp32_tflops).abs() > 1e-9 {
                    d.push(format!(
                        "GPU type {} has {} FP32 TFLOPS (contract: {})",
                        rg.name, g.fp32_tflops, rg.fp32_tflops
                    ));
                }
            }
        }
    }
    for g in cat.gpu_types.iter().filter(|g| seed(g.layer)) {
        if reference.gpu_type(&g.name).is_none() {
            d.push(format!("GPU type {} is added", g.name));
        }
    }
    // Platforms: os, arch, image kinds, every support cell.
    for rp in reference.platforms.iter().filter(|p| seed(p.layer)) {
        let Some(p) = cat.platforms.iter().find(|p| p.name == rp.name) else {
            d.push(format!("platform {} is removed", rp.name));
            continue;
        };
        if p.os != rp.os {
            d.push(format!(
                "platform {} runs {} (contract: {})",
                rp.name,
                p.os.as_str(),
                rp.os.as_str()
            ));
        }
        if p.arch != rp.arch {
            d.push(format!("platform {} has other architectures", rp.name));
        }
        if p.image_kinds != rp.image_kinds {
            d.push(format!("platform {} accepts other image kinds", rp.name));
        }
        for (ci, rc) in reference.capabilities.iter().enumerate() {
            let Some(cj) = cat.capability(&rc.name) else {
                continue;
            };
            let (a, b) = (rp.support[ci], p.support[cj]);
            if a != b {
                let what = match b {
                    Support::No => "does not support",
                    Support::Values(_) => "supports only some values of",
                    Support::Yes => "supports",
                };
                d.push(format!(
                    "platform {} {what} {} (contract: {})",
                    rp.name,
                    rc.name,
                    match a {
                        Support::No => "not supported",
                        _ => "supported",
                    }
                ));
            }
        }
    }
    for p in cat.platforms.iter().filter(|p| seed(p.layer)) {
        if reference.platform(&p.name).is_none() {
            d.push(format!("platform {} is added", p.name));
        }
    }
    // Constraints, by content.
    let excl = |c: &Catalog| -> BTreeSet<Vec<String>> {
        c.exclusions
            .iter()
            .map(|g| {
                let mut v: Vec<String> =
                    g.iter().map(|i| c.capabilities[*i].name.clone()).collect();
                v.sort();
                v
            })
            .collect()
    };
    let (ea, eb) = (excl(cat), excl(reference));
    for g in ea.difference(&eb) {
        d.push(format!("exclusion of {} is added", g.join(" and ")));
    }
    for g in eb.difference(&ea) {
        d.push(format!("exclusion of {} is removed", g.join(" and ")));
    }
    let imps = |c: &Catalog| -> BTreeSet<String> {
        c.implications
            .iter()
            .map(|i| {
                let when: Vec<String> = i
                    .when
                    .iter()
                    .map(|(cap, v)| {
                        format!(
                            "{} {}",
                            c.capabilities[*cap].name,
                            c.capabilities[*cap].value_text(*v)
                        )
                    })
                    .collect();
                let then = &c.capabilities[i.then];
                let allowed: Vec<&str> = i.allowed.iter().map(|v| then.value_text(*v)).collect();
                format!(
                    "{} {} {} in [{}]",
                    when.join(" or "),
                    if i.level == crate::contract::catalog::Level::Must {
                        "requires"
                    } else {
                        "should have"
                    },
                    then.name,
                    allowed.join(", ")
                )
            })
            .collect()
    };
    let (ia, ib) = (imps(cat), imps(reference));
    for i in ia.difference(&ib) {
        d.push(format!("implication added: {i}"));
    }
    for i in ib.difference(&ia) {
        d.push(format!("implication removed: {i}"));
    }
    for attr in ["cpu", "gpu_count"] {
        if cat.compute_range(attr) != reference.compute_range(attr) {
            d.push(format!("the range of {attr} differs"));
        }
    }
    d
}

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
        tr001_base_missing_input::check(b, cat, &mut out);
        tr002_base_input_type_mismatch::check(b, cat, &mut out);
        tr003_base_missing_output::check(b, cat, &mut out);
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
        invalid_fields(pfile, &repo.pairings_issues, &mut out);
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
        for d in catalog_differences(cat, reference) {
            let place = locate_difference(&catalog_files, &d);
            let diag = match &place {
                Some((f, span)) => {
                    tr008_catalog_differs_from_reference::RULE.diag(f, Some(*span), d)
                }
                None => tr008_catalog_differs_from_reference::RULE.diag(&file, None, d),
            };
            out.push(
                diag.with_help(
                    "intended differences can be silenced with `[rules] TR008 = \"off\"`",
                ),
            );
            if let Some((f, _)) = place
                && !files.iter().any(|s| s.path == f)
                && let Some((_, text)) = catalog_files.iter().find(|(p, _)| *p == f)
            {
                files.push(crate::diag::SourceFile {
                    path: f,
                    text: Arc::from(text.as_str()),
                });
            }
        }
    }
    super::suppress::apply(&files, &mut out);
    settings.apply(&mut out);
    diag::sort(&mut out);
    let mut report = Report {
        files,
        diagnostics: out,
        templates: None,
    };
    report.finish();
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
                        .filter(|d| d.code == tr005_pairing_profile_incompatible::RULE.code)
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
                        if works && d.code == tr005_pairing_profile_incompatible::RULE.code {
                            d.severity = crate::diag::Severity::Info;
                        }
                    }
                    (t.assignment.clone(), found)
                })
                .collect();
            let mut found = Vec::new();
            crate::rules::tr::merge_instances(per, &mut found);
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
