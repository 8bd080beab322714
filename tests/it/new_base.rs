//! `wsc new base`: the generated base modules (`generate::base::files`).
//! Terraform proves what it can offline (every file `fmt`-clean, the core's
//! `terraform test`); `wsc check` reads each base as a base, `wsc audit`
//! holds the docker-sysbox one to the runtime contract, and checkov scans
//! them all.

use std::path::Path;

use wsc::generate::File;
use wsc::generate::base::files;
use wsc::ingest::catalog::embedded;

use crate::common::{
    TempDir, assert_ok, file_text, terraform, terraform_available, write_files, wsc,
};

/// The platforms wsc generates bases for, and the toolchain of the example
/// repository each is paired with in the `wsc check` test.
const PLATFORMS: &[(&str, &str)] = &[
    ("docker-sysbox", "swdev-toolchain"),
    ("ec2-gpu", "swdev-toolchain"),
    ("ec2-linux", "swdev-toolchain"),
    ("ec2-windows", "windev-toolchain"),
    ("kubernetes", "swdev-toolchain"),
];

fn base(platform: &str) -> Vec<File> {
    let cat = embedded();
    files(cat, platform, &format!("base-{platform}")).unwrap_or_else(|e| panic!("{platform}: {e}"))
}

#[test]
fn a_base_is_sorted_deterministic_and_complete() {
    for (platform, _) in PLATFORMS {
        let a = base(platform);
        let b = base(platform);
        assert_eq!(a, b, "{platform}: two calls differ");
        let paths: Vec<_> = a.iter().map(|f| f.path.clone()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted, "{platform}: not sorted by path");
        for want in [
            "README.md",
            "base.yaml",
            "core/catalog.tf",
            "core/main.tf",
            "core/outputs.tf",
            "core/tests/core.tftest.hcl",
            "core/variables.tf",
            "main.tf",
            "outputs.tf",
            "variables.tf",
            "versions.tf",
        ] {
            assert!(
                paths.iter().any(|p| p == Path::new(want)),
                "{platform}: no {want}"
            );
        }
        let yaml = file_text(&a, "base.yaml");
        assert!(yaml.contains(&format!("platform: {platform}\n")), "{yaml}");
        assert!(yaml.contains("version: 0.1.0\n") && yaml.contains("contract: \"1.0\"\n"));
        // The core is render's, unchanged.
        let cat = embedded();
        for (path, core) in wsc::render::core::core_files(cat) {
            assert_eq!(
                file_text(&a, &format!("core/{path}")),
                core,
                "{platform}: {path}"
            );
        }
        // Capability decisions come from the core, not from literals.
        let main = file_text(&a, "main.tf");
        assert!(main.contains("module \"core\""), "{platform}");
        assert!(main.contains("module.core."), "{platform}");
    }
}

#[test]
fn a_platform_without_a_renderer_or_a_bad_name_is_an_error() {
    let cat = embedded();
    let e = files(cat, "nomad", "x").expect_err("no renderer");
    assert!(e.contains("nomad") && e.contains("docker-sysbox"), "{e}");
    for name in ["", "../x", "a/b", "-x", "a b", "x\"y"] {
        let e = files(cat, "kubernetes", name).expect_err(name);
        assert!(e.contains("not a base name"), "{name}: {e}");
    }
}

#[test]
fn the_supports_of_base_yaml_are_the_platforms() {
    let docker = base("docker-sysbox");
    let yaml = file_text(&docker, "base.yaml");
    assert!(
        yaml.contains("  - network-egress: [https-only, unrestricted]\n"),
        "{yaml}"
    );
    assert!(
        !yaml.contains("gpu-support") && !yaml.contains("gui-rdp"),
        "{yaml}"
    );
    let windows = base("ec2-windows");
    let yaml = file_text(&windows, "base.yaml");
    assert!(
        yaml.contains("  - gui-rdp\n") && !yaml.contains("artifact-cache"),
        "{yaml}"
    );
}

