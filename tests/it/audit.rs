//! `wsc audit`: governed templates against the runtime contract.

use crate::common::{TempDir, codes, wsc};

#[test]
fn the_ddev_workspace_is_clean_and_prints_nothing() {
    let o = wsc(&["audit", "examples/ddev-workspace"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(o.stdout, "");
}

#[test]
fn the_broken_workspace_snapshot() {
    let o = wsc(&[
        "audit",
        "--color",
        "never",
        "examples/ddev-workspace-broken",
    ]);
    assert_eq!(o.code, 1);
    insta::assert_snapshot!("audit_broken", o.stdout);
}

#[test]
fn the_broken_workspace_has_every_inv_and_f_code() {
    let o = wsc(&[
        "audit",
        "--format",
        "json",
        "examples/ddev-workspace-broken",
    ]);
    let c = codes(&o.stdout);
    let every: Vec<String> = wsc::rules::ALL
        .iter()
        .map(|r| r.code.to_string())
        .filter(|c| c.starts_with("INV-") || c.starts_with("F-"))
        .collect();
    assert_eq!(
        every.len(),
        20,
        "ten requirements and ten forbidden behaviours"
    );
    for code in &every {
        assert!(c.iter().any(|x| x == code), "{code} missing from {c:?}");
    }
}

#[test]
fn one_fault_one_code_for_the_socket_mount() {
    let o = wsc(&[
        "audit",
        "--format",
        "json",
        "examples/ddev-workspace-broken",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let on_socket: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("a")
        .iter()
        .filter(|d| d["line"] == 45 || d["line"] == 46 || d["line"] == 44)
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(on_socket, ["F-1"], "the socket mount is F-1 only");
}

/// The example template with its inline boot script moved to `boot.sh`:
/// (main.tf text, boot.sh text).
fn example_split() -> (String, String) {
    let text = std::fs::read_to_string("examples/ddev-workspace/template/main.tf").expect("read");
    let start = text
        .find("startup_script = <<-EOT\n")
        .expect("inline boot script");
    let body_start = start + "startup_script = <<-EOT\n".len();
    let body_len = text[body_start..].find("\n  EOT\n").expect("heredoc end") + 1;
    let boot: String = text[body_start..body_start + body_len]
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect::<String>()
        .replace("$${", "${");
    let tf = format!(
        "{}startup_script = file(\"${{path.module}}/boot.sh\")\n{}",
        &text[..start],
        &text[body_start + body_len + "  EOT\n".len()..]
    );
    (tf, boot)
}

fn copy(from: &str, dir: &TempDir, to: &str) -> String {
    let text = std::fs::read_to_string(from).expect("read");
    dir.write(to, &text)
}

#[test]
fn a_provider_connection_to_the_socket_is_not_a_mount() {
    let o = wsc(&["audit", "--format", "json", "examples/ddev-workspace"]);
    assert!(!codes(&o.stdout).iter().any(|c| c == "F-1"));
    let text = std::fs::read_to_string("examples/ddev-workspace/template/main.tf").expect("read");
    assert!(
        text.contains("host = \"unix:///var/run/docker.sock\""),
        "the trap is in the example"
    );
}

#[test]
fn excluded_templates_are_skipped_and_ungoverned_ones_ignored() {
    let dir = TempDir::new("audit-exclude");
    copy(
        "examples/ddev-workspace-broken/template/main.tf",
        &dir,
        "freeform/main.tf",
    );
    dir.write("plain/main.tf", "resource \"docker_container\" \"db\" {\n  image = \"postgres:16\"\n  privileged = true\n}\n");
    dir.write("wsc.toml", "[runtime]\nexclude = [\"freeform\"]\n");
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--color", "never", &root]);
    assert!(
        o.stderr
            .contains("/freeform: skipped (excluded by [runtime] exclude)"),
        "{}",
        o.stderr
    );
    // The excluded template is not checked at all; a container that is no
    // template is still held to F-1, F-2 and F-6 (every container workload).
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "F-2".to_string(),
            "the container `db` is privileged".to_string()
        )]
    );
    assert_eq!(v["templates"][0]["status"], "excluded");
}

#[test]
fn runtime_settings_change_the_contract_numbers() {
    let dir = TempDir::new("audit-cfg");
    copy(
        "examples/ddev-workspace/template/main.tf",
        &dir,
        "t/main.tf",
    );
    dir.write("wsc.toml", "[runtime]\nstop_timeout = 300\n");
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    // The copy has no image (a WSC005 note); the one error is INV-8's.
    let errors: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "INV-8");
    assert!(
        errors[0]["message"]
            .as_str()
            .expect("m")
            .contains("not 300")
    );
}

