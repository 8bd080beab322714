//! `wsc new toolchain`: the generated toolchain (`generate::toolchain::files`).
//! `wsc check` reads its two declarations, finds them in agreement (TR007)
//! and pairs it with a generated Kubernetes base on every profile it offers;
//! Terraform formats, plans and applies the module offline, and its outputs
//! are the catalog's defaults.

use wsc::contract::catalog::CapKind;
use wsc::contract::model::ImageRef;
use wsc::generate::File;
use wsc::generate::toolchain::files;
use wsc::ingest::catalog::embedded;

use crate::common::{
    TempDir, assert_ok, file_text, terraform, terraform_available, write_files, wsc,
};

const NAME: &str = "demo-toolchain";

fn toolchain(name: &str) -> Vec<File> {
    files(embedded(), name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The findings of `wsc check --format json ROOT`, one line each, and the
/// number of files it read.
fn check(root: &str) -> (Vec<String>, u64, i32) {
    let o = wsc(&["check", "--format", "json", root]);
    let v: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.stdout));
    let findings = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d["code"], d["severity"], d["file"], d["message"]
            )
        })
        .collect();
    let read = v["summary"]["files"].as_u64().expect("summary.files");
    (findings, read, o.code)
}

#[test]
fn a_toolchain_is_sorted_deterministic_and_complete() {
    let a = toolchain(NAME);
    let b = toolchain(NAME);
    assert_eq!(a, b, "two calls differ");
    let paths: Vec<_> = a.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        paths,
        ["README.md", "outputs.tf", "toolchain.yaml", "versions.tf"]
            .map(std::path::PathBuf::from)
            .to_vec()
    );
    let cat = embedded();
    let yaml = file_text(&a, "toolchain.yaml");
    let outputs = file_text(&a, "outputs.tf");
    assert!(yaml.contains(&format!("name: {NAME}\n")), "{yaml}");
    assert!(yaml.contains(&format!("contract: \"{}\"\n", cat.version)));
    // Every capability is written out, in both declarations.
    for c in &cat.capabilities {
        let v = c.value_text(c.default);
        assert!(yaml.contains(&format!("  {}: {v}\n", c.name)), "{yaml}");
        let tf = match c.kind {
            CapKind::Bool => v.to_string(),
            CapKind::Enum(_) => format!("\"{v}\""),
        };
        let line = outputs
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("\"{}\"", c.name)))
            .unwrap_or_else(|| panic!("{}: not in outputs.tf", c.name));
        assert!(line.ends_with(&format!("= {tf}")), "{line}");
    }
    for output in [
        "name",
        "version",
        "capabilities",
        "image_id",
        "profiles",
        "startup_script",
        "environment_variables",
    ] {
        assert!(
            outputs.contains(&format!("output \"{output}\" {{")),
            "{output}"
        );
    }
    assert!(outputs.contains("    exit 0\n  EOT\n"), "{outputs}");
    // No provider: the module plans offline.
    let versions = file_text(&a, "versions.tf");
    assert!(!versions.contains("required_providers"), "{versions}");
    let readme = file_text(&a, "README.md");
    assert!(readme.contains("TR007"), "{readme}");
}

#[test]
fn an_unsafe_name_is_refused() {
    let cat = embedded();
    let long = "a".repeat(65);
    for name in [
        "",
        "../x",
        "a/b",
        ".hidden",
        "..",
        "-x",
        "a b",
        "x\"y",
        "a\\b",
        long.as_str(),
    ] {
        let e = files(cat, name).expect_err(name);
        assert!(e.contains("not a toolchain name"), "{name}: {e}");
    }
    assert!(files(cat, &"a".repeat(64)).is_ok());
}