#[test]
fn every_generated_terraform_file_is_fmt_clean() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let dir = TempDir::new("new-base-fmt");
    for (platform, _) in PLATFORMS {
        write_files(&dir, platform, &base(platform));
        let o = terraform(
            &dir.path(platform),
            &["fmt", "-check", "-recursive", "-diff", "-no-color"],
        );
        assert_ok(&o, &format!("{platform}: terraform fmt -check"));
    }
}

#[test]
fn the_core_of_every_base_passes_terraform_test() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let dir = TempDir::new("new-base-core");
    for (platform, _) in PLATFORMS {
        write_files(&dir, platform, &base(platform));
        let core = dir.path(platform).join("core");
        assert_ok(
            &terraform(&core, &["init", "-input=false", "-no-color"]),
            &format!("{platform}: terraform init"),
        );
        let o = terraform(&core, &["test", "-no-color"]);
        assert_ok(&o, &format!("{platform}: terraform test"));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("0 failed"), "{platform}: {out}");
    }
}

/// A repository holding every generated base, each paired with a toolchain
/// of the example repository.
fn repository(dir: &TempDir) {
    for (platform, toolchain) in PLATFORMS {
        write_files(dir, &format!("bases/base-{platform}"), &base(platform));
        let yaml = std::fs::read_to_string(format!(
            "examples/template-repo/toolchains/{toolchain}/toolchain.yaml"
        ))
        .expect("toolchain.yaml");
        dir.write(&format!("toolchains/{toolchain}/toolchain.yaml"), &yaml);
    }
    let mut pairings = String::from("pairings:\n");
    for (platform, toolchain) in PLATFORMS {
        let profiles = if *toolchain == "windev-toolchain" {
            "[sw-dev-medium, sw-dev-large]\n    default_profile: sw-dev-large"
        } else {
            "[sw-dev-small, sw-dev-medium]\n    default_profile: sw-dev-medium"
        };
        pairings.push_str(&format!(
            "  {platform}:\n    toolchain: {toolchain}\n    base: base-{platform}\n    profiles: {profiles}\n"
        ));
    }
    dir.write("pairings.yaml", &pairings);
}

#[test]
fn wsc_check_reads_every_generated_base_as_a_conformant_base() {
    let dir = TempDir::new("new-base-check");
    repository(&dir);
    let root = dir.0.display().to_string();
    let o = wsc(&["check", "--format", "json", &root]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    let findings: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["file"], d["message"]))
        .collect();
    assert!(findings.is_empty(), "{}", findings.join("\n"));
    assert_eq!(o.code, 0, "{}", o.stdout);
    // Each base was read as a base, with its platform.
    let text = wsc(&["check", "--color", "never", &root]);
    for (platform, _) in PLATFORMS {
        assert!(
            !text.stdout.contains("not evaluated"),
            "{platform}: {}",
            text.stdout
        );
    }
}

