//! `wsc contract export DIR`: the embedded catalog as files, to start an
//! organisation's own.

use std::path::Path;

use crate::ingest::catalog;

use super::{EXIT_OK, EXIT_USAGE, Env};

/// Write every file of the embedded catalog (both layers) into `dir`; an
/// existing file is kept unless `force`. Each file is written whole to a
/// temporary name and renamed, so no half-written file is left.
pub fn export(dir: &Path, force: bool, env: &mut Env<'_>) -> i32 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        let _ = writeln!(env.stderr, "wsc: cannot create {}: {e}", dir.display());
        return EXIT_USAGE;
    }
    let files = catalog::embedded_files();
    let target = |name: &str| dir.join(Path::new(name).file_name().unwrap_or_default());
    if !force {
        let existing: Vec<String> = files
            .iter()
            .map(|(n, _)| target(n))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            let _ = writeln!(
                env.stderr,
                "wsc: {} already exist(s); nothing was written (use --force to replace them)",
                existing.join(", ")
            );
            return EXIT_USAGE;
        }
    }
    for (name, text) in files {
        let path = target(name);
        let tmp = path.with_extension("wsc-tmp");
        let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            let _ = writeln!(env.stderr, "wsc: cannot write {}: {e}", path.display());
            return EXIT_USAGE;
        }
        let _ = writeln!(env.stdout, "{}", path.display());
    }
    EXIT_OK
}
