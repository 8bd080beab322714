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

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::{Diagnostic, SourceFile};
use crate::ingest::hcl::{Block, HclModule, Scope};
use crate::ingest::source;
use crate::ingest::workspace::boot::{
    agent_scripts, boot_script, follow_shell_strings, follow_sources, script_files,
};
use crate::ingest::workspace::discover::{
    Attribution, Config, MAX_FOLLOWED_MODULES, ParsedDir, attribute_images, is_dockerfile,
    is_resource, manifests, module_files, parse_dir, shown, terraform_dirs, tree_files,
};
use crate::ingest::workspace::image::{self, LoadedImage};
use crate::ingest::workspace::manifest;
use crate::ingest::workspace::manifest_resource::ResourceManifest;
use crate::ingest::workspace::{Container, Image, KUBERNETES_WORKLOADS, Template, Workload};
use crate::rules::runtime::BOOT_SCRIPT_RULES;

use super::governance::{self, Reason};
use super::{Report, Settings, load_error};

use crate::ingest::workspace::discover::ImageFrom;

/// What reading a tree follows from the settings.
fn config(settings: &Settings) -> Config<'_> {
    Config {
        max_file_bytes: settings.max_file_bytes,
        config_dir: settings.config_dir.as_deref(),
        runtime: &settings.runtime,
        boot_script_rules: BOOT_SCRIPT_RULES,
    }
}

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
    if pd.excluded(&config(settings)) {
        return out;
    }
    let cfg = config(settings);
    out.diagnostics.extend(
        attribution
            .problems
            .iter()
            .map(|p| crate::rules::wsc::workspace_problem(root, p)),
    );
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
        boot_script(module, container, &pd.dir, root, &cfg, &mut out.files);
    out.diagnostics.extend(
        unreadable
            .iter()
            .map(|p| crate::rules::wsc::workspace_problem(root, p)),
    );
    if let Some(b) = boot.as_mut() {
        follow_shell_strings(b);
        let mut problems = Vec::new();
        follow_sources(
            b,
            &template_images,
            root,
            &cfg,
            &mut out.files,
            &mut problems,
        );
        out.diagnostics.extend(
            problems
                .iter()
                .map(|p| crate::rules::wsc::workspace_problem(root, p)),
        );
    }
    let others = agent_scripts(module, &pd.dir, root, &cfg);
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
    if pd.configured(&cfg) {
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
            && crate::ingest::workspace::attr_string(&scope, &a).is_none()
        {
            out.diagnostics
                .push(crate::rules::wsc::runtime_not_evaluated(
                    &a.file,
                    a.value.span(),
                ));
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
        out.diagnostics
            .push(crate::rules::wsc::image_not_in_tree(&container.file, place));
    }
    // A script that does not parse (WSC001) would give the rules guesses:
    // it told governance what it could; the rules do not read it.
    let boot = boot.filter(|b| !b.script.has_errors || b.script.truncated);
    let mut problems = Vec::new();
    let module_files = script_files(module, &pd.dir, &cfg, &mut out.files, &mut problems);
    out.diagnostics.extend(
        problems
            .iter()
            .map(|p| crate::rules::wsc::workspace_problem(root, p)),
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

/// F-1, F-2 and F-6 on every container and Kubernetes workload of a module,
/// `kubernetes_manifest` resources included (their manifests are checked
/// as YAML manifests are). The files their manifests read go to `files`.
fn check_workloads(
    pd: &ParsedDir,
    root: &Path,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
    files: &mut Vec<SourceFile>,
) -> usize {
    let Some(module) = &pd.module else { return 0 };
    let checks = settings.checks();
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
        } else if is_resource(block, "kubernetes_manifest") {
            let Some(m) = ResourceManifest::read(
                module,
                block,
                &pd.dir,
                root,
                settings.max_file_bytes,
                &crate::rules::runtime::manifest_rules(),
            ) else {
                continue;
            };
            n += usize::from(m.workload);
            if let Some(spec) = m.pod_spec() {
                let mut found = Vec::new();
                for check in &checks.manifest {
                    check(&m.file, spec, &mut found);
                }
                for mut d in found {
                    m.locate(&mut d);
                    out.push(d);
                }
            }
            out.extend(
                m.problems
                    .iter()
                    .map(|p| crate::rules::wsc::workspace_problem(root, p)),
            );
            files.extend(m.files);
        }
    }
    n
}

