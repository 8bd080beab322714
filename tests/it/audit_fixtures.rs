//! Per-rule audit fixtures of the runtime contract, written as small overlays
//! on a shared base.
//!
//! `tests/audit_fixtures/<CODE>/<case>/` is one case of a rule (`bad*`: a
//! fault of CODE; `good*`: compliant); `tests/audit_fixtures/traps/<name>/`
//! are compliant trees with something that looks like a fault and is not (a
//! commented-out block, `set +e`, a socket test, …). A case directory holds
//! `case.txt` and only the files that are the case's own (a file that
//! replaces a base file whole, or one the base does not have), at the path
//! they take in the case's tree. `tests/audit_fixtures/_base/<layer>/` are the
//! shared base layers; a layer becomes the case's directory named by the
//! layer's name up to its first `-` (`image-ddev` is a variant of `image`):
//! `_base/template/main.tf` (the compliant DDEV template, as
//! `template/main.tf`), `_base/image/Dockerfile` (a compliant image that
//! stages its files by `RUN`, as `image/Dockerfile`) and `_base/image-ddev/`
//! (a compliant image with a staged `files/` directory and DDEV host
//! commands, as `image/`).
//!
//! `case.txt`, line by line:
//! - first line `# expect: CODE[, CODE…]` or `# expect: none`: the EXACT set of
//!   codes `wsc audit --format json --config tests/audit_fixtures/snapshot.toml`
//!   reports for the case. Cases under `WSC005/` run without `--config` (as
//!   their snapshots are taken) and, there, the note that the template's image
//!   is not in the tree (every template-only tree carries it; `snapshot.toml`
//!   turns it off for the other cases) is not counted. A `bad*` case names its
//!   directory's code (and whatever else it really fires); `good*` cases and
//!   traps say `none`;
//! - `# base: LAYER…`: the layers laid in the case directory first, in order
//!   (then the case's own files, over them);
//! - `# remove: PATH`: a base file the case does not have;
//! - `# mode: OCTAL PATH`: the mode of a file of the tree (every other file is
//!   `644`);
//! - any other line starting with `#`, and blank lines: free comments (what
//!   the case is);
//! - edit blocks, applied in order to the files of the tree, exact whole lines:
//!   ```text
//!   --- replace in template/main.tf:
//!   <the lines to replace, found exactly once in the file>
//!   +++ with:
//!   <the new lines (none to delete them)>
//!   --- end
//!   ```
//!
//! The cases are materialised once per test run ([`tree`]) under
//! `$CARGO_TARGET_TMPDIR/audit-tree/tests/audit_fixtures/<CODE>/<case>/`, and
//! `wsc` runs with its working directory in `audit-tree` on the same relative
//! path as the source case, so the paths in the output (and the snapshots) are
//! `tests/audit_fixtures/<CODE>/<case>/…` on every machine. An edit whose
//! lines are not found exactly once, a missing layer or file, or a malformed
//! `case.txt` fails every test that needs the tree, naming the case and the
//! block.
//!
//! The tests: every case reports exactly its `# expect:` codes; the headers
//! are honest about the case names; the base alone (the template layer, and
//! the template with each other layer) audits clean; every `bad*` case's text output is a snapshot
//! (`audit_fixture_<CODE>_<case>`), so a change in message, place, help or an
//! extra code shows in review; every INV, F and D rule of the registry has a
//! `bad*` and a `good*` case. `tests/audit_fixtures/README.md` says the same
//! for those who write cases.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{expected_codes, subdirs, wsc, wsc_in};

const ROOT: &str = "tests/audit_fixtures";
const TRAPS: &str = "traps";
const BASE: &str = "_base";
const CASE: &str = "case.txt";
/// The base layer every other one goes over.
const TEMPLATE_LAYER: &str = "template";

/// The rule codes that have a fixture directory (every directory but the
/// traps and the base).
fn fixture_codes() -> Vec<String> {
    subdirs(ROOT)
        .into_iter()
        .filter(|c| c != TRAPS && c != BASE)
        .collect()
}

/// Every case, as (directory code or `traps`, case name), sorted.
fn cases() -> Vec<(String, String)> {
    let mut groups = fixture_codes();
    groups.push(TRAPS.to_string());
    groups
        .into_iter()
        .flat_map(|g| {
            subdirs(&format!("{ROOT}/{g}"))
                .into_iter()
                .map(move |n| (g.clone(), n))
        })
        .collect()
}

