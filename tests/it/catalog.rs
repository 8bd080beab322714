//! The catalog's seed layer against seed 000, table by table and cell by cell.
//! The expected values below are typed in from the seed document itself; they
//! share nothing with the catalog files under test.

use crate::common::{TempDir, codes, wsc};
use wsc::contract::catalog::{CapKind, CapValue, Catalog, Layer, Level, Support, TypeExpr};
use wsc::ingest::catalog::embedded;

fn cat() -> &'static Catalog {
    embedded()
}

fn seed_platforms(c: &Catalog) -> Vec<&wsc::contract::catalog::PlatformDef> {
    c.platforms
        .iter()
        .filter(|p| p.layer == Layer::Seed)
        .collect()
}

#[test]
fn capabilities_match_the_seed_table() {
    // (name, type, default, values)
    let seed: [(&str, &str, &str, &[&str]); 8] = [
        ("persistent-home", "bool", "true", &[]),
        (
            "network-egress",
            "enum",
            "https-only",
            &["none", "https-only", "unrestricted"],
        ),
        (
            "identity-mode",
            "enum",
            "iam",
            &["oidc", "iam", "workload-identity"],
        ),
        ("gpu-support", "bool", "false", &[]),
        ("artifact-cache", "bool", "false", &[]),
        (
            "secrets-injection",
            "enum",
            "variables",
            &["variables", "vault", "secrets-manager"],
        ),
        ("gui-vnc", "bool", "false", &[]),
        ("gui-rdp", "bool", "false", &[]),
    ];
    let c = cat();
    let seed_caps: Vec<_> = c
        .capabilities
        .iter()
        .filter(|x| x.layer == Layer::Seed)
        .collect();
    assert_eq!(seed_caps.len(), seed.len());
    for (name, ty, default, values) in seed {
        let def = seed_caps
            .iter()
            .find(|d| d.name == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(def.type_name(), ty, "{name} type");
        assert_eq!(def.value_text(def.default), default, "{name} default");
        match &def.kind {
            CapKind::Bool => assert!(values.is_empty(), "{name} is bool"),
            CapKind::Enum(v) => assert_eq!(v, values, "{name} values"),
        }
    }
}

#[test]
fn platform_support_matches_the_seed_matrix_cell_by_cell() {
    let columns = ["kubernetes", "ec2-linux", "ec2-windows", "ec2-gpu"];
    let rows: [(&str, [bool; 4]); 8] = [
        ("persistent-home", [true, true, true, true]),
        ("network-egress", [true, true, true, true]),
        ("identity-mode", [true, true, true, true]),
        ("gpu-support", [false, false, false, true]),
        ("artifact-cache", [true, true, false, true]),
        ("secrets-injection", [true, true, true, true]),
        ("gui-vnc", [true, true, false, true]),
        ("gui-rdp", [false, false, true, false]),
    ];
    let c = cat();
    let seed = seed_platforms(c);
    let names: Vec<&str> = seed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, columns);
    for (cap, cells) in rows {
        let ci = c.capability(cap).expect("capability");
        for (pi, want) in cells.iter().enumerate() {
            let got = seed[pi].support[ci];
            let got = match got {
                Support::No => false,
                Support::Yes => true,
                Support::Values(_) => panic!("seed cells are whole: {cap} on {}", columns[pi]),
            };
            assert_eq!(got, *want, "{cap} on {}", columns[pi]);
        }
    }
}

#[test]
fn platform_os_matches_the_seed() {
    let c = cat();
    let os: Vec<(&str, &str)> = seed_platforms(c)
        .iter()
        .map(|p| (p.name.as_str(), p.os.as_str()))
        .collect();
    assert_eq!(
        os,
        [
            ("kubernetes", "linux"),
            ("ec2-linux", "linux"),
            ("ec2-windows", "windows"),
            ("ec2-gpu", "linux")
        ]
    );
}

