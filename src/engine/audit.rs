//! `wsc audit`: workspace templates against the runtime contract
//! (shared/runtime-contract.md).
//!
//! A governed template is a directory whose Terraform declares a
//! `docker_container` started with a `coder_agent`'s `init_script`. Templates
//! listed in `[runtime] exclude` are reported as skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{self, Diagnostic, SourceFile};
use crate::ingest::hcl::{Block, HclModule, Scope, eval};
use crate::ingest::source;
use crate::ingest::yaml::{self, Limits};
use crate::ingest::{dockerfile, shell};
use crate::rules::DiagExt;
use crate::rules::runtime::{
    BootScript, IMAGE_CHECKS, Image, KUBERNETES_WORKLOADS, MANIFEST_CHECKS, TEMPLATE_CHECKS,
    Template, WORKLOAD_CHECKS, Workload, pod_spec,
};
use crate::rules::wsc::wsc001_parse_error;

use super::{Report, Settings, load_error};

/// What an audit found, and the templates it skipped.
pub struct Audited {
    pub report: Report,
    /// Governed templates checked, by directory.
    pub checked: Vec<String>,
    /// Directories excluded by `[runtime] exclude`.
    pub skipped: Vec<String>,
}

/// Every file of the tree, sorted: gitignore-aware, symlinks not followed (so
/// loops cannot trap the walk), at most eight levels deep.
fn tree_files(root: &Path) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .require_git(false)
        .follow_links(false)
        .max_depth(Some(8))
        .build();
    let mut files: Vec<PathBuf> = walker
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
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

/// The workspace container: a `docker_container` whose attributes refer to
/// a `coder_agent`'s `init_script`.
fn workspace_container(module: &HclModule) -> Option<Block> {
    let containers: Vec<&Block> = module
        .blocks()
        .filter(|b| {
            b.kind == "resource"
                && b.labels
                    .first()
                    .is_some_and(|(l, _)| l == "docker_container")
        })
        .collect();
    let started_by_agent = |b: &Block| {
        b.attributes().iter().any(|a| {
            a.value.source_text().contains("coder_agent.")
                && a.value.source_text().contains("init_script")
        })
    };
    containers
        .iter()
        .find(|b| started_by_agent(b))
        .map(|b| (*b).clone())
}

/// The boot script: the first `coder_agent`'s `startup_script`, evaluated
/// statically (an inline heredoc keeps its places in the .tf file), or the
/// file it names with `file()`/`templatefile()` next to the module.
fn boot_script(
    module: &HclModule,
    scope: &Scope<'_>,
    dir: &Path,
    settings: &Settings,
    files: &mut Vec<SourceFile>,
) -> Option<BootScript> {
    let agent = module.blocks().find(|b| {
        b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == "coder_agent")
    })?;
    let attr = agent.attribute("startup_script")?;
    if let Ok(v) = eval(&attr.value, scope)
        && let Some(text) = v.value.as_str()
    {
        let fallback = v.span.start;
        let map = |off: usize| v.origin_of(off).map_or(fallback, |(_, loc)| loc);
        return Some(BootScript {
            file: v.file.clone(),
            script: shell::parse(text, &map),
            anchor: Some(attr.name_span),
        });
    }
    // file("${path.module}/boot.sh") or templatefile("…", {…})
    let rel = crate::rules::runtime::file_call_path(attr.value.source_text())?;
    let path = dir.join(rel);
    let text = source::read_file(&path, settings.max_file_bytes).ok()?;
    let shown: Arc<str> = Arc::from(path.display().to_string());
    let script = shell::parse_plain(&text);
    files.push(SourceFile {
        path: shown.clone(),
        text: Arc::from(text),
    });
    Some(BootScript {
        file: shown,
        script,
        anchor: Some(diag::Span::on_line(1, 1, 1)),
    })
}