/// The runtime-contract codes of the rule registry, as `wsc rules` lists them
/// (each must have fixtures), and the tool's own codes (which may).
fn contract_codes() -> (Vec<String>, Vec<String>) {
    let o = wsc(&["rules", "--format", "json"]);
    assert_eq!(o.code, 0, "wsc rules failed: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    v.as_array()
        .expect("an array of rules")
        .iter()
        .map(|r| r["code"].as_str().expect("code").to_string())
        .filter(|c| {
            c.starts_with("INV-")
                || c.starts_with("F-")
                || c.starts_with("D-")
                || c.starts_with("WSC")
        })
        .partition(|c| !c.starts_with("WSC"))
}

/// The note that a governed template's image is not in the tree: most
/// fixtures are a template alone, so their audits carry it.
const NO_IMAGE: &str = "no Dockerfile of this template's image is in the audited tree";

/// Snapshots are taken with this configuration (WSC005 off: the note above
/// would repeat in every one), and so are the expectations of every case
/// but those under `WSC005/`.
const SNAPSHOT_CONFIG: &str = "tests/audit_fixtures/snapshot.toml";

// ---------------------------------------------------------------------------
// case.txt

/// A parsed `case.txt`.
#[derive(Debug, Default)]
struct CaseFile {
    /// The `# expect:` codes, sorted (`None` when the first line is not one).
    expect: Option<Vec<String>>,
    bases: Vec<String>,
    removes: Vec<String>,
    modes: Vec<(u32, String)>,
    edits: Vec<Edit>,
}

/// A `--- replace in PATH:` block.
#[derive(Debug)]
struct Edit {
    path: String,
    /// The line of `case.txt` the block starts on (1-based).
    line: usize,
    old: String,
    new: String,
}

/// A relative path of the case tree, checked (no `..`, not absolute).
fn tree_path(p: &str, line: usize) -> Result<String, String> {
    let path = Path::new(p);
    let ok = !p.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    ok.then(|| p.to_string()).ok_or_else(|| {
        format!("line {line}: `{p}` is not a relative path inside the case directory")
    })
}

fn parse_case(text: &str) -> Result<CaseFile, String> {
    enum State {
        Top,
        Old(Edit),
        New(Edit),
    }
    let mut case = CaseFile {
        expect: expected_codes(text),
        ..CaseFile::default()
    };
    let mut state = State::Top;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        state = match state {
            State::Top => {
                if let Some(rest) = line.strip_prefix("--- replace in ") {
                    let path = rest.strip_suffix(':').ok_or_else(|| {
                        format!("line {n}: `--- replace in PATH:` ends with a colon")
                    })?;
                    State::Old(Edit {
                        path: tree_path(path, n)?,
                        line: n,
                        old: String::new(),
                        new: String::new(),
                    })
                } else if let Some(rest) = line.strip_prefix("# base:") {
                    case.bases
                        .extend(rest.split_whitespace().map(str::to_string));
                    State::Top
                } else if let Some(rest) = line.strip_prefix("# remove:") {
                    case.removes.push(tree_path(rest.trim(), n)?);
                    State::Top
                } else if let Some(rest) = line.strip_prefix("# mode:") {
                    let (mode, path) = rest
                        .trim()
                        .split_once(' ')
                        .ok_or_else(|| format!("line {n}: `# mode: OCTAL PATH`"))?;
                    let mode = u32::from_str_radix(mode, 8)
                        .map_err(|e| format!("line {n}: mode `{mode}`: {e}"))?;
                    case.modes.push((mode, tree_path(path.trim(), n)?));
                    State::Top
                } else if line.starts_with('#') || line.trim().is_empty() {
                    State::Top
                } else {
                    return Err(format!(
                        "line {n}: neither a `#` line nor `--- replace in PATH:`: {line:?}"
                    ));
                }
            }
            State::Old(mut e) => {
                if line == "+++ with:" {
                    State::New(e)
                } else {
                    e.old.push_str(line);
                    e.old.push('\n');
                    State::Old(e)
                }
            }
            State::New(mut e) => {
                if line == "--- end" {
                    if e.old.is_empty() {
                        return Err(format!(
                            "block at line {}: no lines to replace (add a line of context)",
                            e.line
                        ));
                    }
                    case.edits.push(e);
                    State::Top
                } else {
                    e.new.push_str(line);
                    e.new.push('\n');
                    State::New(e)
                }
            }
        };
    }
    match state {
        State::Top => Ok(case),
        State::Old(e) | State::New(e) => Err(format!(
            "block at line {}: no `+++ with:` or `--- end`",
            e.line
        )),
    }
}

