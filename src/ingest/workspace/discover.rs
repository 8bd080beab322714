//! Discovering the workspace templates of a tree: its files, Terraform
//! directories, workspace containers and the images attributed to them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::contract::runtime::RuntimeConfig;
use crate::diag::{Related, SourceFile, Span, Text};
use crate::ingest::hcl::{Block, FileAccess, HclError, HclModule, Scope};
use crate::ingest::source::{self, LoadError};

use super::nested;

/// What reading a tree follows from the configuration.
pub struct Config<'a> {
    pub max_file_bytes: u64,
    /// The directory of the configuration file: paths in it (`[runtime]
    /// image`, `exclude`, `templates`) are relative to it.
    pub config_dir: Option<&'a Path>,
    pub runtime: &'a RuntimeConfig,
    /// The rules that read the boot script (named when it cannot be read).
    pub boot_script_rules: &'a [&'a str],
}

/// What reading could not do, for the engine to report.
#[derive(Debug)]
pub enum Problem {
    /// A file that could not be read.
    Load(Arc<str>, LoadError),
    /// An entry of the tree the walk could not read.
    Walk(ignore::Error),
    /// An HCL object key written twice (the file is still read).
    RepeatedKey(HclError),
    Note(Note),
}

/// How a [`Note`] is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Input that does not read or parse.
    ParseError,
    /// Input past a limit: what lies beyond is not read.
    TooLarge,
    /// A value not evaluated statically, so what needs it is not read.
    NotEvaluable,
}

/// A problem of the input that is not a file's alone: where, what, and
/// what to do.
#[derive(Debug, Clone)]
pub struct Note {
    pub kind: NoteKind,
    pub file: Arc<str>,
    pub span: Option<Span>,
    pub message: Text,
    pub help: Text,
    pub related: Vec<Related>,
}

impl NoteKind {
    /// A note of this kind (completed by [`Note::with_help`]).
    pub fn diag(self, file: &Arc<str>, span: Option<Span>, message: impl Into<Text>) -> Note {
        Note {
            kind: self,
            file: file.clone(),
            span,
            message: message.into(),
            help: Text::Borrowed(""),
            related: Vec::new(),
        }
    }
}

impl Note {
    #[must_use]
    pub fn with_related_in(
        mut self,
        file: &Arc<str>,
        span: Span,
        message: impl Into<Text>,
    ) -> Self {
        self.related.push(Related {
            file: file.clone(),
            span,
            message: message.into(),
        });
        self
    }

    /// The note, with what to do about it, as a problem.
    pub fn with_help(mut self, help: impl Into<Text>) -> Problem {
        self.help = help.into();
        Problem::Note(self)
    }
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

/// Directories nested deeper than this under the audited one are not read.
const MAX_DEPTH: usize = 16;

/// A path as findings show it: normalised (`a/../b` is `b`).
pub fn shown(p: &Path) -> Arc<str> {
    Arc::from(source::normalize(p).display().to_string())
}

/// Every file of the tree, sorted: gitignore-aware, symlinks not followed (so
/// loops cannot trap the walk), at most [`MAX_DEPTH`] levels deep. What
/// cannot be read, and directories past the depth limit, are problems.
pub fn tree_files(root: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
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
                        NoteKind::TooLarge
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
            Err(err) => problems.push(Problem::Walk(err)),
        }
    }
    files.sort();
    (files, problems)
}

