//! The workspace model the runtime rules read: a template, its boot script
//! and images, its containers and Kubernetes workloads.

pub mod boot;
pub mod discover;
pub mod files;
pub mod image;
pub mod manifest;
pub mod manifest_resource;

use std::sync::Arc;

use crate::contract::runtime::RuntimeConfig;
use crate::diag::Span;
use crate::ingest::hcl::{Attribute, Block, HclModule, Scope, Value, eval};

/// The boot script: the `coder_agent`'s `startup_script`, inline (places
/// map into the .tf file) or read with `file()`/`templatefile()`.
pub struct BootScript {
    /// Where findings about something the script lacks point: the .tf file
    /// of an inline script, the script file of one read with `file()`.
    pub file: Arc<str>,
    pub script: crate::ingest::shell::Script,
    /// Where a finding about something the script lacks points: the
    /// `startup_script` attribute of an inline script, the first line of a
    /// script file.
    pub anchor: Option<Span>,
    /// The file each part of the script's text was written in, as
    /// `(first byte, file)` in order: a heredoc that interpolates `file()`,
    /// or a script that sources another, spans several files.
    pub parts: Vec<(usize, Arc<str>)>,
    /// The length of the boot script's own text (sourced scripts are placed
    /// in byte ranges past it).
    pub text_len: usize,
    /// Byte ranges of the text that Terraform interpolations fill in
    /// (`${var.docker_gid}`): values set in Terraform, not in the script.
    pub interpolated: Vec<std::ops::Range<usize>>,
}

impl BootScript {
    /// The file the byte at `offset` of the script's text was written in.
    pub fn file_at(&self, offset: usize) -> &Arc<str> {
        let i = self.parts.partition_point(|(start, _)| *start <= offset);
        i.checked_sub(1)
            .and_then(|i| self.parts.get(i))
            .map_or(&self.file, |(_, f)| f)
    }

    /// The file a command was written in.
    pub fn file_of(&self, c: &crate::ingest::shell::Command) -> &Arc<str> {
        self.file_at(c.bytes.start)
    }
}

/// A governed workspace template: a module whose `docker_container` is started
/// with a `coder_agent`'s `init_script`.
pub struct Template<'a> {
    pub dir: &'a str,
    pub module: &'a HclModule,
    pub scope: Scope<'a>,
    pub container: Block,
    pub cfg: &'a RuntimeConfig,
    pub boot: Option<BootScript>,
    /// The template's images: `[runtime] image`, else the Dockerfiles under
    /// the nearest ancestor directory that has any.
    pub images: Vec<&'a Image>,
    /// Files the module reads with `file()`/`templatefile()` for the scripts
    /// the rules look at (`coder_script.script`).
    pub module_files: Vec<ModuleFile>,
    /// The template uses DDEV (its boot script runs `ddev`, or its image
    /// installs DDEV or stages `.ddev/` files): INV-7 and INV-8's
    /// `ddev poweroff` hook apply.
    pub ddev: bool,
}

/// A file a module reads (`file("${path.module}/stop.sh")`).
pub struct ModuleFile {
    /// The path as written, relative to the module.
    pub rel: String,
    /// As shown in findings.
    pub file: Arc<str>,
    pub text: String,
}

/// The module-relative path of `file("${path.module}/x")` or
/// `templatefile("x", {…})` in an attribute's source text.
pub fn file_call_path(src: &str) -> Option<String> {
    let call = src.trim_start();
    if !(call.starts_with("file(") || call.starts_with("templatefile(")) {
        return None;
    }
    let start = src.find('"')? + 1;
    let end = start + src[start..].find('"')?;
    Some(src[start..end].replace("${path.module}/", ""))
}

/// A nested block of `kind`, including `dynamic "kind" { content { … } }`
/// (the content block stands for it).
pub fn nested(block: &Block, kind: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for b in block.blocks() {
        if b.kind == kind {
            out.push(b);
        } else if b.kind == "dynamic" && b.labels.first().is_some_and(|(l, _)| l == kind) {
            out.extend(b.blocks().into_iter().filter(|c| c.kind == "content"));
        }
    }
    out
}