#[test]
fn wsc_audit_finds_nothing_in_the_docker_sysbox_base() {
    let dir = TempDir::new("new-base-audit");
    let image =
        std::fs::read_to_string("tests/audit_fixtures/_base/image/Dockerfile").expect("base image");
    dir.write("image/Dockerfile", &image);
    write_files(&dir, "bases/base-docker-sysbox", &base("docker-sysbox"));
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(
        crate::common::codes(&o.stdout),
        Vec::<String>::new(),
        "{}",
        o.stdout
    );
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    let governed = v["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .filter(|t| t["status"] == "governed")
        .count();
    assert_eq!(
        governed, 1,
        "the base is held to the contract: {}",
        o.stdout
    );
}

#[test]
fn the_main_tf_of_every_base() {
    for (platform, _) in PLATFORMS {
        let files = base(platform);
        insta::assert_snapshot!(
            format!("new_base_main_{}", platform.replace('-', "_")),
            file_text(&files, "main.tf")
        );
    }
}

#[test]
fn the_variables_and_base_yaml_of_the_docker_sysbox_base() {
    let files = base("docker-sysbox");
    insta::assert_snapshot!(
        "new_base_docker_variables",
        file_text(&files, "variables.tf")
    );
    insta::assert_snapshot!("new_base_docker_base_yaml", file_text(&files, "base.yaml"));
}

mod checkov {
    use super::{PLATFORMS, TempDir, base, write_files};
    use crate::common::{checkov, checkov_skips};

    #[test]
    fn checkov_fails_no_check_on_the_generated_bases() {
        let Some(ck) = checkov() else {
            println!("SKIP: checkov not found (`.ci/run` installs it)");
            return;
        };
        let dir = TempDir::new("new-base-checkov");
        for (platform, _) in PLATFORMS {
            write_files(&dir, platform, &base(platform));
        }
        let o = std::process::Command::new(&ck)
            .args([
                "--quiet",
                "--compact",
                "-o",
                "json",
                "--skip-download",
                "--framework",
                "terraform",
                "-d",
            ])
            .arg(&dir.0)
            .arg("--skip-check")
            .arg(checkov_skips().join(","))
            .env("BC_SKIP_MAPPING", "TRUE")
            .output()
            .expect("checkov runs");
        let out = String::from_utf8_lossy(&o.stdout);
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        let reports = match v {
            serde_json::Value::Array(a) => a,
            other => vec![other],
        };
        let mut failed = Vec::new();
        let mut passed = 0;
        for r in &reports {
            passed += r["summary"]["passed"].as_u64().unwrap_or(0);
            for c in r["results"]["failed_checks"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                failed.push(format!(
                    "{} {} {} {}",
                    c["check_id"], c["file_path"], c["resource"], c["check_name"]
                ));
            }
        }
        assert!(passed > 20, "checkov checked little: {out}");
        assert!(
            failed.is_empty(),
            "checkov failures:\n{}",
            failed.join("\n")
        );
    }
}

/// The object names the core gives the Kubernetes base are render's
/// (`render::names`), short and cut alike.
#[test]
fn the_cores_object_names_are_renders() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let owners = [
        ("alice", "dev"),
        ("Alice", "dev"),
        (
            "a-very-long-owner-name-of-thirty",
            "and-a-workspace-named-at-length",
        ),
    ];
    let dir = TempDir::new("new-base-names");
    write_files(&dir, "m", &base("kubernetes"));
    let mut root = String::new();
    for (i, (owner, ws)) in owners.iter().enumerate() {
        root.push_str(&format!(
            "module \"c{i}\" {{\n  source          = \"./core\"\n  platform        = \"kubernetes\"\n  owner           = \"{owner}\"\n  workspace_name  = \"{ws}\"\n  image_id        = \"x\"\n  compute_profile = {{ cpu = 1, memory = \"1Gi\", storage = \"1Gi\" }}\n}}\n\noutput \"c{i}\" {{\n  value = module.c{i}.object_names\n}}\n\n"
        ));
    }
    dir.write("m/root.tf", &root);
    let m = dir.path("m");
    // Only the core and the root: the base's resources need providers.
    for f in ["main.tf", "outputs.tf", "variables.tf", "versions.tf"] {
        std::fs::remove_file(m.join(f)).expect("remove");
    }
    assert_ok(
        &terraform(&m, &["init", "-input=false", "-no-color"]),
        "init",
    );
    assert_ok(
        &terraform(&m, &["plan", "-input=false", "-no-color", "-out", "p"]),
        "plan",
    );
    let shown = terraform(&m, &["show", "-json", "p"]);
    assert_ok(&shown, "show");
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("JSON");
    for (i, (owner, ws)) in owners.iter().enumerate() {
        let names = &v["planned_values"]["outputs"][format!("c{i}")]["value"];
        let name = wsc::render::names::workspace_label("ws", owner, ws);
        for sfx in ["agent", "agent-token", "cache", "egress", "home", "secrets"] {
            assert_eq!(
                names[sfx].as_str(),
                Some(wsc::render::names::with_suffix(&name, sfx).as_str()),
                "{owner}/{ws} {sfx}: {names}"
            );
        }
    }
}
