//! Reading a template repository: discovery (gitignore-aware, symlink loops
//! survived), parallel parsing, and the YAML files `toolchain.yaml`,
//! `base.yaml` and `pairings.yaml` into the typed [`Repo`] model.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::contract::catalog::{CapKind, Catalog, Support};
use crate::contract::composition::{Missing, Scope, UnknownKey};
use crate::contract::model::{Arch, ImageRef, Os};
use crate::contract::repo::{Base, FileIssues, Pairing, Repo, Text, Toolchain, ToolchainSource};
use crate::diag::{SourceFile, Span};
use crate::suggest;

use super::composition::{capabilities, effective, field, platform, string};
use super::hcl::{HclError, HclModule};
use super::source::{self, LoadError, basename, rel_dir};
use super::terraform::{self, NotEvaluated};
use super::yaml::{self, ErrorKind, Limits, Node};

/// A file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadProblem {
    pub file: Arc<str>,
    pub error: LoadFailure,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadFailure {
    Load(LoadError),
    Yaml(yaml::YamlError),
    Hcl(HclError),
    /// An object key written twice (a warning: terraform keeps the last).
    RepeatedKey(HclError),
    Empty,
}

/// The files of a repository, found on disk.
#[derive(Debug, Default)]
pub struct Layout {
    /// `toolchain.yaml` files, anywhere under the root.
    pub toolchains: Vec<PathBuf>,
    /// `base.yaml` files, anywhere under the root.
    pub bases: Vec<PathBuf>,
    /// Every directory with `.tf` files (relative to the root, `.` for the
    /// root) and its files: toolchains, bases and templates are told apart
    /// by what the files declare.
    pub tf_dirs: BTreeMap<String, Vec<PathBuf>>,
    pub pairings: Option<PathBuf>,
    pub contract: Option<PathBuf>,
    pub config: Option<PathBuf>,
    /// What the walk could not read.
    pub unreadable: Vec<ignore::Error>,
}

/// Directories deeper than this under the root are not read.
pub const MAX_DEPTH: usize = 16;

/// Find the repository's files (interface.md sections 4 and 4b), anywhere
/// under the root: manifests by name, Terraform modules by directory.
/// `.gitignore` is respected; symbolic links are not followed, so loops
/// cannot trap the walk.
pub fn discover(root: &Path) -> Layout {
    let mut layout = Layout::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                layout.unreadable.push(err);
                continue;
            }
        };
        let p = entry.path();
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        match parts.as_slice() {
            ["pairings.yaml" | "pairings.yml"] => layout.pairings = Some(p.to_path_buf()),
            ["contract"] if p.is_dir() => layout.contract = Some(p.to_path_buf()),
            ["wsc.toml"] => layout.config = Some(p.to_path_buf()),
            // The root's own contract/ is a catalog, not a repository part.
            ["contract", ..] => {}
            [.., "toolchain.yaml" | "toolchain.yml"] if is_file => {
                layout.toolchains.push(p.to_path_buf());
            }
            [.., "base.yaml" | "base.yml"] if is_file => layout.bases.push(p.to_path_buf()),
            [.., f] if is_file && f.ends_with(".tf") => {
                let dir = p.parent().unwrap_or(root);
                layout
                    .tf_dirs
                    .entry(rel_dir(root, dir))
                    .or_default()
                    .push(p.to_path_buf());
            }
            _ => {}
        }
    }
    layout.toolchains.sort();
    layout.bases.sort();
    for files in layout.tf_dirs.values_mut() {
        files.sort();
    }
    layout
}

/// Everything read from a repository.
#[derive(Debug, Default)]
pub struct Loaded {
    pub repo: Repo,
    pub files: Vec<SourceFile>,
    pub problems: Vec<LoadProblem>,
    /// Values that could not be evaluated statically (WSC005).
    pub notes: Vec<NotEvaluated>,
    pending_bases: Vec<PendingBase>,
    pending_toolchains: Vec<Toolchain>,
    /// Parsed modules of toolchains, Terraform-only bases and templates, by
    /// directory (templates are read with them).
    pub modules: BTreeMap<String, HclModule>,
    /// Directories whose Terraform calls other modules (template candidates).
    pub template_dirs: Vec<String>,
}

