//! `wsc audit`: workspace templates against the runtime contract
//! (shared/runtime-contract.md).
//!
//! A *template* is a directory whose Terraform declares a `docker_container`
//! started with a `coder_agent`'s `init_script`. The Docker-in-Docker
//! templates among them are *governed*: held to INV-1…INV-10 and the boot
//! script and image rules ([`super::governance`]). F-1, F-2 and F-6 apply to
//! every container workload, governed or not. Templates listed in
//! `[runtime] exclude` are reported as skipped.
//!
//! A template's image is `[runtime] image`; else the build context of a
//! `docker_image` of the template; else the Dockerfiles in its own directory
//! tree; else the Dockerfiles under the audited root that lie in no
//! template's directory. A Dockerfile inside another template's directory is
//! never attributed to it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::{self, Diagnostic, SourceFile};
use crate::ingest::hcl::{Block, FileAccess, HclModule, Scope, eval};
use crate::ingest::source;
use crate::ingest::yaml::{self, Limits};
use crate::ingest::{dockerfile, shell};
use crate::rules::DiagExt;
use crate::rules::runtime::{
    BootScript, Container, Image, KUBERNETES_WORKLOADS, Template, Workload, nested, pod_spec,
};
use crate::rules::wsc::{
    wsc001_parse_error, wsc004_input_too_large, wsc005_not_evaluable, wsc008_nothing_to_check,
};

use super::governance::{self, Reason};
use super::{Report, Settings, load_error};

/// What an audit found, and what it made of each template.
pub struct Audited {
    pub report: Report,
    /// Every template found, by directory: governed, not governed or
    /// excluded, with the reasons and the image it was paired with.
    pub templates: Vec<TemplateSummary>,
}

/// How a template was audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Held to the Docker-in-Docker contract.
    Governed,
    /// A plain container template: F-1, F-2 and F-6 only.
    NotGoverned,
    /// Named by `[runtime] exclude`.
    Excluded,
}

/// Where a template's image came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageFrom {
    /// `[runtime] image`.
    Config,
    /// A `docker_image` build context of the template (named after the
    /// resource type).
    #[serde(rename = "docker_image")]
    DockerImage,
    /// The Dockerfiles of the template's own directory tree.
    OwnTree,
    /// Dockerfiles under the audited root in no template's directory.
    Shared,
    /// None found.
    None,
}

/// One template of an audit, as reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateSummary {
    /// The template's directory, as findings show paths.
    pub dir: String,
    pub status: Status,
    /// Why it is governed (empty otherwise).
    pub reasons: Vec<Reason>,
    /// DDEV is used (INV-7 and INV-8's `ddev poweroff` hook apply).
    pub ddev: bool,
    /// The image's Dockerfiles, as findings show paths.
    pub images: Vec<String>,
    pub image_from: ImageFrom,
    /// The boot script could not be read, so whether it starts dockerd or
    /// runs DDEV is not known (shown only then).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boot_script_unread: bool,
}

/// Directories nested deeper than this under the audited one are not read.
const MAX_DEPTH: usize = 16;

/// A path as findings show it: normalised (`a/../b` is `b`).
fn shown(p: &Path) -> Arc<str> {
    Arc::from(source::normalize(p).display().to_string())
}

/// Every file of the tree, sorted: gitignore-aware, symlinks not followed (so
/// loops cannot trap the walk), at most [`MAX_DEPTH`] levels deep. What
/// cannot be read, and directories past the depth limit, are diagnostics.
fn tree_files(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .require_git(false)
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH))
        .build();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) => {
                let Some(t) = e.file_type() else { continue };
                if t.is_file() {
                    files.push(e.path().to_path_buf());
                } else if t.is_dir()
                    && e.depth() == MAX_DEPTH
                    && std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_some())
                {
                    problems.push(
                        wsc004_input_too_large::RULE
                            .diag(
                                &shown(e.path()),
                                None,
                                format!(
                                    "the directory is nested more than {MAX_DEPTH} levels below the audited one, so what it holds is not read"
                                ),
                            )
                            .with_help("audit that directory on its own, or move the templates up"),
                    );
                }
            }
            Err(err) => problems.push(crate::rules::wsc::walk_error(root, &err)),
        }
    }
    files.sort();
    (files, problems)
}

/// `.tf` files by directory.
fn terraform_dirs(files: &[PathBuf]) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for p in files {
        if p.extension().is_some_and(|x| x == "tf")
            && let Some(parent) = p.parent()
        {
            dirs.entry(parent.to_path_buf())
                .or_default()
                .push(p.clone());
        }
    }
    for files in dirs.values_mut() {
        files.sort();
    }
    dirs
}

/// A Dockerfile by its name: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
/// `Containerfile`.
fn is_dockerfile(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n == "Dockerfile"
            || n.starts_with("Dockerfile.")
            || n.ends_with(".Dockerfile")
            || n == "Containerfile"
    })
}

/// The workspace container: a `docker_container` whose attributes refer to
/// a `coder_agent`'s `init_script`.
fn workspace_container(module: &HclModule) -> Option<Block> {
    module
        .blocks()
        .filter(|b| is_resource(b, "docker_container"))
        .find(|b| {
            b.attributes().iter().any(|a| {
                a.value.source_text().contains("coder_agent.")
                    && a.value.source_text().contains("init_script")
            })
        })
        .cloned()
}

