//! `wsc render`: the contract outputs of a composition, and the choices
//! behind them (instance types, sizes, names).

use wsc::contract::catalog::Catalog;
use wsc::ingest::catalog::embedded;
use wsc::render::instances::{Need, choose};
use wsc::render::names::{is_label, workspace_label};

use crate::common::{TempDir, wsc};

fn need(cat: &Catalog, vcpu: u32, gib: u64, gpus: u32, gpu: Option<&str>) -> Need {
    Need {
        vcpu,
        memory_bytes: gib << 30,
        gpus,
        gpu_type: gpu.map(|g| cat.gpu_type(g).expect("a GPU type of the catalog")),
    }
}

fn chosen(cat: &Catalog, n: &Need) -> (String, Vec<String>) {
    let c = choose(cat, n).expect("a type fits");
    (c.instance.name.clone(), c.over)
}

#[test]
fn the_smallest_type_that_meets_every_part_of_the_profile() {
    let cat = embedded();
    // sw-dev-medium: 4 vCPU, 8 GiB: the smallest general type with 4 vCPUs.
    let (t, over) = chosen(cat, &need(cat, 4, 8, 0, None));
    assert_eq!(t, "m6i.xlarge");
    assert_eq!(over, ["16Gi of memory for 8Gi"]);
    // Exactly 4 GiB per vCPU stays general; more is memory-optimised.
    assert_eq!(chosen(cat, &need(cat, 8, 32, 0, None)).0, "m6i.2xlarge");
    assert!(chosen(cat, &need(cat, 8, 32, 0, None)).1.is_empty());
    assert_eq!(chosen(cat, &need(cat, 8, 64, 0, None)).0, "r6i.2xlarge");
    assert_eq!(chosen(cat, &need(cat, 2, 9, 0, None)).0, "r6i.large");
}

#[test]
fn gpu_profiles_take_their_gpu_types_family() {
    let cat = embedded();
    // datasci-large: 16 vCPU, 64 GiB, 1 T4.
    assert_eq!(
        chosen(cat, &need(cat, 16, 64, 1, Some("nvidia-t4"))),
        ("g4dn.4xlarge".to_string(), vec![])
    );
    // datasci-xlarge: 32 vCPU, 64 GiB, 4 A100: only p4d.24xlarge, which
    // says what it over-provisions.
    let (t, over) = chosen(cat, &need(cat, 32, 64, 4, Some("nvidia-a100")));
    assert_eq!(t, "p4d.24xlarge");
    assert_eq!(
        over,
        [
            "96 vCPUs for 32",
            "1152Gi of memory for 64Gi",
            "8 GPUs for 4"
        ]
    );
    // 4 T4s need the 12xlarge, not the bigger-named 16xlarge with one.
    assert_eq!(
        chosen(cat, &need(cat, 8, 32, 4, Some("nvidia-t4"))).0,
        "g4dn.12xlarge"
    );
    assert_eq!(
        chosen(cat, &need(cat, 8, 61, 1, Some("nvidia-v100"))).0,
        "p3.2xlarge"
    );
    assert_eq!(
        chosen(cat, &need(cat, 4, 16, 1, Some("nvidia-a10g"))).0,
        "g5.xlarge"
    );
}

#[test]
fn a_profile_no_type_meets_is_an_error_not_a_smaller_type() {
    let cat = embedded();
    let e = choose(cat, &need(cat, 64, 2048, 0, None)).expect_err("nothing fits");
    assert_eq!(
        e.to_string(),
        "no EC2 instance type of class memory has 64 vCPUs, 2Ti of memory and 0 GPUs"
    );
    let e = choose(cat, &need(cat, 8, 32, 16, Some("nvidia-v100"))).expect_err("too many GPUs");
    assert!(e.to_string().contains("with nvidia-v100 GPUs"), "{e}");
}

#[test]
fn names_are_dns_labels_that_never_collide() {
    let mut seen = std::collections::BTreeSet::new();
    for owner in ["alice", "Alice", "a", &"x".repeat(32)] {
        for ws in [
            "dev",
            "Dev",
            "d",
            &"y".repeat(32),
            &format!("{}z", "y".repeat(31)),
        ] {
            let n = workspace_label("ws", owner, ws);
            assert!(is_label(&n), "{n}");
            assert!(seen.insert(n.clone()), "{owner}/{ws} collides: {n}");
        }
    }
}

const EXAMPLES: &[&str] = &[
    "custom-profile.yaml",
    "ec2-datasci-gpu.json",
    "ec2-windev-gui.yaml",
    "pod-swdev.yaml",
];

#[test]
fn outputs_of_the_example_compositions() {
    for name in EXAMPLES {
        let path = format!("examples/compositions/{name}");
        let o = wsc(&["render", "--color", "never", &path]);
        assert_eq!(o.code, 0, "{path}: {}", o.stderr);
        let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON outputs");
        for key in ["agent_endpoint", "runtime_env", "volume_mounts", "metadata"] {
            assert!(v.get(key).is_some(), "{path}: no `{key}`");
        }
        insta::assert_snapshot!(
            format!("render_outputs_{name}"),
            format!("{}\n--- stderr\n{}", o.stdout, o.stderr)
        );
    }
}