#[test]
fn broken_hcl_is_a_located_parse_error() {
    let dir = TempDir::new("audit-syntax");
    dir.write(
        "t/main.tf",
        "resource \"docker_container\" \"workspace\" {\n  image = \n}\n",
    );
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 1);
    assert_eq!(codes(&o.stdout), ["WSC001"]);
}

#[test]
fn kubernetes_workloads_get_the_f_rules_only() {
    let o = wsc(&[
        "audit",
        "--format",
        "json",
        "examples/ddev-workspace-broken/k8s-runner",
    ]);
    assert_eq!(o.code, 1);
    let mut c = codes(&o.stdout);
    c.sort();
    // The same four faults in Terraform (main.tf) and in a manifest (runner.yaml).
    assert_eq!(c, ["F-1", "F-1", "F-2", "F-2", "F-6", "F-6", "F-6", "F-6"]);
}

#[test]
fn multi_document_manifests_and_unrelated_yaml() {
    let dir = TempDir::new("audit-yaml");
    dir.write(
        "m.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: {privileged: \"true\"}\n",
    );
    dir.write("compose.yaml", "services: {web: {privileged: true}}\n");
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", &root]);
    // A quoted "true" is not privileged; a compose file is not a manifest.
    assert_eq!(o.code, 0, "{}", o.stdout);
}