/// The name of the `coder_agent` whose `init_script` the container runs.
fn started_agent(container: &Block) -> Option<String> {
    container.attributes().iter().find_map(|a| {
        let src = a.value.source_text();
        let at = src.find("coder_agent.")? + "coder_agent.".len();
        let rest = &src[at..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        rest[name.len()..]
            .starts_with(".init_script")
            .then_some(name)
    })
}

fn is_resource(b: &Block, ty: &str) -> bool {
    b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == ty)
}

/// The boot script: the first `coder_agent`'s `startup_script`, evaluated
/// leniently (an interpolation that cannot be evaluated is an opaque word in
/// its place; `file()` and `templatefile()` are read from the module's
/// directory). An inline heredoc keeps its places in the .tf file, a script
/// file its own. When the script cannot be read at all, the diagnostics say
/// so and which rules did not run.
fn boot_script(
    module: &HclModule,
    container: &Block,
    dir: &Path,
    root: &Path,
    settings: &Settings,
    files: &mut Vec<SourceFile>,
) -> (Option<BootScript>, Vec<Diagnostic>) {
    // The agent whose init_script starts the container, else the first.
    let started = started_agent(container);
    let agents: Vec<&Block> = module
        .blocks()
        .filter(|b| is_resource(b, "coder_agent"))
        .collect();
    let agent = agents
        .iter()
        .find(|b| {
            b.labels
                .get(1)
                .is_some_and(|(l, _)| Some(l.as_str()) == started.as_deref())
        })
        .or_else(|| agents.first());
    let Some(agent) = agent else {
        return (None, Vec::new());
    };
    let Some(attr) = agent.attribute("startup_script") else {
        return (None, Vec::new());
    };
    let access = FileAccess::new(
        dir.to_path_buf(),
        root.to_path_buf(),
        settings.max_file_bytes,
    );
    let scope = Scope::lenient(module, Some(access));
    let result = eval(&attr.value, &scope);
    if let Some(access) = scope.files() {
        for (path, text) in access.read() {
            files.push(SourceFile { path, text });
        }
    }
    let not_checked = crate::rules::runtime::BOOT_SCRIPT_RULES.join(", ");
    let v = match result {
        Ok(v) => v,
        Err(e) if e.is_file_error() => {
            let d = wsc001_parse_error::RULE
                .diag(
                    &e.file,
                    Some(e.span),
                    format!("the boot script cannot be read: {}", e.reason),
                )
                .with_help(format!(
                    "terraform fails here too; fix it (not checked: {not_checked})"
                ));
            return (None, vec![d]);
        }
        Err(e) => {
            let d = wsc005_not_evaluable::RULE
                .diag(
                    &e.file,
                    Some(e.span),
                    format!("the boot script cannot be read statically: {}", e.reason),
                )
                .with_related_in(&attr.file, attr.name_span, "the boot script of this agent")
                .with_help(format!(
                    "not checked: {not_checked}; keep the script's text independent of values known only when the workspace is built (a module output, a template directive over one), and audit the tree that holds its files"
                ));
            return (None, vec![d]);
        }
    };
    let Some(text) = v.value.as_str() else {
        return (None, Vec::new());
    };
    let parts = v.file_parts();
    let from_file = parts.len() == 1 && parts.first().is_some_and(|(_, f)| *f != attr.file);
    let fallback = v.span.start;
    let locator = v.locator();
    let map = |off: usize| locator.origin(off).map_or(fallback, |(_, loc)| loc);
    let mut script = shell::parse(text, &map);
    script.mark_opaque(&v.opaque_ranges());
    let mut problems = Vec::new();
    if let Some(cr) = text.find("\r\n") {
        let (file, loc) = locator.origin(cr).unwrap_or((attr.file.clone(), fallback));
        problems.push(
            wsc001_parse_error::RULE
                .diag(&file, Some(diag::Span::new(loc, loc)), "the boot script has CRLF line endings: bash reads each carriage return as part of its line (`exit 0\\r` is not `exit 0`)")
                .with_help("save the script (or the .tf file holding it) with LF line endings; a .gitattributes `eol=lf` keeps it so"),
        );
    }
    if let Some(at) = script.error_spans.first() {
        let file = v.origin_of(0).map_or_else(|| attr.file.clone(), |(f, _)| f);
        problems.push(if script.truncated {
            wsc004_input_too_large::RULE
                .diag(&file, Some(*at), format!("the boot script nests constructs more than {} levels deep; what lies deeper is not checked", shell::MAX_DEPTH))
                .with_help("flatten the script")
        } else {
            wsc001_parse_error::RULE
                .diag(&file, Some(*at), "the boot script does not parse as shell (an unterminated quote, brace, `if` or heredoc?)")
                .with_help(format!("fix the script at this place (`bash -n` reports most such errors); until then these rules do not read it: {}", crate::rules::runtime::BOOT_SCRIPT_RULES.join(", ")))
        });
    }
    let (file, anchor) = if from_file {
        (parts[0].1.clone(), Some(diag::Span::on_line(1, 1, 1)))
    } else {
        (attr.file.clone(), Some(attr.name_span))
    };
    let boot = BootScript {
        file,
        script,
        anchor,
        parts,
        text_len: text.len(),
        interpolated: v.interpolated_ranges(),
    };
    (Some(boot), problems)
}

