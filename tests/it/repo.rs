//! `wsc check` and `wsc matrix` on whole repositories.

use crate::common::{TempDir, codes, wsc};

#[test]
fn the_template_repo_is_clean_but_for_the_expected_info() {
    let o = wsc(&["check", "--format", "json", "examples/template-repo"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["warnings"], 0);
    let infos: Vec<&serde_json::Value> = v["diagnostics"].as_array().expect("a").iter().collect();
    assert_eq!(infos.len(), 1, "{infos:?}");
    assert_eq!(infos[0]["code"], "TR010");
    assert!(
        infos[0]["message"]
            .as_str()
            .expect("m")
            .contains("gpu-support")
    );
    assert_eq!(infos[0]["line"], 17, "points at the ec2-datasci pairing");
}

#[test]
fn the_broken_repo_snapshot() {
    let o = wsc(&["check", "--color", "never", "examples/broken-repo"]);
    assert_eq!(o.code, 1);
    insta::assert_snapshot!("broken_repo", o.stdout);
}

#[test]
fn the_broken_repo_has_every_tr_rule_and_common_tc_mistakes() {
    let o = wsc(&["check", "--format", "json", "examples/broken-repo"]);
    let c = codes(&o.stdout);
    for code in [
        "TR001", "TR002", "TR003", "TR004", "TR005", "TR006", "TR007", "TR008", "TR009", "TR010",
        "TR011", "TR012", "TR013", "TC001", "TC002", "TC003", "TC004", "TC009", "TC016", "TC018",
        "WSC005",
    ] {
        assert!(c.iter().any(|x| x == code), "{code} missing from {c:?}");
    }
}

#[test]
fn check_output_is_deterministic() {
    let a = wsc(&["check", "--format", "json", "examples/broken-repo"]);
    for _ in 0..3 {
        assert_eq!(
            wsc(&["check", "--format", "json", "examples/broken-repo"]).stdout,
            a.stdout
        );
    }
}

#[test]
fn a_missing_directory_exits_2() {
    let o = wsc(&["check", "no/such/repo"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no such directory"));
    assert_eq!(wsc(&["matrix", "no/such/repo"]).code, 2);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

#[test]
fn gitignored_toolchains_are_skipped_and_symlink_loops_survived() {
    let dir = TempDir::new("repo-walk");
    copy_dir(std::path::Path::new("examples/template-repo"), &dir.0);
    dir.write(
        "toolchains/scratch/toolchain.yaml",
        "name: scratch\ncapabilities: {bogus: 1}\n",
    );
    dir.write(".gitignore", "toolchains/scratch/\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir.0, dir.path("toolchains/loop")).expect("symlink");
    let root = dir.0.display().to_string();
    let o = wsc(&["check", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(codes(&o.stdout), ["TR010"]);
}

#[test]
fn matrix_text_json_and_html() {
    let o = wsc(&["matrix", "examples/template-repo"]);
    assert_eq!(o.code, 0);
    insta::assert_snapshot!("matrix_text", o.stdout);

    let o = wsc(&["matrix", "--format", "json", "examples/template-repo"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 3 * 5);
    let cell = |t: &str, b: &str| {
        cells
            .iter()
            .find(|c| c["toolchain"] == t && c["base"] == b)
            .expect("cell")
    };
    assert_eq!(cell("swdev-toolchain", "base-k8s")["compatible"], true);
    assert_eq!(cell("windev-toolchain", "base-k8s")["compatible"], false);
    assert_eq!(
        cell("windev-toolchain", "base-k8s")["refusals"][0]["code"],
        "TR011"
    );
    assert_eq!(
        cell("datasci-toolchain", "base-ec2-linux")["notes"][0]["code"],
        "TR010"
    );

    let o = wsc(&["matrix", "--format", "html", "examples/template-repo"]);
    assert_eq!(o.code, 0);
    let html = o.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no external assets"
    );
    assert!(html.contains("class=\"no\"") && html.contains("class=\"ok\""));
    assert!(html.contains("data-detail=\"windev-toolchain on base-k8s: \nTR011"));
}

#[test]
fn catalog_differences_name_each_change() {
    use wsc::contract::catalog::{Level, Support};
    use wsc::contract::model::{Arch, ImageKind};
    let reference = wsc::ingest::catalog::embedded();
    let mut c = reference.clone();
    assert!(wsc::engine::repo::catalog_differences(&c, reference).is_empty());
    c.implications[1].level = Level::Must;
    c.gpu_types[0].memory_gb = (16, 32);
    c.platforms[0].image_kinds.push(ImageKind::Ami);
    c.platforms[2].arch.push(Arch::Arm64);
    let vnc = c.capability("gui-vnc").expect("cap");
    c.platforms[0].support[vnc] = Support::No;
    c.exclusions.clear();
    let d = wsc::engine::repo::catalog_differences(&c, reference);
    let has = |s: &str| d.iter().any(|x| x.contains(s));
    assert!(
        has("implication added") && has("implication removed"),
        "{d:?}"
    );
    assert!(has("GPU type nvidia-t4 has other memory"), "{d:?}");
    assert!(
        has("platform kubernetes accepts other image kinds"),
        "{d:?}"
    );
    assert!(has("platform ec2-windows has other architectures"), "{d:?}");
    assert!(has("platform kubernetes does not support gui-vnc"), "{d:?}");
    assert!(has("exclusion of gui-rdp and gui-vnc is removed"), "{d:?}");
}

/// A directory with nothing `wsc check` reads says so (a warning, so
/// `--deny-warnings` fails) instead of "no problems found".
#[test]
fn a_directory_without_a_repository_is_nothing_to_check() {
    let dir = crate::common::TempDir::new("check-nothing");
    dir.write("docs/notes.md", "# nothing here\n");
    let root = dir.0.display().to_string();
    let o = crate::common::wsc(&["check", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(crate::common::codes(&o.stdout), ["WSC008"]);
    let o = crate::common::wsc(&["check", "--deny-warnings", &root]);
    assert_eq!(o.code, 1, "{}", o.stdout);
}

/// Only a wsc catalog replaces the embedded contract: a `contract/` folder of
/// another kind is noted once (WSC010) and the check goes on; `wsc contract
/// export` writes the embedded catalog, which is recognised as one and named
/// from `wsc.toml`.
#[test]
fn contract_folders_export_and_naming() {
    let dir = TempDir::new("contract-folder");
    for f in [
        "pairings.yaml",
        "toolchains/swdev-toolchain/toolchain.yaml",
        "bases/base-k8s/base.yaml",
    ] {
        let from = format!("examples/template-repo/{f}");
        if let Ok(text) = std::fs::read_to_string(&from) {
            dir.write(f, &text);
        }
    }
    dir.write(
        "contract/contract-schema.yaml",
        "version: 1\ninputs:\n  workspace_name: {type: string}\n",
    );
    let root = dir.0.display().to_string();
    let o = wsc(&["check", "--format", "json", &root]);
    assert_ne!(o.code, 2, "{}", o.stderr);
    let c = codes(&o.stdout);
    assert_eq!(c.iter().filter(|x| *x == "WSC010").count(), 1, "{c:?}");
    assert!(!c.iter().any(|x| x == "WSC006"), "{c:?}");

    // The exported catalog is a catalog, equal to the embedded one.
    let export = dir.path("org-contract").display().to_string();
    let o = wsc(&["contract", "export", &export]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        wsc(&["contract", "export", &export]).code,
        2,
        "no overwrite"
    );
    assert!(wsc::ingest::catalog::is_catalog_dir(
        &dir.path("org-contract")
    ));
    let mut mine = wsc::ingest::catalog::load_path(&dir.path("org-contract")).expect("loads");
    let embedded = wsc::ingest::catalog::embedded();
    mine.source.clone_from(&embedded.source);
    assert!(mine == *embedded, "the export is the embedded catalog");

    // Named from wsc.toml (relative to it): no WSC010, no TR008.
    dir.write("wsc.toml", "contract = \"org-contract\"\n");
    let o = wsc(&["check", "--format", "json", &root]);
    let c = codes(&o.stdout);
    assert!(!c.iter().any(|x| x == "WSC010" || x == "TR008"), "{c:?}");
}

/// TR007 compares what both sources write: a capability under a key that is
/// not the contract's is TC001's alone, and an os the Terraform never
/// declares is no disagreement.
#[test]
fn tr007_compares_what_is_written() {
    let dir = TempDir::new("tr007-written");
    let good = "tests/repo_fixtures/TR007/good";
    for f in [
        "pairings.yaml",
        "bases/base-k8s/variables.tf",
        "bases/base-k8s/base.yaml",
        "bases/base-k8s/outputs.tf",
        "toolchains/swdev/toolchain.yaml",
        "toolchains/swdev/outputs.tf",
    ] {
        let text = std::fs::read_to_string(format!("{good}/{f}")).expect("read");
        let text = match f {
            "toolchains/swdev/toolchain.yaml" => text.replace(
                "  artifact-cache: true\n",
                "  artifact-cache: true\n  gui-vnc: true\n",
            ),
            "toolchains/swdev/outputs.tf" => text.replace(
                "    artifact-cache  = true\n",
                "    artifact-cache  = true\n    gui_vnc         = true\n",
            ),
            _ => text,
        };
        dir.write(f, &text);
    }
    let root = dir.0.display().to_string();
    let o = wsc(&["check", "--format", "json", &root]);
    let c = codes(&o.stdout);
    assert!(c.contains(&"TC001".to_string()), "{c:?}");
    assert!(!c.contains(&"TR007".to_string()), "{c:?}");
    // toolchain.yaml says windows; the Terraform says nothing of its os.
    let yaml = dir.path("toolchains/swdev/toolchain.yaml");
    let text = std::fs::read_to_string(&yaml).expect("read");
    std::fs::write(&yaml, format!("{text}os: windows\n")).expect("write");
    let o = wsc(&["check", "--format", "json", &root]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let os_disagreement = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .any(|d| d["code"] == "TR007" && d["message"].as_str().is_some_and(|m| m.contains(" os ")));
    assert!(!os_disagreement, "{}", o.stdout);
}

/// The matrix has one row per toolchain, however many variable assignments
/// a Terraform toolchain is checked with.
#[test]
fn the_matrix_has_one_row_per_toolchain() {
    let o = wsc(&["matrix", "--format", "json", "examples/broken-repo"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let text = v.to_string();
    let cells = v["cells"].as_array().map_or(0, Vec::len);
    let toolchains = v["toolchains"].as_array().map_or(0, Vec::len);
    let bases = v["bases"].as_array().map_or(0, Vec::len);
    assert!(cells > 0, "{text}");
    assert_eq!(cells, toolchains * bases, "{text}");
}

/// A key missing from a repository manifest is named as a key of that file,
/// not as an input of a composition.
#[test]
fn tc012_on_a_manifest_names_the_file() {
    let dir = TempDir::new("tc012-manifest");
    dir.write(
        "toolchains/t/toolchain.yaml",
        "version: 1.0.0\nimage_id: ghcr.io/a/b:1\ncapabilities: {}\n",
    );
    let root = dir.0.display().to_string();
    let o = wsc(&["check", "--format", "json", &root]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let d = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "TC012")
        .expect("a TC012");
    assert_eq!(d["message"], "missing required key `name`");
    assert_eq!(d["help"], "add `name:` to toolchain.yaml");
}

#[test]
fn a_seed_000_repository_is_read_as_it_is() {
    // Modules under modules/coder/template-architecture/, bases without
    // base.yaml, a foreign contract/ folder, templates composing them, and
    // no wsc file at all.
    let o = wsc(&["check", "--format", "json", "examples/terraform-native"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(
        v["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{}",
        o.stdout
    );
    let files = v["summary"]["files"].as_u64().unwrap_or(0);
    assert!(files >= 11, "templates and modules are read: {files}");
}

#[test]
fn the_broken_seed_000_repository_snapshot() {
    let o = wsc(&[
        "check",
        "--color",
        "never",
        "examples/terraform-native-broken",
    ]);
    assert_eq!(o.code, 1);
    let c = codes(
        &wsc(&[
            "check",
            "--format",
            "json",
            "examples/terraform-native-broken",
        ])
        .stdout,
    );
    for code in [
        "TR005", "TR009", "TR011", "TR014", "TR015", "TR016", "TC004", "TC009", "WSC005",
    ] {
        assert!(c.iter().any(|x| x == code), "{code} missing from {c:?}");
    }
    insta::assert_snapshot!("terraform_native_broken", o.stdout);
}

#[test]
fn a_toolchains_own_problem_is_not_repeated_at_the_template_that_overrides_another_capability() {
    let dir = TempDir::new("override");
    let repo = dir.path("repo");
    copy_dir(
        std::path::Path::new("tests/repo_fixtures/TC004/good-template-override"),
        &repo,
    );
    let outputs = repo.join("toolchain/outputs.tf");
    let text = std::fs::read_to_string(&outputs).expect("read");
    let broken = text.replace("\"https-only\"", "\"none\"");
    assert_ne!(text, broken, "the fixture's toolchain writes https-only");
    std::fs::write(&outputs, broken).expect("write");
    let o = wsc(&["check", "--format", "json", repo.to_str().expect("utf-8")]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let tc004: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "TC004")
        .collect();
    assert_eq!(tc004.len(), 1, "{}", o.stdout);
    assert!(
        tc004[0]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("toolchain/outputs.tf")),
        "reported on the toolchain, not the template: {}",
        o.stdout
    );
}