impl Template<'_> {
    /// Top-level resources of a type.
    pub fn resources(&self, ty: &str) -> Vec<&Block> {
        self.module
            .blocks()
            .filter(|b| b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == ty))
            .collect()
    }

    /// The file an attribute reads with `file()`/`templatefile()`, when the
    /// engine loaded it.
    pub fn module_file(&self, a: &Attribute) -> Option<&ModuleFile> {
        let rel = file_call_path(a.value.source_text())?;
        self.module_files.iter().find(|f| f.rel == rel)
    }

    /// Where the value of an attribute written as `var.NAME` or
    /// `local.NAME` is written: the variable's default or the local's value,
    /// with how a finding names it.
    pub fn origin(&self, a: &Attribute) -> Option<(&Arc<str>, Span, String)> {
        let src = a.value.source_text().trim();
        if let Some(n) = src.strip_prefix("var.")
            && let Some(default) = self.module.variable(n).and_then(|v| v.default.as_ref())
        {
            return Some((
                default.file(),
                default.span(),
                format!("the default of var.{n}"),
            ));
        }
        if let Some(n) = src.strip_prefix("local.")
            && let Some(l) = self.module.local(n)
        {
            return Some((
                l.value.file(),
                l.value.span(),
                format!("local.{n} is set here"),
            ));
        }
        None
    }

    /// A string attribute's value, when it evaluates statically.
    pub fn string(&self, a: &Attribute) -> Option<String> {
        attr_string(&self.scope, a)
    }

    /// A bool attribute's value, when it evaluates statically.
    pub fn boolean(&self, a: &Attribute) -> Option<bool> {
        attr_bool(&self.scope, a)
    }

    /// A list attribute's string items, when it evaluates statically.
    pub fn strings(&self, a: &Attribute) -> Option<Vec<String>> {
        let v = eval(&a.value, &self.scope).ok()?;
        v.value.as_list().map(|items| {
            items
                .iter()
                .filter_map(|i| i.value.as_str().map(str::to_string))
                .collect()
        })
    }

    /// The value's text for pattern checks: the evaluated string when it
    /// evaluates, else the source text with `local.NAME` references replaced
    /// by the locals' own source text (a few levels deep).
    pub fn text(&self, a: &Attribute) -> String {
        if let Some(s) = self.string(a) {
            return s;
        }
        let mut text = a.value.source_text().to_string();
        for _ in 0..4 {
            let Some(name) = text.trim().strip_prefix("local.") else {
                break;
            };
            let name = name.trim();
            match self.module.local(name) {
                Some(l) => text = l.value.source_text().to_string(),
                None => break,
            }
        }
        text
    }

    /// A `volumes`/`mounts` block that mounts the host Docker socket, or the
    /// host directory holding it (F-1's fault: the other rules leave it to
    /// F-1).
    pub fn socket_mount(&self, b: &Block) -> Option<Attribute> {
        socket_mount(&self.scope, b)
    }

    /// The attribute's source text with every `local.NAME` replaced by the
    /// local's own source text, a few levels deep (for pattern checks on
    /// values that do not evaluate statically).
    pub fn expanded(&self, a: &Attribute) -> String {
        let mut text = a.value.source_text().to_string();
        for _ in 0..4 {
            let mut next = String::with_capacity(text.len());
            let mut rest = text.as_str();
            let mut changed = false;
            while let Some(i) = rest.find("local.") {
                let boundary = rest[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                let name_len = rest[i + 6..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(rest.len() - i - 6);
                let name = &rest[i + 6..i + 6 + name_len];
                next.push_str(&rest[..i]);
                match self
                    .module
                    .local(name)
                    .filter(|_| boundary && !name.is_empty())
                {
                    Some(l) => {
                        let src = l.value.source_text();
                        next.push_str(src.trim().trim_matches('"'));
                        changed = true;
                    }
                    None => next.push_str(&rest[i..i + 6 + name_len]),
                }
                rest = &rest[i + 6 + name_len..];
            }
            next.push_str(rest);
            text = next;
            if !changed {
                break;
            }
        }
        text
    }

    pub fn file(&self) -> &Arc<str> {
        &self.container.file
    }

    /// Where a finding about the container as a whole points: its labels.
    pub fn container_place(&self) -> Span {
        self.container
            .labels
            .last()
            .map_or(self.container.span, |(_, s)| *s)
    }

    /// Where a finding about the agent points: the first agent's labels
    /// (the container's when there is none).
    pub fn agent_place(&self) -> Span {
        self.agents()
            .first()
            .and_then(|a| a.labels.last().map(|(_, s)| *s))
            .unwrap_or_else(|| self.container_place())
    }

    /// The `coder_agent` resources.
    pub fn agents(&self) -> Vec<&Block> {
        self.resources("coder_agent")
    }

    /// The keys of the agent's `env` map (statically evaluated).
    pub fn agent_env(&self) -> Vec<(String, Option<String>, Span)> {
        let mut out = Vec::new();
        for agent in self.agents() {
            let Some(env) = agent.attribute("env") else {
                continue;
            };
            if let Ok(v) = eval(&env.value, &self.scope)
                && let Some(entries) = v.value.as_object()
            {
                for (k, span, val) in entries {
                    out.push((k.clone(), val.value.as_str().map(str::to_string), *span));
                }
                continue;
            }
            // Not evaluable as a whole: read the keys from the source text.
            for line in env.value.source_text().lines() {
                if let Some((k, v)) = line.split_once('=') {
                    let key = k.trim().trim_matches('"').to_string();
                    if !key.is_empty() && !key.contains(' ') && !key.contains('{') {
                        let val = v.trim().trim_matches(',').trim().to_string();
                        out.push((key, Some(val), env.value.span()));
                    }
                }
            }
        }
        out
    }
}

/// A string attribute's value, when it evaluates statically (numbers and
/// bools as terraform prints them).
pub fn attr_string(scope: &Scope<'_>, a: &Attribute) -> Option<String> {
    match eval(&a.value, scope).ok()?.value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A bool attribute's value, when it evaluates statically.
pub fn attr_bool(scope: &Scope<'_>, a: &Attribute) -> Option<bool> {
    match eval(&a.value, scope).ok()?.value {
        Value::Bool(b) => Some(b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A `volumes`/`mounts` block of a container that mounts the host Docker
/// socket, or the host directory holding it.
pub fn socket_mount(scope: &Scope<'_>, b: &Block) -> Option<Attribute> {
    let on_socket = ["container_path", "host_path", "target", "source"]
        .iter()
        .filter_map(|k| b.attribute(k))
        .find(|a| attr_string(scope, a).is_some_and(|v| v.ends_with("docker.sock")));
    on_socket.or_else(|| {
        ["host_path", "source"]
            .iter()
            .filter_map(|k| b.attribute(k))
            .find(|a| attr_string(scope, a).is_some_and(|v| socket_directory(&v)))
    })
}

/// A `docker_container` resource, governed or not: F-1, F-2 and F-6 check
/// every container workload.
pub struct Container<'a> {
    pub block: &'a Block,
    pub scope: &'a Scope<'a>,
    /// The workspace container of a template (started with a
    /// `coder_agent`'s `init_script`).
    pub workspace: bool,
}

impl Container<'_> {
    pub fn string(&self, a: &Attribute) -> Option<String> {
        attr_string(self.scope, a)
    }

    pub fn boolean(&self, a: &Attribute) -> Option<bool> {
        attr_bool(self.scope, a)
    }

    /// How messages name it: "the workspace container", or "the container
    /// `NAME`" for another one.
    pub fn noun(&self) -> String {
        if self.workspace {
            "the workspace container".to_string()
        } else {
            let name = self.block.labels.get(1).map_or("?", |(l, _)| l.as_str());
            format!("the container `{name}`")
        }
    }
}

/// The host directories that hold the Docker socket: binding one exposes it.
pub fn socket_directory(path: &str) -> bool {
    matches!(
        path.trim_end_matches('/'),
        "/var/run" | "/run" | "/var/run/docker" | "/run/docker"
    )
}

/// A path in the user's home written as `/home/USER/…`: `~`, `$HOME` and
/// `${HOME}` spelled out, trailing slashes dropped.
pub fn home_path(path: &str, user: &str) -> String {
    let home = format!("/home/{user}");
    let p = path.trim();
    let p = if let Some(r) = p.strip_prefix("${HOME}") {
        format!("{home}{r}")
    } else if let Some(r) = p.strip_prefix("$HOME") {
        format!("{home}{r}")
    } else if p == "~" || p.starts_with("~/") {
        format!("{home}{}", &p[1..])
    } else {
        p.to_string()
    };
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        p
    } else {
        trimmed.to_string()
    }
}

/// The Kubernetes workload resource types F-1, F-2 and F-6 also check.
pub const KUBERNETES_WORKLOADS: &[&str] = &[
    "kubernetes_pod",
    "kubernetes_pod_v1",
    "kubernetes_deployment",
    "kubernetes_deployment_v1",
];

/// A Kubernetes workload resource of a module (governed or not).
pub struct Workload<'a> {
    pub block: &'a Block,
    pub scope: &'a Scope<'a>,
}

impl Workload<'_> {
    /// Every block nested in the workload (depth-first, bounded).
    pub fn descendants(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let mut stack: Vec<(Block, usize)> =
            self.block.blocks().into_iter().map(|b| (b, 1)).collect();
        while let Some((b, depth)) = stack.pop() {
            if depth < 32 {
                stack.extend(b.blocks().into_iter().map(|c| (c, depth + 1)));
            }
            out.push(b);
        }
        out.sort_by_key(|b| b.span);
        out
    }

    pub fn truthy(&self, a: &Attribute) -> bool {
        match eval(&a.value, self.scope) {
            Ok(v) => matches!(v.value, Value::Bool(true)),
            Err(_) => false,
        }
    }

    pub fn string(&self, a: &Attribute) -> Option<String> {
        eval(&a.value, self.scope)
            .ok()?
            .value
            .as_str()
            .map(str::to_string)
    }
}

