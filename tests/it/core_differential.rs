//! The core module (`render::core`) against `wsc render`: a matrix of
//! compositions, each rendered and summarised by `render::decisions`, and
//! the same inputs planned by terraform through the core (one root module
//! calling it once per case, one plan). The decisions must be equal. A
//! case render refuses (no instance type fits) must fail in the core too:
//! its output's precondition (checked by `terraform test` with
//! `expect_failures`).

use std::sync::Arc;

use serde_json::Value;
use wsc::contract::catalog::{CapKind, CapValue, Catalog};
use wsc::contract::model::Quantity;
use wsc::diag::Severity;
use wsc::engine::{Settings, parse_composition, validate_text};
use wsc::ingest::catalog::embedded;
use wsc::render::core::core_files;
use wsc::render::decisions::decisions;
use wsc::render::hcl::{Block, Expr, file, raw, s};
use wsc::render::{Options, render};

use crate::common::{TempDir, terraform, terraform_available};

fn ok(o: &std::process::Output, what: &str) -> String {
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "terraform {what} failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// A compute profile: a catalog profile's name, or an object as written.
#[derive(Clone)]
enum Compute {
    Named(&'static str),
    Custom {
        cpu: u32,
        memory: &'static str,
        storage: &'static str,
        gpus: Option<(u32, Option<&'static str>)>,
    },
}

fn custom(cpu: u32, memory: &'static str, storage: &'static str) -> Compute {
    Compute::Custom {
        cpu,
        memory,
        storage,
        gpus: None,
    }
}

fn gpu(cpu: u32, memory: &'static str, n: u32, ty: &'static str) -> Compute {
    Compute::Custom {
        cpu,
        memory,
        storage: "200Gi",
        gpus: Some((n, Some(ty))),
    }
}

fn computes() -> Vec<Compute> {
    let mut out: Vec<Compute> = embedded()
        .profiles
        .iter()
        .map(|p| Compute::Named(Box::leak(p.name.clone().into_boxed_str())))
        .collect();
    out.extend([
        custom(1, "1Gi", "1Gi"),
        custom(2, "1536Mi", "1536Mi"),
        custom(2, "9Gi", "20Gi"),
        custom(3, "12Gi", "1Ti"),
        custom(64, "256Gi", "4Ti"),
        custom(64, "512Gi", "100Gi"),
        custom(64, "2Ti", "50Gi"),
        custom(6, "1048576Ki", "1025Mi"),
        gpu(4, "16Gi", 1, "nvidia-t4"),
        gpu(8, "32Gi", 4, "nvidia-t4"),
        gpu(4, "16Gi", 1, "nvidia-a10g"),
        gpu(64, "512Gi", 8, "nvidia-a10g"),
        gpu(8, "61Gi", 1, "nvidia-v100"),
        gpu(8, "32Gi", 8, "nvidia-v100"),
        gpu(8, "64Gi", 1, "nvidia-a100"),
        gpu(64, "1Ti", 8, "nvidia-a100"),
    ]);
    out
}

const PLATFORMS: &[(&str, &str)] = &[
    ("kubernetes", "ghcr.io/acme/dev:1.0"),
    ("ec2-linux", "ami-0123abcd"),
    ("ec2-windows", "ami-0123abcd"),
    ("ec2-gpu", "ami-0123abcd"),
    ("docker-sysbox", "ghcr.io/acme/dev:1.0"),
];

const OWNERS: &[(&str, &str)] = &[
    ("alice", "dev"),
    ("Alice", "dev"),
    (
        "a-very-long-owner-name-for-label",
        "an-even-longer-workspace-name-xy",
    ),
    ("bob", "ml-2"),
];

/// One case: the composition's text and the core's inputs.
struct Case {
    text: String,
    inputs: Vec<(String, Expr)>,
}

/// The capabilities of variant `i` on a platform (some left to their
/// defaults), as (name, YAML value, HCL value).
fn capabilities(platform: &str, i: usize, gpus: bool) -> Vec<(&'static str, String, Expr)> {
    let egress = ["none", "https-only", "unrestricted"][i % 3];
    let identity = ["oidc", "iam", "workload-identity"][(i / 3) % 3];
    let secrets = ["variables", "vault", "secrets-manager"][(i / 2) % 3];
    let flag = |bit: usize| (i >> bit) & 1 == 1;
    let windows = platform == "ec2-windows";
    let mut caps: Vec<(&'static str, String, Expr)> = Vec::new();
    let mut text = |name: &'static str, v: &str| caps.push((name, v.to_string(), s(v)));
    if i % 5 != 4 {
        // GPU drivers need a download; docker-sysbox cannot be air-gapped.
        let egress = match egress {
            "none" if gpus => "https-only",
            "none" if platform == "docker-sysbox" => "unrestricted",
            e => e,
        };
        text("network-egress", egress);
    }
    if i % 4 != 3 {
        text("identity-mode", identity);
    }
    if i % 6 != 5 {
        text("secrets-injection", secrets);
    }
    let mut flagged = |name: &'static str, b: bool| caps.push((name, b.to_string(), Expr::Bool(b)));
    let gui = flag(1);
    if i % 7 != 6 || gui {
        flagged("persistent-home", flag(0) || gui);
    }
    if windows {
        flagged("gui-rdp", gui);
    } else {
        flagged("gui-vnc", gui);
        flagged("artifact-cache", flag(2));
    }
    if gpus {
        flagged("gpu-support", true);
    }
    caps
}

fn cases(cat: &Catalog) -> Vec<Case> {
    let mut out = Vec::new();
    let computes = computes();
    for (p, (platform, image)) in PLATFORMS.iter().enumerate() {
        for (c, compute) in computes.iter().enumerate() {
            let gpus = match compute {
                Compute::Named(n) => cat.profiles.iter().any(|x| x.name == *n && x.gpu_count > 0),
                Compute::Custom { gpus, .. } => gpus.is_some_and(|(n, _)| n > 0),
            };
            for v in 0..3 {
                // GPU profiles where GPUs are not: once each (invalid,
                // TC011: skipped).
                if gpus && *platform != "ec2-gpu" && v > 0 {
                    continue;
                }
                let i = c * 3 + v + p;
                let (owner, ws) = OWNERS[i % OWNERS.len()];
                let caps = capabilities(platform, i, gpus && *platform == "ec2-gpu");
                let (compute_yaml, compute_hcl) = compute_of(cat, compute);
                let mut text = format!(
                    "contract: \"1.0\"\nplatform: {platform}\nworkspace_name: {ws}\nowner: {owner}\nimage_id: {image}\ncompute_profile: {compute_yaml}\ncapabilities:\n"
                );
                for (name, v, _) in &caps {
                    text.push_str(&format!("  {name}: {v}\n"));
                }
                let inputs = vec![
                    ("platform".to_string(), s(*platform)),
                    ("workspace_name".to_string(), s(ws)),
                    ("owner".to_string(), s(owner)),
                    ("image_id".to_string(), s(*image)),
                    ("compute_profile".to_string(), compute_hcl),
                    (
                        "capabilities".to_string(),
                        Expr::Object(
                            caps.into_iter()
                                .map(|(n, _, e)| (n.to_string(), e))
                                .collect(),
                        ),
                    ),
                ];
                out.push(Case { text, inputs });
            }
        }
    }
    out
}

/// The profile as the composition writes it, and as the core's input (a
/// named profile resolved from the catalog, as a template would).
fn compute_of(cat: &Catalog, c: &Compute) -> (String, Expr) {
    match c {
        Compute::Named(n) => {
            let p = cat
                .profiles
                .iter()
                .find(|p| p.name == *n)
                .expect("a profile");
            let mut o = vec![
                ("cpu".to_string(), Expr::Num(i64::from(p.cpu))),
                ("memory".to_string(), s(p.memory.to_string())),
                ("storage".to_string(), s(p.storage.to_string())),
                ("gpu_count".to_string(), Expr::Num(i64::from(p.gpu_count))),
            ];
            if let Some(g) = p.gpu_type {
                o.push(("gpu_type".to_string(), s(cat.gpu_types[g].name.clone())));
            }
            ((*n).to_string(), Expr::Object(o))
        }
        Compute::Custom {
            cpu,
            memory,
            storage,
            gpus,
        } => {
            let mut yaml = format!("\n  cpu: {cpu}\n  memory: {memory}\n  storage: {storage}");
            let mut o = vec![
                ("cpu".to_string(), Expr::Num(i64::from(*cpu))),
                ("memory".to_string(), s(*memory)),
                ("storage".to_string(), s(*storage)),
            ];
            if let Some((n, ty)) = gpus {
                yaml.push_str(&format!("\n  gpu_count: {n}"));
                o.push(("gpu_count".to_string(), Expr::Num(i64::from(*n))));
                if let Some(ty) = ty {
                    yaml.push_str(&format!("\n  gpu_type: {ty}"));
                    o.push(("gpu_type".to_string(), s(*ty)));
                }
            }
            (yaml, Expr::Object(o))
        }
    }
}

/// The first lines where two JSON values differ.
fn differences(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                differences(
                    &format!("{path}.{k}"),
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if a != b => out.push(format!("{path}: render {a} / core {b}")),
        _ => {}
    }
}

/// The cases of one catalog, validated and rendered.
struct Prepared<'a> {
    total: usize,
    /// Name, case, render's decisions.
    valid: Vec<(String, &'a Case, Value)>,
    /// The cases render refuses (no instance type fits).
    refused: Vec<(String, &'a Case)>,
    /// `PLATFORM CAPABILITY=VALUE` of the rendered cases.
    covered: std::collections::BTreeSet<String>,
}

fn prepare<'a>(cat: &Catalog, all: &'a [Case]) -> Prepared<'a> {
    let settings = Settings::default();
    let opts = Options::default();
    let mut p = Prepared {
        total: all.len(),
        valid: Vec::new(),
        refused: Vec::new(),
        covered: std::collections::BTreeSet::new(),
    };
    for (n, case) in all.iter().enumerate() {
        let file_name: Arc<str> = Arc::from(format!("case{n}.yaml"));
        let diags = validate_text(&file_name, &case.text, cat, &settings);
        if diags.iter().any(|d| d.severity == Severity::Error) {
            if std::env::var_os("WSC_CORE_DEBUG").is_some() {
                let codes: Vec<&str> = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.rule.code())
                    .collect();
                println!("invalid {codes:?}:\n{}", case.text);
            }
            continue;
        }
        let comp = parse_composition(&file_name, &case.text, cat, &mut Vec::new()).expect("parses");
        match render(&comp, cat, &opts) {
            Ok(r) => {
                for (id, c) in cat.capabilities.iter().enumerate() {
                    let v = comp.effective.get(id).map_or(c.default, |e| e.value);
                    p.covered.insert(format!(
                        "{} {}={}",
                        r.plan.platform.name,
                        c.name,
                        c.value_text(v)
                    ));
                }
                p.valid
                    .push((format!("c{n:03}"), case, decisions(&r, &opts)));
            }
            Err(e) => {
                assert!(e.to_string().contains("EC2 instance type"), "{e}");
                p.refused.push((format!("c{n:03}"), case));
            }
        }
    }
    p
}

/// The core of `cat` in `dir/sub`, with a test file of the cases render
/// refuses (runs whose output must fail); a `module` block calling it once
/// per rendered case (`local.<sub>`).
fn write_core(dir: &TempDir, sub: &str, cat: &Catalog, p: &Prepared<'_>) -> (Block, Expr) {
    for (path, text) in core_files(cat) {
        dir.write(&format!("{sub}/{path}"), &text);
    }
    let mut failing = Vec::new();
    for (name, case) in &p.refused {
        let mut vars = Block::new("variables", &[]);
        for (k, v) in &case.inputs {
            vars = vars.attr(k, v.clone());
        }
        failing.push(
            Block::new("run", &[name])
                .attr("command", raw("plan"))
                .block(vars)
                .attr("expect_failures", raw("[output.decisions]")),
        );
    }
    dir.write(&format!("{sub}/tests/refused.tftest.hcl"), &file(&failing));
    let cases = Expr::Object(
        p.valid
            .iter()
            .map(|(name, case, _)| (name.clone(), Expr::Object(case.inputs.clone())))
            .collect(),
    );
    let mut module = Block::new("module", &[sub])
        .attr("source", s(format!("./{sub}")))
        .attr("for_each", raw(format!("toset(keys(local.{sub}))")));
    for input in [
        "platform",
        "workspace_name",
        "owner",
        "image_id",
        "compute_profile",
        "capabilities",
    ] {
        module = module.attr(input, raw(format!("local.{sub}[each.key].{input}")));
    }
    (module, cases)
}

/// The first differences of render's decisions and the core's.
fn compare(p: &Prepared<'_>, core: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, case, rust) in &p.valid {
        let mut diff = Vec::new();
        differences("decisions", rust, &core[name], &mut diff);
        if !diff.is_empty() {
            failures.push(format!("{name}:\n{}{}", case.text, diff.join("\n")));
        }
        if failures.len() >= 8 {
            break;
        }
    }
    failures
}

/// The embedded catalog with other instance types and other defaults.
fn custom_catalog() -> Catalog {
    let mut cat = embedded().clone();
    cat.source = "custom".to_string();
    cat.instance_types
        .retain(|i| !["m6i.xlarge", "r6i.large", "g4dn.12xlarge"].contains(&i.name.as_str()));
    let mut odd = cat
        .instance_types
        .iter()
        .find(|i| i.name == "m6i.large")
        .expect("m6i.large")
        .clone();
    odd.name = "x9.odd".to_string();
    odd.vcpu = 3;
    odd.memory = Quantity::parse("12Gi").expect("a quantity");
    cat.instance_types.push(odd);
    for c in &mut cat.capabilities {
        match c.name.as_str() {
            "network-egress" => {
                c.default = CapValue::Enum(c.enum_index("unrestricted").expect("a value"));
            }
            "identity-mode" => c.default = CapValue::Enum(c.enum_index("oidc").expect("a value")),
            "persistent-home" => c.default = CapValue::Bool(false),
            _ => {}
        }
    }
    cat
}

#[test]
fn the_core_module_decides_what_render_decides() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let started = std::time::Instant::now();
    let cat = embedded();
    let custom = custom_catalog();
    let all = cases(cat);
    let p = prepare(cat, &all);
    let q = prepare(&custom, &all);
    let total = p.total;
    assert!(total >= 80, "{total} cases");
    assert!(
        p.valid.len() + p.refused.len() >= total * 3 / 4,
        "most cases are valid: {} of {total}",
        p.valid.len() + p.refused.len()
    );
    assert!(!p.refused.is_empty(), "a case no instance type fits");
    // Every value of every capability each platform supports.
    let mut missing = Vec::new();
    for (platform, _) in PLATFORMS {
        let def = &cat.platforms[cat.platform(platform).expect("a platform")];
        for (id, c) in cat.capabilities.iter().enumerate() {
            let values: Vec<CapValue> = match &c.kind {
                CapKind::Bool => vec![CapValue::Bool(false), CapValue::Bool(true)],
                CapKind::Enum(v) => (0..v.len()).map(|i| CapValue::Enum(i as u16)).collect(),
            };
            for v in values {
                let want = format!("{platform} {}={}", c.name, c.value_text(v));
                let allowed = v == CapValue::Bool(false) || def.support[id].allows(v);
                if allowed && !p.covered.contains(&want) {
                    missing.push(want);
                }
            }
        }
    }
    assert!(missing.is_empty(), "the matrix misses {missing:?}");
    // The custom catalog decides otherwise for some cases.
    let changed = q
        .valid
        .iter()
        .filter(|(n, _, d)| p.valid.iter().any(|(m, _, e)| m == n && e != d))
        .count();
    assert!(
        changed > 10,
        "the custom catalog changes {changed} decisions"
    );

    // One root module calling the embedded catalog's core and a custom
    // catalog's once per case: one init, one plan.
    let dir = TempDir::new("core-differential");
    let (module, cases) = write_core(&dir, "core", cat, &p);
    let (module_custom, cases_custom) = write_core(&dir, "custom", &custom, &q);
    // The custom core's own tests are the refused cases only (the
    // handwritten ones assume the embedded catalog).
    let _ = std::fs::remove_file(dir.0.join("custom/tests/core.tftest.hcl"));
    let root = [
        Block::new("locals", &[])
            .attr("core", cases)
            .attr("custom", cases_custom),
        module,
        module_custom,
        Block::new("output", &["core"]).attr(
            "value",
            raw("{ for k, m in module.core : k => m.decisions }"),
        ),
        Block::new("output", &["custom"]).attr(
            "value",
            raw("{ for k, m in module.custom : k => m.decisions }"),
        ),
    ];
    dir.write("main.tf", &file(&root));
    ok(
        &terraform(&dir.0, &["init", "-input=false", "-no-color"]),
        "init",
    );
    ok(
        &terraform(
            &dir.0,
            &["plan", "-input=false", "-no-color", "-lock=false", "-out=p"],
        ),
        "plan",
    );
    let shown = ok(&terraform(&dir.0, &["show", "-json", "p"]), "show");
    let planned_at = started.elapsed();
    let v: Value = serde_json::from_str(&shown).expect("plan JSON");
    let outputs = &v["planned_values"]["outputs"];
    for (label, prepared, out) in [("embedded", &p, "core"), ("custom", &q, "custom")] {
        let failures = compare(prepared, &outputs[out]["value"]);
        assert!(
            failures.is_empty(),
            "the core ({label} catalog) decides otherwise than render:\n\n{}",
            failures.join("\n\n")
        );
    }

    for sub in ["core", "custom"] {
        let core_dir = dir.0.join(sub);
        ok(
            &terraform(&core_dir, &["fmt", "-check", "-recursive", "-no-color"]),
            "fmt -check",
        );
        ok(
            &terraform(&core_dir, &["init", "-input=false", "-no-color"]),
            "init (core)",
        );
        let tested = ok(&terraform(&core_dir, &["test", "-no-color"]), "test");
        assert!(tested.contains("Success!"), "{sub}: {tested}");
    }
    println!(
        "core differential: {total} cases; embedded catalog {} rendered, {} refused; custom catalog {} rendered ({changed} decided otherwise), {} refused; planned in {planned_at:.1?}, {:.1?} in all",
        p.valid.len(),
        p.refused.len(),
        q.valid.len(),
        q.refused.len(),
        started.elapsed()
    );
    if std::env::var_os("WSC_KEEP_CORE").is_some() {
        let keep = std::env::temp_dir().join("wsc-core-differential");
        let _ = std::fs::remove_dir_all(&keep);
        let _ = std::fs::rename(&dir.0, &keep);
    }
}

#[test]
fn the_core_is_provider_free_and_its_catalog_follows_the_catalog() {
    let cat = embedded();
    let files = core_files(cat);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "catalog.tf",
            "main.tf",
            "outputs.tf",
            "tests/core.tftest.hcl",
            "variables.tf"
        ]
    );
    for (path, text) in &files {
        for line in text.lines() {
            let t = line.trim_start();
            assert!(
                !t.starts_with("provider ")
                    && !t.starts_with("resource ")
                    && !t.starts_with("data ")
                    && !t.starts_with("required_providers"),
                "{path}: {line}"
            );
        }
    }
    let catalog = &files[0].1;
    for i in &cat.instance_types {
        assert!(catalog.contains(&format!("\"{}\"", i.name)), "{}", i.name);
    }
    let custom = custom_catalog();
    let other = &core_files(&custom)[0].1;
    assert!(other.contains("\"x9.odd\"") && !other.contains("\"m6i.xlarge\""));
    assert!(
        other.contains("network-egress    = \"unrestricted\""),
        "{other}"
    );
}