#[test]
fn rendering_is_the_same_from_run_to_run_and_has_no_time_unless_asked() {
    let path = "examples/compositions/pod-swdev.yaml";
    let a = wsc(&["render", path]);
    let b = wsc(&["render", path]);
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.contains("provisioned_at"));
    let t = wsc(&["render", "--timestamp", "2026-12-05T12:00:00Z", path]);
    assert!(
        t.stdout
            .contains("\"provisioned_at\": \"2026-12-05T12:00:00Z\""),
        "{}",
        t.stdout
    );
}

#[test]
fn an_invalid_composition_prints_its_diagnostics_and_nothing_on_stdout() {
    let o = wsc(&[
        "render",
        "--color",
        "never",
        "examples/compositions/broken-compute.yaml",
    ]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout, "");
    assert!(o.stderr.contains("error[TC007]"), "{}", o.stderr);
}

#[test]
fn storage_keeps_its_unit_on_every_platform() {
    let dir = TempDir::new("render-units");
    let comp = |platform: &str, image: &str| {
        format!(
            "contract: \"1.0\"\nplatform: {platform}\nworkspace_name: big\nowner: alice\nimage_id: {image}\ncompute_profile:\n  cpu: 4\n  memory: 16Gi\n  storage: 1Ti\ncapabilities:\n  persistent-home: true\n"
        )
    };
    let k8s = dir.write("k8s.yaml", &comp("kubernetes", "ghcr.io/acme/dev:1"));
    let ec2 = dir.write("ec2.yaml", &comp("ec2-linux", "ami-0123abcd"));
    let o = wsc(&["render", &k8s]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("\"size\": \"1Ti\""), "{}", o.stdout);
    let o = wsc(&["render", &ec2]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("\"size\": \"1024Gi\""), "{}", o.stdout);
}

