//! Per-rule fixtures: `tests/fixtures/<CODE>/bad.yaml` must report CODE and
//! `good.yaml` must not. The text output of every bad file is a snapshot, so a
//! change in message, place or help shows in review.

use crate::common::{expected_codes, fired, wsc};

fn fixture_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir("tests/fixtures")
        .expect("tests/fixtures exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every fixture fires exactly the codes its header names (`# expect:
/// CODE[, CODE…]` on the first line; `# expect: none` for `good.yaml`, which
/// must report nothing at all, not even an info).
#[test]
fn every_fixture_fires_what_its_header_expects() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for dir in &dirs {
        let code = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 dir name")
            .to_string();
        for (file, must_name_code) in [("bad.yaml", true), ("good.yaml", false)] {
            let path = dir.join(file).display().to_string();
            let text = std::fs::read_to_string(&path).expect("read fixture");
            let Some(expected) = expected_codes(&text) else {
                failures.push(format!("{path}: first line must be `# expect: …`"));
                continue;
            };
            if must_name_code != expected.contains(&code) {
                failures.push(format!(
                    "{path}: the header must {}name {code}",
                    if must_name_code { "" } else { "not " }
                ));
            }
            if !must_name_code && !expected.is_empty() {
                failures.push(format!("{path}: a good fixture expects `none`"));
            }
            let found = fired(&wsc(&["validate", "--format", "json", &path]).stdout);
            if found != expected {
                failures.push(format!("{path}: expected {expected:?}, got {found:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_with_a_check_has_a_fixture() {
    let have: Vec<String> = fixture_dirs()
        .iter()
        .filter_map(|d| d.file_name().and_then(|n| n.to_str()).map(str::to_string))
        .collect();
    let missing: Vec<&str> = wsc::rules::ALL
        .iter()
        .map(|r| r.code)
        // Catalog and config problems are tested in tests/it/catalog.rs and
        // tests/it/cli.rs, suppressions in tests/it/suppress.rs, baselines in
        // tests/it/audit.rs; nothing-to-check and repeated HCL keys have audit
        // fixtures (tests/audit_fixtures/WSC008, WSC009); the ignored contract
        // folder is tested in tests/it/repo.rs.
        .filter(|c| {
            !matches!(
                *c,
                "WSC002"
                    | "WSC003"
                    | "WSC005"
                    | "WSC006"
                    | "WSC007"
                    | "WSC008"
                    | "WSC009"
                    | "WSC010"
            )
        })
        // Repository rules have repository fixtures (tests/it/repo_fixtures.rs),
        // runtime rules audit fixtures (tests/it/audit_fixtures.rs), OpenSpec
        // rules spec fixtures (tests/it/spec_fixtures.rs).
        .filter(|c| !c.starts_with("TR") && !c.starts_with("SP") && !c.contains('-'))
        .filter(|c| !have.iter().any(|h| h == c))
        .collect();
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}

#[test]
fn bad_fixture_snapshots() {
    for dir in fixture_dirs() {
        let code = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 dir name")
            .to_string();
        let bad = dir.join("bad.yaml").display().to_string();
        let out = wsc(&["validate", "--color", "never", &bad]);
        insta::assert_snapshot!(format!("fixture_{code}"), out.stdout);
    }
}