/// The byte offsets where `old` (whole lines) starts in `text`.
fn line_matches(text: &str, old: &str) -> Vec<usize> {
    text.match_indices(old)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
        .collect()
}

// ---------------------------------------------------------------------------
// Materialisation

fn copy_tree(from: &Path, to: &Path, skip: Option<&str>) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name();
        if skip.is_some_and(|s| name.to_str() == Some(s)) {
            continue;
        }
        let (src, dst) = (e.path(), to.join(&name));
        if e.file_type()?.is_dir() {
            copy_tree(&src, &dst, None)?;
        } else {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// The directory of a case a base layer becomes: its name up to the first
/// `-` (`image-ddev` is a variant of `image`).
fn layer_dir(layer: &str) -> &str {
    layer.split('-').next().unwrap_or(layer)
}

/// Build the tree of the layers `bases` at `dest`.
fn lay_bases(bases: &[String], dest: &Path) -> Result<(), String> {
    for b in bases {
        let layer = Path::new(ROOT).join(BASE).join(b);
        if !layer.is_dir() {
            return Err(format!(
                "base layer `{b}`: no directory {}",
                layer.display()
            ));
        }
        copy_tree(&layer, &dest.join(layer_dir(b)), None)
            .map_err(|e| format!("copy the base layer `{b}`: {e}"))?;
    }
    Ok(())
}

/// Materialise the case `src` (its `case.txt` parsed as `case`) at `dest`.
fn materialise_case(src: &Path, dest: &Path, case: &CaseFile) -> Result<(), String> {
    lay_bases(&case.bases, dest)?;
    copy_tree(src, dest, Some(CASE)).map_err(|e| format!("copy the case's own files: {e}"))?;
    for p in &case.removes {
        let path = dest.join(p);
        std::fs::remove_file(&path).map_err(|e| format!("# remove: {p}: {e}"))?;
        // Directories the removal emptied go too.
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != dest) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    for (k, e) in case.edits.iter().enumerate() {
        let what = format!(
            "edit block {} (line {} of {CASE}, replace in {})",
            k + 1,
            e.line,
            e.path
        );
        let path = dest.join(&e.path);
        let text =
            std::fs::read_to_string(&path).map_err(|err| format!("{what}: the file: {err}"))?;
        let at = line_matches(&text, &e.old);
        let [i] = at[..] else {
            return Err(format!(
                "{what}: its lines are found {} times in the file, exactly once expected:\n{}",
                at.len(),
                e.old
            ));
        };
        let edited = format!("{}{}{}", &text[..i], e.new, &text[i + e.old.len()..]);
        std::fs::write(&path, edited).map_err(|err| format!("{what}: write: {err}"))?;
    }
    for f in files_under(dest) {
        set_mode(&f, 0o644).map_err(|e| format!("{}: set the mode: {e}", f.display()))?;
    }
    for (mode, p) in &case.modes {
        let path = dest.join(p);
        if !path.is_file() {
            return Err(format!("# mode: {mode:o} {p}: no such file in the tree"));
        }
        set_mode(&path, *mode).map_err(|e| format!("# mode: {mode:o} {p}: {e}"))?;
    }
    Ok(())
}

/// The materialised tree, its cases' `case.txt`, and the bases the cases
/// start from.
struct Tree {
    root: PathBuf,
    cases: Vec<(String, String, CaseFile)>,
    /// `(path relative to root, layers)` of the base alone: the template
    /// layer, and the template with each other layer.
    bases: Vec<(String, Vec<String>)>,
}

fn build() -> Result<Tree, String> {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("audit-tree");
    match std::fs::remove_dir_all(&root) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("remove the old {}: {e}", root.display()));
        }
        _ => {}
    }
    let fixtures = root.join(ROOT);
    std::fs::create_dir_all(&fixtures).map_err(|e| format!("{}: {e}", fixtures.display()))?;
    std::fs::copy(SNAPSHOT_CONFIG, root.join(SNAPSHOT_CONFIG))
        .map_err(|e| format!("copy {SNAPSHOT_CONFIG}: {e}"))?;
    let mut failures = Vec::new();
    let mut parsed = Vec::new();
    for (group, name) in cases() {
        let rel = format!("{ROOT}/{group}/{name}");
        let text = match std::fs::read_to_string(format!("{rel}/{CASE}")) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{rel}: no {CASE}: {e}"));
                continue;
            }
        };
        let case = match parse_case(&text) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{rel}/{CASE}: {e}"));
                continue;
            }
        };
        if let Err(e) = materialise_case(Path::new(&rel), &root.join(&rel), &case) {
            failures.push(format!("{rel}: {e}"));
        }
        parsed.push((group, name, case));
    }
    // The base alone: the template layer, and each other layer over it (the
    // image layers are alternatives).
    let mut bases = vec![vec![TEMPLATE_LAYER.to_string()]];
    for layer in subdirs(&format!("{ROOT}/{BASE}")) {
        if layer != TEMPLATE_LAYER {
            bases.push(vec![TEMPLATE_LAYER.to_string(), layer]);
        }
    }
    let mut base_trees = Vec::new();
    for layers in bases {
        let rel = format!("base/{}", layers.join("+"));
        if let Err(e) = lay_bases(&layers, &root.join(&rel)) {
            failures.push(format!("{rel}: {e}"));
        }
        base_trees.push((rel, layers));
    }
    if failures.is_empty() {
        Ok(Tree {
            root,
            cases: parsed,
            bases: base_trees,
        })
    } else {
        Err(format!(
            "{} audit fixture case(s) cannot be materialised:\n{}",
            failures.len(),
            failures.join("\n")
        ))
    }
}