/// The Terraform of a base that has a base.yaml, joined with it once both
/// are read.
#[derive(Debug)]
struct PendingBase {
    dir: String,
    facts: crate::contract::repo::ModuleFacts,
    metadata: Vec<(&'static str, Text)>,
}

enum Parsed {
    Toolchain(Toolchain),
    Base(Base),
    Pairings(Vec<Pairing>, FileIssues),
    Failed,
}

#[derive(Clone, Copy)]
enum Kind {
    Toolchain,
    Base,
    Pairings,
}

fn display(root: &Path, p: &Path) -> Arc<str> {
    let shown = p.strip_prefix(root).map_or(p, |r| r);
    let joined = if root.as_os_str().is_empty() || root == Path::new(".") {
        shown.to_path_buf()
    } else {
        root.join(shown)
    };
    Arc::from(joined.display().to_string())
}

/// Read and parse the repository's YAML files, in parallel; the result is in
/// a stable order whatever the scheduling.
/// Called once per file read, from any thread (drives a progress bar).
pub type Progress<'a> = &'a (dyn Fn() + Sync);

pub fn load(
    root: &Path,
    layout: &Layout,
    cat: &Catalog,
    max_bytes: u64,
    sources: &[(String, PathBuf)],
    progress: Option<Progress<'_>>,
) -> Loaded {
    let mut jobs: Vec<(Kind, &PathBuf)> = Vec::new();
    jobs.extend(layout.toolchains.iter().map(|p| (Kind::Toolchain, p)));
    jobs.extend(layout.bases.iter().map(|p| (Kind::Base, p)));
    jobs.extend(layout.pairings.iter().map(|p| (Kind::Pairings, p)));
    let results: Vec<(Arc<str>, String, Parsed, Vec<LoadProblem>)> = jobs
        .par_iter()
        .map(|(kind, path)| {
            if let Some(tick) = progress {
                tick();
            }
            let file = display(root, path);
            let dir = rel_dir(root, path.parent().unwrap_or(root));
            let mut problems = Vec::new();
            let text = match source::read_file(path, max_bytes) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(LoadProblem {
                        file: file.clone(),
                        error: LoadFailure::Load(e),
                    });
                    return (file, String::new(), Parsed::Failed, problems);
                }
            };
            let parsed = match yaml::parse(&text, Limits::default()) {
                Ok(doc) => {
                    for e in &doc.errors {
                        problems.push(LoadProblem {
                            file: file.clone(),
                            error: LoadFailure::Yaml(e.clone()),
                        });
                    }
                    match doc.root.filter(|r| !r.is_null()) {
                        None => {
                            problems.push(LoadProblem {
                                file: file.clone(),
                                error: LoadFailure::Empty,
                            });
                            Parsed::Failed
                        }
                        Some(root) => match kind {
                            Kind::Toolchain => {
                                Parsed::Toolchain(toolchain(&file, &dir, &root, cat))
                            }
                            Kind::Base => Parsed::Base(base(&file, &dir, &root, cat)),
                            Kind::Pairings => {
                                let (p, issues) = pairings(&file, &root);
                                Parsed::Pairings(p, issues)
                            }
                        },
                    }
                }
                Err(e) => {
                    problems.push(LoadProblem {
                        file: file.clone(),
                        error: LoadFailure::Yaml(e),
                    });
                    Parsed::Failed
                }
            };
            (file, text, parsed, problems)
        })
        .collect();
    let mut out = Loaded::default();
    load_terraform(root, layout, cat, max_bytes, &mut out);
    for (file, text, parsed, problems) in results {
        out.problems.extend(problems);
        match parsed {
            Parsed::Toolchain(t) => out.repo.toolchains.push(t),
            Parsed::Base(b) => out.repo.bases.push(b),
            Parsed::Pairings(p, issues) => {
                out.repo.pairings = p;
                out.repo.pairings_issues = issues;
                out.repo.pairings_file = Some(file.clone());
            }
            Parsed::Failed => {
                if matches!(layout.pairings.as_ref(), Some(p) if display(root, p) == file) {
                    out.repo.pairings_file = Some(file.clone());
                }
            }
        }
        out.files.push(SourceFile {
            path: file,
            text: Arc::from(text),
        });
    }
    let mut pending: HashMap<String, PendingBase> = std::mem::take(&mut out.pending_bases)
        .into_iter()
        .map(|p| (p.dir.clone(), p))
        .collect();
    for b in &mut out.repo.bases {
        if let Some(p) = pending.remove(&b.dir) {
            b.module = Some(p.facts);
            b.metadata = p.metadata;
        }
    }
    let yaml_dirs: std::collections::HashSet<String> = out
        .repo
        .toolchains
        .iter()
        .filter(|y| y.source == ToolchainSource::Yaml)
        .map(|y| y.dir.clone())
        .collect();
    for t in std::mem::take(&mut out.pending_toolchains) {
        if yaml_dirs.contains(&t.dir) {
            out.repo.twins.push(t);
        } else {
            out.repo.toolchains.push(t);
        }
    }
    out.repo.index();
    let templates: Vec<(&str, &HclModule)> = out
        .template_dirs
        .iter()
        .filter_map(|d| Some((d.as_str(), out.modules.get(d)?)))
        .collect();
    let (pairings, notes) =
        super::template::pairings(root, &templates, &out.modules, &out.repo, sources, cat);
    out.repo.pairings.extend(pairings);
    out.notes.extend(notes);
    out
}

