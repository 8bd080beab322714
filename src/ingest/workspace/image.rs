//! Reading a workspace image: its Dockerfile, the files it stages from the
//! build context, the paths it makes executable, and the documentation next
//! to it.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diag::SourceFile;
use crate::ingest::dockerfile::{self, Dockerfile, Instruction};
use crate::ingest::{markdown, shell, source};

use super::discover::{Config, NoteKind, Problem, shown};
use super::files::ImageFiles;
use super::{Doc, ExecutableIndex, Image, Staged};

/// At most this many files are staged from one COPY source directory.
const MAX_STAGED: usize = 4096;
/// Staged files larger than this are not read (only their first bytes).
const MAX_STAGED_TEXT: u64 = 1 << 20;

/// A parsed image with the files shown for it, or the problems of why
/// it could not be read.
pub struct LoadedImage {
    pub image: Option<Image>,
    pub files: Vec<SourceFile>,
    pub problems: Vec<Problem>,
}

/// Read and parse the Dockerfile at `path`, and the image model of it.
pub fn read(path: &Path, tree: &[PathBuf], settings: &Config<'_>) -> LoadedImage {
    let file = shown(path);
    let mut out = LoadedImage {
        image: None,
        files: Vec::new(),
        problems: Vec::new(),
    };
    let text = match source::read_file(path, settings.max_file_bytes) {
        Ok(t) => t,
        Err(e) => {
            out.files.extend(e.source_file(&file));
            out.problems.push(Problem::Load(file.clone(), e));
            return out;
        }
    };
    match dockerfile::parse(&text) {
        Err(e) => out.problems.push(
            NoteKind::ParseError
                .diag(&file, Some(e.span), e.message)
                .with_help("fix the Dockerfile at this place"),
        ),
        Ok(df) => {
            let image = load(path, file.clone(), df, tree);
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

/// Build the image model of a parsed Dockerfile at `path`.
pub fn load(path: &Path, file: Arc<str>, df: Dockerfile, tree: &[PathBuf]) -> Image {
    let context = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let runs: Vec<(shell::Script, usize)> = df
        .instructions
        .iter()
        .enumerate()
        .filter_map(|(i, ins)| {
            let st = ins.run_script()?;
            Some((shell::parse(&st.text, &|r| st.span_of(r)), i))
        })
        .collect();
    let mut staged = Vec::new();
    let mut missing = Vec::new();
    // Relative destinations are relative to the WORKDIR in force.
    let mut workdir = String::from("/");
    for ins in &df.instructions {
        if ins.keyword == "WORKDIR" {
            if let Some(dir) = workdir_of(ins) {
                workdir = if dir.starts_with('/') {
                    dir
                } else {
                    join(&workdir, &dir)
                };
            }
            continue;
        }
        if ins.keyword != "COPY" && ins.keyword != "ADD" {
            continue;
        }
        stage(ins, &context, &workdir, &mut staged, &mut missing);
    }
    let copied = staged.iter().filter_map(|s| s.text.clone()).collect();
    let docs = docs(&context, tree);
    let from_span = df
        .instructions
        .iter()
        .find(|i| i.keyword == "FROM")
        .map_or_else(Default::default, |i| i.keyword_span);
    let mut image = Image {
        file,
        context,
        dockerfile: df,
        runs,
        copied,
        staged,
        missing,
        files: ImageFiles::default(),
        made_executable: Vec::new(),
        executable: ExecutableIndex::new(&[]),
        docs,
        from_span,
    };
    // What the build writes follows the instructions of the model above.
    image.files = super::files::image_files(&image);
    image.made_executable = image.files.made_executable();
    image.executable = ExecutableIndex::new(&image.made_executable);
    image
}

/// The files one COPY/ADD brings from the build context.
fn stage(
    ins: &Instruction,
    context: &Path,
    workdir: &str,
    staged: &mut Vec<Staged>,
    missing: &mut Vec<(String, crate::diag::Span)>,
) {
    if ins.flag("from").is_some() {
        return;
    }
    let Some(paths) = ins.copy_paths() else {
        return;
    };
    let chmod = ins.flag("chmod").and_then(|f| f.value.clone());
    let (written, _) = &paths.dest;
    let into_dir = written.ends_with('/')
        || written == "."
        || paths.sources.len() > 1
        || paths
            .sources
            .iter()
            .any(|(s, _)| s.contains(['*', '?', '[']));
    let dest = &if written.starts_with('/') {
        written.clone()
    } else {
        let mut d = join(workdir, written.trim_start_matches("./"));
        if into_dir && !d.ends_with('/') {
            d.push('/');
        }
        d
    };
    for (src, span) in &paths.sources {
        if src.starts_with("<<") || src.contains("://") || src.contains('$') {
            continue;
        }
        let Some(rel) = inside(src) else {
            continue;
        };
        let found: Vec<(PathBuf, String)> = if src.contains(['*', '?', '[']) {
            glob_files(context, &rel)
                .into_iter()
                .map(|(f, name)| (f, join(dest, &name)))
                .collect()
        } else {
            let p = context.join(&rel);
            if p.is_dir() {
                walk(&p)
                    .into_iter()
                    .map(|f| {
                        let r = f.strip_prefix(&p).unwrap_or(&f).display().to_string();
                        (f, join(dest, &r))
                    })
                    .collect()
            } else if p.is_file() {
                let name = rel
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let to = if into_dir {
                    join(dest, &name)
                } else {
                    dest.clone()
                };
                vec![(p, to)]
            } else {
                Vec::new()
            }
        };
        if found.is_empty() {
            missing.push((src.clone(), *span));
        }
        for (p, to) in found {
            staged.push(describe(&p, to, *span, chmod.clone()));
        }
    }
}

/// The directory a WORKDIR instruction names.
fn workdir_of(ins: &Instruction) -> Option<String> {
    match &ins.args {
        crate::ingest::dockerfile::Args::Exec(items) => items.first().map(|(s, _)| s.clone()),
        crate::ingest::dockerfile::Args::Shell(t) => {
            let w = t.text.trim();
            (!w.is_empty() && !w.contains('$')).then(|| w.trim_matches('"').to_string())
        }
    }
}

/// A source path relative to the context, lexically normalised; `None` when
/// it leaves the context (Docker refuses that too).
fn inside(src: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in Path::new(src).components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir if !out.pop() => return None,
            _ => {}
        }
    }
    Some(out)
}

fn join(dir: &str, rel: &str) -> String {
    if rel.is_empty() {
        return dir.trim_end_matches('/').to_string();
    }
    format!("{}/{rel}", dir.trim_end_matches('/'))
}

fn describe(p: &Path, dest: String, span: crate::diag::Span, chmod: Option<String>) -> Staged {
    let text = source::read_file(p, MAX_STAGED_TEXT).ok();
    let shebang = text.as_deref().is_some_and(|t| t.starts_with("#!"));
    Staged {
        dest,
        source: p.display().to_string(),
        span,
        shebang,
        executable: is_executable(p),
        chmod,
        text,
    }
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o100 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    false
}

/// Every file under a directory, hidden ones included (Docker copies them),
/// symlinks not followed, bounded in depth and count, sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() && depth < 16 {
                stack.push((e.path(), depth + 1));
            } else if t.is_file() && out.len() < MAX_STAGED {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Files of the context matching a glob source (its last component).
fn glob_files(context: &Path, rel: &Path) -> Vec<(PathBuf, String)> {
    let Ok(glob) = globset::GlobBuilder::new(&rel.display().to_string())
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let m = glob.compile_matcher();
    walk(context)
        .into_iter()
        .filter_map(|f| {
            let r = f.strip_prefix(context).ok()?.to_path_buf();
            m.is_match(&r).then_some((f, r))
        })
        .map(|(f, r)| {
            let name = r
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (f, name)
        })
        .collect()
}

/// Markdown files in the build context or its parent directory.
fn docs(context: &Path, tree: &[PathBuf]) -> Vec<Doc> {
    let parent = context.parent().unwrap_or(context);
    tree.iter()
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.parent().is_some_and(|d| d == context || d == parent)
        })
        .filter_map(|p| {
            let text = source::read_file(p, MAX_STAGED_TEXT).ok()?;
            Some(Doc {
                file: Arc::from(p.display().to_string()),
                dir: p.parent()?.to_path_buf(),
                paths: markdown::relative_paths(&text),
                text: Arc::from(text),
            })
        })
        .collect()
}