fn materialised() -> &'static Tree {
    static TREE: OnceLock<Result<Tree, String>> = OnceLock::new();
    match TREE.get_or_init(build) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}

/// The directory that holds the materialised `tests/audit_fixtures/` (built
/// once per test run, the old one removed first): run `wsc` in it on the
/// cases' relative paths.
pub fn tree() -> &'static Path {
    &materialised().root
}

// ---------------------------------------------------------------------------
// The tests

/// The distinct codes `wsc audit` reports for the materialised `dir` (with
/// the snapshot configuration, or, under `WSC005/`, without it and without
/// the note that the image is not in the tree), or a failure line.
fn audit_codes(group: &str, dir: &str) -> Result<(i32, Vec<String>), String> {
    let o = if group == "WSC005" {
        wsc_in(tree(), &["audit", "--format", "json", dir])
    } else {
        wsc_in(
            tree(),
            &[
                "audit",
                "--format",
                "json",
                "--config",
                SNAPSHOT_CONFIG,
                dir,
            ],
        )
    };
    if o.code == 2 {
        return Err(format!("{dir}: exit 2 (stderr: {})", o.stderr.trim()));
    }
    let v: serde_json::Value = serde_json::from_str(&o.stdout)
        .map_err(|e| format!("{dir}: not JSON ({e}): {}", o.stdout))?;
    let found: BTreeSet<String> = v["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|d| {
            !(group == "WSC005"
                && d["code"] == "WSC005"
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(NO_IMAGE)))
        })
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    Ok((o.code, found.into_iter().collect()))
}

/// A failure line when `found` is not exactly `expected` (or the exit status
/// of a silent case is not 0).
fn compare(dir: &str, expected: &[String], code: i32, found: &[String]) -> Option<String> {
    let extra: Vec<&String> = found.iter().filter(|c| !expected.contains(c)).collect();
    let missing: Vec<&String> = expected.iter().filter(|c| !found.contains(c)).collect();
    let mut problems = Vec::new();
    if !extra.is_empty() {
        problems.push(format!("extra {extra:?}"));
    }
    if !missing.is_empty() {
        problems.push(format!("missing {missing:?}"));
    }
    if expected.is_empty() && code != 0 {
        problems.push(format!("exit {code}, 0 expected"));
    }
    (!problems.is_empty()).then(|| format!("{dir}: {}", problems.join(", ")))
}