/// The files `coder_script` resources read with `file()`/`templatefile()`.
fn script_files(
    module: &HclModule,
    dir: &Path,
    settings: &Settings,
    files: &mut Vec<SourceFile>,
) -> Vec<crate::rules::runtime::ModuleFile> {
    let mut out: Vec<crate::rules::runtime::ModuleFile> = Vec::new();
    for b in module.blocks().filter(|b| {
        b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == "coder_script")
    }) {
        let Some(rel) = b
            .attribute("script")
            .and_then(|a| crate::rules::runtime::file_call_path(a.value.source_text()))
        else {
            continue;
        };
        if out.iter().any(|f| f.rel == rel) {
            continue;
        }
        let path = dir.join(&rel);
        let Ok(text) = source::read_file(&path, settings.max_file_bytes) else {
            continue;
        };
        let shown: Arc<str> = Arc::from(path.display().to_string());
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

struct DirResult {
    dir: String,
    files: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    governed: bool,
    skipped: bool,
}

/// The workspace images: `[runtime] image`, else every Dockerfile of the tree
/// (each template then takes those under its nearest ancestor that has any).
fn images(
    root: &Path,
    tree: &[PathBuf],
    settings: &Settings,
) -> (Vec<Image>, Vec<SourceFile>, Vec<Diagnostic>) {
    let paths: Vec<PathBuf> = if settings.runtime.image.is_empty() {
        tree.iter()
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n == "Dockerfile" || n.starts_with("Dockerfile.") || n.ends_with(".Dockerfile")
                })
            })
            .cloned()
            .collect()
    } else {
        settings
            .runtime
            .image
            .iter()
            .map(|p| root.join(p))
            .collect()
    };
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for path in paths {
        let file: Arc<str> = Arc::from(path.display().to_string());
        let text = match source::read_file(&path, settings.max_file_bytes) {
            Ok(t) => t,
            Err(e) => {
                out.2.push(load_error(&file, &e));
                continue;
            }
        };
        match dockerfile::parse(&text) {
            Err(e) => out.2.push(
                wsc001_parse_error::RULE
                    .diag(&file, Some(e.span), e.message)
                    .with_help("fix the Dockerfile at this place"),
            ),
            Ok(df) => {
                let image = super::image::load(&path, file.clone(), df, tree);
                for d in &image.docs {
                    out.1.push(SourceFile {
                        path: d.file.clone(),
                        text: d.text.clone(),
                    });
                }
                out.0.push(image);
            }
        }
        out.1.push(SourceFile {
            path: file,
            text: Arc::from(text),
        });
    }
    out
}

fn audit_dir(
    root: &Path,
    dir: &Path,
    paths: &[PathBuf],
    settings: &Settings,
    images: &[Image],
) -> DirResult {
    let shown = |p: &Path| -> Arc<str> { Arc::from(p.display().to_string()) };
    let rel = dir.strip_prefix(root).unwrap_or(dir).display().to_string();
    let name = if rel.is_empty() { ".".to_string() } else { rel };
    let mut out = DirResult {
        dir: name.clone(),
        files: Vec::new(),
        diagnostics: Vec::new(),
        governed: false,
        skipped: false,
    };
    let mut texts = Vec::new();
    for p in paths {
        let file = shown(p);
        match source::read_file(p, settings.max_file_bytes) {
            Ok(t) => texts.push((file, t)),
            Err(e) => out.diagnostics.push(load_error(&file, &e)),
        }
    }
    // Only a module with a container or a Kubernetes workload can be
    // governed or checked: others are not parsed at all.
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
    let module = match HclModule::from_files(texts.iter().map(|(p, t)| (p.clone(), t.as_str()))) {
        Ok(m) => m,
        Err(errs) => {
            for e in errs {
                out.diagnostics.push(
                    wsc001_parse_error::RULE
                        .diag(&e.file, Some(e.span), e.message)
                        .with_help("fix the HCL at this place; `terraform fmt` reports the same syntax errors"),
                );
            }
            return out;
        }
    };
    out.diagnostics
        .extend(module.repeated_keys().map(super::repeated_key));
    let scope = Scope::new(&module);
    for block in module.blocks().filter(|b| {
        b.kind == "resource"
            && b.labels
                .first()
                .is_some_and(|(l, _)| KUBERNETES_WORKLOADS.contains(&l.as_str()))
    }) {
        let w = Workload {
            block,
            scope: &scope,
        };
        for check in WORKLOAD_CHECKS {
            check(&w, &mut out.diagnostics);
        }
    }
    let Some(container) = workspace_container(&module) else {
        return out;
    };
    let excluded = settings.runtime.exclude.iter().any(|x| {
        let x = x.trim_end_matches('/');
        name == x || name.ends_with(&format!("/{x}"))
    });
    if excluded {
        out.skipped = true;
        return out;
    }
    out.governed = true;
    let scope = Scope::new(&module);
    let boot = boot_script(&module, &scope, dir, settings, &mut out.files);
    let images = template_images(root, dir, images, settings);
    let module_files = script_files(&module, dir, settings, &mut out.files);
    let template = Template {
        dir: &name,
        module: &module,
        scope,
        container,
        cfg: &settings.runtime,
        boot,
        images,
        module_files,
    };
    for check in TEMPLATE_CHECKS {
        check(&template, &mut out.diagnostics);
    }
    for image in &template.images {
        for check in IMAGE_CHECKS {
            check(image, &template, &mut out.diagnostics);
        }
    }
    out
}