#[test]
fn profiles_match_the_seed_table() {
    const GI: u64 = 1 << 30;
    // (name, cpu, memory GiB, storage GiB, gpus, gpu type)
    type Row = (&'static str, u32, u64, u64, u32, Option<&'static str>);
    let seed: [Row; 7] = [
        ("sw-dev-small", 2, 4, 20, 0, None),
        ("sw-dev-medium", 4, 8, 50, 0, None),
        ("sw-dev-large", 8, 16, 100, 0, None),
        ("platform-devsecops", 4, 8, 100, 0, None),
        ("datasci-standard", 8, 32, 500, 0, None),
        ("datasci-large", 16, 64, 1024, 1, Some("nvidia-t4")),
        ("datasci-xlarge", 32, 64, 2048, 4, Some("nvidia-a100")),
    ];
    let c = cat();
    let seed_profiles: Vec<_> = c
        .profiles
        .iter()
        .filter(|p| p.layer == Layer::Seed)
        .collect();
    assert_eq!(seed_profiles.len(), 7);
    for (i, (name, cpu, mem, sto, gpus, gt)) in seed.iter().enumerate() {
        let p = seed_profiles[i];
        assert_eq!(p.name, *name);
        assert_eq!(p.cpu, *cpu, "{name} cpu");
        assert_eq!(p.memory.bytes, mem * GI, "{name} memory");
        assert_eq!(p.storage.bytes, sto * GI, "{name} storage");
        assert_eq!(p.gpu_count, *gpus, "{name} gpus");
        assert_eq!(
            p.gpu_type.map(|g| c.gpu_types[g].name.as_str()),
            *gt,
            "{name} gpu type"
        );
    }
}

#[test]
fn gpu_types_match_the_seed_table() {
    let seed: [(&str, (u32, u32), f64); 4] = [
        ("nvidia-t4", (16, 16), 8.1),
        ("nvidia-a10g", (24, 24), 31.2),
        ("nvidia-v100", (16, 32), 15.7),
        ("nvidia-a100", (40, 80), 19.5),
    ];
    let c = cat();
    assert_eq!(c.gpu_types.len(), 4);
    for (i, (name, mem, tflops)) in seed.iter().enumerate() {
        let g = &c.gpu_types[i];
        assert_eq!(g.name, *name);
        assert_eq!(g.memory_gb, *mem, "{name} memory");
        assert!((g.fp32_tflops - tflops).abs() < 1e-9, "{name} tflops");
    }
}

#[test]
fn inputs_and_outputs_match_the_seed() {
    let c = cat();
    let inputs: Vec<(&str, &TypeExpr, bool)> = c
        .inputs
        .iter()
        .map(|p| (p.name.as_str(), &p.ty, p.required))
        .collect();
    assert_eq!(inputs.len(), 5);
    let names: Vec<&str> = inputs.iter().map(|i| i.0).collect();
    assert_eq!(
        names,
        [
            "workspace_name",
            "owner",
            "compute_profile",
            "image_id",
            "capabilities"
        ]
    );
    assert!(inputs.iter().all(|i| i.2), "all inputs are required");
    assert_eq!(*inputs[0].1, TypeExpr::String);
    assert_eq!(*inputs[3].1, TypeExpr::String);
    let TypeExpr::Object(attrs) = inputs[2].1 else {
        panic!("compute_profile is an object")
    };
    let shape: Vec<(&str, &TypeExpr, bool)> = attrs
        .iter()
        .map(|a| (a.name.as_str(), &a.ty, a.optional))
        .collect();
    assert_eq!(
        shape,
        [
            ("cpu", &TypeExpr::Number, false),
            ("memory", &TypeExpr::String, false),
            ("storage", &TypeExpr::String, false),
            ("gpu_count", &TypeExpr::Number, true),
            ("gpu_type", &TypeExpr::String, true),
        ]
    );
    assert_eq!(c.compute_range("cpu"), Some((1, 64)));
    assert_eq!(
        attrs[4].doc.values,
        ["nvidia-t4", "nvidia-a10g", "nvidia-v100", "nvidia-a100"]
    );

    let outputs: Vec<(&str, &TypeExpr)> =
        c.outputs.iter().map(|p| (p.name.as_str(), &p.ty)).collect();
    assert_eq!(outputs.len(), 4);
    assert_eq!(outputs[0], ("agent_endpoint", &TypeExpr::String));
    assert_eq!(
        outputs[1],
        ("runtime_env", &TypeExpr::Map(Box::new(TypeExpr::String)))
    );
    let TypeExpr::List(inner) = outputs[2].1 else {
        panic!("volume_mounts is a list")
    };
    let TypeExpr::Object(vm) = inner.as_ref() else {
        panic!("of objects")
    };
    let vm_names: Vec<&str> = vm.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(vm_names, ["path", "type", "size", "storage_class"]);
    assert_eq!(vm[1].doc.values, ["pvc", "ebs", "efs", "local"]);
    let TypeExpr::Object(md) = outputs[3].1 else {
        panic!("metadata is an object")
    };
    let md_names: Vec<&str> = md.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        md_names,
        [
            "platform",
            "os",
            "arch",
            "toolchain_version",
            "base_version",
            "image_digest",
            "ami_id",
            "provisioned_at"
        ]
    );
    assert_eq!(
        md[0].doc.values,
        ["kubernetes", "ec2-linux", "ec2-windows", "ec2-gpu"]
    );
    assert_eq!(md[1].doc.values, ["linux", "windows"]);
    assert_eq!(md[2].doc.values, ["amd64", "arm64"]);
}

