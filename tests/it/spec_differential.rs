//! `wsc spec validate` against the reference OpenSpec CLI
//! (`@fission-ai/openspec` 1.13.2, `validate --all --strict`).
//!
//! `tests/spec_corpus/<case>/` holds an OpenSpec tree and, in `case.toml`,
//! the reference CLI's verdict on it: valid or not, per spec and per change.
//! wsc must give the same verdict for every item, except where it is
//! documented as stricter (the rules in [`STRICTER`]): then it may fail an
//! item the reference passes, and only through those rules.
//!
//! When the reference CLI is installed (`OPENSPEC_BIN`, the copy `.ci/run`
//! installs with npm under `target/peers/openspec`, or `openspec` on the
//! PATH), the recorded verdicts are first checked against a live run of it,
//! so the corpus cannot go stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use wsc::diag::Severity;
use wsc::engine::Settings;
use wsc::engine::spec::validate;

/// Rules where wsc is stricter than the reference CLI (see their docs).
const STRICTER: &[&str] = &["SP012", "SP013", "SP014", "SP018", "SP019"];

const MIN_CASES: usize = 30;

/// (type, id) → valid.
type Verdicts = BTreeMap<(String, String), bool>;

#[derive(Debug, Deserialize)]
struct Case {
    description: String,
    openspec_valid: bool,
    #[serde(default)]
    items: Vec<CaseItem>,
}

#[derive(Debug, Deserialize)]
struct CaseItem {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    valid: bool,
}

fn corpus() -> Vec<(String, PathBuf, Case)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_corpus");
    let mut out: Vec<(String, PathBuf, Case)> = std::fs::read_dir(&root)
        .expect("tests/spec_corpus exists")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path().join("case.toml"))
                .unwrap_or_else(|err| panic!("{name}/case.toml: {err}"));
            let case: Case =
                toml::from_str(&text).unwrap_or_else(|err| panic!("{name}/case.toml: {err}"));
            (name, e.path(), case)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The reference CLI, when installed: `OPENSPEC_BIN`, the copy `.ci/run`
/// installs under `target/peers/openspec`, or `openspec` on the PATH.
fn openspec_bin() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("OPENSPEC_BIN") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/peers/openspec/node_modules/.bin/openspec");
    if local.is_file() {
        return Some(local);
    }
    let out = Command::new("openspec").arg("--version").output().ok()?;
    out.status.success().then(|| PathBuf::from("openspec"))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a directory");
    for e in std::fs::read_dir(from).expect("read a directory").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else if e.file_name() != "case.toml" {
            std::fs::copy(e.path(), &target).expect("copy a file");
        }
    }
}

/// (type, id) → valid, as the reference CLI says on a copy of the case (a
/// copy under the temp dir, so no `openspec/` above it is found).
fn live_verdicts(
    bin: &Path,
    case: &Path,
    scratch: &Path,
) -> (bool, BTreeMap<(String, String), bool>) {
    let dir = scratch.join(case.file_name().expect("a case name"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(case, &dir);
    let out = Command::new(bin)
        .args([
            "validate",
            "--all",
            "--strict",
            "--json",
            "--no-interactive",
        ])
        .current_dir(&dir)
        .env("OPENSPEC_TELEMETRY", "0")
        .env("DO_NOT_TRACK", "1")
        .env("OPENSPEC_NO_UPDATE_CHECK", "1")
        .env("XDG_CONFIG_HOME", scratch.join("xdg-config"))
        .env("XDG_DATA_HOME", scratch.join("xdg-data"))
        .output()
        .expect("run openspec");
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let items = v["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    (
                        (
                            i["type"].as_str().unwrap_or_default().to_string(),
                            i["id"].as_str().unwrap_or_default().to_string(),
                        ),
                        i["valid"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (out.status.success(), items)
}

#[test]
fn verdicts_agree_with_the_reference_cli() {
    let cases = corpus();
    assert!(cases.len() >= MIN_CASES, "only {} cases", cases.len());
    let settings = Settings::default();
    let mut failures = Vec::new();
    let mut stricter = Vec::new();
    let live = openspec_bin();
    let scratch =
        std::env::temp_dir().join(format!("wsc-spec-differential-{}", std::process::id()));
    // The reference CLI takes about half a second a case: run them in parallel.
    let live_results: Vec<Option<(bool, Verdicts)>> = {
        use rayon::prelude::*;
        cases
            .par_iter()
            .map(|(_, dir, _)| live.as_ref().map(|bin| live_verdicts(bin, dir, &scratch)))
            .collect()
    };
    let mut live_checked = 0;
    for ((name, dir, case), live_result) in cases.iter().zip(live_results) {
        let recorded: BTreeMap<(String, String), bool> = case
            .items
            .iter()
            .map(|i| ((i.kind.clone(), i.id.clone()), i.valid))
            .collect();
        if let Some((ok, items)) = live_result {
            live_checked += 1;
            if ok != case.openspec_valid || items != recorded {
                failures.push(format!(
                    "{name}: the recorded verdicts differ from openspec's: recorded {recorded:?} ({}), live {items:?} ({ok})",
                    case.openspec_valid
                ));
                continue;
            }
        }
        let v = validate(dir, &settings);
        if !v.rooted {
            if case.openspec_valid || !case.items.is_empty() {
                failures.push(format!("{name}: wsc finds no OpenSpec root, openspec does"));
            }
            continue;
        }
        if recorded.is_empty() && !case.openspec_valid {
            failures.push(format!("{name}: openspec finds no root, wsc does"));
            continue;
        }
        let ours: BTreeMap<(String, String), bool> = v
            .items
            .iter()
            .map(|i| ((i.kind.as_str().to_string(), i.id.clone()), i.valid))
            .collect();
        if ours.keys().ne(recorded.keys()) {
            failures.push(format!(
                "{name}: items differ: wsc {:?}, openspec {:?}",
                ours.keys().collect::<Vec<_>>(),
                recorded.keys().collect::<Vec<_>>()
            ));
            continue;
        }
        for ((kind, id), want) in &recorded {
            let got = ours[&(kind.clone(), id.clone())];
            if got == *want {
                continue;
            }
            // Which of our findings fail this item.
            let kind_dir = if kind == "spec" { "specs" } else { "changes" };
            let marker = format!("openspec/{kind_dir}/{id}/");
            let codes: Vec<&str> = v
                .report
                .diagnostics
                .iter()
                .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
                .filter(|d| {
                    d.file.contains(&marker)
                        || d.file.ends_with(&format!("openspec/{kind_dir}/{id}"))
                })
                .map(wsc::diag::Diagnostic::code)
                .collect();
            if *want && codes.iter().all(|c| STRICTER.contains(c)) && !codes.is_empty() {
                stricter.push(format!("{name} {kind}/{id}: {codes:?}"));
            } else {
                failures.push(format!(
                    "{name} ({}): {kind}/{id}: openspec says {}, wsc says {} {codes:?}",
                    case.description,
                    if *want { "valid" } else { "invalid" },
                    if got { "valid" } else { "invalid" },
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "{} cases; {} items where wsc is stricter by design:\n  {}",
        cases.len(),
        stricter.len(),
        stricter.join("\n  ")
    );
    if live.is_none() {
        println!(
            "SKIP: the reference CLI is not installed; compared with the recorded verdicts only"
        );
    } else {
        println!("the recorded verdicts of {live_checked} cases match a live run of openspec");
    }
    assert!(
        failures.is_empty(),
        "{} disagreement(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