/// A template's images: every image `[runtime] image` names; by default the
/// Dockerfiles under the nearest ancestor of the template (up to the audited
/// root) that has any, so each workspace of a tree is paired with its own.
fn template_images<'i>(
    root: &Path,
    dir: &Path,
    images: &'i [Image],
    settings: &Settings,
) -> Vec<&'i Image> {
    if !settings.runtime.image.is_empty() {
        return images.iter().collect();
    }
    let mut at = Some(dir);
    while let Some(a) = at {
        let near: Vec<&Image> = images.iter().filter(|i| i.context.starts_with(a)).collect();
        if !near.is_empty() || a == root {
            return near;
        }
        at = a.parent();
    }
    images.iter().collect()
}

/// YAML files (candidate Kubernetes manifests).
fn manifests(tree: &[PathBuf]) -> Vec<PathBuf> {
    tree.iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .cloned()
        .collect()
}

fn audit_manifest(path: &Path, settings: &Settings) -> Option<(SourceFile, Vec<Diagnostic>)> {
    let text = source::read_file(path, settings.max_file_bytes).ok()?;
    if !text.contains("apiVersion") {
        return None;
    }
    let file: Arc<str> = Arc::from(path.display().to_string());
    let mut diags = Vec::new();
    match yaml::parse_stream(&text, Limits::default()) {
        Ok(docs) => {
            for doc in &docs {
                if let Some(spec) = doc.root.as_ref().and_then(pod_spec) {
                    for check in MANIFEST_CHECKS {
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
    ))
}

/// Audit a tree.
pub fn audit(root: &Path, settings: &Settings) -> Audited {
    let tree = tree_files(root);
    let dirs = terraform_dirs(&tree);
    let (images, image_files, image_problems) = images(root, &tree, settings);
    let manifest_results: Vec<(SourceFile, Vec<Diagnostic>)> = manifests(&tree)
        .par_iter()
        .filter_map(|p| audit_manifest(p, settings))
        .collect();
    let results: Vec<DirResult> = dirs
        .par_iter()
        .map(|(dir, files)| audit_dir(root, dir, files, settings, &images))
        .collect();
    let mut report = Report::default();
    report.diagnostics.extend(image_problems);
    report.files.extend(image_files);
    for (f, d) in manifest_results {
        if !d.is_empty() {
            report.files.push(f);
            report.diagnostics.extend(d);
        }
    }
    let mut checked = Vec::new();
    let mut skipped = Vec::new();
    for r in results {
        report.files.extend(r.files);
        report.diagnostics.extend(r.diagnostics);
        if r.governed {
            checked.push(r.dir);
        } else if r.skipped {
            skipped.push(r.dir);
        }
    }
    // An image shared by several templates is checked once per template.
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.files.dedup_by(|a, b| a.path == b.path);
    super::suppress::apply(&report.files, &mut report.diagnostics);
    settings.apply(&mut report.diagnostics);
    diag::sort(&mut report.diagnostics);
    report.diagnostics.dedup();
    report.finish();
    Audited {
        report,
        checked,
        skipped,
    }
}