/// The files `coder_script` resources read with `file()`/`templatefile()`.
fn script_files(
    module: &HclModule,
    dir: &Path,
    settings: &Settings,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<crate::rules::runtime::ModuleFile> {
    let mut out: Vec<crate::rules::runtime::ModuleFile> = Vec::new();
    for b in module.blocks().filter(|b| {
        b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == "coder_script")
    }) {
        let Some(attr) = b.attribute("script") else {
            continue;
        };
        let Some(rel) = crate::rules::runtime::file_call_path(attr.value.source_text()) else {
            continue;
        };
        if out.iter().any(|f| f.rel == rel) {
            continue;
        }
        let path = dir.join(&rel);
        let text = match source::read_file(&path, settings.max_file_bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(
                    wsc001_parse_error::RULE
                        .diag(
                            &attr.file,
                            Some(attr.value.span()),
                            format!("the script `{}` cannot be read: {e}", shown(&path)),
                        )
                        .with_help("terraform fails here too; fix the path or the file"),
                );
                continue;
            }
        };
        let shown: Arc<str> = shown(&path);
        files.push(SourceFile {
            path: shown.clone(),
            text: Arc::from(text.as_str()),
        });
        out.push(crate::rules::runtime::ModuleFile {
            rel,
            file: shown,
            text,
        });
    }
    out
}

/// One Terraform directory of the tree, read and parsed.
struct ParsedDir {
    dir: PathBuf,
    /// Relative to the audited root (`.` for the root itself).
    name: String,
    /// Relative to the directory of `wsc.toml` (where `[runtime] exclude`
    /// and `templates` are written), else as `name`.
    config_name: String,
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    module: Option<HclModule>,
    /// The workspace container, when the directory is a template.
    container: Option<Block>,
}

/// Read and parse a directory whose Terraform may hold a container or a
/// Kubernetes workload (others are not parsed at all).
fn parse_dir(root: &Path, dir: &Path, paths: &[PathBuf], settings: &Settings) -> ParsedDir {
    let relative = |from: &Path, base: &Path| {
        let rel = from
            .strip_prefix(base)
            .map(|r| r.display().to_string())
            .ok()?;
        Some(if rel.is_empty() { ".".to_string() } else { rel })
    };
    let name = relative(&source::normalize(dir), &source::normalize(root))
        .unwrap_or_else(|| dir.display().to_string());
    // The config's directory was found as an absolute path.
    let config_name = settings
        .config_dir
        .as_deref()
        .and_then(|d| relative(&absolute(dir), &absolute(d)))
        .unwrap_or_else(|| name.clone());
    let mut out = ParsedDir {
        dir: dir.to_path_buf(),
        name,
        config_name,
        files: Vec::new(),
        diagnostics: Vec::new(),
        module: None,
        container: None,
    };
    let mut texts = Vec::new();
    for p in paths {
        let file = shown(p);
        match source::read_file(p, settings.max_file_bytes) {
            Ok(t) => texts.push((file, t)),
            Err(e) => out.diagnostics.push(load_error(&file, &e)),
        }
    }
    if !texts
        .iter()
        .any(|(_, t)| t.contains("docker_container") || t.contains("kubernetes_"))
    {
        return out;
    }
    for (f, t) in &texts {
        out.files.push(SourceFile {
            path: f.clone(),
            text: Arc::from(t.as_str()),
        });
    }
    match HclModule::from_files(texts.iter().map(|(p, t)| (p.clone(), t.as_str()))) {
        Ok(m) => {
            out.diagnostics
                .extend(m.repeated_keys().map(crate::rules::wsc::repeated_key));
            out.container = workspace_container(&m);
            out.module = Some(m);
        }
        Err(errs) => {
            for e in errs {
                out.diagnostics.push(
                    wsc001_parse_error::RULE
                        .diag(&e.file, Some(e.span), e.message)
                        .with_help("fix the HCL at this place"),
                );
            }
        }
    }
    out
}

impl ParsedDir {
    fn excluded(&self, settings: &Settings) -> bool {
        settings.runtime.exclude.iter().any(|x| {
            let x = x.trim_end_matches('/').trim_start_matches("./");
            self.config_name == x || self.config_name.ends_with(&format!("/{x}"))
        })
    }

