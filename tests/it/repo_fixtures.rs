//! Per-rule repository fixtures: `tests/repo_fixtures/<CODE>/<case>/` is a
//! small template repository checked with `wsc check`. Its `case.txt` says
//! on its first line the exact set of codes the run reports (any severity:
//! `# expect: CODE[, CODE…]`, or `# expect: none`), then in `#` lines what
//! the case shows; a `# known-false-positive: CODE why` line names a finding
//! of wsc that is wrong there, which the test then leaves out. A `bad*` case
//! expects its directory's code (and only what its one fault implies), a
//! `good*` case expects none and exits 0. The text output of every bad
//! repository is a snapshot, so a change in message, place or help shows in
//! review.

use crate::common::{
    CASE_FILE, case_failures, expected_codes, fired, fixture_coverage, read_case, registry_codes,
    subdirs, wsc,
};

const ROOT: &str = "tests/repo_fixtures";

/// TR codes that have no bad or no good repository case yet, each with a
/// comment saying why; the coverage test fails when one of them gets both, so
/// the list only shrinks. Today every TR rule has both.
const MISSING_CASES: &[&str] = &[];

/// The fixture directories, sorted, as (code, relative path).
fn fixture_dirs() -> Vec<(String, String)> {
    subdirs(ROOT)
        .into_iter()
        .map(|code| {
            let path = format!("{ROOT}/{code}");
            (code, path)
        })
        .collect()
}

/// The variants of a code's fixture directory: `bad*` and `good*`.
fn variants(dir: &str) -> Vec<String> {
    subdirs(dir)
}

#[test]
fn every_repo_case_reports_exactly_what_its_case_txt_expects() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no repository fixtures found");
    let mut failures = Vec::new();
    let mut cases = 0;
    for (code, dir) in &dirs {
        let names = variants(dir);
        for kind in ["bad", "good"] {
            if !names.iter().any(|n| n.starts_with(kind)) {
                failures.push(format!("{dir}: no `{kind}*` repository"));
            }
        }
        for name in &names {
            cases += 1;
            let repo = format!("{dir}/{name}");
            let case = match read_case(&repo) {
                Ok(case) => case,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            let o = wsc(&["check", "--format", "json", &repo]);
            if o.code == 2 {
                failures.push(format!("{repo}: exit 2 (stderr: {})", o.stderr.trim()));
                continue;
            }
            failures.extend(case_failures(&repo, name, code, &case, &fired(&o.stdout)));
            if name.starts_with("good") && o.code != 0 {
                failures.push(format!(
                    "{repo}: exit status {} (stderr: {})",
                    o.code,
                    o.stderr.trim()
                ));
            }
            // A pairings.yaml that names what the repository expects agrees
            // with the case.
            if let Ok(text) = std::fs::read_to_string(format!("{repo}/pairings.yaml"))
                && let Some(header) = expected_codes(&text)
                && header != case.expect
            {
                failures.push(format!(
                    "{repo}/pairings.yaml: its `# expect:` header says {header:?}, {CASE_FILE} {:?}",
                    case.expect
                ));
            }
        }
    }
    assert!(cases > 0, "no repository cases found");
    assert!(
        failures.is_empty(),
        "{} repository fixture failure(s) in {cases} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every TR rule of the registry (`wsc rules`) has a bad and a good
/// repository case, apart from `MISSING_CASES`; every fixture directory is a
/// code of the registry.
#[test]
fn every_tr_rule_has_a_bad_and_a_good_repo_case() {
    let all = registry_codes("");
    let rules: Vec<String> = registry_codes("TR")
        .into_iter()
        .filter(|c| !MISSING_CASES.contains(&c.as_str()))
        .collect();
    assert!(!rules.is_empty(), "no TR rules in the registry");
    let have: Vec<String> = fixture_dirs().into_iter().map(|(c, _)| c).collect();
    // The fixture directories of other families (TC004, WSC005, …) are not
    // TR rules: their coverage is not asked, only that they are rules.
    let have_tr: Vec<String> = have
        .iter()
        .filter(|c| c.starts_with("TR") && !MISSING_CASES.contains(&c.as_str()))
        .cloned()
        .collect();
    let mut failures = fixture_coverage(ROOT, &rules, &have_tr);
    for code in &have {
        if !all.contains(code) {
            failures.push(format!("{ROOT}/{code}: not a code of the registry"));
        }
    }
    for code in MISSING_CASES {
        if fixture_coverage(ROOT, &[code.to_string()], &have_tr).is_empty() {
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

#[test]
fn bad_repo_fixture_snapshots() {
    for (code, dir) in fixture_dirs() {
        for name in variants(&dir).into_iter().filter(|n| n.starts_with("bad")) {
            let out = wsc(&["check", "--color", "never", &format!("{dir}/{name}")]);
            let snap = if name == "bad" {
                format!("repo_fixture_{code}")
            } else {
                format!("repo_fixture_{code}_{name}")
            };
            insta::assert_snapshot!(snap, out.stdout);
        }
    }
}