#[test]
fn constraints_match_the_seed() {
    let c = cat();
    let name = |i: usize| c.capabilities[i].name.as_str();
    let ex: Vec<Vec<&str>> = c
        .exclusions
        .iter()
        .map(|g| g.iter().map(|i| name(*i)).collect())
        .collect();
    assert_eq!(ex, [["gui-vnc", "gui-rdp"]]);
    assert_eq!(c.implications.len(), 2);
    let gpu = &c.implications[0];
    assert_eq!(gpu.level, Level::Must);
    assert_eq!(
        gpu.when
            .iter()
            .map(|(i, v)| (name(*i), *v))
            .collect::<Vec<_>>(),
        [("gpu-support", CapValue::Bool(true))]
    );
    assert_eq!(name(gpu.then), "network-egress");
    let allowed: Vec<&str> = gpu
        .allowed
        .iter()
        .map(|v| c.capabilities[gpu.then].value_text(*v))
        .collect();
    assert_eq!(allowed, ["https-only", "unrestricted"]);
    let gui = &c.implications[1];
    assert_eq!(
        gui.level,
        Level::Should,
        "the seed says 'should': a warning"
    );
    let when: Vec<&str> = gui.when.iter().map(|(i, _)| name(*i)).collect();
    assert_eq!(when, ["gui-vnc", "gui-rdp"]);
    assert_eq!(name(gui.then), "persistent-home");
    assert_eq!(gui.allowed, [CapValue::Bool(true)]);
}

#[test]
fn the_extension_layer_is_marked_and_shaped_as_interface_4a_says() {
    let c = cat();
    let ext: Vec<_> = c
        .platforms
        .iter()
        .filter(|p| p.layer == Layer::Extension)
        .collect();
    assert_eq!(ext.len(), 1);
    let p = ext[0];
    assert_eq!(p.name, "docker-sysbox");
    let row = |cap: &str| p.support[c.capability(cap).expect("cap")];
    assert_eq!(row("gpu-support"), Support::No);
    assert_eq!(row("gui-rdp"), Support::No);
    let egress = c.capability("network-egress").expect("cap");
    let none = c.capabilities[egress].enum_index("none").expect("none");
    assert!(!row("network-egress").allows(CapValue::Enum(none)));
    assert!(row("network-egress").allows(CapValue::Enum(none + 1)));
    let platforms = wsc(&["platforms"]);
    assert!(platforms.stdout.contains("docker-sysbox*"));
}

