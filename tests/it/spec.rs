//! `wsc spec validate` and `wsc spec coverage` on the project's own specs.

use crate::common::{TempDir, wsc};

#[test]
fn the_shipped_specs_validate_cleanly() {
    let o = wsc(&["spec", "validate", "--format", "json", "."]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(
        v["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{}",
        o.stdout
    );
}

#[test]
fn every_checkable_scenario_of_the_shipped_specs_is_covered() {
    let o = wsc(&["spec", "coverage", "--format", "json", "."]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let specs = v["specs"].as_array().expect("specs");
    let ids: Vec<&str> = specs
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["template-contract", "workspace-runtime"]);
    for s in specs {
        let id = s["id"].as_str().expect("id");
        let checkable = s["checkable"].as_u64().expect("n");
        assert!(
            checkable >= 25,
            "{id}: only {checkable} checkable scenarios"
        );
        assert_eq!(
            s["covered"], s["checkable"],
            "{id}: a checkable scenario has no rule"
        );
    }
    assert_eq!(
        v["dangling_rules"].as_array().map(Vec::len),
        Some(0),
        "{}",
        v["dangling_rules"]
    );
    assert_eq!(v["stale_runtime_only"].as_array().map(Vec::len), Some(0));
    // Every TC, TR, INV, F and D rule verifies a scenario, and has fixtures.
    for r in wsc::rules::ALL {
        let traced = ["TC", "TR", "INV-", "F-", "D-"]
            .iter()
            .any(|p| r.code.starts_with(p));
        assert_eq!(
            !r.verifies.is_empty(),
            traced,
            "{}: verifies {:?}",
            r.code,
            r.verifies
        );
    }
    let unfixtured: Vec<String> = wsc::rules::ALL
        .iter()
        .filter(|r| !r.verifies.is_empty())
        .filter_map(|r| {
            let (bad, good) = crate::common::fixture_counts(r.code);
            (bad == 0 || good == 0).then(|| format!("{} ({bad} bad, {good} good)", r.code))
        })
        .collect();
    assert!(
        unfixtured.is_empty(),
        "rules that verify a scenario without a bad and a good fixture: {unfixtured:?}"
    );
}

#[test]
fn the_coverage_report_snapshot() {
    let o = wsc(&["spec", "coverage", "."]);
    assert_eq!(o.code, 0);
    insta::assert_snapshot!("spec_coverage", o.stdout);
    let html = wsc(&["spec", "coverage", "--format", "html", "."]);
    assert!(html.stdout.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.stdout.contains("http://") && !html.stdout.contains("https://"),
        "self-contained"
    );
    assert!(html.stdout.contains("class=\"ok\""));
}

#[test]
fn coverage_flags_unverified_scenarios_and_rules_naming_missing_ones() {
    let dir = TempDir::new("spec-coverage");
    dir.write(
        "openspec/specs/workspace-runtime/spec.md",
        "# Workspace runtime\n\n## Purpose\nA cut-down copy of the runtime contract, to see coverage flag gaps.\n\n## Requirements\n\n### Requirement: Sysbox runtime\nThe container SHALL run under sysbox-runc.\n\n#### Scenario: The container is configured for Sysbox\n- **WHEN** a template declares the container\n- **THEN** it runs under sysbox-runc\n\n#### Scenario: A brand-new check\n- **WHEN** something new is asked\n- **THEN** no rule verifies it yet\n\n#### Scenario: Needs a host\n- **WHEN** it runs\n- **THEN** only a host can tell\n",
    );
    dir.write(
        "openspec/specs/workspace-runtime/runtime-only.toml",
        "[[scenario]]\nrequirement = \"Sysbox runtime\"\nscenario = \"Needs a host\"\nreason = \"only a host can tell\"\n\n[[scenario]]\nrequirement = \"Sysbox runtime\"\nscenario = \"Gone\"\nreason = \"stale\"\n",
    );
    let root = dir.0.display().to_string();
    let o = wsc(&["spec", "coverage", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let s = &v["specs"][0];
    assert_eq!(s["checkable"], 2);
    assert_eq!(s["covered"], 1);
    assert_eq!(s["runtime_only"], 1);
    let statuses: Vec<&str> = s["requirements"][0]["scenarios"]
        .as_array()
        .expect("a")
        .iter()
        .map(|x| x["status"].as_str().expect("s"))
        .collect();
    assert_eq!(statuses, ["covered", "uncovered", "runtime-only"]);
    // Every other runtime rule names a scenario this cut-down spec lacks.
    let dangling = v["dangling_rules"].as_array().expect("a");
    assert!(dangling.iter().any(|d| d["code"] == "F-6"), "{dangling:?}");
    assert!(!dangling.iter().any(|d| d["code"] == "INV-1"));
    assert!(
        !dangling.iter().any(|d| d["code"] == "TC001"),
        "another spec's rules are not dangling"
    );
    assert_eq!(v["stale_runtime_only"][0]["scenario"], "Gone");
    let text = wsc(&["spec", "coverage", &root]);
    assert!(
        text.stdout
            .contains("✗ A brand-new check: no rule verifies it"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("F-6 names a scenario that does not exist"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_directory_without_openspec_is_refused() {
    let dir = TempDir::new("spec-none");
    dir.write("README.md", "nothing here\n");
    let root = dir.0.display().to_string();
    let o = wsc(&["spec", "validate", "--format", "json", &root]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("SP027"), "{}", o.stdout);
    let o = wsc(&["spec", "coverage", &root]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no OpenSpec root"), "{}", o.stderr);
    assert_eq!(wsc(&["spec", "validate", "no/such/dir"]).code, 2);
}

#[test]
fn markdown_suppressions_and_bad_input() {
    let dir = TempDir::new("spec-suppress");
    let spec = "# Desk\n\n## Purpose\nHow the rental desk lends bicycles and takes them back again.\n\n## Requirements\n\n### Requirement: Lending\nThe desk SHALL lend a bicycle to a member.\n\n<!-- wsc:ignore SP013 -- prose steps, kept from the old manual -->\n#### Scenario: A member borrows\nA member borrows a bicycle and rides away.\n";
    dir.write("openspec/specs/desk/spec.md", spec);
    let root = dir.0.display().to_string();
    let o = wsc(&["spec", "validate", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    // Without the comment the stricter SP013 fails the spec.
    dir.write(
        "openspec/specs/desk/spec.md",
        &spec.replace(
            "<!-- wsc:ignore SP013 -- prose steps, kept from the old manual -->\n",
            "",
        ),
    );
    let o = wsc(&["spec", "validate", "--format", "json", &root]);
    assert_eq!(o.code, 1);
    assert_eq!(crate::common::codes(&o.stdout), ["SP013"]);
    // Bytes that are not UTF-8 are a located WSC001, not a panic.
    std::fs::write(
        dir.path("openspec/specs/desk/spec.md"),
        b"# Desk\n\xff\xfe\n",
    )
    .expect("write");
    let o = wsc(&["spec", "validate", "--format", "json", &root]);
    assert_eq!(o.code, 1);
    assert_eq!(crate::common::codes(&o.stdout), ["WSC001"]);
}

mod properties {
    use std::sync::Arc;

    use proptest::prelude::*;
    use wsc::ingest::openspec::MainSpec;
    use wsc::ingest::openspec::{parse, parse_delta};
    use wsc::rules::Checks;

    /// Markdown-ish lines: headings, bullets, fences, keywords, odd spacing.
    fn markdown() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("## Purpose".to_string()),
            Just("## Requirements".to_string()),
            Just("## ADDED Requirements".to_string()),
            Just("### Requirement: A".to_string()),
            Just("###Requirement: B".to_string()),
            Just(" ## Indented".to_string()),
            Just("#### Scenario: S".to_string()),
            Just("- **WHEN** x".to_string()),
            Just("- **THEN** y".to_string()),
            Just("```".to_string()),
            Just("    ```".to_string()),
            Just("The desk SHALL lend.".to_string()),
            Just("- FROM: `### Requirement: A`".to_string()),
            Just("- TO: `### Requirement: C`".to_string()),
            Just("===".to_string()),
            "[ -~é😀\t#*`]{0,40}",
        ];
        prop::collection::vec(line, 0..40).prop_map(|l| l.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn reading_and_checking_never_panic_and_are_deterministic(text in markdown()) {
            let doc = parse(&text);
            let again = parse(&text);
            prop_assert_eq!(doc.lines.len(), again.lines.len());
            let _ = parse_delta(&text);
            let run = || {
                let s = MainSpec::new("p", Arc::from("p.md"), &doc);
                let mut out = Vec::new();
                for check in &Checks::all().spec {
                    check(&s, &mut out);
                }
                out.iter().map(|d| format!("{} {:?} {}", d.code(), d.span, d.message)).collect::<Vec<_>>()
            };
            prop_assert_eq!(run(), run());
        }
    }
}

#[test]
fn a_finding_in_an_empty_file_is_at_line_1_column_1() {
    let dir = TempDir::new("spec-empty");
    dir.write("openspec/specs/desk/spec.md", "");
    let root = dir.0.display().to_string();
    let o = wsc(&["spec", "validate", "--color", "never", &root]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("spec.md:1:1\n"), "{}", o.stdout);
}