/// `.tf` files by directory.
pub fn terraform_dirs(files: &[PathBuf]) -> BTreeMap<PathBuf, Vec<PathBuf>> {
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

/// At most this many directories are added by following module calls.
pub const MAX_FOLLOWED_MODULES: usize = 256;

/// The local modules (`source = "./…"` or `"../…"`) a module calls: their
/// directories, normalised.
fn local_calls(dir: &Path, module: &HclModule) -> Vec<PathBuf> {
    module
        .blocks()
        .filter(|b| b.kind == "module")
        .filter_map(|b| {
            let v =
                crate::ingest::hcl::eval(&b.attribute("source")?.value, &Scope::empty()).ok()?;
            let src = v.value.as_str()?;
            (src.starts_with("./") || src.starts_with("../"))
                .then(|| source::normalize(&dir.join(src)))
        })
        .collect()
}

/// Does `text` hold a string `"./…"` or `"../…"` naming a directory,
/// relative to `dir`, that is not one of `known`?
fn names_a_new_directory(dir: &Path, text: &str, known: &BTreeSet<PathBuf>) -> bool {
    text.match_indices("\".").any(|(i, _)| {
        let rest = &text[i + 1..];
        let Some(end) = rest.find('"') else {
            return false;
        };
        let candidate = &rest[..end];
        (candidate.starts_with("./") || candidate.starts_with("../")) && {
            let d = source::normalize(&dir.join(candidate));
            !known.contains(&d) && d.is_dir()
        }
    })
}

/// The `.tf` files of a directory the audited Terraform calls (sorted;
/// empty when it cannot be read).
pub fn module_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut tf: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file())
        .collect();
    tf.sort();
    tf
}

/// A Dockerfile by its name: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
/// `Containerfile`.
pub fn is_dockerfile(p: &Path) -> bool {
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
pub fn started_agent(container: &Block) -> Option<String> {
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

pub fn is_resource(b: &Block, ty: &str) -> bool {
    b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == ty)
}

/// One Terraform directory of the tree, read and parsed.
pub struct ParsedDir {
    pub dir: PathBuf,
    /// Relative to the audited root (`.` for the root itself).
    pub name: String,
    /// Relative to the directory of `wsc.toml` (where `[runtime] exclude`
    /// and `templates` are written), else as `name`.
    pub config_name: String,
    pub files: Vec<SourceFile>,
    pub problems: Vec<Problem>,
    pub module: Option<HclModule>,
    /// The workspace container, when the directory is a template.
    pub container: Option<Block>,
    /// The local modules its Terraform calls (their directories): a
    /// template is audited with the modules it is made of.
    pub calls: Vec<PathBuf>,
}

/// Read and parse a directory whose Terraform may hold a container or a
/// Kubernetes workload (others are not parsed at all).
pub fn parse_dir(
    root: &Path,
    dir: &Path,
    paths: &[PathBuf],
    known: &BTreeSet<PathBuf>,
    settings: &Config<'_>,
) -> ParsedDir {
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
        .and_then(|d| relative(&absolute(dir), &absolute(d)))
        .unwrap_or_else(|| name.clone());
    let mut out = ParsedDir {
        dir: dir.to_path_buf(),
        name,
        config_name,
        files: Vec::new(),
        problems: Vec::new(),
        module: None,
        container: None,
        calls: Vec::new(),
    };
    let mut texts = Vec::new();
    for p in paths {
        let file = shown(p);
        match source::read_file(p, settings.max_file_bytes) {
            Ok(t) => texts.push((file, t)),
            Err(e) => {
                out.files.extend(e.source_file(&file));
                out.problems.push(Problem::Load(file.clone(), e));
            }
        }
    }
    if !texts
        .iter()
        .any(|(_, t)| t.contains("docker_container") || t.contains("kubernetes_"))
    {
        // Not a workload itself; the modules it calls may be, when one of
        // them is a directory not audited yet (a module's source is a
        // literal, so it stands in the text as a `"./…"` or `"../…"`
        // string). Parse errors are reported where the directory is a
        // workload only.
        if texts
            .iter()
            .any(|(_, t)| names_a_new_directory(dir, t, known))
            && let Ok(m) = HclModule::from_files(texts.iter().map(|(p, t)| (p.clone(), t.as_str())))
        {
            out.calls = local_calls(dir, &m);
        }
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
            out.problems
                .extend(m.repeated_keys().cloned().map(Problem::RepeatedKey));
            out.container = workspace_container(&m);
            out.calls = local_calls(dir, &m);
            out.module = Some(m);
        }
        Err(errs) => {
            for e in errs {
                out.problems.push(
                    NoteKind::ParseError
                        .diag(&e.file, Some(e.span), e.message)
                        .with_help("fix the HCL at this place"),
                );
            }
        }
    }
    out
}

