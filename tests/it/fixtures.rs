//! Per-rule fixtures: `tests/fixtures/<CODE>/bad.yaml` must report CODE and
//! `good.yaml` must not. The text output of every bad file is a snapshot, so a
//! change in message, place or help shows in review.

use crate::common::{codes, wsc};

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

#[test]
fn every_fixture_fires_its_rule_and_only_the_bad_file_does() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for dir in &dirs {
        let code = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 dir name")
            .to_string();
        let bad = dir.join("bad.yaml").display().to_string();
        let good = dir.join("good.yaml").display().to_string();
        let b = wsc(&["validate", "--format", "json", &bad]);
        let g = wsc(&["validate", "--format", "json", &good]);
        let bc = codes(&b.stdout);
        let gc = codes(&g.stdout);
        if !bc.contains(&code) {
            failures.push(format!("{bad}: expected {code}, got {bc:?}"));
        }
        if gc.contains(&code) {
            failures.push(format!("{good}: {code} must not fire, got {gc:?}"));
        }
        // The header names what the file expects.
        let text = std::fs::read_to_string(dir.join("bad.yaml")).expect("read bad");
        if !text.starts_with(&format!("# expect: {code}")) {
            failures.push(format!("{bad}: first line must be `# expect: {code}`"));
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