#[test]
fn the_image_placeholder_is_a_valid_oci_reference_for_any_name() {
    for name in ["x", "My_Tool", "a..b", "1.0", "a-_.b__", "UPPER.case-9"] {
        let files = toolchain(name);
        let yaml = file_text(&files, "toolchain.yaml");
        let image = yaml
            .lines()
            .find_map(|l| l.strip_prefix("image_id: "))
            .expect("image_id")
            .trim_matches('"');
        let parsed = ImageRef::parse(image).unwrap_or_else(|e| panic!("{name}: {image}: {e}"));
        assert_eq!(parsed.to_string(), image);
        assert!(image.starts_with("ghcr.io/example/") && image.ends_with(":0.1.0"));
        let outputs = file_text(&files, "outputs.tf");
        assert!(outputs.contains(&format!("\"{image}\"")), "{outputs}");
    }
}

/// A repository holding the toolchain and a generated Kubernetes base,
/// paired on every profile the toolchain offers.
fn repository(dir: &TempDir, tc: &[File]) {
    write_files(dir, &format!("toolchains/{NAME}"), tc);
    let base = wsc::generate::base::files(embedded(), "kubernetes", "base-kubernetes")
        .expect("a kubernetes base");
    write_files(dir, "bases/base-kubernetes", &base);
    let yaml = file_text(tc, "toolchain.yaml");
    let profiles = yaml
        .lines()
        .find_map(|l| l.strip_prefix("profiles: "))
        .expect("profiles");
    let default = yaml
        .lines()
        .find_map(|l| l.strip_prefix("default_profile: "))
        .expect("default_profile");
    dir.write(
        "pairings.yaml",
        &format!(
            "pairings:\n  demo-kubernetes:\n    toolchain: {NAME}\n    base: base-kubernetes\n    profiles: {profiles}\n    default_profile: {default}\n"
        ),
    );
}

#[test]
fn wsc_check_reads_the_toolchain_and_finds_nothing() {
    let dir = TempDir::new("new-toolchain-check");
    let tc = toolchain(NAME);
    repository(&dir, &tc);
    let root = dir.0.display().to_string();
    let (findings, read, code) = check(&root);
    assert!(findings.is_empty(), "{}", findings.join("\n"));
    assert_eq!(code, 0);

    // The toolchain alone: its yaml and its Terraform are both read.
    let alone = TempDir::new("new-toolchain-alone");
    write_files(&alone, &format!("toolchains/{NAME}"), &tc);
    let (findings, files_read, code) = check(&alone.0.display().to_string());
    assert!(findings.is_empty(), "{}", findings.join("\n"));
    assert_eq!(code, 0);
    assert!(
        files_read >= 3,
        "toolchain.yaml, outputs.tf and versions.tf: {files_read}"
    );
    assert!(read > files_read, "the base and pairings are read too");

    // The Terraform twin is compared with the yaml: a version that differs
    // is TR007, so agreement above was checked, not skipped.
    let outputs = file_text(&tc, "outputs.tf");
    let drifted = outputs.replace("value       = \"0.1.0\"", "value       = \"0.2.0\"");
    assert_ne!(drifted, outputs, "the version output is where it was");
    alone.write(&format!("toolchains/{NAME}/outputs.tf"), &drifted);
    let (findings, _, code) = check(&alone.0.display().to_string());
    assert!(
        findings.iter().any(|f| f.starts_with("\"TR007\"")),
        "{}",
        findings.join("\n")
    );
    assert_ne!(code, 0);
}

#[test]
fn every_generated_terraform_file_is_fmt_clean() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let dir = TempDir::new("new-toolchain-fmt");
    for name in [NAME, "My_Tool.2"] {
        write_files(&dir, name, &toolchain(name));
        let o = terraform(
            &dir.path(name),
            &["fmt", "-check", "-recursive", "-diff", "-no-color"],
        );
        assert_ok(&o, &format!("{name}: terraform fmt -check"));
    }
}

#[test]
fn the_module_plans_and_applies_offline_with_the_catalog_defaults() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let dir = TempDir::new("new-toolchain-plan");
    let tc = toolchain(NAME);
    write_files(&dir, &format!("toolchains/{NAME}"), &tc);
    // A root module that reads the toolchain as a composed template does.
    dir.write(
        "root/main.tf",
        &format!(
            r#"module "toolchain" {{
  source = "../toolchains/{NAME}"
}}