    fn configured(&self, settings: &Settings) -> bool {
        settings.runtime.templates.iter().any(|g| {
            globset::GlobBuilder::new(g.trim_end_matches('/').trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .is_ok_and(|g| g.compile_matcher().is_match(&self.config_name))
        })
    }
}

/// A template's image, before it is parsed.
struct Attribution {
    paths: Vec<PathBuf>,
    from: ImageFrom,
    diagnostics: Vec<Diagnostic>,
}

/// The Dockerfiles a `docker_image` resource of the template builds:
/// `build { context = … }` (or 2.x's `path`), with `dockerfile` inside the
/// context (default `Dockerfile`).
///
/// `None` when the template builds no image it names statically (then the
/// image is looked for in the tree; the notes of contexts that did not
/// evaluate go to `notes`).
fn build_contexts(
    pd: &ParsedDir,
    root: &Path,
    settings: &Settings,
    notes: &mut Vec<Diagnostic>,
) -> Option<Attribution> {
    let module = pd.module.as_ref()?;
    let scope = Scope::with_files(
        module,
        FileAccess::new(pd.dir.clone(), root.to_path_buf(), settings.max_file_bytes),
    );
    let mut out = Attribution {
        paths: Vec::new(),
        from: ImageFrom::DockerImage,
        diagnostics: Vec::new(),
    };
    for img in module.blocks().filter(|b| is_resource(b, "docker_image")) {
        for build in nested(img, "build") {
            let Some(ctx) = build
                .attribute("context")
                .or_else(|| build.attribute("path"))
            else {
                continue;
            };
            let Some(dir) = crate::rules::runtime::attr_string(&scope, &ctx) else {
                notes.push(
                    wsc005_not_evaluable::RULE
                        .diag(&ctx.file, Some(ctx.value.span()), "the build context of this docker_image is not evaluated statically")
                        .with_help("write it as a path relative to the module (`\"${path.module}/build\"`), or name the Dockerfile in `[runtime] image`"),
                );
                continue;
            };
            let name = build
                .attribute("dockerfile")
                .and_then(|a| crate::rules::runtime::attr_string(&scope, &a))
                .unwrap_or_else(|| "Dockerfile".to_string());
            let path = source::normalize(&pd.dir.join(dir).join(name));
            if path.is_file() {
                out.paths.push(path);
            } else {
                out.diagnostics.push(
                    wsc001_parse_error::RULE
                        .diag(
                            &ctx.file,
                            Some(ctx.value.span()),
                            format!("the image's Dockerfile `{}` does not exist, so the image rules did not run", shown(&path)),
                        )
                        .with_help("fix the build context (or `dockerfile`) of this docker_image"),
                );
            }
        }
    }
    (!out.paths.is_empty() || !out.diagnostics.is_empty()).then_some(out)
}

/// A path as the file system names it (absolute, links resolved), or
/// normalised when it does not exist.
fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| source::normalize(p))
}

/// A path written in `wsc.toml` (relative to its directory), shown relative
/// to the audited root when it lies below it.
fn config_path(p: &str, root: &Path, settings: &Settings) -> PathBuf {
    let Some(dir) = settings.config_dir.as_deref() else {
        return source::normalize(&root.join(p));
    };
    let abs = source::normalize(&absolute(dir).join(p));
    match abs.strip_prefix(absolute(root)) {
        Ok(rest) => source::normalize(&root.join(rest)),
        Err(_) => abs,
    }
}

/// A template's image (see the module documentation).
fn attribute_images(
    pd: &ParsedDir,
    templates: &[&Path],
    dockerfiles: &[PathBuf],
    root: &Path,
    settings: &Settings,
) -> Attribution {
    if !settings.runtime.image.is_empty() {
        return Attribution {
            paths: settings
                .runtime
                .image
                .iter()
                .map(|p| config_path(p, root, settings))
                .collect(),
            from: ImageFrom::Config,
            diagnostics: Vec::new(),
        };
    }
    let mut notes = Vec::new();
    if let Some(a) = build_contexts(pd, root, settings, &mut notes) {
        return a;
    }
    let inside_other = |d: &Path| {
        templates
            .iter()
            .any(|t| *t != pd.dir && t.starts_with(&pd.dir) && d.starts_with(t))
    };
    let own: Vec<PathBuf> = dockerfiles
        .iter()
        .filter(|d| d.starts_with(&pd.dir) && !inside_other(d))
        .cloned()
        .collect();
    if !own.is_empty() {
        return Attribution {
            paths: own,
            from: ImageFrom::OwnTree,
            diagnostics: notes,
        };
    }
    let shared: Vec<PathBuf> = dockerfiles
        .iter()
        .filter(|d| !templates.iter().any(|t| d.starts_with(t)))
        .cloned()
        .collect();
    let from = if shared.is_empty() {
        ImageFrom::None
    } else {
        ImageFrom::Shared
    };
    Attribution {
        paths: shared,
        from,
        diagnostics: notes,
    }
}

/// A parsed image with the files shown for it, or the diagnostics of why
/// it could not be read.
struct LoadedImage {
    image: Option<Image>,
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
}

