//! Per-rule repository fixtures: `tests/repo_fixtures/<CODE>/bad/` must make
//! `wsc check` report CODE, and `tests/repo_fixtures/<CODE>/good/` must report
//! neither CODE nor any error or warning. The text output of every bad
//! repository is a snapshot, so a change in message, place or help shows in
//! review.

use crate::common::{codes, wsc};

const ROOT: &str = "tests/repo_fixtures";

/// The fixture directories, sorted, as (code, relative path).
fn fixture_dirs() -> Vec<(String, String)> {
    let mut dirs: Vec<(String, String)> = std::fs::read_dir(ROOT)
        .expect("tests/repo_fixtures exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let code = e.file_name().to_str().expect("utf-8 dir name").to_string();
            let path = format!("{ROOT}/{code}");
            (code, path)
        })
        .collect();
    dirs.sort();
    dirs
}

/// (code, severity) of every diagnostic of a JSON report.
fn findings(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["severity"].as_str().expect("severity").to_string(),
            )
        })
        .collect()
}

/// The variants of a code's fixture directory: `bad*` and `good*`.
fn variants(dir: &str) -> Vec<String> {
    crate::common::subdirs(dir)
}

#[test]
fn every_repo_fixture_fires_its_rule_and_only_the_bad_repo_does() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no repository fixtures found");
    let mut failures = Vec::new();
    for (code, dir) in &dirs {
        let names = variants(dir);
        for kind in ["bad", "good"] {
            if !names.iter().any(|n| n.starts_with(kind)) {
                failures.push(format!("{dir}: no `{kind}*` repository"));
            }
        }
        for name in &names {
            let repo = format!("{dir}/{name}");
            let o = wsc(&["check", "--format", "json", &repo]);
            if name.starts_with("bad") {
                let found = codes(&o.stdout);
                if !found.contains(code) {
                    failures.push(format!(
                        "{repo}: expected {code}, got {found:?} (exit {}, stderr: {})",
                        o.code,
                        o.stderr.trim()
                    ));
                }
            } else if name.starts_with("good") {
                let found = findings(&o.stdout);
                if found.iter().any(|(c, _)| c == code) {
                    failures.push(format!("{repo}: {code} must not fire, got {found:?}"));
                }
                let serious: Vec<&(String, String)> = found
                    .iter()
                    .filter(|(_, s)| s == "error" || s == "warning")
                    .collect();
                if !serious.is_empty() {
                    failures.push(format!(
                        "{repo}: expected no error or warning, got {serious:?}"
                    ));
                }
                if o.code != 0 {
                    failures.push(format!(
                        "{repo}: exit status {} (stderr: {})",
                        o.code,
                        o.stderr.trim()
                    ));
                }
            } else {
                failures.push(format!(
                    "{repo}: a fixture's name starts with `bad` or `good`"
                ));
            }
            // A pairings.yaml's header names what the repository expects.
            let expect = if name.starts_with("bad") {
                code.as_str()
            } else {
                "none"
            };
            if let Ok(text) = std::fs::read_to_string(format!("{repo}/pairings.yaml"))
                && !text.starts_with(&format!("# expect: {expect}\n"))
            {
                failures.push(format!(
                    "{repo}/pairings.yaml: first line must be `# expect: {expect}`"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} repository fixture failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_tr_rule_has_a_repo_fixture() {
    let have: Vec<String> = fixture_dirs().into_iter().map(|(c, _)| c).collect();
    let missing: Vec<&str> = wsc::rules::ALL
        .iter()
        .map(|r| r.code)
        .filter(|c| c.starts_with("TR"))
        .filter(|c| !have.iter().any(|h| h == c))
        .collect();
    assert!(
        missing.is_empty(),
        "TR rules without a repository fixture: {missing:?}"
    );
    // And no fixture for a code the registry does not have.
    let unknown: Vec<&String> = have
        .iter()
        .filter(|h| !wsc::rules::ALL.iter().any(|r| r.code == h.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "repository fixtures for unknown codes: {unknown:?}"
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
