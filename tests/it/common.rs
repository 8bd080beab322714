//! Shared test helpers: run the CLI in-process and capture its output.

use wsc::cli::{Env, run};

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `wsc ARGS` in-process with the given standard input (not a TTY).
pub fn wsc_stdin(args: &[&str], stdin: &str) -> Out {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input = stdin.as_bytes();
    let mut env = Env {
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut input,
        stdout_is_tty: false,
        no_color: false,
        progress: false,
    };
    let mut argv = vec!["wsc"];
    argv.extend_from_slice(args);
    let code = run(argv, &mut env);
    Out {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

pub fn wsc(args: &[&str]) -> Out {
    wsc_stdin(args, "")
}

/// Run the `wsc` binary with ARGS in the working directory DIR (a child
/// process: the working directory belongs to the process, and the tests run
/// on threads of one). Standard input is empty; `NO_COLOR` and `CI` are
/// removed so that it runs as [`wsc`] does.
pub fn wsc_in(dir: &std::path::Path, args: &[&str]) -> Out {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_wsc"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run wsc in {}: {e}", dir.display()));
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh temporary directory under the target dir, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let base = std::env::temp_dir().join(format!(
            "wsc-test-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&base).expect("create temp dir");
        TempDir(base)
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&p, text).expect("write file");
        p.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Codes of a JSON report's diagnostics.
pub fn codes(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

/// The names of the subdirectories of `path`, sorted.
pub fn subdirs(path: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_str().expect("utf-8 dir name").to_string())
        .collect();
    names.sort();
    names
}

/// Fixture coverage of a rule family under `root`: every code in `rules` has
/// `root/CODE/` with a `bad*` and a `good*` directory, and every code in
/// `have` (the fixture directories) is a rule. The failures, as lines.
pub fn fixture_coverage(root: &str, rules: &[String], have: &[String]) -> Vec<String> {
    let mut failures = Vec::new();
    for code in rules {
        if !have.contains(code) {
            failures.push(format!("{code}: no fixture directory {root}/{code}"));
            continue;
        }
        let dirs = subdirs(&format!("{root}/{code}"));
        for kind in ["bad", "good"] {
            if !dirs.iter().any(|d| d.starts_with(kind)) {
                failures.push(format!("{code}: no `{kind}*` fixture in {root}/{code}"));
            }
        }
    }
    for code in have {
        if !rules.contains(code) {
            failures.push(format!("{root}/{code}: not a rule code"));
        }
    }
    failures
}

/// The fixture roots, one per command (`validate`, `check`, `audit`,
/// `spec validate`): `ROOT/CODE/` holds a rule's `bad*` and `good*` cases.
pub const FIXTURE_ROOTS: [&str; 4] = [
    "tests/fixtures",
    "tests/repo_fixtures",
    "tests/audit_fixtures",
    "tests/spec_fixtures",
];

/// The number of `bad*` and `good*` cases of `code` over all fixture roots.
pub fn fixture_counts(code: &str) -> (usize, usize) {
    let (mut bad, mut good) = (0, 0);
    for root in FIXTURE_ROOTS {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{code}")) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name();
            let name = name.to_str().unwrap_or_default();
            bad += usize::from(name.starts_with("bad"));
            good += usize::from(name.starts_with("good"));
        }
    }
    (bad, good)
}

/// The codes a fixture file's header says must fire: its first line is
/// `# expect: CODE[, CODE…]` or `# expect: none` (in the file type's comment
/// syntax: `#`, `//` or `<!-- … -->`). `None` when the file has no header.
pub fn expected_codes(text: &str) -> Option<Vec<String>> {
    let first = text.lines().next()?.trim();
    let body = first
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .or_else(|| first.strip_prefix("//"))
        .or_else(|| first.strip_prefix('#'))?
        .trim();
    let list = body.strip_prefix("expect:")?.trim();
    if list == "none" {
        return Some(Vec::new());
    }
    let mut codes: Vec<String> = list.split(',').map(|c| c.trim().to_string()).collect();
    codes.sort();
    Some(codes)
}

/// The distinct codes that fired, sorted.
pub fn fired(json: &str) -> Vec<String> {
    let mut found = codes(json);
    found.sort();
    found.dedup();
    found
}