fn load_image(path: &Path, tree: &[PathBuf], settings: &Settings) -> LoadedImage {
    let file = shown(path);
    let mut out = LoadedImage {
        image: None,
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    let text = match source::read_file(path, settings.max_file_bytes) {
        Ok(t) => t,
        Err(e) => {
            out.diagnostics.push(load_error(&file, &e));
            return out;
        }
    };
    match dockerfile::parse(&text) {
        Err(e) => out.diagnostics.push(
            wsc001_parse_error::RULE
                .diag(&file, Some(e.span), e.message)
                .with_help("fix the Dockerfile at this place"),
        ),
        Ok(df) => {
            let image = super::image::load(path, file.clone(), df, tree);
            for d in &image.docs {
                out.files.push(SourceFile {
                    path: d.file.clone(),
                    text: d.text.clone(),
                });
            }
            out.image = Some(image);
        }
    }
    out.files.push(SourceFile {
        path: file,
        text: Arc::from(text),
    });
    out
}

/// What auditing one template produced.
struct TemplateResult {
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    summary: TemplateSummary,
}

fn audit_template(
    pd: &ParsedDir,
    module: &HclModule,
    container: &Block,
    attribution: &Attribution,
    images: &BTreeMap<PathBuf, LoadedImage>,
    root: &Path,
    settings: &Settings,
) -> TemplateResult {
    let mut out = TemplateResult {
        files: Vec::new(),
        diagnostics: Vec::new(),
        summary: TemplateSummary {
            dir: shown(&pd.dir).to_string(),
            status: Status::Excluded,
            reasons: Vec::new(),
            ddev: false,
            images: Vec::new(),
            image_from: ImageFrom::None,
            boot_script_unread: false,
        },
    };
    if pd.excluded(settings) {
        return out;
    }
    out.diagnostics
        .extend(attribution.diagnostics.iter().cloned());
    out.summary.images = attribution
        .paths
        .iter()
        .map(|p| shown(p).to_string())
        .collect();
    out.summary.image_from = attribution.from;
    let template_images: Vec<&Image> = attribution
        .paths
        .iter()
        .filter_map(|p| images.get(p)?.image.as_ref())
        .collect();
    let scope = Scope::new(module);
    let (mut boot, unreadable) =
        boot_script(module, container, &pd.dir, root, settings, &mut out.files);
    out.diagnostics.extend(unreadable);
    if let Some(b) = boot.as_mut() {
        follow_shell_strings(b);
        follow_sources(
            b,
            &template_images,
            root,
            settings,
            &mut out.files,
            &mut out.diagnostics,
        );
    }
    let others = agent_scripts(module, &pd.dir, root, settings);
    let ddev = boot.as_ref().is_some_and(governance::boot_runs_ddev)
        || others
            .iter()
            .any(|(s, _)| s.commands_invoking("ddev").next().is_some())
        || template_images
            .iter()
            .any(|i| governance::image_uses_ddev(i));
    let mut reasons = Vec::new();
    if governance::sysbox_runtime(container, &scope) {
        reasons.push(Reason::SysboxRuntime);
    }
    if boot.as_ref().is_some_and(governance::boot_starts_dockerd)
        || others
            .iter()
            .any(|(s, on_stop)| !on_stop && s.commands.iter().any(governance::starts_dockerd))
    {
        reasons.push(Reason::Dockerd);
    }
    if governance::docker_volume(container, &scope) {
        reasons.push(Reason::DockerVolume);
    }
    if ddev {
        reasons.push(Reason::Ddev);
    }
    if pd.configured(settings) {
        reasons.push(Reason::Configured);
    }
    out.summary.ddev = ddev;
    out.summary.boot_script_unread = boot.is_none()
        && module
            .blocks()
            .filter(|b| is_resource(b, "coder_agent"))
            .any(|a| a.attribute("startup_script").is_some());
    if reasons.is_empty() {
        out.summary.status = Status::NotGoverned;
        // A runtime wsc cannot read may be Sysbox: say the decision is open.
        if let Some(a) = container.attribute("runtime")
            && crate::rules::runtime::attr_string(&scope, &a).is_none()
        {
            out.diagnostics.push(
                wsc005_not_evaluable::RULE
                    .diag(&a.file, Some(a.value.span()), "`runtime` is not evaluated statically, so whether this is a Docker-in-Docker template (Sysbox) is not known; it is audited as a plain one")
                    .with_help("give the variable a default, or name the template in `[runtime] templates`"),
            );
        }
        return out;
    }
    out.summary.status = Status::Governed;
    out.summary.reasons = reasons;
    if attribution.from == ImageFrom::None {
        let place = container.attribute("image").map_or_else(
            || container.labels.last().map(|(_, s)| *s),
            |a| Some(a.value.span()),
        );
        out.diagnostics.push(
            wsc005_not_evaluable::RULE
                .diag(
                    &container.file,
                    place,
                    "no Dockerfile of this template's image is in the audited tree, so the image rules did not run",
                )
                .with_help(format!(
                    "not checked: {}; name the Dockerfile in `[runtime] image`, or audit the tree that holds it",
                    crate::rules::runtime::IMAGE_RULES.join(", ")
                )),
        );
    }
    // A script that does not parse (WSC001) would give the rules guesses:
    // it told governance what it could; the rules do not read it.
    let boot = boot.filter(|b| !b.script.has_errors || b.script.truncated);
    let module_files = script_files(
        module,
        &pd.dir,
        settings,
        &mut out.files,
        &mut out.diagnostics,
    );
    let template = Template {
        dir: &pd.name,
        module,
        scope,
        container: container.clone(),
        cfg: &settings.runtime,
        boot,
        images: template_images,
        module_files,
        ddev,
    };
    for check in &settings.checks().template {
        check(&template, &mut out.diagnostics);
    }
    for image in &template.images {
        for check in &settings.checks().image {
            check(image, &template, &mut out.diagnostics);
        }
    }
    out
}

/// F-1, F-2 and F-6 on every container and Kubernetes workload of a module.
fn check_workloads(
    pd: &ParsedDir,
    checks: &crate::rules::Checks,
    out: &mut Vec<Diagnostic>,
) -> usize {
    let Some(module) = &pd.module else { return 0 };
    let scope = Scope::new(module);
    let mut n = 0;
    for block in module.blocks() {
        if is_resource(block, "docker_container") {
            n += 1;
            let c = Container {
                block,
                scope: &scope,
                workspace: pd
                    .container
                    .as_ref()
                    .is_some_and(|w| w.span == block.span && w.file == block.file),
            };
            for check in &checks.container {
                check(&c, out);
            }
        } else if block.kind == "resource"
            && block
                .labels
                .first()
                .is_some_and(|(l, _)| KUBERNETES_WORKLOADS.contains(&l.as_str()))
        {
            n += 1;
            let w = Workload {
                block,
                scope: &scope,
            };
            for check in &checks.workload {
                check(&w, out);
            }
        }
    }
    n
}

/// YAML files (candidate Kubernetes manifests).
fn manifests(tree: &[PathBuf]) -> Vec<PathBuf> {
    tree.iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .cloned()
        .collect()
}

/// F-1, F-2 and F-6 on the pod specs of a YAML file that looks like a
/// Kubernetes manifest (it names an `apiVersion`): the file, its findings,
/// and whether it holds a workload. An unreadable file is a finding.
fn audit_manifest(path: &Path, settings: &Settings) -> Option<(SourceFile, Vec<Diagnostic>, bool)> {
    let file = shown(path);
    let text = match source::read_file(path, settings.max_file_bytes) {
        Ok(t) => t,
        Err(e) => {
            let f = SourceFile {
                path: file.clone(),
                text: Arc::from(""),
            };
            return Some((f, vec![load_error(&file, &e)], false));
        }
    };
    if !text.contains("apiVersion") {
        return None;
    }
    let mut diags = Vec::new();
    let mut workload = false;
    match yaml::parse_stream(&text, Limits::default()) {
        Ok(docs) => {
            for doc in &docs {
                if let Some(spec) = doc.root.as_ref().and_then(pod_spec) {
                    workload = true;
                    for check in &settings.checks().manifest {
                        check(&file, spec, &mut diags);
                    }
                }
            }
        }
        Err(e) => diags.push(
            wsc001_parse_error::RULE
                .diag(&file, Some(e.span), e.message)
                .with_help("fix the YAML at this place"),
        ),
    }
    Some((
        SourceFile {
            path: file,
            text: Arc::from(text),
        },
        diags,
        workload,
    ))
}

/// Below this many items a phase runs on one thread: waking the pool costs
/// more than a small tree's work.
const PARALLEL_FROM: usize = 8;

/// `f` over `items`, in order, in parallel when there are enough of them.
fn map_maybe_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Option<R> + Sync + Send,
) -> Vec<R> {
    if items.len() < PARALLEL_FROM {
        items.iter().filter_map(f).collect()
    } else {
        items.par_iter().filter_map(f).collect()
    }
}