#[test]
fn every_case_reports_exactly_its_expected_codes() {
    let t = materialised();
    assert!(!t.cases.is_empty(), "no audit fixtures found");
    let mut failures = Vec::new();
    for (group, name, case) in &t.cases {
        let dir = format!("{ROOT}/{group}/{name}");
        let Some(expected) = &case.expect else {
            failures.push(format!("{dir}: no `# expect:` line"));
            continue;
        };
        match audit_codes(group, &dir) {
            Ok((code, found)) => failures.extend(compare(&dir, expected, code, &found)),
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} audit fixture case(s) do not report exactly their `# expect:` codes:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_has_an_honest_expect_line() {
    let mut failures = Vec::new();
    for (group, name) in cases() {
        let dir = format!("{ROOT}/{group}/{name}");
        let Ok(text) = std::fs::read_to_string(format!("{dir}/{CASE}")) else {
            failures.push(format!("{dir}: no {CASE}"));
            continue;
        };
        let Some(expected) = expected_codes(&text) else {
            failures.push(format!(
                "{dir}/{CASE}: the first line is not `# expect: CODE[, CODE…]` or `# expect: none`"
            ));
            continue;
        };
        if group == TRAPS || name.starts_with("good") {
            if !expected.is_empty() {
                failures.push(format!(
                    "{dir}: a good case or trap expects none, not {expected:?}"
                ));
            }
        } else if name.starts_with("bad") {
            if !expected.contains(&group) {
                failures.push(format!(
                    "{dir}: a bad case expects its directory's code {group}, not only {expected:?}"
                ));
            }
        } else {
            failures.push(format!(
                "{dir}: a case directory's name starts with `bad` or `good`"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case header failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_base_alone_audits_clean() {
    let t = materialised();
    assert!(t.bases.len() > 1, "no base layers found: {:?}", t.bases);
    let failures: Vec<String> = t
        .bases
        .iter()
        .filter_map(|(dir, _)| match audit_codes("", dir) {
            Ok((code, found)) => compare(dir, &[], code, &found),
            Err(e) => Some(e),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} base(s) not clean:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_contract_rule_has_a_bad_and_a_good_fixture() {
    let (registry, own) = contract_codes();
    assert!(
        registry.len() >= 26,
        "INV-1..10, F-1..10 and D-1..6 expected, got {registry:?}"
    );
    // The tool's own codes need fixtures only where they have a directory.
    let have = fixture_codes();
    let mut required = registry.clone();
    required.extend(own.into_iter().filter(|c| have.contains(c)));
    let failures = crate::common::fixture_coverage(ROOT, &required, &have);
    assert!(
        failures.is_empty(),
        "{} coverage failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bad_audit_fixture_snapshots() {
    let t = tree();
    for code in fixture_codes() {
        for name in subdirs(&format!("{ROOT}/{code}")) {
            if !name.starts_with("bad") {
                continue;
            }
            let dir = format!("{ROOT}/{code}/{name}");
            let out = if code == "WSC005" {
                wsc_in(t, &["audit", "--color", "never", &dir])
            } else {
                wsc_in(
                    t,
                    &[
                        "audit",
                        "--color",
                        "never",
                        "--config",
                        SNAPSHOT_CONFIG,
                        &dir,
                    ],
                )
            };
            insta::assert_snapshot!(format!("audit_fixture_{code}_{name}"), out.stdout);
        }
    }
}

#[test]
fn edit_blocks_parse_and_apply_exactly() {
    let case = parse_case(
        "# expect: none\n# base: template\n# mode: 755 a/b\n--- replace in a/b:\nx\n+++ with:\ny\nz\n--- end\n",
    )
    .expect("parses");
    assert_eq!(case.expect, Some(vec![]));
    assert_eq!(case.bases, ["template"]);
    assert_eq!(case.modes, [(0o755, "a/b".to_string())]);
    assert_eq!(case.edits.len(), 1);
    assert_eq!(
        (case.edits[0].old.as_str(), case.edits[0].new.as_str()),
        ("x\n", "y\nz\n")
    );
    // Whole lines only: `x` inside `yx` is no match.
    assert_eq!(line_matches("yx\nx\n", "x\n"), [3]);
    assert!(parse_case("--- replace in ../a:\nx\n+++ with:\n--- end\n").is_err());
    assert!(parse_case("--- replace in a:\nx\n").is_err());
    assert!(parse_case("stray\n").is_err());
}
