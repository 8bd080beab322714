//! Putting generated files under an output directory, safely:
//! - a path is relative and made of plain names only (no `..`, no root, no
//!   drive), and nothing on the way is a symbolic link, so nothing is ever
//!   written outside the directory;
//! - every changed file is first written beside its place as a temporary
//!   file; only when all of them are written are they renamed over their
//!   places (a rename is atomic), so a failure leaves no file half-written
//!   and, short of a failing rename, none of the new ones in place;
//! - a file whose text is already there is not touched (its time stays).
//!
//! `stale` compares instead of writing: the files that differ, each with a
//! unified diff, for `--check` in CI.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use super::File;

/// What writing did to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

/// Why nothing (or not everything) was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn fail(path: &Path, message: impl Into<String>) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// A relative path of plain names: no `..`, `.`, root or prefix, no empty
/// or overlong part.
pub fn safe_relative(p: &Path) -> bool {
    let mut parts = 0;
    for c in p.components() {
        match c {
            Component::Normal(name) => {
                let Some(s) = name.to_str() else {
                    return false;
                };
                if s.is_empty() || s.len() > 255 || s.contains('\\') || s.contains(':') {
                    return false;
                }
                parts += 1;
            }
            _ => return false,
        }
    }
    parts > 0
}

/// The text of `path` when it is a regular file that can be read.
fn current(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Refuses a symbolic link (or a non-directory) anywhere between `out` and
/// the file's directory, and a link or directory at the file's place.
fn check_way(out: &Path, rel: &Path) -> Result<(), WriteError> {
    let mut at = out.to_path_buf();
    let parts: Vec<Component<'_>> = rel.components().collect();
    for (i, c) in parts.iter().enumerate() {
        at.push(c.as_os_str());
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            return Ok(()); // not there yet: created below
        };
        if meta.file_type().is_symlink() {
            return Err(fail(
                &at,
                "is a symbolic link; wsc does not write through links (they could lead outside the output directory)",
            ));
        }
        let last = i + 1 == parts.len();
        if last && !meta.is_file() {
            return Err(fail(&at, "is in the way: not a regular file"));
        }
        if !last && !meta.is_dir() {
            return Err(fail(&at, "is in the way: not a directory"));
        }
    }
    Ok(())
}

/// Writes `files` under `out` (created if missing). Returns what happened
/// to each file, in the order given.
pub fn write_all(out: &Path, files: &[File]) -> Result<Vec<(PathBuf, Change)>, WriteError> {
    for f in files {
        if !safe_relative(&f.path) {
            return Err(fail(
                &f.path,
                "is not a plain relative path; nothing is written outside the output directory",
            ));
        }
        check_way(out, &f.path)?;
    }
    if let Ok(meta) = std::fs::symlink_metadata(out)
        && !meta.is_dir()
    {
        return Err(fail(out, "the output directory is not a directory"));
    }
    let mut changes = Vec::with_capacity(files.len());
    let mut pending: Vec<(tempfile::NamedTempFile, PathBuf)> = Vec::new();
    for f in files {
        let target = out.join(&f.path);
        let before = current(&target);
        if before.as_deref() == Some(f.text.as_str()) {
            changes.push((f.path.clone(), Change::Unchanged));
            continue;
        }
        let dir = target.parent().unwrap_or(out);
        std::fs::create_dir_all(dir)
            .map_err(|e| fail(dir, format!("cannot create the directory: {e}")))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".wsc-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| fail(dir, format!("cannot write here: {e}")))?;
        tmp.write_all(f.text.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| fail(&target, format!("cannot write: {e}")))?;
        changes.push((
            f.path.clone(),
            if before.is_some() || target.exists() {
                Change::Updated
            } else {
                Change::Created
            },
        ));
        pending.push((tmp, target));
    }
    // Every new text is on disk: put them in place. A temporary file not
    // persisted is removed when dropped.
    for (tmp, target) in pending {
        tmp.persist(&target)
            .map_err(|e| fail(&target, format!("cannot replace: {}", e.error)))?;
    }
    Ok(changes)
}

/// The files under `out` whose text differs from what would be written,
/// each with a unified diff (from what is there to what would be).
pub fn stale(out: &Path, files: &[File]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for f in files {
        let target = out.join(&f.path);
        let before = current(&target);
        if before.as_deref() == Some(f.text.as_str()) {
            continue;
        }
        let old = before.unwrap_or_default();
        let shown = f.path.to_string_lossy().replace('\\', "/");
        let diff = similar::TextDiff::from_lines(&old, &f.text)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{shown}"), &format!("b/{shown}"))
            .to_string();
        found.push((f.path.clone(), diff));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<File> {
        vec![
            File::new("a/main.tf", "one\n"),
            File::new("a/README.md", "two\n"),
            File::new("modules/g/main.tf", "three\n"),
        ]
    }

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["a", "a/b.tf", "modules/contract-guard/main.tf"] {
            assert!(safe_relative(Path::new(ok)), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "./a", "c:x", "a\\b"] {
            assert!(!safe_relative(Path::new(bad)), "{bad}");
        }
        assert!(!safe_relative(Path::new(&"x".repeat(256))));
    }

    #[test]
    fn writes_creates_updates_and_leaves_unchanged_files_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let first = write_all(&out, &files()).expect("write");
        assert!(first.iter().all(|(_, c)| *c == Change::Created));
        assert_eq!(
            std::fs::read_to_string(out.join("modules/g/main.tf")).expect("read"),
            "three\n"
        );
        let mut next = files();
        next[1].text = "two, changed\n".into();
        let second = write_all(&out, &next).expect("write");
        let changes: Vec<Change> = second.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            changes,
            vec![Change::Unchanged, Change::Updated, Change::Unchanged]
        );
        // No temporary file is left beside the files.
        let names: Vec<String> = std::fs::read_dir(out.join("a"))
            .expect("read dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with(".wsc-")), "{names:?}");
        assert!(stale(&out, &next).is_empty());
    }

    #[test]
    fn an_unsafe_path_or_a_link_on_the_way_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let mut bad = files();
        bad.push(File::new("../escape.tf", "x"));
        let e = write_all(&out, &bad).expect_err("refused");
        assert!(e.message.contains("not a plain relative path"), "{e}");
        assert!(!out.exists() && !dir.path().join("escape.tf").exists());

        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::os::unix::fs::symlink(&elsewhere, out.join("modules")).expect("symlink");
        let e = write_all(&out, &files()).expect_err("refused");
        assert!(e.message.contains("symbolic link"), "{e}");
        assert!(
            !out.join("a").exists(),
            "a file was written before the refusal"
        );
        assert_eq!(std::fs::read_dir(&elsewhere).expect("read").count(), 0);
    }

    #[test]
    fn stale_shows_a_unified_diff_per_changed_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_all(dir.path(), &files()).expect("write");
        let mut next = files();
        next[0].text = "one\nmore\n".into();
        next.push(File::new("new.tf", "new\n"));
        let found = stale(dir.path(), &next);
        let paths: Vec<&Path> = found.iter().map(|(p, _)| p.as_path()).collect();
        assert_eq!(paths, vec![Path::new("a/main.tf"), Path::new("new.tf")]);
        assert!(
            found[0]
                .1
                .starts_with("--- a/a/main.tf\n+++ b/a/main.tf\n@@"),
            "{}",
            found[0].1
        );
        assert!(found[0].1.contains("\n+more\n"), "{}", found[0].1);
        assert!(found[1].1.contains("+new\n"), "{}", found[1].1);
    }
}