/// Audit a tree.
pub fn audit(root: &Path, settings: &Settings) -> Audited {
    // Every path below is shown as found: start from a normalised root.
    let root = &source::normalize(root);
    let (tree, walk_problems) = tree_files(root);
    let dirs: Vec<(PathBuf, Vec<PathBuf>)> = terraform_dirs(&tree).into_iter().collect();
    let parsed: Vec<ParsedDir> = map_maybe_parallel(&dirs, |(dir, files)| {
        Some(parse_dir(root, dir, files, settings))
    });
    let template_dirs: Vec<&Path> = parsed
        .iter()
        .filter(|p| p.container.is_some())
        .map(|p| p.dir.as_path())
        .collect();
    let dockerfiles: Vec<PathBuf> = tree.iter().filter(|p| is_dockerfile(p)).cloned().collect();
    let attributions: BTreeMap<&Path, Attribution> = parsed
        .iter()
        .filter(|p| p.container.is_some() && !p.excluded(settings))
        .map(|p| {
            (
                p.dir.as_path(),
                attribute_images(p, &template_dirs, &dockerfiles, root, settings),
            )
        })
        .collect();
    let needed: Vec<&PathBuf> = attributions
        .values()
        .flat_map(|a| &a.paths)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let images: BTreeMap<PathBuf, LoadedImage> = map_maybe_parallel(&needed, |p| {
        Some(((*p).clone(), load_image(p, &tree, settings)))
    })
    .into_iter()
    .collect();
    let results: Vec<TemplateResult> = map_maybe_parallel(&parsed, |pd| {
        let (module, container) = (pd.module.as_ref()?, pd.container.as_ref()?);
        let empty = Attribution {
            paths: Vec::new(),
            from: ImageFrom::None,
            diagnostics: Vec::new(),
        };
        let attribution = attributions.get(pd.dir.as_path()).unwrap_or(&empty);
        Some(audit_template(
            pd,
            module,
            container,
            attribution,
            &images,
            root,
            settings,
        ))
    });
    let manifest_results: Vec<(SourceFile, Vec<Diagnostic>, bool)> =
        map_maybe_parallel(&manifests(&tree), |p| audit_manifest(p, settings));

    let mut report = Report::default();
    report.diagnostics.extend(walk_problems);
    let mut workloads = 0;
    for pd in &parsed {
        // An excluded template is skipped whole (it is reported as such).
        if !(pd.container.is_some() && pd.excluded(settings)) {
            workloads += check_workloads(pd, settings.checks(), &mut report.diagnostics);
        }
        report.diagnostics.extend(pd.diagnostics.iter().cloned());
        report.files.extend(pd.files.iter().cloned());
    }
    // An image shared by several templates is read, and reported, once.
    for loaded in images.into_values() {
        report.files.extend(loaded.files);
        report.diagnostics.extend(loaded.diagnostics);
    }
    for (f, d, workload) in manifest_results {
        workloads += usize::from(workload);
        if !d.is_empty() {
            report.files.push(f);
            report.diagnostics.extend(d);
        }
    }
    let mut templates = Vec::new();
    for r in results {
        report.files.extend(r.files);
        report.diagnostics.extend(r.diagnostics);
        templates.push(r.summary);
    }
    templates.sort_by(|a, b| a.dir.cmp(&b.dir));
    if templates.is_empty()
        && workloads == 0
        && !report.diagnostics.iter().any(|d| d.code() == "WSC001")
    {
        report.diagnostics.push(
            wsc008_nothing_to_check::RULE
                .diag(
                    &shown(root),
                    None,
                    "nothing to audit: no workspace template (Terraform with a docker_container started by a coder_agent's init_script), no container or Kubernetes workload and no Kubernetes manifest",
                )
                .with_help("point `wsc audit` at the directory that holds the templates"),
        );
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.files.dedup_by(|a, b| a.path == b.path);
    super::finish::finish(&mut report, settings);
    report.templates = Some(templates.clone());
    Audited { report, templates }
}

/// The command strings the boot script hands a shell (`sudo sh -c 'dockerd
/// >/tmp/dockerd.log 2>&1 &'`, `bash -lc "…"`) run in a child shell: each
/// literal one is parsed and spliced in after its command, inside a
/// subshell frame (its `set -e` ends with it), with places in its word.
fn follow_shell_strings(boot: &mut BootScript) {
    let mut end = boot.parts.last().map_or(0, |(s, _)| *s).max(boot.text_len) + 1;
    let mut i = 0;
    // Each string is shorter than the word holding it: this ends.
    while i < boot.script.commands.len() {
        let c = &boot.script.commands[i];
        i += 1;
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        if !matches!(
            name.value_or_text().rsplit('/').next(),
            Some("sh" | "bash" | "dash" | "ash" | "ksh" | "zsh")
        ) {
            continue;
        }
        let Some(flag) = args.iter().position(|w| {
            let t = w.value_or_text();
            t.starts_with('-') && !t.starts_with("--") && t[1..].contains('c')
        }) else {
            continue;
        };
        let Some(word) = args[flag + 1..]
            .iter()
            .find(|w| !w.value_or_text().starts_with('-'))
        else {
            continue;
        };
        let Some(text) = word.value.clone() else {
            continue;
        };
        let quoted = word.text.starts_with(['\'', '"']);
        let origin = crate::diag::Loc::new(
            word.span.start.line,
            word.span.start.col + u32::from(quoted),
        );
        let mut inner = shell::parse_at(&text, origin);
        for ic in &mut inner.commands {
            ic.context.frames.insert(
                0,
                shell::Frame {
                    kind: shell::FrameKind::Subshell,
                    span: word.span,
                },
            );
        }
        let file = boot.file_of(c).clone();
        boot.parts.push((end, file));
        boot.script.splice(i - 1, inner, end);
        end += text.len() + 1;
    }
}

/// The other scripts the agent runs: `coder_script` scripts (with whether
/// they run on stop) and `coder_app` commands, read leniently; what does not
/// read is left out: these only inform governance.
fn agent_scripts(
    module: &HclModule,
    dir: &Path,
    root: &Path,
    settings: &Settings,
) -> Vec<(shell::Script, bool)> {
    let scope = Scope::lenient(
        module,
        Some(FileAccess::new(
            dir.to_path_buf(),
            root.to_path_buf(),
            settings.max_file_bytes,
        )),
    );
    let mut out = Vec::new();
    for b in module.blocks() {
        let mut on_stop = false;
        let attr = if is_resource(b, "coder_script") {
            on_stop = b
                .attribute("run_on_stop")
                .and_then(|a| crate::rules::runtime::attr_bool(&scope, &a))
                == Some(true);
            b.attribute("script")
        } else if is_resource(b, "coder_app") {
            b.attribute("command")
        } else {
            continue;
        };
        if let Some(v) = attr.and_then(|a| eval(&a.value, &scope).ok())
            && let Some(text) = v.value.as_str()
        {
            out.push((shell::parse_plain(text), on_stop));
        }
    }
    out
}

/// Sourced scripts are followed at most this deep.
const MAX_SOURCE_DEPTH: usize = 8;

/// The scripts the boot script sources (`. FILE`, `source FILE`) whose path
/// resolves statically inside the tree run in the boot shell: each is read
/// and spliced into the boot script right after the command that sources
/// it, its places in its own file. Resolved: an absolute path the image
/// stages from its build context; a path relative to the sourcing script's
/// own directory (`"$(dirname "$0")/lib.sh"`, `"${BASH_SOURCE%/*}/lib.sh"`,
/// `"$DIR/lib.sh"` with `DIR` set from one of those, or plain `lib.sh` next
/// to a script file). A path into the user's home or a system file is not
/// the template's code; any other path that does not resolve is a WSC005.
fn follow_sources(
    boot: &mut BootScript,
    images: &[&Image],
    root: &Path,
    settings: &Settings,
    files: &mut Vec<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    // Sourced scripts take byte ranges past the boot script's text.
    let mut end = boot.text_len + 1;
    let mut depth: BTreeMap<Arc<str>, usize> = BTreeMap::new();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut i = 0;
    while i < boot.script.commands.len() {
        let c = &boot.script.commands[i];
        i += 1;
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        if !matches!(name.value_or_text(), "." | "source") {
            continue;
        }
        let Some(arg) = args.first() else { continue };
        let from = boot.file_of(c).clone();
        let level = depth.get(&from).copied().unwrap_or(0);
        let script_dir = (!from.ends_with(".tf"))
            .then(|| Path::new(&*from).parent().map(Path::to_path_buf))
            .flatten();
        let resolved = resolve_source(&boot.script, arg, script_dir.as_deref(), images, settings);
        let path = match resolved {
            Resolved::Path(p) => p,
            Resolved::NotCode => continue,
            Resolved::Unknown(why) => {
                out.push(
                    wsc005_not_evaluable::RULE
                        .diag(&from, Some(c.span), format!("the sourced script `{}` is not resolved statically: {why}", arg.text))
                        .with_help("its commands are not checked as part of the boot script; source it by a path in the tree (next to a script file, or one the image stages)"),
                );
                continue;
            }
        };
        let path = source::normalize(&path);
        if !path.starts_with(source::normalize(root)) || !seen.insert(path.clone()) {
            continue;
        }
        if level + 1 > MAX_SOURCE_DEPTH {
            out.push(
                wsc004_input_too_large::RULE
                    .diag(&from, Some(c.span), format!("scripts are sourced more than {MAX_SOURCE_DEPTH} levels deep; this one is not read"))
                    .with_help("flatten the chain of sourced scripts"),
            );
            continue;
        }
        let shown_path = shown(&path);
        let text = match source::read_file(&path, settings.max_file_bytes) {
            Ok(t) => t,
            Err(e) => {
                out.push(
                    wsc001_parse_error::RULE
                        .diag(
                            &from,
                            Some(c.span),
                            format!("the sourced script `{shown_path}` cannot be read: {e}"),
                        )
                        .with_help(
                            "the boot shell fails to source it too; fix the path or the file",
                        ),
                );
                continue;
            }
        };
        let sourced = shell::parse_plain(&text);
        if let Some(at) = sourced.error_spans.first() {
            out.push(
                wsc001_parse_error::RULE
                    .diag(
                        &shown_path,
                        Some(*at),
                        "the sourced script does not parse as shell",
                    )
                    .with_help("fix the script at this place; `bash -n` reports most such errors"),
            );
        }
        boot.parts.push((end, shown_path.clone()));
        depth.insert(shown_path.clone(), level + 1);
        boot.script.splice(i - 1, sourced, end);
        end += text.len() + 1;
        files.push(SourceFile {
            path: shown_path,
            text: Arc::from(text),
        });
    }
}

enum Resolved {
    Path(PathBuf),
    /// A user file or a system file: not the template's code.
    NotCode,
    Unknown(String),
}

/// A path that starts with one expansion (`$VAR`, `${…}`, `$(…)`) and
/// goes on with `/`: the expansion and what follows the slash.
fn leading_expansion(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('$')?;
    let len = match rest.chars().next()? {
        '{' | '(' => {
            let (open, close) = if rest.starts_with('{') {
                ('{', '}')
            } else {
                ('(', ')')
            };
            let mut depth = 0usize;
            let mut end = None;
            for (i, c) in rest.char_indices() {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
            }
            end?
        }
        _ => rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len()),
    };
    let head = &path[..=len];
    let tail = path[len + 1..].strip_prefix('/')?;
    Some((head, tail))
}

