//! Per-rule audit fixtures of the runtime contract.
//!
//! `tests/audit_fixtures/<CODE>/` holds small workspace trees (a complete
//! template, an image when the rule looks at one, Kubernetes workloads for
//! F-1, F-2 and F-6):
//! - every directory whose name starts with `bad` holds one fault of CODE:
//!   `wsc audit` must report CODE, and its text output is a snapshot
//!   (`audit_fixture_<CODE>_<dir>`), so a change in message, place, help or
//!   an extra code shows in review;
//! - every directory whose name starts with `good` is compliant: `wsc audit`
//!   prints nothing and exits 0.
//!
//! `tests/audit_fixtures/traps/<name>/` are compliant trees with something
//! that looks like a fault and is not (a commented-out block, `set +e`, a
//! socket test, …): each must print nothing and exit 0.
//!
//! Paths are relative to the package root (the tests' working directory), so
//! the snapshots are the same on every machine.

use crate::common::{codes, subdirs, wsc};

const ROOT: &str = "tests/audit_fixtures";
const TRAPS: &str = "traps";

/// The rule codes that have a fixture directory (every directory but the traps).
fn fixture_codes() -> Vec<String> {
    subdirs(ROOT).into_iter().filter(|c| c != TRAPS).collect()
}

/// The fixture codes that are run now (not being extended).
fn active_codes() -> Vec<String> {
    fixture_codes().into_iter().collect()
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
/// would repeat in every one). The JSON runs of the other tests use none.
const SNAPSHOT_CONFIG: &str = "tests/audit_fixtures/snapshot.toml";

/// A tree must have no finding (but the note that its image is not in the
/// tree) and exit 0; otherwise a failure line.
fn silent(dir: &str) -> Option<String> {
    let o = wsc(&["audit", "--format", "json", dir]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).ok()?;
    let others: Vec<String> = v["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|d| {
            !(d["code"] == "WSC005"
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(NO_IMAGE)))
        })
        .map(|d| {
            format!(
                "  {}:{}: {} {}",
                d["file"].as_str().unwrap_or_default(),
                d["line"],
                d["code"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    (o.code != 0 || !others.is_empty()).then(|| {
        format!(
            "{dir}: expected no finding and exit 0, got exit {}:\n{}",
            o.code,
            others.join("\n")
        )
    })
}

#[test]
fn every_bad_fixture_fires_its_code_and_every_good_one_is_silent() {
    let codes_run = active_codes();
    assert!(!codes_run.is_empty(), "no audit fixtures found");
    let mut failures = Vec::new();
    for code in &codes_run {
        let dirs = subdirs(&format!("{ROOT}/{code}"));
        for name in &dirs {
            let dir = format!("{ROOT}/{code}/{name}");
            if name.starts_with("bad") {
                let o = wsc(&["audit", "--format", "json", &dir]);
                if o.code == 2 {
                    failures.push(format!("{dir}: exit 2 (stderr: {})", o.stderr.trim()));
                    continue;
                }
                let found = codes(&o.stdout);
                if !found.contains(code) {
                    failures.push(format!(
                        "{dir}: expected {code}, got {found:?} (exit {}, stderr: {})",
                        o.code,
                        o.stderr.trim()
                    ));
                }
                if code != "WSC001" && found.iter().any(|c| c == "WSC001") {
                    failures.push(format!("{dir}: a file of the fixture does not parse"));
                }
            } else if name.starts_with("good") {
                failures.extend(silent(&dir));
            } else {
                failures.push(format!(
                    "{dir}: a fixture directory's name starts with `bad` or `good`"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} audit fixture failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_trap_is_silent() {
    let traps = subdirs(&format!("{ROOT}/{TRAPS}"));
    assert!(!traps.is_empty(), "no traps found");
    let failures: Vec<String> = traps
        .iter()
        .filter_map(|t| silent(&format!("{ROOT}/{TRAPS}/{t}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} trap(s) not silent:\n{}",
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
    for code in active_codes() {
        for name in subdirs(&format!("{ROOT}/{code}")) {
            if !name.starts_with("bad") {
                continue;
            }
            let dir = format!("{ROOT}/{code}/{name}");
            let out = if code == "WSC005" {
                wsc(&["audit", "--color", "never", &dir])
            } else {
                wsc(&[
                    "audit",
                    "--color",
                    "never",
                    "--config",
                    SNAPSHOT_CONFIG,
                    &dir,
                ])
            };
            insta::assert_snapshot!(format!("audit_fixture_{code}_{name}"), out.stdout);
        }
    }
}