/// A parsed Terraform module of one directory.
struct TfDir {
    dir: String,
    module: Option<HclModule>,
    files: Vec<(Arc<str>, String)>,
    problems: Vec<LoadProblem>,
}

fn read_module(root: &Path, dir: &str, paths: &[PathBuf], max_bytes: u64) -> TfDir {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let shown = display(root, p);
        match source::read_file(p, max_bytes) {
            Ok(t) => files.push((shown, t)),
            Err(e) => problems.push(LoadProblem {
                file: shown,
                error: LoadFailure::Load(e),
            }),
        }
    }
    let module = match HclModule::from_files(files.iter().map(|(p, t)| (p.clone(), t.as_str()))) {
        Ok(m) => {
            for e in m.all_problems() {
                problems.push(LoadProblem {
                    file: e.file.clone(),
                    error: LoadFailure::Hcl(e.clone()),
                });
            }
            for e in m.repeated_keys() {
                problems.push(LoadProblem {
                    file: e.file.clone(),
                    error: LoadFailure::RepeatedKey(e.clone()),
                });
            }
            Some(m)
        }
        Err(errs) => {
            problems.extend(errs.into_iter().map(|e| LoadProblem {
                file: e.file.clone(),
                error: LoadFailure::Hcl(e),
            }));
            None
        }
    };
    TfDir {
        dir: dir.to_string(),
        module,
        files,
        problems,
    }
}

/// The contract input variables a module declares.
fn contract_inputs(module: &HclModule, cat: &Catalog) -> usize {
    cat.inputs
        .iter()
        .filter(|i| module.variable(&i.name).is_some())
        .count()
}

/// A module is a base when it declares most of the contract's inputs (a
/// base missing one is still a base: TR001 says which), or has a base.yaml.
const BASE_INPUTS_AT_LEAST: usize = 3;

/// Does a module declare enough of the contract's inputs to be a base?
fn contract_inputs_base(module: Option<&HclModule>, cat: &Catalog) -> bool {
    module.is_some_and(|m| contract_inputs(m, cat) >= BASE_INPUTS_AT_LEAST)
}