/// Expressions for the sourcing script's own directory.
fn names_script_dir(text: &str) -> bool {
    let own = text.contains("$0") || text.contains("${0") || text.contains("BASH_SOURCE");
    own && (text.contains("dirname") || text.contains("%/*"))
}

fn resolve_source(
    script: &shell::Script,
    arg: &shell::Word,
    script_dir: Option<&Path>,
    images: &[&Image],
    settings: &Settings,
) -> Resolved {
    let path = arg.unquoted.as_str();
    let user = &settings.runtime.user;
    if path.starts_with('~')
        || path.starts_with("$HOME")
        || path.starts_with("${HOME}")
        || path.starts_with(&format!("/home/{user}/"))
    {
        return Resolved::NotCode;
    }
    if let Some(lit) = arg.value.as_deref() {
        if lit.starts_with('/') {
            let staged = images
                .iter()
                .flat_map(|i| &i.staged)
                .find(|s| s.dest == lit);
            return match staged {
                Some(s) => Resolved::Path(PathBuf::from(&s.source)),
                None if lit.starts_with(settings.runtime.staging_dir.trim_end_matches('/')) => {
                    Resolved::Unknown("the image does not stage it".to_string())
                }
                None => Resolved::NotCode,
            };
        }
        return match script_dir {
            Some(d) => Resolved::Path(d.join(lit)),
            None => Resolved::Unknown(
                "a relative path from an inline boot script depends on the agent's working directory".to_string(),
            ),
        };
    }
    // `<dir expression>/rest`
    let Some((head, rest)) = leading_expansion(path) else {
        return Resolved::Unknown("its path is computed".to_string());
    };
    let head_is_dir = names_script_dir(head) || {
        let var = head
            .trim_start_matches('$')
            .trim_start_matches('{')
            .trim_end_matches('}');
        !var.is_empty()
            && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && script.commands.iter().any(|c| {
                c.assignments.iter().any(|a| {
                    a.name == var && a.value.as_ref().is_some_and(|v| names_script_dir(&v.text))
                })
            })
    };
    if !head_is_dir || rest.contains('$') {
        return Resolved::Unknown("its path is computed".to_string());
    }
    match script_dir {
        Some(d) => Resolved::Path(d.join(rest)),
        None => Resolved::Unknown("an inline boot script has no directory of its own".to_string()),
    }
}