impl ParsedDir {
    pub fn excluded(&self, settings: &Config<'_>) -> bool {
        settings.runtime.exclude.iter().any(|x| {
            let x = x.trim_end_matches('/').trim_start_matches("./");
            self.config_name == x || self.config_name.ends_with(&format!("/{x}"))
        })
    }

    pub fn configured(&self, settings: &Config<'_>) -> bool {
        settings.runtime.templates.iter().any(|g| {
            globset::GlobBuilder::new(g.trim_end_matches('/').trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .is_ok_and(|g| g.compile_matcher().is_match(&self.config_name))
        })
    }
}

/// A template's image, before it is parsed.
pub struct Attribution {
    pub paths: Vec<PathBuf>,
    pub from: ImageFrom,
    pub problems: Vec<Problem>,
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
    settings: &Config<'_>,
    notes: &mut Vec<Problem>,
) -> Option<Attribution> {
    let module = pd.module.as_ref()?;
    let scope = Scope::with_files(
        module,
        FileAccess::new(pd.dir.clone(), root.to_path_buf(), settings.max_file_bytes),
    );
    let mut out = Attribution {
        paths: Vec::new(),
        from: ImageFrom::DockerImage,
        problems: Vec::new(),
    };
    for img in module.blocks().filter(|b| is_resource(b, "docker_image")) {
        for build in nested(img, "build") {
            let Some(ctx) = build
                .attribute("context")
                .or_else(|| build.attribute("path"))
            else {
                continue;
            };
            let Some(dir) = crate::ingest::workspace::attr_string(&scope, &ctx) else {
                notes.push(
                    NoteKind::NotEvaluable
                        .diag(&ctx.file, Some(ctx.value.span()), "the build context of this docker_image is not evaluated statically")
                        .with_help("write it as a path relative to the module (`\"${path.module}/build\"`), or name the Dockerfile in `[runtime] image`"),
                );
                continue;
            };
            let name = build
                .attribute("dockerfile")
                .and_then(|a| crate::ingest::workspace::attr_string(&scope, &a))
                .unwrap_or_else(|| "Dockerfile".to_string());
            let path = source::normalize(&pd.dir.join(dir).join(name));
            if path.is_file() {
                out.paths.push(path);
            } else {
                out.problems.push(
                    NoteKind::ParseError
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
    (!out.paths.is_empty() || !out.problems.is_empty()).then_some(out)
}

/// A path as the file system names it (absolute, links resolved), or
/// normalised when it does not exist.
fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| source::normalize(p))
}

/// A path written in `wsc.toml` (relative to its directory), shown relative
/// to the audited root when it lies below it.
fn config_path(p: &str, root: &Path, settings: &Config<'_>) -> PathBuf {
    let Some(dir) = settings.config_dir else {
        return source::normalize(&root.join(p));
    };
    let abs = source::normalize(&absolute(dir).join(p));
    match abs.strip_prefix(absolute(root)) {
        Ok(rest) => source::normalize(&root.join(rest)),
        Err(_) => abs,
    }
}

/// A template's image (see the module documentation).
pub fn attribute_images(
    pd: &ParsedDir,
    templates: &[&Path],
    dockerfiles: &[PathBuf],
    root: &Path,
    settings: &Config<'_>,
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
            problems: Vec::new(),
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
            problems: notes,
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
        problems: notes,
    }
}

/// YAML files (candidate Kubernetes manifests).
pub fn manifests(tree: &[PathBuf]) -> Vec<PathBuf> {
    tree.iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .cloned()
        .collect()
}