/// The pod spec of a Kubernetes manifest: a Pod's `spec`, a workload
/// controller's `spec.template.spec`, a CronJob's job template's.
pub fn pod_spec<'n, 'a>(
    doc: &'n crate::ingest::yaml::Node<'a>,
) -> Option<&'n crate::ingest::yaml::Node<'a>> {
    let kind = doc.get("kind")?.as_str()?;
    pod_spec_path(kind)?
        .iter()
        .try_fold(doc, |n, key| n.get(key))
}

/// The keys that lead to the pod spec of a workload of `kind` (see
/// [`pod_spec`]); `None` for a kind that is no workload.
pub fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&["spec"]),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            Some(&["spec", "template", "spec"])
        }
        "CronJob" => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
        _ => None,
    }
}

/// The containers and init containers of a pod spec.
pub fn manifest_containers<'n, 'a>(
    spec: &'n crate::ingest::yaml::Node<'a>,
) -> Vec<&'n crate::ingest::yaml::Node<'a>> {
    ["containers", "initContainers"]
        .iter()
        .filter_map(|k| spec.get(k)?.as_seq())
        .flatten()
        .collect()
}

/// A file the image stages from its build context (`COPY`/`ADD`).
pub struct Staged {
    /// Where it lands in the image (absolute when the COPY's destination is).
    pub dest: String,
    /// The file in the build context, as shown in messages.
    pub source: String,
    /// The COPY/ADD source word that brings it.
    pub span: Span,
    /// It starts with `#!`.
    pub shebang: bool,
    /// Executable on disk (COPY keeps the mode).
    pub executable: bool,
    /// The COPY's `--chmod` value.
    pub chmod: Option<String>,
    /// Its text, when it is small UTF-8.
    pub text: Option<String>,
}