/// F-1, F-2 and F-6 on the pod specs of a YAML file that looks like a
/// Kubernetes manifest (it names an `apiVersion`): the file, its findings,
/// and whether it holds a workload. An unreadable file is a finding.
fn audit_manifest(path: &Path, settings: &Settings) -> Option<(SourceFile, Vec<Diagnostic>, bool)> {
    let m = match manifest::read(path, settings.max_file_bytes) {
        Ok(m) => m?,
        Err((file, e)) => {
            let f = SourceFile {
                path: file.clone(),
                text: e.text(),
            };
            return Some((f, vec![load_error(&file, &e)], false));
        }
    };
    let mut diags = Vec::new();
    let checks = &settings.checks().manifest;
    let workload = match m.each_pod_spec(|spec| {
        for check in checks {
            check(&m.file.path, spec, &mut diags);
        }
    }) {
        Ok(any) => any,
        Err(e) => {
            diags.push(crate::rules::wsc::manifest_yaml_error(&m.file.path, e));
            false
        }
    };
    Some((m.file, diags, workload))
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
    let cfg = config(settings);
    let (tree, walk_problems) = tree_files(root);
    let dirs: Vec<(PathBuf, Vec<PathBuf>)> = terraform_dirs(&tree).into_iter().collect();
    let in_tree: BTreeSet<PathBuf> = dirs.iter().map(|(d, _)| source::normalize(d)).collect();
    let mut parsed: Vec<ParsedDir> = map_maybe_parallel(&dirs, |(dir, files)| {
        Some(parse_dir(root, dir, files, &in_tree, &cfg))
    });
    // The local modules the Terraform calls, from wherever they are, in
    // rounds (a module's own calls next), each directory once.
    let mut seen = in_tree.clone();
    let (mut from, mut followed) = (0, 0);
    while from < parsed.len() {
        let mut next: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
        for d in parsed[from..].iter().flat_map(|p| p.calls.iter()) {
            if followed < MAX_FOLLOWED_MODULES && seen.insert(d.clone()) {
                followed += 1;
                let files = module_files(d);
                if !files.is_empty() {
                    next.push((d.clone(), files));
                }
            }
        }
        from = parsed.len();
        let known = seen.clone();
        parsed.extend(map_maybe_parallel(&next, |(dir, files)| {
            Some(parse_dir(root, dir, files, &known, &cfg))
        }));
    }
    let template_dirs: Vec<&Path> = parsed
        .iter()
        .filter(|p| p.container.is_some())
        .map(|p| p.dir.as_path())
        .collect();
    let dockerfiles: Vec<PathBuf> = tree.iter().filter(|p| is_dockerfile(p)).cloned().collect();
    let attributions: BTreeMap<&Path, Attribution> = parsed
        .iter()
        .filter(|p| p.container.is_some() && !p.excluded(&cfg))
        .map(|p| {
            (
                p.dir.as_path(),
                attribute_images(p, &template_dirs, &dockerfiles, root, &cfg),
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
        Some(((*p).clone(), image::read(p, &tree, &cfg)))
    })
    .into_iter()
    .collect();
    let results: Vec<TemplateResult> = map_maybe_parallel(&parsed, |pd| {
        let (module, container) = (pd.module.as_ref()?, pd.container.as_ref()?);
        let empty = Attribution {
            paths: Vec::new(),
            from: ImageFrom::None,
            problems: Vec::new(),
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
    report.diagnostics.extend(
        walk_problems
            .iter()
            .map(|p| crate::rules::wsc::workspace_problem(root, p)),
    );
    let mut workloads = 0;
    for pd in &parsed {
        // An excluded template is skipped whole (it is reported as such).
        if !(pd.container.is_some() && pd.excluded(&cfg)) {
            workloads += check_workloads(
                pd,
                root,
                settings,
                &mut report.diagnostics,
                &mut report.files,
            );
        }
        report.diagnostics.extend(
            pd.problems
                .iter()
                .map(|p| crate::rules::wsc::workspace_problem(root, p)),
        );
        report.files.extend(pd.files.iter().cloned());
    }
    // An image shared by several templates is read, and reported, once.
    for loaded in images.into_values() {
        report.files.extend(loaded.files);
        report.diagnostics.extend(
            loaded
                .problems
                .iter()
                .map(|p| crate::rules::wsc::workspace_problem(root, p)),
        );
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
        report.diagnostics.push(crate::rules::wsc::nothing_to_check(
            root,
            "nothing to audit: no workspace template (Terraform with a docker_container started by a coder_agent's init_script), no container or Kubernetes workload and no Kubernetes manifest",
            "point `wsc audit` at the directory that holds the templates",
        ));
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.files.dedup_by(|a, b| a.path == b.path);
    super::finish::finish(&mut report, settings);
    report.templates = Some(templates.clone());
    Audited { report, templates }
}