#[test]
fn baselines_record_known_drift_and_fail_only_on_new_findings() {
    let dir = TempDir::new("audit-baseline");
    let text =
        std::fs::read_to_string("examples/ddev-workspace-broken/template/main.tf").expect("read");
    let tf = dir.write("t/main.tf", &text);
    copy(
        "examples/ddev-workspace-broken/template/boot.sh",
        &dir,
        "t/boot.sh",
    );
    let root = dir.path("t").display().to_string();
    let base = dir.path("baseline.json").display().to_string();

    let o = wsc(&["audit", "--write-baseline", &base, &root]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let recorded = std::fs::read_to_string(&base).expect("baseline written");
    assert!(recorded.contains("\"code\":\"F-2\""));

    // Everything known: exit 0, findings shown as info.
    let o = wsc(&["audit", "--format", "json", "--baseline", &base, &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["summary"]["errors"], 0);

    // Lines shifted above the findings: fingerprints still match.
    std::fs::write(&tf, format!("# a new comment\n\n{text}")).expect("write");
    let o = wsc(&["audit", "--baseline", &base, &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);

    // A fixed fault leaves a stale entry (WSC003); a new fault fails.
    let fixed = text
        .replace("  privileged = true\n", "  privileged = false\n")
        .replace("group_add  = [\"988\"]", "group_add  = [\"989\"]");
    std::fs::write(&tf, fixed).expect("write");
    let o = wsc(&["audit", "--format", "json", "--baseline", &base, &root]);
    assert_eq!(o.code, 1, "the changed group_add line is a new finding");
    let c = codes(&o.stdout);
    assert!(c.contains(&"WSC003".to_string()), "{c:?}");
    assert!(c.contains(&"INV-2".to_string()), "{c:?}");

    let o = wsc(&["audit", "--baseline", "no/such.json", &root]);
    assert_eq!(o.code, 2);
}

#[test]
fn an_inlined_boot_script_is_checked_at_its_lines_in_the_tf_file() {
    let dir = TempDir::new("audit-inline");
    let (text, _) = example_split();
    let inline = "startup_script = <<-EOT\n    #!/bin/bash\n    set -o errexit\n    cat > /tmp/helper.sh <<'SH'\n    exit 3\n    SH\n    exit 0\n  EOT\n";
    let text = text.replace(
        "startup_script = file(\"${path.module}/boot.sh\")\n",
        inline,
    );
    let tf = dir.write("t/main.tf", &text);
    let root = dir.path("t").display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let found: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .expect("a")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("c").to_string(),
                d["file"].as_str().expect("f").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        // This short script starts no dockerd, hydrates nothing and sets no
        // git identity (INV-4, INV-6, INV-9), and the copy has no image
        // (WSC005); that is not the point here.
        .filter(|(c, _, _)| !matches!(c.as_str(), "INV-4" | "INV-6" | "INV-9" | "WSC005"))
        .collect();
    let line = text
        .lines()
        .position(|l| l.contains("set -o errexit"))
        .expect("line") as u64
        + 1;
    assert_eq!(
        found,
        [("F-10".to_string(), tf, line)],
        "only set -o errexit; `exit 3` is in a heredoc body"
    );
}

fn audit_boot(script: &str) -> Vec<(String, u64)> {
    let dir = TempDir::new("audit-boot");
    let (text, _) = example_split();
    dir.write("t/main.tf", &text);
    dir.write("t/boot.sh", script);
    let root = dir.path("t").display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    v["diagnostics"]
        .as_array()
        .expect("a")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("c").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn inv4_wants_a_guarded_logged_dockerd_and_a_bounded_wait() {
    let found = audit_boot(
        "#!/bin/bash\nset +e\nsudo dockerd &\nwhile [ ! -S /var/run/docker.sock ]; do sleep 1; done\necho '{}' > /etc/docker/daemon.json\nexit 0\n",
    );
    let inv4: Vec<u64> = found
        .iter()
        .filter(|(c, _)| c == "INV-4")
        .map(|(_, l)| *l)
        .collect();
    // unguarded, not logged, unbounded wait (all at the start), mirror after start
    assert_eq!(inv4, [3, 3, 3, 5], "{found:?}");
}

#[test]
fn f5_guards_must_test_the_destination_not_the_source() {
    let found = audit_boot(
        "#!/bin/bash\nset +e\nif [ -d /home/coder-files ]; then\n  cp -r /home/coder-files/.gitconfig /home/coder/.gitconfig\nfi\n[ -e /home/coder/.vimrc ] || cp /home/coder-files/.vimrc /home/coder/.vimrc\nrsync -a --ignore-existing /home/coder-files/ /home/coder/\nif ! pgrep -x dockerd >/dev/null; then\n  sudo dockerd >/tmp/dockerd.log 2>&1 &\nfi\nfor _ in $(seq 1 30); do [ -S /var/run/docker.sock ] && break; sleep 1; done\nexit 0\n",
    );
    let f5: Vec<u64> = found
        .iter()
        .filter(|(c, _)| c == "F-5")
        .map(|(_, l)| *l)
        .collect();
    assert_eq!(
        f5,
        [4],
        "only the copy guarded by a test of the source: {found:?}"
    );
    assert!(!found.iter().any(|(c, _)| c == "INV-4"), "{found:?}");
}

#[test]
fn d4_two_start_paths_is_information() {
    let dir = TempDir::new("audit-d4");
    copy(
        "examples/ddev-workspace/template/main.tf",
        &dir,
        "t/main.tf",
    );
    let image = std::fs::read_to_string("examples/ddev-workspace/image/Dockerfile").expect("read");
    for f in [
        "files/.ddev/global_config.yaml",
        "files/.ddev/commands/host/launch",
        "files/WELCOME.txt",
    ] {
        copy(
            &format!("examples/ddev-workspace/image/{f}"),
            &dir,
            &format!("image/{f}"),
        );
    }
    let image = image.replace(
        "    && rm -rf /var/lib/apt/lists/*",
        "    && rm -rf /var/lib/apt/lists/* \\\n    && systemctl enable docker",
    );
    dir.write("image/Dockerfile", &image);
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "D-4");
    assert_eq!(d["severity"], "info");
    assert_eq!(v["diagnostics"].as_array().expect("a").len(), 1);
}

#[test]
fn inv6_first_boot_seed_guarded_appends_and_missing_staging() {
    let found = audit_boot(
        "#!/bin/bash\nset +e\ncp -rn /etc/skel/. /home/coder/\ncp -rn /home/coder-files/. /home/coder/\necho 'source ~/.ddev-env' >> /home/coder/.bashrc\ngrep -q ll /home/coder/.bashrc || echo 'alias ll=ls' >> /home/coder/.bashrc\nif ! pgrep -x dockerd >/dev/null; then\n  sudo dockerd >/tmp/dockerd.log 2>&1 &\nfi\nfor _ in $(seq 1 30); do [ -S /var/run/docker.sock ] && break; sleep 1; done\nexit 0\n",
    );
    let inv6: Vec<u64> = found
        .iter()
        .filter(|(c, _)| c == "INV-6")
        .map(|(_, l)| *l)
        .collect();
    // the skeleton copy every boot, the unchecked staging dir, the unguarded append
    assert_eq!(inv6, [3, 4, 5], "{found:?}");
}

#[test]
fn the_drift_example_reports_every_d_code_as_information() {
    let dir = "examples/ddev-workspace-drift";
    let o = wsc(&["audit", "--color", "never", dir]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    insta::assert_snapshot!("audit_drift", o.stdout);
    let j = wsc(&["audit", "--format", "json", dir]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("json");
    let diags = v["diagnostics"].as_array().expect("a");
    assert!(
        diags.iter().all(|d| d["severity"] == "info"),
        "{}",
        j.stdout
    );
    let c = codes(&j.stdout);
    for code in ["D-1", "D-2", "D-3", "D-4", "D-5", "D-6"] {
        assert!(c.iter().any(|x| x == code), "{code} missing from {c:?}");
    }
}

#[test]
fn the_drift_baseline_matches_from_any_working_directory() {
    let dir = "examples/ddev-workspace-drift";
    let baseline = "examples/ddev-workspace-drift/wsc-baseline.json";
    let o = wsc(&["audit", "--format", "json", "--baseline", baseline, dir]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let diags = v["diagnostics"].as_array().expect("a");
    assert_eq!(diags.len(), 9, "{}", o.stdout);
    for d in diags {
        assert!(
            d["message"]
                .as_str()
                .expect("m")
                .ends_with("(known drift: in the baseline)"),
            "{d}"
        );
    }
    // The same tree under another path: entries are relative to the root.
    let tmp = TempDir::new("audit-drift-moved");
    for f in [
        "README.md",
        "image/Dockerfile",
        "image/scripts/.bashrc",
        "image/scripts/WELCOME.txt",
        "image/scripts/.ddev/commands/host/launch",
        "image/scripts/.ddev/commands/host/coder-routes",
        "image/scripts/.ddev/commands/host/coder-setup",
        "template/main.tf",
    ] {
        copy(&format!("{dir}/{f}"), &tmp, &format!("moved/{f}"));
    }
    let root = tmp.path("moved").display().to_string();
    let o = wsc(&["audit", "--format", "json", "--baseline", baseline, &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(
        !codes(&o.stdout).iter().any(|c| c == "WSC003"),
        "{}",
        o.stdout
    );
}

#[test]
fn select_and_ignore_narrow_the_rules() {
    let broken = "examples/ddev-workspace-broken";
    let o = wsc(&["audit", "--format", "json", "--select", "F-1,INV-5", broken]);
    assert_eq!(o.code, 1);
    let mut c = codes(&o.stdout);
    c.sort();
    c.dedup();
    assert_eq!(c, ["F-1", "INV-5"]);
    // A prefix selects a family; `F-1` does not select `F-10`.
    let o = wsc(&[
        "audit", "--format", "json", "--select", "F-", "--ignore", "F-1", broken,
    ]);
    let c = codes(&o.stdout);
    assert!(c.iter().all(|x| x.starts_with("F-") && x != "F-1"), "{c:?}");
    assert!(c.iter().any(|x| x == "F-10"), "{c:?}");
    // Only information left: exit 0.
    let o = wsc(&["audit", "--select", "D", broken]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let o = wsc(&["audit", "--select", "F-99", broken]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--select F-99"), "{}", o.stderr);
}

/// `tests/audit_governance/<case>/expect.json` states, for every template
/// of the case, whether the audit governs it and why, whether DDEV is used,
/// and which Dockerfiles are its image and where they came from: the JSON
/// report's `"templates"` must say exactly that (paths relative to the case).
#[test]
fn governance_and_image_attribution_corpus() {
    let root = "tests/audit_governance";
    let cases = crate::common::subdirs(root);
    assert!(cases.len() >= 20, "only {} governance cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let dir = format!("{root}/{case}");
        let want: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{dir}/expect.json")).expect("read expect.json"),
        )
        .expect("expect.json is JSON");
        let o = wsc(&["audit", "--format", "json", &dir]);
        if o.code == 2 {
            failures.push(format!("{case}: exit 2: {}", o.stderr.trim()));
            continue;
        }
        let got: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON report");
        let prefix = format!("{dir}/");
        let rel = |p: &str| -> String {
            if p == dir {
                ".".to_string()
            } else {
                p.strip_prefix(&prefix).unwrap_or(p).to_string()
            }
        };
        let mut templates = got["templates"].clone();
        for t in templates.as_array_mut().expect("templates is an array") {
            t["dir"] = serde_json::json!(rel(t["dir"].as_str().expect("dir")));
            let images: Vec<String> = t["images"]
                .as_array()
                .expect("images")
                .iter()
                .map(|i| rel(i.as_str().expect("image path")))
                .collect();
            t["images"] = serde_json::json!(images);
        }
        if templates != want["templates"] {
            failures.push(format!(
                "{case}:\n  want {}\n  got  {}",
                want["templates"], templates
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A tree with nothing the audit looks at says so: a warning (exit 0),
/// which `--deny-warnings` turns into a failure.
#[test]
fn nothing_to_audit_is_a_warning() {
    let dir = TempDir::new("audit-nothing");
    dir.write(
        "docs/README.md",
        "# templates moved to another repository\n",
    );
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(codes(&o.stdout), ["WSC008"]);
    let o = wsc(&["audit", "--deny-warnings", &root]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("nothing to audit"), "{}", o.stdout);
}

/// The plain Docker example: a template the Docker-in-Docker contract does
/// not govern (its `set -e`, its volume-backed home and its env are not
/// findings) and a privileged pod (F-2, the only finding).
#[test]
fn the_plain_docker_example_reports_the_privileged_pod_only() {
    let o = wsc(&["audit", "--format", "json", "examples/plain-docker"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let found: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code"),
                d["file"].as_str().expect("file"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("F-2", "examples/plain-docker/k8s/build-runner.yaml")]
    );
    assert_eq!(v["templates"][0]["dir"], "examples/plain-docker/rstudio");
    assert_eq!(v["templates"][0]["status"], "not-governed");
    let o = wsc(&["audit", "--color", "never", "examples/plain-docker"]);
    insta::assert_snapshot!(
        "audit_plain_docker",
        format!("{}--- stderr\n{}", o.stdout, o.stderr)
    );
}

/// Paths are shown normalised, however the directory was named
/// (`a/../b/x` is `b/x`), in findings and in the templates list.
#[test]
fn displayed_paths_are_normalised() {
    let o = wsc(&[
        "audit",
        "--format",
        "json",
        "examples/plain-docker/../ddev-workspace-broken",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    for d in v["diagnostics"].as_array().expect("diagnostics") {
        let f = d["file"].as_str().expect("file");
        assert!(
            f.starts_with("examples/ddev-workspace-broken/") && !f.contains(".."),
            "{f}"
        );
    }
    assert_eq!(
        v["templates"][0]["dir"],
        "examples/ddev-workspace-broken/template"
    );
}

/// `[runtime]` paths and globs are relative to the directory of the
/// `wsc.toml` that holds them, whatever directory is audited.
#[test]
fn runtime_paths_are_relative_to_the_config_file() {
    let case = "tests/audit_governance/configured-legacy-glob";
    for dir in [case.to_string(), format!("{case}/templates/legacy-php")] {
        let o = wsc(&["audit", "--format", "json", &dir]);
        let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
        let t = v["templates"]
            .as_array()
            .expect("templates")
            .iter()
            .find(|t| t["dir"].as_str().is_some_and(|d| d.ends_with("legacy-php")))
            .expect("legacy-php is a template");
        assert_eq!(t["status"], "governed", "{dir}");
        assert_eq!(t["reasons"], serde_json::json!(["configured"]), "{dir}");
    }
}