/// A path the image makes executable: `chmod 755|+x …`, `install -m 755`.
#[derive(Debug, Clone)]
pub struct MadeExecutable {
    pub path: String,
    pub recursive: bool,
}

impl MadeExecutable {
    /// The entry covers an image path (equal, a glob match, or under a
    /// recursive directory).
    pub fn covers(&self, dest: &str) -> bool {
        let path = self.path.trim_end_matches('/');
        if path == dest {
            return true;
        }
        if self.recursive && dest.starts_with(&format!("{path}/")) {
            return true;
        }
        // A glob is compiled only when its literal start is the path's.
        path.contains(['*', '?', '['])
            && dest.starts_with(literal_prefix(path))
            && globset::GlobBuilder::new(path)
                .literal_separator(true)
                .build()
                .is_ok_and(|g| g.compile_matcher().is_match(dest))
    }
}

/// The part of a glob before its first wildcard.
fn literal_prefix(glob: &str) -> &str {
    glob.find(['*', '?', '[', '{', '\\'])
        .map_or(glob, |i| &glob[..i])
}

/// The paths an image makes executable, indexed so that asking about every
/// staged file costs no more than reading the list once: exact paths and
/// recursive directories in hash sets, globs compiled into one set.
#[derive(Default)]
pub struct ExecutableIndex {
    exact: std::collections::HashSet<String>,
    recursive: std::collections::HashSet<String>,
    /// Globs by the literal text before their first wildcard: a path is
    /// matched only against the globs whose literal start it begins with.
    globs: std::collections::HashMap<String, Vec<globset::GlobMatcher>>,
}

