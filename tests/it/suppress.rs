//! Inline suppressions (`wsc:ignore CODE -- reason`) and WSC002.

use crate::common::{TempDir, codes, wsc, wsc_stdin};

const BASE: &str = "platform: kubernetes\nworkspace_name: a\nowner: b\nimage_id: ghcr.io/x/y:1\ncompute_profile: sw-dev-small\ncapabilities:\n";

#[test]
fn a_reasoned_suppression_drops_the_finding_below_it() {
    let text = format!(
        "{BASE}  # wsc:ignore TC006 -- our k8s base adds RDP through a sidecar\n  gui-rdp: true\n"
    );
    let o = wsc_stdin(&["validate", "--format", "json", "-"], &text);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(codes(&o.stdout).is_empty());
}

#[test]
fn unused_reasonless_and_unknown_suppressions_are_wsc002() {
    let text = format!(
        "{BASE}  # wsc:ignore TC006\n  gui-rdp: true\n  # wsc:ignore TC003 -- nothing here\n  gui-vnc: false\n  # wsc:ignore TC999 -- typo\n  artifact-cache: true\n"
    );
    let o = wsc_stdin(&["validate", "--format", "json", "-"], &text);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let found: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .expect("a")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("c").to_string(),
                d["line"].as_u64().expect("l"),
            )
        })
        .collect();
    assert!(
        found.contains(&("TC006".to_string(), 8)),
        "a reason-less suppression is not applied: {found:?}"
    );
    assert!(found.contains(&("WSC002".to_string(), 7)), "{found:?}");
    assert!(found.contains(&("WSC002".to_string(), 9)), "{found:?}");
    assert!(found.contains(&("WSC002".to_string(), 11)), "{found:?}");
}

#[test]
fn suppressions_work_in_terraform_for_the_audit() {
    let dir = TempDir::new("suppress-tf");
    let text = std::fs::read_to_string("examples/ddev-workspace/template/main.tf").expect("read");
    let text = text.replace(
        "  stop_timeout          = 180\n",
        "  # wsc:ignore INV-8 -- large databases need longer to stop\n  stop_timeout          = 600\n",
    );
    dir.write("t/main.tf", &text);
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
}

#[test]
fn the_library_validate_text_honours_suppressions_like_the_cli() {
    use std::sync::Arc;
    let cat = wsc::ingest::catalog::embedded();
    let settings = wsc::engine::Settings::default();
    let file: Arc<str> = Arc::from("c.yaml");
    let bare = format!("{BASE}  gui-rdp: true\n");
    let codes_of = |text: &str| -> Vec<&'static str> {
        wsc::engine::validate_text(&file, text, cat, &settings)
            .iter()
            .map(wsc::diag::Diagnostic::code)
            .collect()
    };
    assert_eq!(codes_of(&bare), ["TC006"]);
    let suppressed = format!("{BASE}  # wsc:ignore TC006 -- a sidecar adds RDP\n  gui-rdp: true\n");
    assert!(
        codes_of(&suppressed).is_empty(),
        "{:?}",
        codes_of(&suppressed)
    );
}

#[test]
fn a_suppression_of_a_rule_switched_off_is_not_called_unused() {
    let dir = TempDir::new("suppress-off");
    dir.write("wsc.toml", "[rules]\nTC006 = \"off\"\n");
    let text = format!("{BASE}  # wsc:ignore TC006 -- a sidecar adds RDP\n  gui-rdp: true\n");
    let file = dir.write("c.yaml", &text);
    let config = dir.path("wsc.toml").display().to_string();
    let o = wsc(&["--config", &config, "validate", "--format", "json", &file]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(codes(&o.stdout).is_empty(), "{}", o.stdout);
    let o = wsc(&["--ignore", "TC006", "validate", "--format", "json", &file]);
    assert!(codes(&o.stdout).is_empty(), "{}", o.stdout);
}
