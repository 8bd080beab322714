//! `wsc compose` and the committed generated examples: the templates of
//! examples/template-repo and the bases of examples/bases are current;
//! every generated file is `terraform fmt`-clean; each template's contract
//! guard, called exactly as the template calls it (with the real toolchain
//! module), plans for every offered profile and fails, with the rule's
//! code, for one the template does not offer; `wsc check` reads the
//! generated templates as pairings; bad input writes nothing.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common::{TempDir, terraform, terraform_available, wsc};
use crate::composed::{flat, guard_holds};

const REPO: &str = "examples/template-repo";
const TEMPLATES: &str = "examples/template-repo/templates";
const PLATFORMS: &[&str] = &[
    "docker-sysbox",
    "ec2-gpu",
    "ec2-linux",
    "ec2-windows",
    "kubernetes",
];

/// The pairings of the example repository that compose writes.
fn template_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(TEMPLATES)
        .expect("examples/template-repo/templates")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("main.tf").is_file() && !p.ends_with("modules"))
        .collect();
    dirs.sort();
    dirs
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under dir");
                out.push((
                    rel.display().to_string(),
                    std::fs::read_to_string(&p).unwrap_or_default(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_committed_templates_are_current() {
    let o = wsc(&["compose", REPO, "--out", TEMPLATES, "--check"]);
    assert_eq!(
        o.code, 0,
        "examples/template-repo/templates is stale: run `wsc compose {REPO} --out {TEMPLATES}`\n{}{}",
        o.stdout, o.stderr
    );
    assert!(
        o.stdout
            .contains("the composed templates are up to date (11 files)"),
        "{}",
        o.stdout
    );
    // One template per pairing of pairings.yaml, and the guard.
    assert_eq!(template_dirs().len(), 5, "{:?}", template_dirs());
    assert!(
        Path::new(TEMPLATES)
            .join("modules/contract-guard/main.tf")
            .is_file()
    );
}

#[test]
fn the_committed_bases_are_current() {
    let mut dirs: Vec<(String, String)> = PLATFORMS
        .iter()
        .map(|p| (p.to_string(), format!("examples/bases/base-{p}")))
        .collect();
    dirs.push((
        "docker-sysbox".into(),
        format!("{REPO}/bases/base-docker-sysbox"),
    ));
    for (platform, dir) in dirs {
        let o = wsc(&["new", "base", "--platform", &platform, &dir, "--check"]);
        assert_eq!(
            o.code, 0,
            "{dir} is stale: run `wsc new base --platform {platform} {dir} --force`\n{}{}",
            o.stdout, o.stderr
        );
    }
}

#[test]
fn check_stale_prints_a_unified_diff_and_fails() {
    let tmp = TempDir::new("compose-stale");
    let out = tmp.path("out");
    let out_s = out.display().to_string();
    assert_eq!(wsc(&["compose", REPO, "--out", &out_s]).code, 0);
    let main = out.join("pod-swdev/main.tf");
    let text = std::fs::read_to_string(&main).expect("main.tf");
    std::fs::write(
        &main,
        text.replace("mutable      = true", "mutable      = false"),
    )
    .expect("edit");
    let o = wsc(&["compose", REPO, "--out", &out_s, "--check"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("--- a/pod-swdev/main.tf"), "{}", o.stdout);
    assert!(o.stdout.contains("+++ b/pod-swdev/main.tf"), "{}", o.stdout);
    assert!(o.stdout.contains("-  mutable      = false"), "{}", o.stdout);
    assert!(o.stdout.contains("+  mutable      = true"), "{}", o.stdout);
    assert!(o.stderr.contains("1 of 11 files"), "{}", o.stderr);
    // --check wrote nothing.
    assert!(
        std::fs::read_to_string(&main)
            .expect("main.tf")
            .contains("mutable      = false")
    );
}

#[test]
fn composing_is_deterministic_and_a_rerun_rewrites_nothing() {
    let tmp = TempDir::new("compose-rerun");
    let out = tmp.path("out");
    let out_s = out.display().to_string();
    let first = wsc(&["compose", REPO, "--out", &out_s]);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert!(
        first.stdout.contains("11 created, 0 updated, 0 unchanged"),
        "{}",
        first.stdout
    );
    let before = tree(&out);
    let stamp = |p: &str| {
        std::fs::metadata(out.join(p))
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let t0 = stamp("pod-swdev/main.tf");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = wsc(&["compose", REPO, "--out", &out_s]);
    assert_eq!(second.code, 0);
    assert!(
        second.stdout.contains("0 created, 0 updated, 11 unchanged"),
        "{}",
        second.stdout
    );
    assert_eq!(
        stamp("pod-swdev/main.tf"),
        t0,
        "an unchanged file was rewritten"
    );
    assert_eq!(tree(&out), before);
    // The committed copy is what compose writes anywhere (sources are
    // relative to the output directory, so compare the same place).
    assert!(
        before.iter().all(|(p, _)| !p.contains(".wsc-")),
        "temp files left: {before:?}"
    );
}

#[test]
fn every_generated_file_is_terraform_fmt_clean() {
    if !terraform_available() {
        println!("SKIP: terraform is not on the PATH");
        return;
    }
    for dir in [
        TEMPLATES,
        "examples/bases",
        "examples/template-repo/bases/base-docker-sysbox",
    ] {
        let o = terraform(Path::new(dir), &["fmt", "-check", "-recursive", "-diff"]);
        assert!(
            o.status.success(),
            "{dir}: not fmt-clean:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn each_templates_guard_plans_offered_profiles_and_refuses_others() {
    if !terraform_available() {
        println!("SKIP: terraform is not on the PATH");
        return;
    }
    for dir in template_dirs() {
        guard_holds(&dir);
    }
}

/// A root module calling the generated guard directly.
fn guard_root(platform: &str, profile: &str, caps: &str) -> TempDir {
    let guard =
        std::fs::canonicalize(format!("{TEMPLATES}/modules/contract-guard")).expect("guard");
    let tmp = TempDir::new("guard-rules");
    tmp.write(
        "main.tf",
        &format!(
            "module \"g\" {{\n  source       = \"{}\"\n  platform     = \"{platform}\"\n  profile      = \"{profile}\"\n  offered      = [\"{profile}\"]\n  capabilities = {caps}\n}}\n",
            guard.display()
        ),
    );
    let init = terraform(
        &tmp.0,
        &["init", "-backend=false", "-input=false", "-no-color"],
    );
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    tmp
}

#[test]
fn the_guard_reports_every_broken_rule_with_its_code() {
    if !terraform_available() {
        println!("SKIP: terraform is not on the PATH");
        return;
    }
    let cases: &[(&str, &str, &str, &[&str])] = &[
        // Each rule alone, then several at once (every one is reported).
        (
            "kubernetes",
            "sw-dev-small",
            "{ persistent-home = true }",
            &[],
        ),
        ("ec2-gpu", "datasci-large", "{ gpu-support = true }", &[]),
        (
            "kubernetes",
            "sw-dev-small",
            "{ gui-rdp = true }",
            &["TC006: platform kubernetes does not support gui-rdp = true."],
        ),
        (
            "ec2-linux",
            "sw-dev-small",
            "{ gui-vnc = true, gui-rdp = true }",
            &["TC003: gui-vnc and gui-rdp exclude each other"],
        ),
        (
            "ec2-gpu",
            "datasci-large",
            "{ gpu-support = true, network-egress = \"none\" }",
            &["TC004: gpu-support true needs network-egress https-only or unrestricted"],
        ),
        (
            "ec2-gpu",
            "datasci-large",
            "{}",
            &["TC011: compute profile \"datasci-large\" has"],
        ),
        (
            "ec2-gpu",
            "sw-dev-small",
            "{ gpu-support = true }",
            &["TC011: gpu-support is requested but compute profile \"sw-dev-small\" has no GPU."],
        ),
        (
            "kubernetes",
            "no-such-profile",
            "{}",
            &["TC009: compute profile \"no-such-profile\" is not in the contract's catalog."],
        ),
        (
            "kubernetes",
            "sw-dev-small",
            "{ persistant-home = true }",
            &[
                "TC001: the toolchain requests capabilities the contract does not define: persistant-home.",
            ],
        ),
        (
            "kubernetes",
            "sw-dev-small",
            "{ gui-vnc = \"true\", gui-rdp = true, bogus = 1 }",
            &["TC006", "TC003", "TC001"],
        ),
        (
            "mainframe",
            "sw-dev-small",
            "{}",
            &["TC016: unknown platform \"mainframe\""],
        ),
    ];
    for (platform, profile, caps, expected) in cases {
        let tmp = guard_root(platform, profile, caps);
        let o = terraform(&tmp.0, &["plan", "-input=false", "-no-color"]);
        let err = flat(&String::from_utf8_lossy(&o.stderr));
        if expected.is_empty() {
            assert!(o.status.success(), "{platform} {profile} {caps}: {err}");
        } else {
            assert!(!o.status.success(), "{platform} {profile} {caps} passed");
            for e in *expected {
                assert!(
                    err.contains(e),
                    "{platform} {profile} {caps}: want {e}\n{err}"
                );
            }
        }
    }
}

#[test]
fn check_reads_the_composed_templates_as_pairings() {
    // Clean as committed, from outside and from inside the repository.
    let o = wsc(&["check", REPO, "--format", "json"]);
    let codes = crate::common::codes(&o.stdout);
    assert_eq!(codes, vec!["TR010"], "{}", o.stdout);
    let inside = crate::common::wsc_in(Path::new(REPO), &["check", ".", "--format", "json"]);
    assert_eq!(
        crate::common::codes(&inside.stdout),
        vec!["TR010"],
        "{}",
        inside.stdout
    );
    // A template edited to request what its base lacks is an error: the
    // templates are read, not skipped.
    let tmp = TempDir::new("compose-read");
    for (rel, text) in tree(Path::new(REPO)) {
        tmp.write(&rel, &text);
    }
    let main = tmp.path("templates/pod-swdev/main.tf");
    let text = std::fs::read_to_string(&main).expect("main.tf");
    let edited = text.replace(
        "  capabilities      = module.toolchain.capabilities",
        "  capabilities      = merge(module.toolchain.capabilities, { \"gui-rdp\" = true })",
    );
    assert_ne!(edited, text);
    std::fs::write(&main, edited).expect("edit");
    let o = wsc(&["check", &tmp.0.display().to_string(), "--format", "json"]);
    assert!(
        crate::common::codes(&o.stdout).contains(&"TR006".to_string()),
        "{}",
        o.stdout
    );
}

#[test]
fn audit_finds_nothing_in_the_generated_docker_base_and_repository() {
    // The example repository names the image of its Docker-in-Docker
    // pairing (wsc.toml): every INV, F and D rule runs, and none fires.
    let o = wsc(&["audit", REPO, "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(crate::common::codes(&o.stdout).is_empty(), "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let governed: Vec<&str> = v["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .filter(|t| t["status"] == "governed")
        .filter_map(|t| t["dir"].as_str())
        .collect();
    assert_eq!(
        governed,
        vec!["examples/template-repo/bases/base-docker-sysbox"]
    );
    // The bases alone: only the note that no Dockerfile of the image is in
    // the tree (the image rules did not run).
    let o = wsc(&["audit", "examples/bases", "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(
        crate::common::codes(&o.stdout),
        vec!["WSC005"],
        "{}",
        o.stdout
    );
}

/// `wsc compose` of the repository `small_repo` wrote into `tmp`.
fn compose_into(tmp: &TempDir, out: &Path) -> crate::common::Out {
    wsc(&[
        "compose",
        &tmp.path("repo").display().to_string(),
        "--out",
        &out.display().to_string(),
    ])
}

/// A repository with one toolchain, one base and the given pairings.
fn small_repo(tmp: &TempDir, pairings: &str) {
    for (rel, text) in tree(Path::new(REPO)) {
        if rel.starts_with("toolchains/swdev-toolchain/") || rel.starts_with("bases/base-k8s/") {
            tmp.write(&format!("repo/{rel}"), &text);
        }
    }
    tmp.write("repo/pairings.yaml", pairings);
}

#[test]
fn an_unsafe_pairing_name_is_refused_and_nothing_escapes() {
    let tmp = TempDir::new("compose-unsafe");
    small_repo(
        &tmp,
        "pairings:\n  \"../escape\":\n    toolchain: swdev-toolchain\n    base: base-k8s\n  Upper Case:\n    toolchain: swdev-toolchain\n    base: base-k8s\n  modules:\n    toolchain: swdev-toolchain\n    base: base-k8s\n  snake_case:\n    toolchain: swdev-toolchain\n    base: base-k8s\n  good:\n    toolchain: swdev-toolchain\n    base: base-k8s\n",
    );
    let out = tmp.path("out");
    let o = compose_into(&tmp, &out);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    for (name, why) in [
        (
            "../escape",
            "may contain only ASCII letters, digits and single hyphens",
        ),
        (
            "Upper Case",
            "may contain only ASCII letters, digits and single hyphens",
        ),
        (
            "snake_case",
            "may contain only ASCII letters, digits and single hyphens",
        ),
        (
            "modules",
            "is the directory of the contract guard; rename the pairing",
        ),
    ] {
        let line = format!("wsc: pairing {name}: `{name}` {why}");
        assert!(o.stderr.contains(&line), "{line}\n{}", o.stderr);
    }
    assert!(
        o.stderr.contains("nothing is written for it"),
        "{}",
        o.stderr
    );
    assert!(!tmp.path("escape").exists());
    let written: Vec<String> = tree(&out).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        written,
        vec![
            "good/README.md",
            "good/main.tf",
            "modules/contract-guard/main.tf"
        ]
    );
}

#[test]
fn a_pairing_whose_every_profile_is_refused_gets_no_template() {
    let tmp = TempDir::new("compose-refused");
    small_repo(
        &tmp,
        "pairings:\n  gpu-on-pods:\n    toolchain: swdev-toolchain\n    base: base-k8s\n    profiles: [datasci-large, datasci-xlarge]\n",
    );
    let out = tmp.path("out");
    let o = compose_into(&tmp, &out);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("pairing gpu-on-pods: every profile it offers is refused on base-k8s: no template is written for it"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("datasci-large is not offered: TR005: profile datasci-large fails on base base-k8s: the compute profile has 1 GPU(s) but gpu-support is not enabled (TC011)"),
        "{}",
        o.stderr
    );
    assert!(!out.exists(), "something was written: {:?}", tree(&out));
}

#[test]
fn an_output_that_cannot_be_written_leaves_nothing_half_written() {
    let tmp = TempDir::new("compose-blocked");
    // A file where a template's directory would go.
    tmp.write("out/pod-swdev", "not a directory\n");
    let out = tmp.path("out");
    let o = wsc(&["compose", REPO, "--out", &out.display().to_string()]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("is in the way: not a directory"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("no file was changed"), "{}", o.stderr);
    assert_eq!(
        tree(&out),
        vec![("pod-swdev".to_string(), "not a directory\n".to_string())]
    );

    // A read-only output directory (root writes anyway: then SKIP).
    let ro = tmp.path("ro");
    std::fs::create_dir_all(&ro).expect("mkdir");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        // Root writes into read-only directories; sysfs refuses everyone.
        let _ = std::fs::remove_file(ro.join("probe"));
        let sys = Path::new("/sys/wsc-compose-test");
        if Path::new("/sys/kernel").is_dir() && std::fs::create_dir(sys).is_err() {
            let o = wsc(&["compose", REPO, "--out", &sys.display().to_string()]);
            assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
            assert!(
                o.stderr.contains("cannot create the directory"),
                "{}",
                o.stderr
            );
            assert!(o.stderr.contains("no file was changed"), "{}", o.stderr);
        } else {
            println!("SKIP: no directory this user cannot write into");
        }
    } else {
        let o = wsc(&["compose", REPO, "--out", &ro.display().to_string()]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains("no file was changed"), "{}", o.stderr);
        assert!(tree(&ro).is_empty());
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn a_symbolic_link_in_the_output_is_not_followed() {
    let tmp = TempDir::new("compose-link");
    let elsewhere = tmp.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::fs::create_dir_all(tmp.path("out")).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, tmp.path("out/pod-swdev")).expect("symlink");
    let o = wsc(&[
        "compose",
        REPO,
        "--out",
        &tmp.path("out").display().to_string(),
    ]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("is a symbolic link"), "{}", o.stderr);
    assert!(tree(&elsewhere).is_empty());
}

#[test]
fn compose_without_pairings_is_a_usage_error() {
    let tmp = TempDir::new("compose-none");
    tmp.write("toolchains/x/toolchain.yaml", "name: x\n");
    let o = wsc(&[
        "compose",
        &tmp.0.display().to_string(),
        "--out",
        &tmp.path("out").display().to_string(),
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no pairings.yaml"), "{}", o.stderr);
}

#[test]
fn snapshots_of_the_composed_templates() {
    for name in ["pod-swdev", "sysbox-swdev", "ec2-datasci"] {
        let text = std::fs::read_to_string(format!("{TEMPLATES}/{name}/main.tf")).expect("main.tf");
        insta::assert_snapshot!(format!("compose_{}_main", name.replace('-', "_")), text);
    }
    let readme =
        std::fs::read_to_string(format!("{TEMPLATES}/pod-swdev/README.md")).expect("README");
    insta::assert_snapshot!("compose_pod_swdev_readme", readme);
    let guard = std::fs::read_to_string(format!("{TEMPLATES}/modules/contract-guard/main.tf"))
        .expect("guard");
    insta::assert_snapshot!("compose_contract_guard", guard);
}

#[test]
fn audit_of_a_composed_template_follows_its_local_modules() {
    // The template holds no container; its base does, outside the folder.
    let o = wsc(&[
        "audit",
        &format!("{TEMPLATES}/sysbox-swdev"),
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(crate::common::codes(&o.stdout).is_empty(), "{}", o.stdout);
    assert!(
        o.stdout.contains("bases/base-docker-sysbox"),
        "{}",
        o.stdout
    );
    // A privileged container in the called base is found from the template.
    let tmp = TempDir::new("audit-follow");
    for (rel, text) in tree(Path::new(REPO)) {
        tmp.write(&rel, &text);
    }
    let main = tmp.path("bases/base-docker-sysbox/main.tf");
    let text = std::fs::read_to_string(&main).expect("main.tf");
    let edited = text.replace("privileged    = false", "privileged    = true");
    assert_ne!(edited, text);
    std::fs::write(&main, edited).expect("edit");
    let dir = tmp.path("templates/sysbox-swdev").display().to_string();
    let o = wsc(&["audit", &dir, "--format", "json"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        crate::common::codes(&o.stdout).contains(&"F-2".to_string()),
        "{}",
        o.stdout
    );
}

#[test]
fn a_module_under_a_sources_checkout_is_called_by_its_remote_source() {
    let tmp = TempDir::new("compose-sources");
    small_repo(
        &tmp,
        "pairings:\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n",
    );
    tmp.write(
        "repo/wsc.toml",
        "[sources]\n\"git::https://git.example.com/acme/toolchains.git\" = \"toolchains\"\n",
    );
    let repo = tmp.path("repo").display().to_string();
    let out = tmp.path("repo/templates");
    let o = wsc(&["compose", &repo, "--out", &out.display().to_string()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let main = std::fs::read_to_string(out.join("pod/main.tf")).expect("main.tf");
    assert!(
        main.contains(
            "source = \"git::https://git.example.com/acme/toolchains.git//swdev-toolchain\""
        ),
        "{main}"
    );
    assert!(main.contains("\"../../bases/base-k8s\""), "{main}");
    // wsc check maps the remote source back to the checkout and pairs it.
    let o = wsc(&["check", &repo, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(!o.stdout.contains("WSC005"), "{}", o.stdout);
    std::fs::write(
        out.join("pod/main.tf"),
        main.replace(
            "  capabilities      = module.toolchain.capabilities",
            "  capabilities      = merge(module.toolchain.capabilities, { \"gui-rdp\" = true })",
        ),
    )
    .expect("edit");
    let o = wsc(&["check", &repo, "--format", "json"]);
    assert!(
        crate::common::codes(&o.stdout).contains(&"TR006".to_string()),
        "{}",
        o.stdout
    );
}

#[test]
fn a_template_of_a_pairing_that_is_gone_is_named_not_deleted() {
    let tmp = TempDir::new("compose-orphan");
    let two = "pairings:\n  one:\n    toolchain: swdev-toolchain\n    base: base-k8s\n  two:\n    toolchain: swdev-toolchain\n    base: base-k8s\n";
    small_repo(&tmp, two);
    let repo = tmp.path("repo").display().to_string();
    let out = tmp.path("out").display().to_string();
    assert_eq!(wsc(&["compose", &repo, "--out", &out]).code, 0);
    tmp.write(
        "repo/pairings.yaml",
        "pairings:\n  one:\n    toolchain: swdev-toolchain\n    base: base-k8s\n",
    );
    // A directory compose did not write is none of its business.
    tmp.write("out/hand-written/main.tf", "# mine\n");
    let o = wsc(&["compose", &repo, "--out", &out, "--check"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr
            .contains("out/two was composed for a pairing that is no longer in pairings.yaml"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("hand-written"), "{}", o.stderr);
    let o = wsc(&["compose", &repo, "--out", &out]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("out/two was composed"), "{}", o.stderr);
    assert!(tmp.path("out/two/main.tf").is_file(), "deleted");
}

#[test]
fn new_does_not_overwrite_a_changed_module_without_force() {
    let tmp = TempDir::new("new-force");
    let dir = tmp.path("toolchains/my-tool").display().to_string();
    let o = wsc(&["new", "toolchain", &dir]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("4 created, 0 updated, 0 unchanged"),
        "{}",
        o.stdout
    );
    let outputs = tmp.path("toolchains/my-tool/outputs.tf");
    let text = std::fs::read_to_string(&outputs).expect("outputs.tf");
    std::fs::write(&outputs, format!("{text}\n# mine\n")).expect("edit");
    let o = wsc(&["new", "toolchain", &dir]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("outputs.tf exists and differs"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("nothing was written"), "{}", o.stderr);
    assert!(
        std::fs::read_to_string(&outputs)
            .expect("read")
            .ends_with("# mine\n")
    );
    let o = wsc(&["new", "toolchain", &dir, "--check"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("-# mine"), "{}", o.stdout);
    let o = wsc(&["new", "toolchain", &dir, "--force"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(std::fs::read_to_string(&outputs).expect("read"), text);
    // The new toolchain passes wsc check at once.
    let o = wsc(&["check", &tmp.0.display().to_string(), "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(crate::common::codes(&o.stdout).is_empty(), "{}", o.stdout);
}

#[test]
fn new_refuses_unknown_platforms_and_unsafe_names() {
    let tmp = TempDir::new("new-bad");
    let o = wsc(&[
        "new",
        "base",
        "--platform",
        "mainframe",
        &tmp.path("b").display().to_string(),
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("no base generator for platform `mainframe`"),
        "{}",
        o.stderr
    );
    let o = wsc(&[
        "new",
        "toolchain",
        &tmp.path(".hidden").display().to_string(),
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("is not a toolchain name"), "{}", o.stderr);
    assert!(!tmp.path("b").exists() && !tmp.path(".hidden").exists());
}

#[test]
fn a_refused_default_is_replaced_and_said_and_a_bases_required_input_becomes_a_variable() {
    let tmp = TempDir::new("compose-default");
    small_repo(
        &tmp,
        "pairings:\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n    profiles: [sw-dev-small, datasci-large]\n    default_profile: datasci-large\n",
    );
    // A base input with no default and no value a template knows.
    tmp.write(
        "repo/bases/base-k8s/cluster.tf",
        "variable \"cluster_name\" {\n  description = \"the EKS cluster\"\n  type        = string\n}\n",
    );
    let out = tmp.path("out");
    let o = compose_into(&tmp, &out);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr
            .contains("pod: offers sw-dev-small (default sw-dev-small)"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains(
            "the default profile datasci-large is not offered, so sw-dev-small is the default"
        ),
        "{}",
        o.stderr
    );
    let main = std::fs::read_to_string(out.join("pod/main.tf")).expect("main.tf");
    assert!(main.contains("variable \"cluster_name\" {\n  type        = string\n  description = \"the base's cluster_name (it has no default)\"\n}"), "{main}");
    assert!(
        main.contains("  cluster_name      = var.cluster_name\n"),
        "{main}"
    );
    assert!(main.contains("default      = \"sw-dev-small\""), "{main}");
}

#[test]
fn a_toolchain_or_base_with_errors_is_not_composed() {
    // From outside and from inside: every pairing of the broken repository
    // names a toolchain or base with errors, or a missing one.
    for (cwd, dir) in [(".", "examples/broken-repo"), ("examples/broken-repo", ".")] {
        let tmp = TempDir::new("compose-broken");
        let out = tmp.path("out").display().to_string();
        let o = crate::common::wsc_in(Path::new(cwd), &["compose", dir, "--out", &out]);
        assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
        assert!(
            o.stderr.contains("wsc: pairing pod-windev: its base base-k8s has errors (the first: TR001 base base-k8s has no variable `image_id` (a contract input)); `wsc check` lists them all: no template is written for it"),
            "{}",
            o.stderr
        );
        assert!(
            o.stderr
                .contains("wsc: pairing ec2-ml: its toolchain mlbox has errors (the first: TR013"),
            "{}",
            o.stderr
        );
        assert!(!tmp.path("out").exists(), "{cwd}: written: {}", o.stdout);
    }
}

#[test]
fn compose_and_new_report_as_json() {
    let o = wsc(&[
        "compose", REPO, "--out", TEMPLATES, "--check", "--format", "json",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.is_empty(), "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("one JSON document");
    assert_eq!(v["command"], "compose");
    assert_eq!(v["check"], true);
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 11);
    assert!(files.iter().all(|f| f["status"] == "current"));
    let pod = v["pairings"]
        .as_array()
        .expect("pairings")
        .iter()
        .find(|p| p["name"] == "pod-swdev")
        .expect("pod-swdev");
    assert_eq!(
        pod["offered"],
        serde_json::json!([
            "sw-dev-small",
            "sw-dev-medium",
            "sw-dev-large",
            "platform-devsecops"
        ])
    );
    assert_eq!(pod["default"], "sw-dev-medium");
    assert_eq!(pod["problem"], serde_json::Value::Null);

    let tmp = TempDir::new("new-json");
    let dir = tmp.path("t").display().to_string();
    let o = wsc(&["new", "toolchain", &dir, "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(
        v["files"][0],
        serde_json::json!({"path": "README.md", "status": "created"})
    );
    std::fs::write(tmp.path("t/README.md"), "changed\n").expect("edit");
    let o = wsc(&["new", "toolchain", &dir, "--check", "--format", "json"]);
    assert_eq!(o.code, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["files"][0]["status"], "stale");
    assert!(
        v["files"][0]["diff"]
            .as_str()
            .is_some_and(|d| d.contains("-changed")),
        "{v}"
    );

    let o = wsc(&["compose", REPO, "--out", TEMPLATES, "--format", "sarif"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("`sarif` is not an output format of compose"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_toolchains_required_input_becomes_a_template_variable() {
    let tmp = TempDir::new("compose-tc-input");
    small_repo(
        &tmp,
        "pairings:\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n",
    );
    tmp.write(
        "repo/toolchains/swdev-toolchain/variables.tf",
        "variable \"python_version\" {\n  type = string\n}\n\nvariable \"extra_tools\" {\n  type    = list(string)\n  default = []\n}\n",
    );
    let out = tmp.path("out");
    let o = compose_into(&tmp, &out);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let main = std::fs::read_to_string(out.join("pod/main.tf")).expect("main.tf");
    assert!(
        main.contains("variable \"toolchain_python_version\" {\n  type        = string\n  description = \"the toolchain's python_version (it has no default)\"\n}"),
        "{main}"
    );
    assert!(
        main.contains("  python_version = var.toolchain_python_version\n"),
        "{main}"
    );
    assert!(!main.contains("extra_tools"), "{main}");
}

#[test]
fn a_profile_the_toolchain_does_not_list_is_not_offered() {
    let tmp = TempDir::new("compose-tr012");
    small_repo(
        &tmp,
        "pairings:\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n    profiles: [sw-dev-small, datasci-standard]\n",
    );
    let repo = tmp.path("repo").display().to_string();
    let out = tmp.path("repo/templates").display().to_string();
    let o = wsc(&["compose", &repo, "--out", &out]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr
            .contains("pod: offers sw-dev-small (default sw-dev-small)"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("datasci-standard is not offered: TR012: toolchain swdev-toolchain does not list datasci-standard"),
        "{}",
        o.stderr
    );
    // check still reports the pairing's TR012, but not in the template.
    let o = wsc(&["check", &repo, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let in_templates: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.contains("templates/")))
        .collect();
    assert!(in_templates.is_empty(), "{in_templates:?}");
}

#[test]
fn a_toolchain_built_for_another_architecture_is_not_composed() {
    let tmp = TempDir::new("compose-arch");
    small_repo(
        &tmp,
        "pairings:\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n",
    );
    let outputs = tmp.path("repo/bases/base-k8s/outputs.tf");
    let text = std::fs::read_to_string(&outputs).expect("outputs.tf");
    std::fs::write(
        &outputs,
        text.replace(
            "arch              = var.arch",
            "arch              = \"arm64\"",
        ),
    )
    .expect("edit");
    let o = compose_into(&tmp, &tmp.path("out"));
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("TR011: toolchain swdev-toolchain is built for amd64 but base base-k8s runs arm64 (its metadata's arch)"),
        "{}",
        o.stderr
    );
    assert!(!tmp.path("out").exists());
}

#[test]
fn profiles_that_read_alike_get_distinct_option_names_and_labels() {
    let tmp = TempDir::new("compose-alike");
    small_repo(
        &tmp,
        "pairings:\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n    profiles: [sw-dev-small, sw_dev_small]\n",
    );
    // The organisation's catalog: the embedded one and a second small
    // profile that reads like the first, under a name whose block label
    // would be the first's too.
    let catalog = tmp.path("repo/contract").display().to_string();
    assert_eq!(wsc(&["contract", "export", &catalog]).code, 0);
    let profiles = tmp.path("repo/contract/profiles.yaml");
    let text = std::fs::read_to_string(&profiles).expect("profiles.yaml");
    let twin = "  sw_dev_small:       {cpu: 2,  memory: 4Gi,  storage: 20Gi,  gpu_count: 0, use_case: Light development}\n";
    let text = text.replacen("profiles:\n", &format!("profiles:\n{twin}"), 1);
    std::fs::write(&profiles, text).expect("edit");
    // Both of the toolchain's declarations list it (TR007 compares them).
    let module = tmp.path("repo/toolchains/swdev-toolchain/outputs.tf");
    let tf = std::fs::read_to_string(&module).expect("outputs.tf");
    std::fs::write(
        &module,
        tf.replace(
            "value = [\"sw-dev-small\",",
            "value = [\"sw-dev-small\", \"sw_dev_small\",",
        ),
    )
    .expect("edit");
    let toolchain = tmp.path("repo/toolchains/swdev-toolchain/toolchain.yaml");
    let yaml = std::fs::read_to_string(&toolchain).expect("toolchain.yaml");
    std::fs::write(
        &toolchain,
        yaml.replace(
            "profiles: [sw-dev-small,",
            "profiles: [sw-dev-small, sw_dev_small,",
        ),
    )
    .expect("edit");
    let out = tmp.path("out");
    let o = compose_into(&tmp, &out);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let main = std::fs::read_to_string(out.join("pod/main.tf")).expect("main.tf");
    assert!(
        main.contains("name        = \"Light development (2 CPU, 4 GiB) [sw-dev-small]\""),
        "{main}"
    );
    assert!(
        main.contains("name        = \"Light development (2 CPU, 4 GiB) [sw_dev_small]\""),
        "{main}"
    );
    assert!(
        main.contains("data \"coder_workspace_preset\" \"sw_dev_small_1\""),
        "{main}"
    );
    assert!(
        main.contains("data \"coder_workspace_preset\" \"sw_dev_small_2\""),
        "{main}"
    );
    if terraform_available() {
        let o = terraform(&out, &["fmt", "-check", "-recursive"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

#[test]
fn pairings_may_share_fields_through_yaml_merge_keys() {
    // docker-compose's idiom: an `x-` extension field holds the anchor.
    let tmp = TempDir::new("compose-merge");
    small_repo(
        &tmp,
        "x-pod: &pod\n  toolchain: swdev-toolchain\n  base: base-k8s\n  icon: /icon/k8s.svg\npairings:\n  pod-small:\n    <<: *pod\n    profiles: [sw-dev-small]\n    default_profile: sw-dev-small\n  pod-large:\n    <<: *pod\n    icon: /icon/big.svg\n    profiles: [sw-dev-large]\n    default_profile: sw-dev-large\n",
    );
    let repo = tmp.path("repo").display().to_string();
    let o = wsc(&["check", &repo, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(crate::common::codes(&o.stdout).is_empty(), "{}", o.stdout);
    let out = tmp.path("out");
    let o = compose_into(&tmp, &out);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr
            .contains("pod-small: offers sw-dev-small (default sw-dev-small)"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("pod-large: offers sw-dev-large (default sw-dev-large)"),
        "{}",
        o.stderr
    );
    let readme = |p: &str| std::fs::read_to_string(out.join(p).join("README.md")).expect("README");
    assert!(readme("pod-small").contains("icon: \"/icon/k8s.svg\""));
    // The pairing's own key wins over the merged one.
    assert!(readme("pod-large").contains("icon: \"/icon/big.svg\""));
}

#[test]
fn quiet_compose_says_only_what_went_wrong() {
    let o = wsc(&["compose", REPO, "--out", TEMPLATES, "--check", "-q"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.is_empty() && o.stderr.is_empty(),
        "{}{}",
        o.stdout,
        o.stderr
    );
    // A refused pairing and a stale file are still said.
    let tmp = TempDir::new("compose-quiet");
    small_repo(
        &tmp,
        "pairings:\n  gpu-on-pods:\n    toolchain: swdev-toolchain\n    base: base-k8s\n    profiles: [datasci-large]\n  pod:\n    toolchain: swdev-toolchain\n    base: base-k8s\n",
    );
    let out = tmp.path("out").display().to_string();
    let repo = tmp.path("repo").display().to_string();
    let o = wsc(&["compose", &repo, "--out", &out, "-q"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.is_empty(), "{}", o.stdout);
    assert_eq!(
        o.stderr.lines().collect::<Vec<_>>(),
        vec![
            "wsc: pairing gpu-on-pods: every profile it offers is refused on base-k8s: no template is written for it",
            "  datasci-large is not offered: TR005: profile datasci-large fails on base base-k8s: the compute profile has 1 GPU(s) but gpu-support is not enabled (TC011)",
        ]
    );
    std::fs::write(tmp.path("out/pod/README.md"), "edited\n").expect("edit");
    let o = wsc(&["compose", &repo, "--out", &out, "--check", "-q"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("-edited"), "{}", o.stdout);
    assert!(o.stderr.contains("1 of 3 files"), "{}", o.stderr);
}
