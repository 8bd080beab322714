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
        // The tests run on threads of one process: a counter keeps two
        // directories made in the same nanosecond apart.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let base = std::env::temp_dir().join(format!(
            "wsc-test-{tag}-{}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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

/// The registry's codes, as `wsc rules --format json` lists them, that start
/// with `prefix`.
pub fn registry_codes(prefix: &str) -> Vec<String> {
    let o = wsc(&["rules", "--format", "json"]);
    assert_eq!(o.code, 0, "wsc rules failed: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    v.as_array()
        .expect("an array of rules")
        .iter()
        .map(|r| r["code"].as_str().expect("code").to_string())
        .filter(|c| c.starts_with(prefix))
        .collect()
}

/// What a case directory (`ROOT/CODE/<case>/`) says of itself in its
/// `case.txt`: the exact codes its run reports, and the findings of wsc that
/// are known to be wrong there.
pub struct Case {
    /// The `# expect:` line's codes, sorted (empty for `none`).
    pub expect: Vec<String>,
    /// `# known-false-positive: CODE why` lines: (CODE, why).
    pub false_positives: Vec<(String, String)>,
}

/// The file in a case directory that says what the case expects.
pub const CASE_FILE: &str = "case.txt";

/// Read `dir/case.txt`: a first line `# expect: CODE[, CODE…]` or
/// `# expect: none`, then `#` lines, at least one of them saying what the
/// case shows, and any `# known-false-positive: CODE why`.
pub fn read_case(dir: &str) -> Result<Case, String> {
    let path = format!("{dir}/{CASE_FILE}");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let expect = expected_codes(&text).ok_or_else(|| {
        format!("{path}: first line must be `# expect: CODE[, CODE…]` or `# expect: none`")
    })?;
    let mut false_positives = Vec::new();
    let mut described = false;
    for line in text.lines().skip(1) {
        let Some(body) = line.strip_prefix('#') else {
            return Err(format!("{path}: every line is a `#` comment, not {line:?}"));
        };
        let body = body.trim();
        if let Some(fp) = body.strip_prefix("known-false-positive:") {
            let (code, why) = fp.trim().split_once(' ').unwrap_or((fp.trim(), ""));
            if why.trim().is_empty() {
                return Err(format!("{path}: `# known-false-positive: {code}` says why"));
            }
            false_positives.push((code.to_string(), why.trim().to_string()));
        } else if !body.is_empty() {
            described = true;
        }
    }
    if !described {
        return Err(format!("{path}: a `# …` line says what the case shows"));
    }
    Ok(Case {
        expect,
        false_positives,
    })
}

/// The failures of a case of `code` named `name` in `dir` whose run reported
/// the distinct codes `fired` (sorted): a `bad*` case expects `code`, a
/// `good*` one `none`; the run reports exactly the expected codes, apart from
/// its known false positives, which must still fire.
pub fn case_failures(
    dir: &str,
    name: &str,
    code: &str,
    case: &Case,
    fired: &[String],
) -> Vec<String> {
    let mut failures = Vec::new();
    let shown = if case.expect.is_empty() {
        "none".to_string()
    } else {
        case.expect.join(", ")
    };
    if name.starts_with("bad") {
        if !case.expect.iter().any(|c| c == code) {
            failures.push(format!(
                "{dir}/{CASE_FILE}: a bad case expects {code}, not `{shown}`"
            ));
        }
    } else if name.starts_with("good") {
        if !case.expect.is_empty() {
            failures.push(format!(
                "{dir}/{CASE_FILE}: a good case expects `none`, not `{shown}`"
            ));
        }
    } else {
        failures.push(format!("{dir}: a case's name starts with `bad` or `good`"));
    }
    let known: Vec<&str> = case
        .false_positives
        .iter()
        .map(|(c, _)| c.as_str())
        .collect();
    for fp in &known {
        if case.expect.iter().any(|c| c == fp) {
            failures.push(format!(
                "{dir}/{CASE_FILE}: {fp} is both expected and a known false positive"
            ));
        } else if !fired.iter().any(|c| c == fp) {
            failures.push(format!(
                "{dir}/{CASE_FILE}: the known false positive {fp} no longer fires: remove its line"
            ));
        }
    }
    let got: Vec<&String> = fired
        .iter()
        .filter(|c| !known.contains(&c.as_str()))
        .collect();
    let extra: Vec<&&String> = got.iter().filter(|c| !case.expect.contains(c)).collect();
    let missing: Vec<&String> = case.expect.iter().filter(|c| !got.contains(c)).collect();
    if !extra.is_empty() || !missing.is_empty() {
        failures.push(format!(
            "{dir}: expected `{shown}`, got {got:?}: extra {extra:?}, missing {missing:?}"
        ));
    }
    failures
}

// ---------------------------------------------------------------------------
// places: spans are byte ranges; tests state lines and columns
// ---------------------------------------------------------------------------

/// The printed place (1-based line, column in characters) of byte `offset`
/// of `src`.
pub fn loc(src: &str, offset: u32) -> wsc::diag::Loc {
    wsc::diag::LineIndex::new(src).loc(src, offset as usize)
}

/// The span of `src` from line `l1`, column `c1` to line `l2`, column `c2`
/// (end exclusive).
pub fn span_at(src: &str, l1: u32, c1: u32, l2: u32, c2: u32) -> wsc::diag::Span {
    let index = wsc::diag::LineIndex::new(src);
    let offset = |line, col| index.offset(src, wsc::diag::Loc::new(line, col));
    wsc::diag::Span::of(offset(l1, c1)..offset(l2, c2))
}

/// The span of `len` characters from line `line`, column `col` of `src`.
pub fn on_line(src: &str, line: u32, col: u32, len: u32) -> wsc::diag::Span {
    span_at(src, line, col, line, col + len)
}

/// Terraform is on the PATH (tests that need it print a SKIP line when not).
pub fn terraform_available() -> bool {
    std::process::Command::new("terraform")
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run terraform offline in DIR (no CLI configuration, no checkpoint).
pub fn terraform(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .env("TF_IN_AUTOMATION", "1")
        .output()
        .expect("terraform runs")
}

/// checkov, when installed: `CHECKOV`, the copy `bench/audit-peers.sh` or
/// `.ci/run` installs, or the PATH.
pub fn checkov() -> Option<String> {
    let candidates = [
        std::env::var("CHECKOV").ok(),
        Some("target/peers/checkov/bin/checkov".to_string()),
        Some("bench/out/peers/venv/bin/checkov".to_string()),
        Some("checkov".to_string()),
    ];
    candidates.into_iter().flatten().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The checks checkov may fail (`tests/checkov-skips.txt`), each with its
/// reason.
pub fn checkov_skips() -> Vec<String> {
    std::fs::read_to_string("tests/checkov-skips.txt")
        .expect("tests/checkov-skips.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (id, why) = l.split_once(' ').expect("an id and a reason");
            assert!(why.len() > 10, "{id}: say why it is skipped");
            id.to_string()
        })
        .collect()
}

/// A generated file's text by its path (panics when there is none).
pub fn file_text<'a>(files: &'a [wsc::generate::File], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .map_or_else(|| panic!("no {path}"), |f| f.text.as_str())
}

/// Writes generated files under `dir/sub`.
pub fn write_files(dir: &TempDir, sub: &str, files: &[wsc::generate::File]) {
    for f in files {
        dir.write(&format!("{sub}/{}", f.path.display()), &f.text);
    }
}

/// A process that must have succeeded, with its output when it did not.
pub fn assert_ok(o: &std::process::Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
