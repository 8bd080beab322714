//! Per-rule fixtures of `wsc spec validate`.
//!
//! `tests/spec_fixtures/<CODE>/<case>/` holds a small project root, with an
//! `openspec/` tree about a bicycle rental desk (SP027's bad ones have none),
//! and a `case.txt`: its first line is the exact set of codes the run
//! reports (`# expect: CODE[, CODE…]` or `# expect: none`), then `#` lines
//! say what the case shows (a `# known-false-positive: CODE why` line names a
//! finding of wsc that is wrong there, which the test then leaves out);
//! `wsc spec validate` ignores the file.
//! - a case whose name starts with `bad` holds one fault of CODE: it expects
//!   CODE and only what that fault implies, and its text output is a
//!   snapshot (`spec_fixture_<CODE>_<case>`), so a change in message, place,
//!   help or an extra code shows in review. The faulty Markdown file starts
//!   with a `<!-- Fixture: …, CODE -->` comment saying what is wrong (a YAML
//!   comment in `.openspec.yaml`); it does not change the verdict;
//! - a case whose name starts with `good` is a complete, valid tree: it
//!   expects none, exits 0 and prints the clean summary.
//!
//! Paths are relative to the package root (the tests' working directory), so
//! the snapshots are the same on every machine.

use crate::common::{case_failures, fired, read_case, registry_codes, subdirs, wsc};

const ROOT: &str = "tests/spec_fixtures";
/// One file per SP rule: `spNNN_<name>.rs`.
const RULES_SRC: &str = "src/rules/spec";
/// SP001 to SP027.
const MIN_RULES: usize = 27;
/// SP codes that have no bad or no good case yet, each with a comment saying
/// why; the coverage test fails when one of them gets both, so the list only
/// shrinks. Today every SP rule has both.
const MISSING_CASES: &[&str] = &[];

/// The rule codes that have a fixture directory.
fn fixture_codes() -> Vec<String> {
    subdirs(ROOT)
}

/// The SP codes of the rule sources (`src/rules/spec/sp004_….rs` → SP004).
fn source_codes() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(RULES_SRC)
        .unwrap_or_else(|e| panic!("{RULES_SRC}: {e}"))
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let digits = name.strip_prefix("sp")?.get(..3)?;
            (digits.bytes().all(|b| b.is_ascii_digit()) && name.ends_with(".rs"))
                .then(|| format!("SP{digits}"))
        })
        .collect();
    out.sort();
    out
}

/// Every SP rule: the registry's and the sources', sorted, once each.
fn all_rule_codes() -> Vec<String> {
    let mut all = registry_codes("SP");
    all.extend(source_codes());
    all.sort();
    all.dedup();
    all
}

/// A good tree must exit 0 without a word on stderr and print the clean
/// summary; otherwise failure lines.
fn clean(dir: &str, exit: i32, stderr: &str) -> Vec<String> {
    let mut failures = Vec::new();
    if exit != 0 || !stderr.is_empty() {
        failures.push(format!(
            "{dir}: expected exit 0, got {exit} (stderr: {})",
            stderr.trim()
        ));
    }
    let text = wsc(&["spec", "validate", "--color", "never", dir]);
    if text.code != 0
        || !text.stdout.ends_with(" checked: no problems found\n")
        || !text.stderr.ends_with(" passed, 0 failed\n")
    {
        failures.push(format!(
            "{dir}: expected a clean text run, got exit {}:\n{}{}",
            text.code,
            text.stdout,
            text.stderr.trim()
        ));
    }
    failures
}