#[test]
fn the_base_config_fills_what_the_contract_inputs_do_not_carry() {
    let o = wsc(&[
        "render",
        "--base-config",
        "examples/render/base-config.yaml",
        "examples/compositions/pod-swdev.yaml",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    assert_eq!(v["agent_endpoint"], "https://coder.acme.dev");
    assert_eq!(v["volume_mounts"][0]["storage_class"], "gp3-encrypted");
    assert_eq!(v["metadata"]["toolchain_version"], "1.2.0");
    assert_eq!(v["runtime_env"]["VAULT_ADDR"], "https://vault.acme.dev");
    assert!(!o.stderr.contains("coder_url"), "{}", o.stderr);
}

#[test]
fn a_bad_base_config_is_located_and_nothing_is_rendered() {
    let dir = TempDir::new("render-base-config");
    let bad = dir.write("base.yaml", "coder_url: ftp://x\nbogus: 1\n");
    let o = wsc(&[
        "render",
        "--color",
        "never",
        "--base-config",
        &bad,
        "examples/compositions/pod-swdev.yaml",
    ]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
    assert!(
        o.stderr
            .contains("error[WSC007]: `ftp://x` is not a valid coder_url"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("unknown key `bogus`"), "{}", o.stderr);
    let s = wsc(&["schema", "base-config"]);
    assert_eq!(s.code, 0);
    let v: serde_json::Value = serde_json::from_str(&s.stdout).expect("schema");
    for key in wsc::contract::base_config::FIELDS.iter().map(|f| f.0) {
        assert!(
            v["properties"].get(key).is_some(),
            "{key} not in the schema"
        );
    }
}

/// A kubernetes composition with the given capabilities (YAML lines).
fn k8s_composition(caps: &str) -> String {
    format!(
        "contract: \"1.0\"\nplatform: kubernetes\nworkspace_name: dev\nowner: alice\nimage_id: ghcr.io/acme/dev:1\ncompute_profile: sw-dev-medium\ncapabilities:\n{caps}"
    )
}

/// Every shape of the kubernetes capabilities, one composition each.
const K8S_CASES: &[(&str, &str)] = &[
    ("defaults", ""),
    (
        "none-oidc-csi",
        "  network-egress: none\n  identity-mode: oidc\n  secrets-injection: secrets-manager\n",
    ),
    (
        "unrestricted-gke-vault-cache-vnc",
        "  network-egress: unrestricted\n  identity-mode: workload-identity\n  secrets-injection: vault\n  artifact-cache: true\n  gui-vnc: true\n",
    ),
    ("ephemeral-home", "  persistent-home: false\n"),
];

fn yaml_docs(stream: &str) -> Vec<serde_json::Value> {
    stream
        .split("---\n")
        .filter(|d| !d.trim().is_empty())
        .map(|d| serde_saphyr::from_str::<serde_json::Value>(d).expect("a YAML document"))
        .collect()
}

/// Deserialize a document into its typed object and serialize it back.
fn typed_round_trip(doc: &serde_json::Value) -> serde_json::Value {
    use k8s_openapi::api::core::v1::{ConfigMap, PersistentVolumeClaim, Pod, ServiceAccount};
    use k8s_openapi::api::networking::v1::NetworkPolicy;
    fn again<T: serde::de::DeserializeOwned + serde::Serialize>(
        v: &serde_json::Value,
    ) -> serde_json::Value {
        let typed: T = serde_json::from_value(v.clone()).expect("deserializes into its type");
        serde_json::to_value(&typed).expect("serializes")
    }
    match doc["kind"].as_str().expect("kind") {
        "Pod" => again::<Pod>(doc),
        "ServiceAccount" => again::<ServiceAccount>(doc),
        "ConfigMap" => again::<ConfigMap>(doc),
        "PersistentVolumeClaim" => again::<PersistentVolumeClaim>(doc),
        "NetworkPolicy" => again::<NetworkPolicy>(doc),
        other => panic!("unexpected kind {other}"),
    }
}

fn render_k8s(dir: &TempDir, name: &str, caps: &str) -> String {
    render_k8s_as(dir, name, caps, "k8s-yaml")
}

fn render_k8s_as(dir: &TempDir, name: &str, caps: &str, format: &str) -> String {
    let path = dir.write(&format!("{name}.yaml"), &k8s_composition(caps));
    let o = wsc(&[
        "render",
        "--format",
        format,
        "--base-config",
        "examples/render/base-config.yaml",
        &path,
    ]);
    assert_eq!(o.code, 0, "{name}: {}", o.stderr);
    o.stdout
}

#[test]
fn every_kubernetes_document_is_its_typed_object_exactly() {
    let dir = TempDir::new("render-k8s-typed");
    for (name, caps) in K8S_CASES {
        let out = render_k8s(&dir, name, caps);
        let docs = yaml_docs(&out);
        assert!(docs.len() >= 4, "{name}: {out}");
        for d in &docs {
            assert_eq!(
                &typed_round_trip(d),
                d,
                "{name}: a field is unknown or misspelt"
            );
        }
    }
}

#[test]
fn the_pod_meets_the_restricted_pod_security_standard() {
    let dir = TempDir::new("render-k8s-pss");
    for (name, caps) in K8S_CASES {
        let docs = yaml_docs(&render_k8s(&dir, name, caps));
        let pod = docs.iter().find(|d| d["kind"] == "Pod").expect("a pod");
        let spec = &pod["spec"];
        assert_eq!(spec["securityContext"]["runAsNonRoot"], true, "{name}");
        assert_eq!(
            spec["securityContext"]["seccompProfile"]["type"],
            "RuntimeDefault"
        );
        assert_eq!(spec["automountServiceAccountToken"], false);
        for key in ["hostNetwork", "hostPID", "hostIPC"] {
            assert!(spec.get(key).is_none(), "{name}: {key}");
        }
        for c in spec["containers"].as_array().expect("containers") {
            let sc = &c["securityContext"];
            assert_eq!(sc["allowPrivilegeEscalation"], false);
            assert_eq!(sc["capabilities"]["drop"][0], "ALL");
            assert!(sc.get("privileged").is_none());
            for p in c["ports"].as_array().map(Vec::as_slice).unwrap_or_default() {
                assert!(p.get("hostPort").is_none(), "{name}: host port");
            }
        }
        for v in spec["volumes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            assert!(v.get("hostPath").is_none(), "{name}: hostPath");
        }
    }
}

#[test]
fn egress_none_allows_only_dns_and_the_control_plane() {
    let dir = TempDir::new("render-k8s-egress");
    let egress = |caps: &str| -> Vec<serde_json::Value> {
        let docs = yaml_docs(&render_k8s(&dir, "e", caps));
        let np = docs
            .iter()
            .find(|d| d["kind"] == "NetworkPolicy")
            .expect("a policy");
        assert_eq!(
            np["spec"]["ingress"],
            serde_json::json!([]),
            "ingress is denied"
        );
        np["spec"]["egress"].as_array().expect("egress").clone()
    };
    let none = egress("  network-egress: none\n");
    let text = serde_json::to_string(&none).expect("json");
    assert!(
        text.contains("kube-dns") && text.contains("\"port\":53"),
        "{text}"
    );
    assert!(text.contains("10.20.0.0/24"), "the control plane: {text}");
    assert!(
        !text.contains("0.0.0.0/0"),
        "none reaches nothing else: {text}"
    );
    let https = serde_json::to_string(&egress("  network-egress: https-only\n")).expect("json");
    assert!(
        https.contains("0.0.0.0/0") && https.contains("169.254.169.254/32"),
        "{https}"
    );
    let all = serde_json::to_string(&egress("  network-egress: unrestricted\n")).expect("json");
    assert!(
        all.contains("169.254.169.254/32"),
        "the metadata address stays closed: {all}"
    );
}

#[test]
fn the_audit_finds_nothing_in_rendered_kubernetes_objects() {
    let dir = TempDir::new("render-k8s-audit");
    for (name, caps) in K8S_CASES {
        let out = render_k8s(&dir, name, caps);
        dir.write(&format!("manifests/{name}.yaml"), &out);
        // The same objects as kubernetes_manifest resources, which the
        // audit reads too (a module each: their variables would clash).
        let tf = render_k8s_as(&dir, name, caps, "terraform");
        dir.write(&format!("manifests/tf-{name}/main.tf"), &tf);
    }
    let root = dir.0.join("manifests").display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(crate::common::codes(&o.stdout), Vec::<String>::new());
    // And it did read them: a privileged pod written the same way is found.
    let bad = render_k8s_as(&dir, "bad", K8S_CASES[0].1, "terraform").replace(
        "allowPrivilegeEscalation = false",
        "allowPrivilegeEscalation = false\n          privileged = true",
    );
    dir.write("manifests/tf-bad/main.tf", &bad);
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(
        crate::common::codes(&o.stdout),
        vec!["F-2".to_string()],
        "{}",
        o.stdout
    );
}

/// `tests/render_cases`: each platform × compositions that together hold
/// every capability value, every GPU type, the smallest and largest
/// profiles and custom compute objects; what `wsc render` prints for each,
/// its contract outputs and its platform's main format.
#[test]
fn render_cases() {
    let mut files: Vec<_> = std::fs::read_dir("tests/render_cases")
        .expect("tests/render_cases")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    for path in files {
        let file = path.display().to_string();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        let main = if name.starts_with("k8s-") {
            "k8s-yaml"
        } else {
            "terraform"
        };
        let mut shown = String::new();
        for format in ["outputs", main] {
            let o = wsc(&[
                "render",
                "--format",
                format,
                "--base-config",
                "examples/render/base-config.yaml",
                &file,
            ]);
            assert_eq!(o.code, 0, "{file}: {}", o.stderr);
            shown.push_str(&format!("$ wsc render --format {format} --base-config examples/render/base-config.yaml {file}\n"));
            shown.push_str(&o.stdout);
            if format == "outputs" {
                shown.push_str(&o.stderr);
            }
        }
        insta::assert_snapshot!(format!("render_case_{name}"), shown);
    }
}

#[test]
fn a_platform_of_a_custom_catalog_without_a_renderer_is_a_clear_error() {
    let dir = TempDir::new("render-no-renderer");
    let catalog = dir.0.join("contract").display().to_string();
    let o = wsc(&["contract", "export", &catalog]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let platforms = dir.0.join("contract/platforms.yaml");
    let mut text = std::fs::read_to_string(&platforms).expect("platforms.yaml");
    text.push_str("  nomad:\n    description: HashiCorp Nomad job\n    os: linux\n    arch: [amd64]\n    image_kinds: [oci]\n    supports: [persistent-home, network-egress, identity-mode, secrets-injection]\n");
    std::fs::write(&platforms, text).expect("write");
    let comp = dir.write(
        "nomad.yaml",
        "contract: \"1.0\"\nplatform: nomad\nworkspace_name: dev\nowner: alice\nimage_id: ghcr.io/acme/dev:1.0\ncompute_profile: sw-dev-small\ncapabilities:\n  persistent-home: true\n",
    );
    for format in ["outputs", "terraform", "k8s-yaml"] {
        let o = wsc(&["--contract", &catalog, "render", "--format", format, &comp]);
        assert_eq!(o.code, 2, "{format}: {}", o.stderr);
        assert_eq!(o.stdout, "", "{format}");
        assert!(
            o.stderr.contains("no renderer for platform `nomad`"),
            "{}",
            o.stderr
        );
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    }
}

#[test]
fn the_kubernetes_manifest_of_the_example() {
    let o = wsc(&[
        "render",
        "--format",
        "k8s-yaml",
        "--base-config",
        "examples/render/base-config.yaml",
        "examples/compositions/pod-swdev.yaml",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("render_k8s_pod_swdev", o.stdout);
    let ec2 = wsc(&[
        "render",
        "--format",
        "k8s-yaml",
        "examples/compositions/custom-profile.yaml",
    ]);
    assert_eq!(ec2.code, 2);
    assert_eq!(ec2.stdout, "");
    assert!(
        ec2.stderr
            .contains("k8s-yaml renders the kubernetes platform"),
        "{}",
        ec2.stderr
    );
}

mod properties {
    use std::sync::Arc;

    use proptest::prelude::*;
    use wsc::diag::Severity;
    use wsc::engine::{Settings, parse_composition, validate_text};
    use wsc::ingest::catalog::embedded;
    use wsc::render::{BaseConfig, Options, Target, hcl, kubernetes, render};

    const PLATFORMS: &[(&str, &str)] = &[
        ("kubernetes", "ghcr.io/acme/dev:1"),
        ("ec2-linux", "ami-0123abcd"),
        ("ec2-windows", "ami-0123abcd"),
        ("ec2-gpu", "ami-0123abcd"),
        ("docker-sysbox", "ghcr.io/acme/dev:1"),
    ];

    fn composition() -> impl Strategy<Value = String> {
        let profile = prop_oneof![
            prop::sample::select(embedded().profiles.iter().map(|p| p.name.clone()).collect::<Vec<_>>()),
            (1u32..=64, 1u64..=512, 1u64..=4096, 0u32..=8, 0usize..4).prop_map(|(c, m, s, g, t)| {
                let gpu = ["nvidia-t4", "nvidia-a10g", "nvidia-v100", "nvidia-a100"][t];
                if g == 0 {
                    format!("\n  cpu: {c}\n  memory: {m}Gi\n  storage: {s}Gi")
                } else {
                    format!("\n  cpu: {c}\n  memory: {m}Gi\n  storage: {s}Gi\n  gpu_count: {g}\n  gpu_type: {gpu}")
                }
            }),
        ];
        (
            0usize..PLATFORMS.len(),
            profile,
            any::<(bool, bool, bool, bool)>(),
            0usize..3,
            0usize..3,
            0usize..3,
        )
            .prop_map(|(p, profile, (home, gpu, cache, vnc), egress, identity, secrets)| {
                let (platform, image) = PLATFORMS[p];
                // Mostly valid: what a platform cannot do is not asked of it.
                let gpu_platform = platform == "ec2-gpu";
                let windows = platform == "ec2-windows";
                let gpu = gpu && gpu_platform;
                let egress = if gpu && egress == 0 { 1 } else { egress };
                format!(
                    "contract: \"1.0\"\nplatform: {platform}\nworkspace_name: dev\nowner: alice\nimage_id: {image}\ncompute_profile: {profile}\ncapabilities:\n  persistent-home: {}\n  gpu-support: {gpu}\n  artifact-cache: {}\n  gui-vnc: {}\n  network-egress: {}\n  identity-mode: {}\n  secrets-injection: {}\n",
                    home || vnc,
                    cache && !windows,
                    vnc && !windows,
                    ["none", "https-only", "unrestricted"][egress],
                    ["oidc", "iam", "workload-identity"][identity],
                    ["variables", "vault", "secrets-manager"][secrets],
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            max_global_rejects: 20_000,
            ..ProptestConfig::default()
        })]

        #[test]
        fn a_valid_composition_renders_the_same_every_time_and_shows_what_it_asks(text in composition()) {
            let cat = embedded();
            let file: Arc<str> = Arc::from("p.yaml");
            let settings = Settings::default();
            let diags = validate_text(&file, &text, cat, &settings);
            prop_assume!(!diags.iter().any(|d| d.severity == Severity::Error));
            let comp = parse_composition(&file, &text, cat, &mut Vec::new()).expect("parses");
            let opts = Options { timestamp: None, base: BaseConfig::default() };
            let Ok(a) = render(&comp, cat, &opts) else {
                // Only a profile no instance type meets may fail, and says so.
                let e = render(&comp, cat, &opts).expect_err("the same error");
                prop_assert!(e.to_string().contains("no EC2 instance type"), "{e}");
                return Ok(());
            };
            let b = render(&comp, cat, &opts).expect("renders again");
            prop_assert_eq!(&a.outputs, &b.outputs);
            let ya = kubernetes::to_yaml(&a.objects).expect("yaml");
            prop_assert_eq!(&ya, &kubernetes::to_yaml(&b.objects).expect("yaml"));
            let home = a.outputs.volume_mounts.iter().any(|v| v.path == "/home/coder" || v.path == "C:\\Users\\coder");
            // docker-sysbox keeps its home bind always (runtime contract INV-5).
            prop_assert_eq!(home, a.plan.caps.persistent_home || a.target == Target::DockerSysbox);
            prop_assert_eq!(ya.contains("-home\n"), a.plan.caps.persistent_home && a.target == Target::Kubernetes);
            if a.plan.caps.gpu && a.target.is_ec2() {
                let i = a.outputs.instance.as_ref().expect("an instance");
                prop_assert!(i.gpus > 0, "gpu-support on {} took {}", a.plan.platform.name, i.name);
            }
            if a.target == Target::Kubernetes && a.plan.caps.egress == wsc::render::plan::Egress::None {
                prop_assert!(!ya.contains("0.0.0.0/0"), "{ya}");
            }
            // The Terraform of every platform: the same each time, and it
            // shows what was asked.
            let ta = hcl::file(&a.terraform(&opts).expect("terraform"));
            prop_assert_eq!(&ta, &hcl::file(&b.terraform(&opts).expect("terraform")));
            let home_resource = match a.target {
                Target::Kubernetes => "resource \"kubernetes_manifest\" \"home\"",
                Target::DockerSysbox => "host_path      = local.home_bind",
                _ => "resource \"aws_ebs_volume\" \"home\"",
            };
            prop_assert_eq!(
                ta.contains(home_resource),
                a.plan.caps.persistent_home || a.target == Target::DockerSysbox
            );
            if a.plan.caps.egress == wsc::render::plan::Egress::None {
                prop_assert!(!ta.contains("0.0.0.0/0") && !ta.contains("::/0"), "{ta}");
            }
            if a.target.is_ec2() {
                let i = a.outputs.instance.as_ref().expect("an instance");
                let line = format!("\"{}\"", i.name);
                prop_assert!(ta.contains(&line), "the instance type is in the module");
            }
        }
    }
}

mod yaml_writer {
    use proptest::prelude::*;
    use serde_json::Value;
    use wsc::render::yaml::document;

    /// Strings YAML readers are known to take for something else.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "a ",
        " a",
        "true",
        "False",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "null",
        "~",
        "1",
        "-1",
        "1.0",
        ".5",
        "1e3",
        "0x1f",
        "0o17",
        "1_000",
        "12:30",
        "2026-12-05",
        "50Gi",
        "10.0.0.0/8",
        "::/0",
        "fd00:ec2::254/128",
        "a: b",
        "a #b",
        "#a",
        "-",
        "- a",
        "-c",
        "?",
        ":",
        "a:",
        "*a",
        "&a",
        "!a",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@a",
        "`a",
        "{}",
        "[]",
        ",",
        "é",
        "a\nb",
        "tab\there",
        "\u{7f}",
        "\u{85}",
        "\u{9f}",
        "\u{feff}x",
        "\u{1}",
        "<wsc:placeholder x>",
        "$(VAR)",
        ".inf",
        "-.inf",
        ".nan",
    ];

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            prop::sample::select(TRICKY).prop_map(|s| Value::String(s.to_string())),
            "[ -~]{0,12}".prop_map(Value::String),
            any::<i32>().prop_map(Value::from),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        prop::sample::select(TRICKY).prop_map(str::to_string),
                        "[a-z]{1,6}"
                    ],
                    inner,
                    0..5
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn what_is_written_reads_back_the_same(v in value()) {
            let text = document(&v);
            let back: Value = serde_saphyr::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(back, v, "{}", text);
        }
    }
}

mod terraform {
    use crate::common::{TempDir, wsc};

    fn ec2(platform: &str, profile: &str, caps: &str) -> String {
        composition(platform, "ami-0123abcd", profile, caps)
    }

    fn composition(platform: &str, image: &str, profile: &str, caps: &str) -> String {
        format!(
            "contract: \"1.0\"\nplatform: {platform}\nworkspace_name: dev\nowner: alice\nimage_id: {image}\ncompute_profile: {profile}\ncapabilities:\n{caps}overrides:\n  environment_variables: {{TRICKY: \"it's ${{HOME}} and %{{x}}\"}}\n"
        )
    }

    /// Compositions of every platform: every egress mode it supports, home
    /// or not, and on Kubernetes and docker-sysbox every identity and
    /// secrets mode, with and without the cache and VNC.
    fn cases() -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, (platform, profile, extra)) in [
            ("ec2-linux", "sw-dev-small", ""),
            ("ec2-windows", "sw-dev-medium", "  gui-rdp: true\n"),
            ("ec2-gpu", "datasci-large", "  gpu-support: true\n"),
            ("ec2-gpu", "datasci-xlarge", "  gpu-support: true\n"),
            (
                "ec2-linux",
                "sw-dev-large",
                "  gui-vnc: true\n  identity-mode: oidc\n  secrets-injection: secrets-manager\n",
            ),
            (
                "ec2-gpu",
                "datasci-large",
                "  gpu-support: true\n  gui-vnc: true\n  identity-mode: workload-identity\n  secrets-injection: vault\n",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            for egress in ["none", "https-only", "unrestricted"] {
                if egress == "none" && extra.contains("gpu") {
                    continue;
                }
                for home in [true, false] {
                    let caps = format!(
                        "  network-egress: {egress}\n  persistent-home: {}\n{extra}",
                        home || extra.contains("gui")
                    );
                    out.push((
                        format!("{platform}-{k}-{profile}-{egress}-{home}"),
                        ec2(platform, profile, &caps),
                    ));
                }
            }
        }
        let modes = [
            ("oidc", "variables"),
            ("iam", "vault"),
            ("workload-identity", "secrets-manager"),
        ];
        for (platform, egresses) in [
            ("kubernetes", &["none", "https-only", "unrestricted"][..]),
            ("docker-sysbox", &["https-only", "unrestricted"][..]),
        ] {
            for (i, egress) in egresses.iter().enumerate() {
                for home in [true, false] {
                    let (identity, secrets) = modes[(i + usize::from(home)) % modes.len()];
                    let caps = format!(
                        "  network-egress: {egress}\n  persistent-home: {home}\n  identity-mode: {identity}\n  secrets-injection: {secrets}\n  artifact-cache: {home}\n  gui-vnc: {}\n",
                        !home
                    );
                    out.push((
                        format!("{platform}-{egress}-{home}"),
                        composition(platform, "ghcr.io/acme/dev:1.0", "sw-dev-medium", &caps),
                    ));
                }
            }
        }
        out
    }

    fn render(dir: &TempDir, name: &str, text: &str) -> String {
        let path = dir.write(&format!("{name}.yaml"), text);
        let o = wsc(&["render", "--format", "terraform", &path]);
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
        o.stdout
    }

    fn terraform() -> Option<&'static str> {
        std::process::Command::new("terraform")
            .arg("version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| "terraform")
    }

    #[test]
    fn every_terraform_module_is_terraform_fmt_clean() {
        let Some(tf) = terraform() else {
            println!("SKIP: terraform not found");
            return;
        };
        let dir = TempDir::new("render-tf-fmt");
        for (name, text) in cases() {
            let out = render(&dir, &name, &text);
            dir.write(&format!("{name}/main.tf"), &out);
            let o = std::process::Command::new(tf)
                .args(["fmt", "-check", "-diff", "-no-color"])
                .arg(dir.0.join(&name))
                .env("CHECKPOINT_DISABLE", "1")
                .output()
                .expect("terraform runs");
            assert!(
                o.status.success(),
                "{name}: terraform fmt would change it:\n{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }

    #[test]
    fn ec2_modules_are_secure_by_construction() {
        let dir = TempDir::new("render-tf-secure");
        for (name, text) in cases().into_iter().filter(|(n, _)| n.starts_with("ec2-")) {
            let out = render(&dir, &name, &text);
            assert!(
                out.contains("http_tokens                 = \"required\""),
                "{name}: IMDSv2"
            );
            assert!(out.contains("http_put_response_hop_limit = 1"), "{name}");
            assert!(
                !out.contains("encrypted   = false") && out.contains("encrypted   = true"),
                "{name}"
            );
            // The token is read at boot with the instance's identity; no
            // value of it is in the user data.
            assert!(
                out.contains("get-parameter --with-decryption")
                    || out.contains("Get-SSMParameterValue"),
                "{name}"
            );
            assert!(
                !out.contains("password") && !out.contains("Password"),
                "{name}"
            );
            // A composition's `${` and `%{` stay literal text.
            assert!(
                out.contains("$${HOME}") && out.contains("%%{x}"),
                "{name}: {out}"
            );
            assert!(!out.contains("egress {"), "{name}: no inline egress blocks");
            if name.contains("-none-") {
                assert!(
                    !out.contains("0.0.0.0/0") && !out.contains("::/0"),
                    "{name}"
                );
            }
            assert_eq!(
                out.contains("mount -t efs -o tls"),
                text.contains("artifact-cache: true"),
                "{name}: the shared cache"
            );
            // Identity, secrets and the desktop, by mode.
            let oidc_or_wi =
                text.contains("identity-mode: oidc") || text.contains("workload-identity");
            assert_eq!(
                out.contains("aws_iam_role_policy_attachment"),
                !oidc_or_wi,
                "{name}"
            );
            assert_eq!(
                out.contains("secretsmanager:GetSecretValue"),
                text.contains("secrets-manager"),
                "{name}"
            );
            if text.contains("gui-vnc: true") {
                assert!(
                    out.contains("vncserver :1 -localhost yes"),
                    "{name}: VNC on loopback only"
                );
                assert_eq!(
                    out.contains("dcvserver"),
                    name.starts_with("ec2-gpu"),
                    "{name}"
                );
            }
            assert_eq!(
                out.contains("aws_ebs_volume"),
                text.contains("persistent-home: true"),
                "{name}"
            );
        }
    }

    #[test]
    fn the_home_volume_is_sized_in_whole_gib_and_the_instance_fits_the_profile() {
        let dir = TempDir::new("render-tf-sizes");
        let big = render(
            &dir,
            "big",
            &ec2(
                "ec2-gpu",
                "datasci-xlarge",
                "  gpu-support: true\n  persistent-home: true\n",
            ),
        );
        assert!(big.contains("size              = 2048"), "2Ti is 2048 GiB");
        assert!(
            big.contains("instance_type               = \"p4d.24xlarge\""),
            "{big}"
        );
    }

    /// Every `var.NAME` a module reads is declared, and no placeholder of
    /// the YAML form is left in it.
    fn assert_variables_declared(name: &str, out: &str) {
        assert!(!out.contains("<wsc:placeholder"), "{name}: {out}");
        let declared: Vec<&str> = out
            .lines()
            .filter_map(|l| l.strip_prefix("variable \""))
            .filter_map(|l| l.split('"').next())
            .collect();
        for (i, _) in out.match_indices("var.") {
            let used: String = out[i + 4..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                declared.contains(&used.as_str()),
                "{name}: var.{used} is not declared"
            );
        }
    }

    #[test]
    fn kubernetes_and_docker_modules_keep_their_promises() {
        let dir = TempDir::new("render-tf-k8s-docker");
        for (name, text) in cases() {
            let out = render(&dir, &name, &text);
            assert_variables_declared(&name, &out);
            let home = name.ends_with("-true");
            if name.starts_with("kubernetes-") {
                assert_eq!(
                    out.matches("resource \"kubernetes_manifest\"").count(),
                    4 + usize::from(home) * 2,
                    "{name}: {out}"
                );
                assert_eq!(
                    out.contains("resource \"kubernetes_manifest\" \"home\""),
                    home,
                    "{name}"
                );
                assert_eq!(
                    out.contains("resource \"kubernetes_manifest\" \"cache\""),
                    home,
                    "{name}"
                );
                assert!(
                    out.contains("automountServiceAccountToken = false"),
                    "{name}"
                );
                assert!(out.contains("allowPrivilegeEscalation = false"), "{name}");
                assert!(
                    !out.contains("hostNetwork")
                        && !out.contains("hostPort")
                        && !out.contains("hostPath"),
                    "{name}"
                );
                assert!(out.contains("namespace = var.namespace"), "{name}");
                if name.contains("-none-") {
                    assert!(
                        !out.contains("0.0.0.0/0") && !out.contains("::/0"),
                        "{name}"
                    );
                    assert!(
                        out.contains("for x in var.coder_cidrs"),
                        "{name}: the control plane stays reachable"
                    );
                } else {
                    assert!(
                        out.contains("\"169.254.169.254/32\""),
                        "{name}: the metadata address is excepted"
                    );
                }
            } else if name.starts_with("docker-sysbox-") {
                assert!(
                    out.contains("runtime               = \"sysbox-runc\""),
                    "{name}"
                );
                assert!(out.contains("privileged            = false"), "{name}");
                assert_eq!(
                    out.matches("  volumes {").count(),
                    1,
                    "{name}: the home bind, always"
                );
                assert_eq!(
                    out.matches("  mounts {").count(),
                    1,
                    "{name}: the DinD volume"
                );
                assert!(
                    !out.contains("ports {") && !out.contains("docker.sock\"\n"),
                    "{name}"
                );
                assert!(
                    out.contains("resource \"null_resource\" \"workspace_cleanup\""),
                    "{name}"
                );
                let egress = if name.contains("https-only") {
                    "https-only"
                } else {
                    "unrestricted"
                };
                assert!(
                    out.contains(&format!("value = \"{egress}\"")),
                    "{name}: the egress label"
                );
            }
        }
    }

    #[test]
    fn the_audit_finds_nothing_in_rendered_docker_sysbox_modules() {
        let dir = TempDir::new("render-docker-audit");
        // The image is not rendered: the contract's own base image stands in.
        let image = std::fs::read_to_string("tests/audit_fixtures/_base/image/Dockerfile")
            .expect("base image");
        dir.write("image/Dockerfile", &image);
        let mut n = 0;
        for (name, text) in cases()
            .into_iter()
            .filter(|(n, _)| n.starts_with("docker-sysbox-"))
        {
            let out = render(&dir, &name, &text);
            dir.write(&format!("templates/{name}/main.tf"), &out);
            n += 1;
        }
        assert!(n >= 4);
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
            governed, n,
            "every rendered module is held to the Docker-in-Docker contract: {}",
            o.stdout
        );
    }

    #[test]
    fn the_terraform_of_the_kubernetes_and_docker_examples() {
        for (file, snap) in [
            ("pod-swdev.yaml", "render_terraform_kubernetes_pod_swdev"),
            ("sysbox-ddev.yaml", "render_terraform_docker_sysbox_ddev"),
        ] {
            let o = wsc(&[
                "render",
                "--format",
                "terraform",
                "--base-config",
                "examples/render/base-config.yaml",
                &format!("examples/compositions/{file}"),
            ]);
            assert_eq!(o.code, 0, "{}", o.stderr);
            insta::assert_snapshot!(snap, o.stdout);
        }
    }

    /// `resource "T" "N"`, `data …`, `variable "N"` addresses of native text.
    fn native_addresses(text: &str) -> Vec<String> {
        let mut out: Vec<String> = text
            .lines()
            .filter(|l| {
                !l.starts_with(' ') && (l.ends_with('{') || l.ends_with("{}")) && l.contains('"')
            })
            .map(|l| {
                l.trim_end_matches(" {}")
                    .trim_end_matches(" {")
                    .replace('"', "")
                    .replace(' ', ".")
            })
            .collect();
        out.sort();
        out
    }

    fn json_addresses(v: &serde_json::Value) -> Vec<String> {
        let mut out = Vec::new();
        for kind in ["resource", "data"] {
            for (t, names) in v[kind].as_object().into_iter().flatten() {
                for n in names.as_object().into_iter().flatten().map(|(n, _)| n) {
                    out.push(format!("{kind}.{t}.{n}"));
                }
            }
        }
        for n in v["variable"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(n, _)| n)
        {
            out.push(format!("variable.{n}"));
        }
        out.sort();
        out
    }

    #[test]
    fn the_json_syntax_holds_the_same_blocks_and_terraform_reads_both() {
        let dir = TempDir::new("render-tf-json");
        let tf = terraform();
        for (name, text) in cases() {
            let native = render(&dir, &name, &text);
            let path = dir.write(&format!("{name}.yaml"), &text);
            let o = wsc(&["render", "--format", "terraform-json", &path]);
            assert_eq!(o.code, 0, "{name}: {}", o.stderr);
            let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
            assert_eq!(json_addresses(&v), native_addresses(&native), "{name}");
            // A composition's `${` stays literal text in JSON too.
            assert!(o.stdout.contains("$${HOME}"), "{name}");
            let Some(tf) = tf else { continue };
            for (sub, file, body) in [
                ("native", "main.tf", &native),
                ("json", "main.tf.json", &o.stdout),
            ] {
                dir.write(&format!("{name}-{sub}/{file}"), body);
                let r = std::process::Command::new(tf)
                    .arg("providers")
                    .current_dir(dir.0.join(format!("{name}-{sub}")))
                    .env("CHECKPOINT_DISABLE", "1")
                    .env("TF_CLI_CONFIG_FILE", "/dev/null")
                    .output()
                    .expect("terraform runs");
                assert!(
                    r.status.success(),
                    "{name} ({sub}): terraform cannot read it:\n{}",
                    String::from_utf8_lossy(&r.stderr)
                );
            }
        }
    }

    #[test]
    fn the_terraform_of_an_example() {
        let o = wsc(&[
            "render",
            "--format",
            "terraform",
            "--base-config",
            "examples/render/base-config.yaml",
            "examples/compositions/ec2-datasci-gpu.json",
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        insta::assert_snapshot!("render_terraform_ec2_datasci_gpu", o.stdout);
    }
}

mod checkov {
    use crate::common::{TempDir, checkov, checkov_skips, wsc};

    #[test]
    fn checkov_fails_no_check_on_rendered_manifests_and_terraform() {
        let skip = checkov_skips();
        let Some(ck) = checkov() else {
            println!("SKIP: checkov not found (`.ci/run` installs it)");
            return;
        };
        let dir = TempDir::new("render-checkov");
        let mut n = 0;
        let examples: Vec<String> = [
            "pod-swdev.yaml",
            "custom-profile.yaml",
            "ec2-datasci-gpu.json",
            "ec2-windev-gui.yaml",
            "sysbox-ddev.yaml",
        ]
        .iter()
        .map(|f| format!("examples/compositions/{f}"))
        .collect();
        let mut cases: Vec<String> = std::fs::read_dir("tests/render_cases")
            .expect("cases")
            .map(|e| e.expect("entry").path().display().to_string())
            .collect();
        cases.sort();
        let k8s: Vec<&String> = examples
            .iter()
            .chain(&cases)
            .filter(|f| f.contains("pod-") || f.contains("k8s-"))
            .collect();
        let all: Vec<&String> = examples.iter().chain(&cases).collect();
        for (format, files) in [("k8s-yaml", k8s), ("terraform", all)] {
            for f in files {
                let o = wsc(&[
                    "render",
                    "--format",
                    format,
                    "--base-config",
                    "examples/render/base-config.yaml",
                    f,
                ]);
                assert_eq!(o.code, 0, "{f}: {}", o.stderr);
                let name = if format == "terraform" {
                    format!("tf-{n}/main.tf")
                } else {
                    format!("k8s-{n}.yaml")
                };
                dir.write(&name, &o.stdout);
                n += 1;
            }
        }
        let o = std::process::Command::new(&ck)
            .args([
                "--quiet",
                "--compact",
                "-o",
                "json",
                "--skip-download",
                "-d",
            ])
            .arg(&dir.0)
            .arg("--skip-check")
            .arg(skip.join(","))
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
                    "{} {} {}",
                    c["check_id"], c["resource"], c["check_name"]
                ));
            }
        }
        assert!(passed > 100, "checkov checked little: {out}");
        assert!(
            failed.is_empty(),
            "checkov failures:\n{}",
            failed.join("\n")
        );
    }
}