/// Read every Terraform module of the repository (in parallel) and sort them
/// by what they declare: toolchains (`output "capabilities"`), bases (the
/// contract's inputs, or a base.yaml beside them) and templates (modules
/// that call others); the rest is only checked for syntax.
fn load_terraform(root: &Path, layout: &Layout, cat: &Catalog, max_bytes: u64, out: &mut Loaded) {
    let jobs: Vec<(&String, &Vec<PathBuf>)> = layout.tf_dirs.iter().collect();
    let dirs: Vec<TfDir> = jobs
        .par_iter()
        .map(|(dir, files)| read_module(root, dir, files, max_bytes))
        .collect();
    let yaml_bases: std::collections::BTreeSet<String> = layout
        .bases
        .iter()
        .map(|p| rel_dir(root, p.parent().unwrap_or(root)))
        .collect();
    // A module in a subdirectory of a base.yaml base is that base's own
    // submodule (the provider-free core of `wsc new base` declares the
    // contract's inputs too), not a base of its own.
    let in_yaml_base = |dir: &str| {
        yaml_bases.iter().any(|b| {
            !b.is_empty()
                && b != "."
                && dir
                    .strip_prefix(b.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    for d in dirs {
        let own_base = contract_inputs_base(d.module.as_ref(), cat) && !in_yaml_base(&d.dir);
        let relevant = d.module.as_ref().is_none_or(|m| {
            terraform::is_toolchain(m)
                || yaml_bases.contains(&d.dir)
                || own_base
                || m.blocks().any(|b| b.kind == "module")
        });
        // Files are shown when they are checked, or hold a problem.
        if relevant || !d.problems.is_empty() {
            for (path, text) in d.files {
                out.files.push(SourceFile {
                    path,
                    text: Arc::from(text),
                });
            }
        }
        out.problems.extend(d.problems);
        let Some(module) = d.module else { continue };
        if terraform::is_toolchain(&module) {
            let (instances, notes) = terraform::toolchains(&d.dir, &module, cat);
            out.notes.extend(notes);
            out.pending_toolchains.extend(instances);
            out.modules.insert(d.dir.clone(), module);
        } else if yaml_bases.contains(&d.dir) {
            out.pending_bases.push(PendingBase {
                metadata: terraform::metadata_os_arch(&module),
                facts: module_facts_of(&module),
                dir: d.dir,
            });
        } else if own_base {
            let (base, note) = terraform_base(&d.dir, &module, cat);
            out.notes.extend(note);
            out.repo.bases.push(base);
            out.modules.insert(d.dir.clone(), module);
        } else if module.blocks().any(|b| b.kind == "module") {
            out.modules.insert(d.dir.clone(), module);
            out.template_dirs.push(d.dir);
        }
    }
}

/// A base found by its Terraform alone: named by its directory, its platform
/// the literal `platform` of `output "metadata"` (else a note says how to
/// state it).
fn terraform_base(dir: &str, module: &HclModule, cat: &Catalog) -> (Base, Option<NotEvaluated>) {
    let facts = module_facts_of(module);
    // Findings about the base point at its metadata (where its platform is
    // stated), else at its first variable.
    let file = facts
        .metadata_file
        .clone()
        .or_else(|| module.variables().next().map(|v| v.file.clone()))
        .or_else(|| facts.files.first().cloned())
        .unwrap_or_else(|| Arc::from(dir));
    let name = basename(dir).to_string();
    let metadata = terraform::metadata_field(module, "platform");
    let mut note = None;
    let platform = match &metadata {
        Some(Ok(v)) => Some(crate::contract::composition::Field {
            key: v.span,
            value: v.span,
            parsed: match v.value.as_str() {
                Some(p) => cat.platform(p).ok_or_else(|| {
                    crate::contract::composition::FieldError::new(format!(
                        "output metadata names platform `{p}`, which the contract does not have"
                    ))
                }),
                None => Err(crate::contract::composition::FieldError::new(
                    "output metadata's platform must be a string",
                )),
            },
        }),
        Some(Err(e)) => {
            note = Some(NotEvaluated {
                file: e.file.clone(),
                span: e.span,
                message: format!(
                    "base {name}: the platform in output metadata is not evaluated statically ({}); its pairings are not checked: write it as a literal, or add a base.yaml with `platform:`",
                    e.reason
                ),
            });
            None
        }
        None => {
            note = Some(NotEvaluated {
                file: file.clone(),
                span: module
                    .variables()
                    .next()
                    .map(|v| v.name_span)
                    .unwrap_or_default(),
                message: format!(
                    "base {name} states no platform, so its pairings are not checked: add a base.yaml with `platform:`, or a literal `platform` in output \"metadata\""
                ),
            });
            None
        }
    };
    let version = terraform::metadata_field(module, "base_version")
        .and_then(Result::ok)
        .and_then(|v| {
            v.value.as_str().map(|s| Text {
                value: s.to_string(),
                span: v.span,
            })
        });
    let base = Base {
        file,
        dir: dir.to_string(),
        name,
        name_span: None,
        version,
        platform,
        supports: None,
        issues: FileIssues::default(),
        module: Some(facts),
        description: None,
        metadata: terraform::metadata_os_arch(module),
    };
    (base, note)
}

fn module_facts_of(module: &HclModule) -> crate::contract::repo::ModuleFacts {
    let mut paths: Vec<Arc<str>> = module
        .variables()
        .map(|v| v.file.clone())
        .chain(module.outputs().map(|o| o.file.clone()))
        .collect();
    paths.sort();
    paths.dedup();
    terraform::module_facts(module, paths)
}

fn is_yaml_failure(e: &yaml::YamlError) -> bool {
    e.kind != ErrorKind::DuplicateKey
}

/// Shared key checking for the three file kinds.
fn check_keys(
    entries: &[yaml::Entry<'_>],
    allowed: &[&str],
    required: &[&'static str],
    scope: Scope,
    at: Span,
    issues: &mut FileIssues,
) {
    for e in entries {
        let k = e.key.as_str().unwrap_or("?");
        // `x-…` keys are extension fields (as in docker-compose): a place
        // for anchors that `<<: *name` merges elsewhere.
        if k.starts_with("x-") {
            continue;
        }
        if !allowed.contains(&k) {
            let help = match suggest::nearest(k, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the keys here are: {}", allowed.join(", ")),
            };
            issues.unknown.push(UnknownKey {
                key: k.to_string(),
                span: e.key.span,
                scope,
                help,
            });
        }
    }
    for k in required {
        if !entries.iter().any(|e| e.key.as_str() == Some(k)) {
            issues.missing.push(Missing {
                name: k,
                within: None,
                at,
            });
        }
    }
}

fn text_of(n: &Node<'_>, what: &'static str, issues: &mut FileIssues) -> Option<Text> {
    match string(n) {
        Ok(s) => Some(Text {
            value: s.to_string(),
            span: n.span,
        }),
        Err(e) => {
            issues
                .invalid
                .push((what, n.span, format!("{what}: {}", e.message)));
            None
        }
    }
}

fn texts_of(n: &Node<'_>, what: &'static str, issues: &mut FileIssues) -> Vec<Text> {
    let Some(items) = n.as_seq() else {
        issues.invalid.push((
            what,
            n.span,
            format!("{what} must be a list, found {}", n.kind_name()),
        ));
        // An empty list: nothing else is derived from a value that could not be read.
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| text_of(i, what, issues))
        .collect()
}

pub const TOOLCHAIN_KEYS: &[&str] = &[
    "name",
    "version",
    "contract",
    "image_id",
    "os",
    "arch",
    "capabilities",
    "optional",
    "profiles",
    "default_profile",
    "environment_variables",
    "startup_script_file",
    "startup_script",
    "description",
    "display_name",
    "icon",
];

fn toolchain(file: &Arc<str>, dir: &str, root: &Node<'_>, cat: &Catalog) -> Toolchain {
    let mut t = Toolchain {
        file: file.clone(),
        dir: dir.to_string(),
        source: ToolchainSource::Yaml,
        name: basename(dir).to_string(),
        name_span: None,
        version: None,
        image_id: None,
        os: Os::Linux,
        os_span: None,
        arch: None,
        capabilities: None,
        effective: effective(None, cat),
        optional: Vec::new(),
        profiles: None,
        profiles_file: file.clone(),
        default_profile: None,
        issues: FileIssues::default(),
        assignment: None,
        description: None,
        display_name: None,
        icon: None,
        outputs: Vec::new(),
        variables: Vec::new(),
    };
    let start = Span::new(root.span.start, root.span.start);
    let Some(entries) = root.as_map() else {
        t.issues.invalid.push((
            "toolchain",
            root.span,
            format!(
                "a toolchain.yaml must be a mapping, found {}",
                root.kind_name()
            ),
        ));
        return t;
    };
    check_keys(
        entries,
        TOOLCHAIN_KEYS,
        &["name", "image_id", "capabilities"],
        Scope::Toolchain,
        start,
        &mut t.issues,
    );
    for e in entries {
        let v = &e.value;
        match e.key.as_str() {
            Some("name") => {
                if let Some(n) = text_of(v, "name", &mut t.issues) {
                    t.name = n.value;
                    t.name_span = Some(n.span);
                }
            }
            Some("version") => t.version = text_of(v, "version", &mut t.issues),
            Some("image_id") => {
                t.image_id = Some(field(
                    e,
                    string(v).and_then(|s| {
                        ImageRef::parse(s).map_err(crate::contract::composition::FieldError::new)
                    }),
                ));
            }
            Some("os") => match string(v).ok().and_then(Os::parse) {
                Some(os) => {
                    t.os = os;
                    t.os_span = Some(v.span);
                }
                None => {
                    let found = v.as_str().unwrap_or_default();
                    let hint = match Os::parse(&found.to_lowercase()) {
                        Some(os) => format!(" (write `{}`)", os.as_str()),
                        None => String::new(),
                    };
                    t.issues.invalid.push((
                        "os",
                        v.span,
                        format!("os `{found}` is not linux or windows{hint}"),
                    ));
                }
            },
            Some("arch") => match string(v).ok().and_then(Arch::parse) {
                Some(a) => t.arch = Some(a),
                None => {
                    let found = v.as_str().unwrap_or_default();
                    let hint = match found {
                        "x86_64" | "x86-64" | "x64" | "AMD64" => " (write `amd64`)",
                        "aarch64" | "ARM64" => " (write `arm64`)",
                        _ => "",
                    };
                    t.issues.invalid.push((
                        "arch",
                        v.span,
                        format!("arch `{found}` is not amd64 or arm64{hint}"),
                    ));
                }
            },
            Some("capabilities") => {
                let caps = match listed_capabilities(e, cat, &mut t.issues) {
                    Some(caps) => caps,
                    None => capabilities(e, cat),
                };
                t.effective = effective(Some(&caps), cat);
                t.capabilities = Some(caps);
            }
            Some("optional") => {
                for n in texts_of(v, "optional", &mut t.issues) {
                    match cat.capability(&n.value) {
                        Some(c) => t.optional.push((c, n.span)),
                        None => t.issues.invalid.push((
                            "optional",
                            n.span,
                            format!("optional names unknown capability `{}`", n.value),
                        )),
                    }
                }
            }
            Some("profiles") => t.profiles = Some(texts_of(v, "profiles", &mut t.issues)),
            Some("default_profile") => {
                t.default_profile = text_of(v, "default_profile", &mut t.issues);
            }
            Some("description") => t.description = text_of(v, "description", &mut t.issues),
            Some("display_name") => t.display_name = text_of(v, "display_name", &mut t.issues),
            Some("icon") => t.icon = text_of(v, "icon", &mut t.issues),
            _ => {}
        }
    }
    t
}

/// `capabilities: {required: [names], optional: [names]}`, a form some
/// repositories use: not the contract's (a map of each capability to its
/// value, optional ones in a top-level `optional:` list). The form is a
/// TR013 that shows the contract's; the names are still checked (an unknown
/// one is TC001, with its did-you-mean); no value is guessed for the others.
fn listed_capabilities(
    e: &yaml::Entry<'_>,
    cat: &Catalog,
    issues: &mut FileIssues,
) -> Option<crate::contract::composition::Capabilities> {
    use crate::contract::composition::{CapEntry, CapError, Capabilities};
    let entries = e.value.as_map()?;
    let lists = !entries.is_empty()
        && entries.iter().all(|x| {
            matches!(x.key.as_str(), Some("required" | "optional")) && x.value.as_seq().is_some()
        });
    if !lists {
        return None;
    }
    let mut caps = Capabilities {
        key: e.key.span,
        value: e.value.span,
        not_a_map: None,
        entries: Vec::new(),
    };
    for x in entries {
        let kind = x.key.as_str().unwrap_or_default();
        let names: Vec<String> = x
            .value
            .as_seq()
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        let example = names
            .iter()
            .filter_map(|n| cat.capability(n))
            .map(|c| {
                let def = &cat.capabilities[c];
                let v = if matches!(def.kind, crate::contract::catalog::CapKind::Bool) {
                    "true"
                } else {
                    def.value_text(def.default)
                };
                format!("{}: {v}", def.name)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let shape = if kind == "optional" {
            format!(
                "`capabilities: {{{example}}}` with `optional: [{}]` at the top of the file",
                names.join(", ")
            )
        } else {
            format!("`capabilities: {{{example}}}`")
        };
        issues.invalid.push((
            "capabilities",
            x.key.span,
            format!(
                "capabilities lists names under `{kind}:`; the contract maps each capability to its value: write {shape}"
            ),
        ));
        for n in x.value.as_seq().unwrap_or_default() {
            let Some(name) = n.as_str() else { continue };
            if cat.capability(name).is_none() {
                caps.entries.push(CapEntry {
                    key: n.span,
                    value: n.span,
                    parsed: Err(CapError::Unknown {
                        name: name.to_string(),
                        help: super::composition::cap_help_for_unknown(name, cat),
                    }),
                });
            }
        }
    }
    Some(caps)
}

const BASE_KEYS: &[&str] = &[
    "name",
    "version",
    "contract",
    "platform",
    "supports",
    "description",
];

fn base(file: &Arc<str>, dir: &str, root: &Node<'_>, cat: &Catalog) -> Base {
    let mut b = Base {
        file: file.clone(),
        dir: dir.to_string(),
        name: basename(dir).to_string(),
        name_span: None,
        version: None,
        platform: None,
        supports: None,
        issues: FileIssues::default(),
        module: None,
        description: None,
        metadata: Vec::new(),
    };
    let start = Span::new(root.span.start, root.span.start);
    let Some(entries) = root.as_map() else {
        b.issues.invalid.push((
            "base",
            root.span,
            format!("a base.yaml must be a mapping, found {}", root.kind_name()),
        ));
        return b;
    };
    check_keys(
        entries,
        BASE_KEYS,
        &["name", "platform"],
        Scope::Base,
        start,
        &mut b.issues,
    );
    for e in entries {
        let v = &e.value;
        match e.key.as_str() {
            Some("name") => {
                if let Some(n) = text_of(v, "name", &mut b.issues) {
                    b.name = n.value;
                    b.name_span = Some(n.span);
                }
            }
            Some("version") => b.version = text_of(v, "version", &mut b.issues),
            Some("description") => b.description = text_of(v, "description", &mut b.issues),
            Some("platform") => b.platform = Some(field(e, platform(v, cat))),
            Some("supports") => {
                let mut row = vec![Support::No; cat.capabilities.len()];
                let Some(items) = v.as_seq() else {
                    b.issues.invalid.push((
                        "supports",
                        v.span,
                        format!("supports must be a list, found {}", v.kind_name()),
                    ));
                    continue;
                };
                for item in items {
                    let (name_node, values) = match item.as_map() {
                        Some([one]) => (&one.key, Some(&one.value)),
                        _ => (item, None),
                    };
                    let Some(name) = name_node.as_str() else {
                        continue;
                    };
                    let Some(cap) = cat.capability(name) else {
                        let help = suggest::nearest(
                            name,
                            cat.capabilities.iter().map(|c| c.name.as_str()),
                        )
                        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
                        b.issues.invalid.push((
                            "supports",
                            name_node.span,
                            format!("supports names unknown capability `{name}`{help}"),
                        ));
                        continue;
                    };
                    row[cap] = match (values.and_then(Node::as_seq), &cat.capabilities[cap].kind) {
                        (Some(vals), CapKind::Enum(_)) => {
                            let mut mask = 0u64;
                            for val in vals {
                                match val
                                    .as_str()
                                    .and_then(|s| cat.capabilities[cap].enum_index(s))
                                {
                                    Some(i) => mask |= 1 << i,
                                    None => b.issues.invalid.push((
                                        "supports",
                                        val.span,
                                        format!("not a value of `{name}`"),
                                    )),
                                }
                            }
                            Support::Values(mask)
                        }
                        _ => Support::Yes,
                    };
                }
                // A list with an entry that could not be read narrows
                // nothing: guessing would turn one typo into more findings.
                if b.issues.invalid.iter().all(|(f, _, _)| *f != "supports") {
                    b.supports = Some((row, v.span));
                }
            }
            _ => {}
        }
    }
    b
}

const PAIRING_KEYS: &[&str] = &[
    "toolchain",
    "base",
    "profiles",
    "default_profile",
    "display_name",
    "icon",
    "description",
];

fn pairings(file: &Arc<str>, root: &Node<'_>) -> (Vec<Pairing>, FileIssues) {
    let mut issues = FileIssues::default();
    let mut out = Vec::new();
    let start = Span::new(root.span.start, root.span.start);
    let Some(top) = root.as_map() else {
        issues.invalid.push((
            "pairings",
            root.span,
            format!(
                "pairings.yaml must be a mapping, found {}",
                root.kind_name()
            ),
        ));
        return (out, issues);
    };
    check_keys(
        top,
        &["pairings"],
        &["pairings"],
        Scope::PairingsFile,
        start,
        &mut issues,
    );
    let Some(list) = root.get("pairings") else {
        return (out, issues);
    };
    let Some(entries) = list.as_map() else {
        issues.invalid.push((
            "pairings",
            list.span,
            format!(
                "pairings must be a mapping of names to pairings, found {}",
                list.kind_name()
            ),
        ));
        return (out, issues);
    };
    for e in entries {
        let name = e.key.as_str().unwrap_or("?").to_string();
        // Each pairing becomes a Coder template of that name.
        if let Err(why) = crate::contract::model::check_coder_name(&name) {
            issues.invalid.push((
                "pairing",
                e.key.span,
                format!("pairing `{name}` {why}, so it cannot name a Coder template"),
            ));
        }
        let mut p = Pairing {
            name,
            file: file.clone(),
            span: e.key.span,
            toolchain: None,
            base: None,
            profiles: None,
            default_profile: None,
            display_name: None,
            description: None,
            icon: None,
            template: None,
        };
        let Some(body) = e.value.as_map() else {
            issues.invalid.push((
                "pairing",
                e.value.span,
                format!("a pairing must be a mapping, found {}", e.value.kind_name()),
            ));
            continue;
        };
        let before = issues.missing.len();
        check_keys(
            body,
            PAIRING_KEYS,
            &["toolchain", "base"],
            Scope::Pairing,
            e.key.span,
            &mut issues,
        );
        for m in &mut issues.missing[before..] {
            m.within = Some("pairing");
        }
        for x in body {
            let v = &x.value;
            match x.key.as_str() {
                Some("toolchain") => p.toolchain = text_of(v, "toolchain", &mut issues),
                Some("base") => p.base = text_of(v, "base", &mut issues),
                Some("profiles") => p.profiles = Some(texts_of(v, "profiles", &mut issues)),
                Some("default_profile") => {
                    p.default_profile = text_of(v, "default_profile", &mut issues);
                }
                Some("display_name") => p.display_name = text_of(v, "display_name", &mut issues),
                Some("description") => p.description = text_of(v, "description", &mut issues),
                Some("icon") => p.icon = text_of(v, "icon", &mut issues),
                _ => {}
            }
        }
        out.push(p);
    }
    (out, issues)
}

/// True when the failure means nothing in the file could be read.
pub fn is_fatal(p: &LoadProblem) -> bool {
    match &p.error {
        LoadFailure::Yaml(e) => is_yaml_failure(e),
        LoadFailure::Load(_) | LoadFailure::Empty | LoadFailure::Hcl(_) => true,
        LoadFailure::RepeatedKey(_) => false,
    }
}