output "startup_script" {{
  value = module.toolchain.startup_script
}}

output "environment_variables" {{
  value = tomap(module.toolchain.environment_variables)
}}

output "capabilities" {{
  value = module.toolchain.capabilities
}}

output "image_id" {{
  value = module.toolchain.image_id
}}

output "profiles" {{
  value = module.toolchain.profiles
}}
"#
        ),
    );
    let root = dir.path("root");
    assert_ok(
        &terraform(
            &root,
            &["init", "-backend=false", "-input=false", "-no-color"],
        ),
        "terraform init",
    );
    assert_ok(
        &terraform(&root, &["validate", "-no-color"]),
        "terraform validate",
    );
    let plan = terraform(&root, &["plan", "-input=false", "-no-color"]);
    assert_ok(&plan, "terraform plan");
    let shown = String::from_utf8_lossy(&plan.stdout);
    assert!(shown.contains("startup_script"), "{shown}");
    assert_ok(
        &terraform(
            &root,
            &["apply", "-auto-approve", "-input=false", "-no-color"],
        ),
        "terraform apply",
    );
    let o = terraform(&root, &["output", "-json", "-no-color"]);
    assert_ok(&o, "terraform output");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("output JSON");
    let cat = embedded();
    let caps = v["capabilities"]["value"]
        .as_object()
        .expect("capabilities");
    assert_eq!(caps.len(), cat.capabilities.len());
    for c in &cat.capabilities {
        let want = match c.kind {
            CapKind::Bool => serde_json::Value::Bool(c.value_text(c.default) == "true"),
            CapKind::Enum(_) => serde_json::Value::String(c.value_text(c.default).to_string()),
        };
        assert_eq!(caps.get(&c.name), Some(&want), "{}", c.name);
    }
    let yaml = file_text(&tc, "toolchain.yaml");
    let image = v["image_id"]["value"].as_str().expect("image_id");
    assert!(yaml.contains(&format!("image_id: {image}\n")), "{yaml}");
    let script = v["startup_script"]["value"].as_str().expect("script");
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    assert!(script.ends_with("exit 0\n"), "{script}");
    assert_eq!(
        v["environment_variables"]["value"]["TOOLCHAIN_NAME"],
        serde_json::Value::String(NAME.to_string())
    );
    let profiles: Vec<&str> = v["profiles"]["value"]
        .as_array()
        .expect("profiles")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        yaml.contains(&format!("profiles: [{}]\n", profiles.join(", "))),
        "{yaml}"
    );
}

#[test]
fn the_startup_script_runs_twice_and_succeeds() {
    let Ok(bash) = std::process::Command::new("bash").arg("--version").output() else {
        println!("SKIP: bash not found");
        return;
    };
    assert!(bash.status.success());
    let tc = toolchain(NAME);
    let outputs = file_text(&tc, "outputs.tf");
    let body = outputs
        .split_once("<<-EOT\n")
        .and_then(|(_, r)| r.split_once("  EOT\n"))
        .map(|(b, _)| b)
        .expect("a heredoc");
    let script: String = body
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    let home = TempDir::new("new-toolchain-home");
    for run in 1..=2 {
        let o = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env("HOME", &home.0)
            .output()
            .expect("bash runs");
        assert_ok(&o, &format!("run {run}"));
    }
    assert!(home.path(".local/bin").is_dir());
}

#[test]
fn the_outputs_and_toolchain_yaml_of_a_new_toolchain() {
    let tc = toolchain(NAME);
    insta::assert_snapshot!("new_toolchain_outputs_tf", file_text(&tc, "outputs.tf"));
    insta::assert_snapshot!(
        "new_toolchain_toolchain_yaml",
        file_text(&tc, "toolchain.yaml")
    );
}