impl ExecutableIndex {
    pub fn new(entries: &[MadeExecutable]) -> Self {
        let mut index = ExecutableIndex::default();
        for e in entries {
            let path = e.path.trim_end_matches('/').to_string();
            if path.contains(['*', '?', '[']) {
                if let Ok(g) = globset::GlobBuilder::new(&path)
                    .literal_separator(true)
                    .build()
                {
                    index
                        .globs
                        .entry(literal_prefix(&path).to_string())
                        .or_default()
                        .push(g.compile_matcher());
                }
            } else {
                if e.recursive {
                    index.recursive.insert(path.clone());
                }
                index.exact.insert(path);
            }
        }
        index
    }

    /// Some entry covers the image path (equal, a glob match, or under a
    /// recursive directory).
    pub fn covers(&self, dest: &str) -> bool {
        if self.exact.contains(dest) {
            return true;
        }
        let by_glob = dest
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(dest.len()))
            .filter_map(|i| self.globs.get(&dest[..i]))
            .flatten()
            .any(|g| g.is_match(dest));
        if by_glob {
            return true;
        }
        let mut at = dest;
        while let Some((parent, _)) = at.rsplit_once('/') {
            if self.recursive.contains(parent) {
                return true;
            }
            at = parent;
        }
        false
    }
}

/// A Markdown file next to the image (documentation that may name files of
/// the image tree), with the paths it names in code spans and links.
pub struct Doc {
    pub file: Arc<str>,
    /// The directory the paths are relative to.
    pub dir: std::path::PathBuf,
    pub paths: Vec<(String, Span)>,
    pub text: Arc<str>,
}

/// A workspace image: its Dockerfile and the parsed RUN scripts.
pub struct Image {
    pub file: Arc<str>,
    /// The build context (the Dockerfile's directory).
    pub context: std::path::PathBuf,
    pub dockerfile: crate::ingest::dockerfile::Dockerfile,
    /// Each RUN's script, with the index of its instruction.
    pub runs: Vec<(crate::ingest::shell::Script, usize)>,
    /// Text of files the image copies from its build context.
    pub copied: Vec<String>,
    /// Every file staged from the build context, in instruction order.
    pub staged: Vec<Staged>,
    /// COPY/ADD sources absent from the build context.
    pub missing: Vec<(String, Span)>,
    /// What the build writes: file texts, directories, modes.
    pub files: files::ImageFiles,
    /// The paths RUN scripts make executable.
    pub made_executable: Vec<MadeExecutable>,
    /// The same, indexed.
    pub executable: ExecutableIndex,
    /// Documentation next to the image.
    pub docs: Vec<Doc>,
    /// Where image-wide findings point: the first FROM.
    pub from_span: Span,
}

impl Image {
    /// Every RUN script and copied file, for content checks.
    pub fn all_text(&self) -> String {
        let mut s = String::new();
        for i in &self.dockerfile.instructions {
            if let Some(r) = i.run_script() {
                s.push_str(&r.text);
                s.push('\n');
            }
        }
        for c in &self.copied {
            s.push_str(c);
            s.push('\n');
        }
        s
    }

    /// The RUN commands, in order.
    pub fn run_commands(&self) -> impl Iterator<Item = &crate::ingest::shell::Command> {
        self.runs.iter().flat_map(|(s, _)| &s.commands)
    }
}
