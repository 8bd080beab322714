//! Reading input files safely: a size limit checked before the whole file is in
//! memory, and UTF-8 checked with the place of the first bad byte.

use std::io::Read;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::diag::{SourceFile, Span};

/// Default size limit for one input file (8 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The path does not exist.
    NotFound,
    /// The file cannot be read.
    Io(String),
    /// Larger than the limit.
    TooLarge { limit: u64 },
    /// Not UTF-8: the span of the first invalid byte in `text`, the file
    /// decoded lossily (the valid prefix as it is; the text the diagnostic's
    /// span indexes, so the one to keep as the file's text).
    NotUtf8 { at: Span, text: Arc<str> },
}

impl LoadError {
    /// The text to keep for the file that failed to load: the lossy
    /// decoding of a file that is not UTF-8 (what its span indexes), empty
    /// otherwise.
    pub fn text(&self) -> Arc<str> {
        match self {
            LoadError::NotUtf8 { text, .. } => text.clone(),
            _ => Arc::from(""),
        }
    }

    /// The file `path` as kept for printing when it is not UTF-8 (its
    /// span indexes the lossy decoding); `None` for the other errors, which
    /// have no place in the file.
    pub fn source_file(&self, path: &Arc<str>) -> Option<SourceFile> {
        matches!(self, LoadError::NotUtf8 { .. }).then(|| SourceFile {
            path: path.clone(),
            text: self.text(),
        })
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound => f.write_str("no such file or directory"),
            LoadError::Io(e) => f.write_str(e),
            LoadError::TooLarge { limit } => {
                write!(f, "the file is larger than the {limit}-byte limit")
            }
            LoadError::NotUtf8 { .. } => f.write_str("the file is not valid UTF-8"),
        }
    }
}

/// Read at most `limit` bytes from `r`; more is [`LoadError::TooLarge`].
pub fn read_limited(r: impl Read, limit: u64) -> Result<String, LoadError> {
    read_limited_sized(r, limit, 0)
}

fn read_limited_sized(r: impl Read, limit: u64, size_hint: usize) -> Result<String, LoadError> {
    let mut buf = Vec::with_capacity(size_hint.saturating_add(1));
    r.take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| LoadError::Io(e.to_string()))?;
    if buf.len() as u64 > limit {
        return Err(LoadError::TooLarge { limit });
    }
    decode(buf)
}

/// Read a file with the size limit.
pub fn read_file(path: &Path, limit: u64) -> Result<String, LoadError> {
    let f = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound,
        _ => LoadError::Io(io_message(&e)),
    })?;
    let mut hint = 0;
    if let Ok(meta) = f.metadata() {
        if meta.is_dir() {
            return Err(LoadError::Io("is a directory".to_string()));
        }
        if meta.len() > limit {
            return Err(LoadError::TooLarge { limit });
        }
        hint = meta.len() as usize;
    }
    read_limited_sized(f, limit, hint)
}

/// A short, stable description of an I/O error (no OS error numbers).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn decode(buf: Vec<u8>) -> Result<String, LoadError> {
    match String::from_utf8(buf) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // The valid prefix is kept as it is; the bad byte becomes U+FFFD.
            let text = String::from_utf8_lossy(&bytes);
            Err(LoadError::NotUtf8 {
                at: Span::of(valid..valid + char::REPLACEMENT_CHARACTER.len_utf8()),
                text: Arc::from(&*text),
            })
        }
    }
}

/// Every directory under `dir` (symlinks not followed, at most `depth`
/// levels) that cannot be listed, with why.
pub fn unlistable_dirs(dir: &Path, depth: usize) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, level)) = stack.pop() {
        match std::fs::read_dir(&d) {
            Ok(rd) => {
                for e in rd {
                    match e {
                        Ok(e) if level < depth && e.file_type().is_ok_and(|t| t.is_dir()) => {
                            stack.push((e.path(), level + 1));
                        }
                        Ok(_) => {}
                        Err(err) => out.push((d.clone(), io_message(&err))),
                    }
                }
            }
            Err(err) => out.push((d.clone(), io_message(&err))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"a: 1\nb: \xff\n".to_vec();
        let err = read_limited(&bytes[..], 1024).expect_err("bad utf8");
        let LoadError::NotUtf8 { at, text } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(*at, Span::new(8, 11));
        assert_eq!(&text[8..11], "\u{fffd}");
    }

    #[test]
    fn size_limit_is_enforced_without_reading_everything() {
        let big = vec![b'a'; 2048];
        assert_eq!(
            read_limited(&big[..], 1024),
            Err(LoadError::TooLarge { limit: 1024 })
        );
        assert!(read_limited(&big[..], 2048).is_ok());
    }
}

/// A path with `.` components dropped and `dir/..` pairs folded, lexically
/// (no file system access): `a/./b/../c` is `a/c`. A leading `..` stays.
pub fn normalize(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        return std::path::PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod normalize_tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn folds_dot_and_dot_dot() {
        let n = |p: &str| normalize(Path::new(p)).display().to_string();
        assert_eq!(n("a/../b/x.sh"), "b/x.sh");
        assert_eq!(n("./a/./b"), "a/b");
        assert_eq!(n("a/b/../../.."), "..");
        assert_eq!(n("/x/../../y"), "/y");
        assert_eq!(n("."), ".");
        assert_eq!(
            n("examples/t/../image/Dockerfile"),
            "examples/image/Dockerfile"
        );
    }
}

/// A directory relative to the root, as `Toolchain::dir` and `Base::dir`
/// name it (`.` for the root itself).
pub fn rel_dir(root: &Path, dir: &Path) -> String {
    let rel = below(root, dir).map_or_else(
        || normalize(dir).display().to_string(),
        |r| r.display().to_string(),
    );
    if rel.is_empty() { ".".to_string() } else { rel }
}

/// `path` relative to `root` (both normalised first), when it lies below it.
pub fn below(root: &Path, path: &Path) -> Option<PathBuf> {
    let (root, path) = (normalize(root), normalize(path));
    // `.` is no prefix of `toolchains/x` to `strip_prefix`, but its root.
    if root.as_os_str() == "." && path.is_relative() {
        return Some(path);
    }
    path.strip_prefix(&root).ok().map(Path::to_path_buf)
}

/// The last path component of a relative directory (`.` stays `.`).
pub fn basename(dir: &str) -> &str {
    dir.rsplit('/').next().unwrap_or(dir)
}