// --- organisation catalogs (`--contract`) ---

fn org_catalog(dir: &TempDir, edit: impl Fn(String) -> String) -> String {
    for (name, text) in wsc::ingest::catalog::EMBEDDED {
        let file = name.trim_start_matches("contract/");
        dir.write(&format!("contract/{file}"), &edit(text.to_string()));
    }
    dir.path("contract").display().to_string()
}

const GPU_COMPOSITION: &str = "platform: ec2-gpu
workspace_name: ml-1
owner: alice
image_id: ami-0123abcd
compute_profile: ml-a10g
capabilities:
  gpu-support: true
  network-egress: none
";

#[test]
fn an_organisation_catalog_can_add_profiles_and_narrow_platforms() {
    let dir = TempDir::new("org");
    let contract = org_catalog(&dir, |t| {
        t.replace(
            "  datasci-xlarge:",
            "  ml-a10g:            {cpu: 8, memory: 32Gi, storage: 200Gi, gpu_count: 1, gpu_type: nvidia-a10g, use_case: Fine-tuning}\n  datasci-xlarge:",
        )
        .replace(
            "supports: [persistent-home, network-egress, identity-mode, gpu-support, artifact-cache, secrets-injection, gui-vnc]",
            "supports: [persistent-home, {network-egress: [https-only]}, identity-mode, gpu-support, secrets-injection]",
        )
    });
    let f = dir.write("c.yaml", GPU_COMPOSITION);
    let o = wsc(&["--contract", &contract, "validate", "--format", "json", &f]);
    let c = codes(&o.stdout);
    assert!(
        !c.contains(&"TC009".to_string()),
        "the extra profile is known: {c:?}"
    );
    assert!(c.contains(&"TC004".to_string()), "{c:?}");
    assert!(
        c.contains(&"TC006".to_string()),
        "network-egress none is outside the narrowed row: {c:?}"
    );
    // Without the catalog the profile is unknown.
    let o = wsc(&["validate", "--format", "json", &f]);
    assert!(codes(&o.stdout).contains(&"TC009".to_string()));
}

#[test]
fn an_organisation_catalog_can_add_a_platform() {
    let dir = TempDir::new("orgplat");
    let contract = org_catalog(&dir, |t| {
        t.replace(
            "platforms:\n  kubernetes:",
            "platforms:\n  nomad:\n    os: linux\n    image_kinds: [oci]\n    supports: [persistent-home, network-egress, identity-mode, secrets-injection]\n  kubernetes:",
        )
    });
    let f = dir.write(
        "c.yaml",
        "platform: nomad\nworkspace_name: a\nowner: b\nimage_id: ghcr.io/x/y:1\ncompute_profile: sw-dev-small\ncapabilities: {gui-vnc: true}\n",
    );
    let o = wsc(&["--contract", &contract, "validate", "--format", "json", &f]);
    assert_eq!(codes(&o.stdout), ["TC006"]);
}

#[test]
fn a_broken_catalog_exits_2_with_places_in_the_catalog() {
    let dir = TempDir::new("badcat");
    let contract = org_catalog(&dir, |t| {
        t.replace("supports: [persistent-home, network-egress, identity-mode, secrets-injection, gui-rdp]", "supports: [persistent-home, network_egress, identity-mode, secrets-injection, gui-rdp]")
    });
    let o = wsc(&[
        "--contract",
        &contract,
        "validate",
        "examples/compositions/pod-swdev.yaml",
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("error[WSC006]: unknown capability `network_egress`"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("platforms.yaml:23:33"), "{}", o.stderr);
    assert!(
        o.stderr.contains("did you mean `network-egress`?"),
        "{}",
        o.stderr
    );

    let broken = dir.write("one.yaml", "contract: \"1.0\"\ncapabilities: [\n");
    let o = wsc(&["--contract", &broken, "profiles"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("WSC001"), "{}", o.stderr);
    let o = wsc(&["--contract", "no/such/dir", "profiles"]);
    assert_eq!(o.code, 2);
}