#[test]
fn every_spec_case_reports_exactly_what_its_case_txt_expects() {
    let codes_run = fixture_codes();
    assert!(!codes_run.is_empty(), "no spec fixtures found");
    let mut failures = Vec::new();
    let mut cases = 0;
    for code in &codes_run {
        for name in subdirs(&format!("{ROOT}/{code}")) {
            cases += 1;
            let dir = format!("{ROOT}/{code}/{name}");
            let case = match read_case(&dir) {
                Ok(case) => case,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            let o = wsc(&["spec", "validate", "--format", "json", &dir]);
            if o.code == 2 {
                failures.push(format!("{dir}: exit 2 (stderr: {})", o.stderr.trim()));
                continue;
            }
            failures.extend(case_failures(&dir, &name, code, &case, &fired(&o.stdout)));
            if name.starts_with("good") {
                failures.extend(clean(&dir, o.code, &o.stderr));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} spec fixture failure(s) in {cases} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_spec_rule_has_a_bad_and_a_good_fixture() {
    let rules = all_rule_codes();
    assert!(
        rules.len() >= MIN_RULES,
        "SP001..SP027 expected, got {rules:?}"
    );
    let covered: Vec<String> = rules
        .iter()
        .filter(|c| !MISSING_CASES.contains(&c.as_str()))
        .cloned()
        .collect();
    let have: Vec<String> = fixture_codes()
        .into_iter()
        .filter(|c| !MISSING_CASES.contains(&c.as_str()))
        .collect();
    let mut failures = crate::common::fixture_coverage(ROOT, &covered, &have);
    for code in MISSING_CASES {
        if crate::common::fixture_coverage(ROOT, &[code.to_string()], &have).is_empty() {
            failures.push(format!(
                "{code}: has bad and good cases now: remove it from MISSING_CASES"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} coverage failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The coverage above reads the rule sources too, so that it holds even
/// when the registry misses a rule; this test is the registry's side: every
/// SP rule is listed by `wsc rules` and explained by `wsc explain`.
#[test]
fn every_spec_rule_is_in_the_registry() {
    let registry = registry_codes("SP");
    let mut failures = Vec::new();
    for code in source_codes() {
        if !registry.contains(&code) {
            failures.push(format!("{code}: not listed by `wsc rules --format json`"));
        }
        let o = wsc(&["explain", &code]);
        if o.code != 0 {
            failures.push(format!(
                "{code}: `wsc explain {code}` exits {} ({})",
                o.code,
                o.stderr.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} registry failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bad_spec_fixture_snapshots() {
    let mut failures = Vec::new();
    for code in fixture_codes() {
        for name in subdirs(&format!("{ROOT}/{code}")) {
            if !name.starts_with("bad") {
                continue;
            }
            let dir = format!("{ROOT}/{code}/{name}");
            let out = wsc(&["spec", "validate", "--color", "never", &dir]);
            let snapshot = format!("spec_fixture_{code}_{name}");
            let checked = std::panic::catch_unwind(|| {
                insta::assert_snapshot!(snapshot.clone(), out.stdout);
            });
            if checked.is_err() {
                failures.push(snapshot);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The total size of the files under `path`.
fn tree_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(Result::ok)
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                tree_size(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

#[test]
fn spec_validate_output_is_deterministic() {
    let largest = fixture_codes()
        .into_iter()
        .flat_map(|code| {
            subdirs(&format!("{ROOT}/{code}"))
                .into_iter()
                .filter(|n| n.starts_with("bad"))
                .map(move |n| format!("{ROOT}/{code}/{n}"))
        })
        .max_by_key(|d| (tree_size(std::path::Path::new(d)), d.clone()))
        .expect("a bad fixture");
    for args in [
        ["spec", "validate", "--color", "never", largest.as_str()],
        ["spec", "validate", "--format", "json", largest.as_str()],
    ] {
        let first = wsc(&args);
        let second = wsc(&args);
        assert!(
            first.code != 2 && first.stdout.contains("SP0"),
            "{largest}: expected findings, got exit {}:\n{}{}",
            first.code,
            first.stdout,
            first.stderr
        );
        assert_eq!(first.code, second.code, "{largest}: exit codes differ");
        assert_eq!(first.stdout, second.stdout, "{largest}: stdout differs");
        assert_eq!(first.stderr, second.stderr, "{largest}: stderr differs");
    }
}
