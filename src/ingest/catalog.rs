//! Loading a contract catalog (the embedded one, or `--contract FILE|DIR`) from
//! YAML into [`Catalog`], with located problems for a broken catalog.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::contract::catalog::{
    Alias, Attr, AttrDoc, CapKind, CapValue, CapabilityDef, Catalog, GpuTypeDef, Implication,
    InstanceClass, InstanceTypeDef, Layer, Level, PlatformDef, Port, ProfileDef, Support, TypeExpr,
};
use crate::contract::model::{Arch, ImageKind, Os, Quantity, Version};
use crate::diag::Span;

use super::reader::{Problem, Reader};
use super::source;
use super::yaml::{self, Entry, Limits, Node, Typed};

/// The embedded catalog's files, in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "contract/capabilities.yaml",
        include_str!("../../contract/capabilities.yaml"),
    ),
    (
        "contract/catalog.yaml",
        include_str!("../../contract/catalog.yaml"),
    ),
    (
        "contract/constraints.yaml",
        include_str!("../../contract/constraints.yaml"),
    ),
    (
        "contract/extensions.yaml",
        include_str!("../../contract/extensions.yaml"),
    ),
    (
        "contract/instances.yaml",
        include_str!("../../contract/instances.yaml"),
    ),
    (
        "contract/platforms.yaml",
        include_str!("../../contract/platforms.yaml"),
    ),
    (
        "contract/profiles.yaml",
        include_str!("../../contract/profiles.yaml"),
    ),
];

/// A problem in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    pub file: Arc<str>,
    pub problem: Problem,
    /// A YAML syntax error rather than a schema problem.
    pub syntax: bool,
}

/// The embedded catalog, parsed once.
pub fn embedded() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let files: Vec<(Arc<str>, String)> = EMBEDDED
            .iter()
            .map(|(n, t)| (Arc::from(*n), (*t).to_string()))
            .collect();
        match load(&files, "embedded") {
            Ok(c) => c,
            // The embedded catalog is tested; a failure here is a build defect.
            Err(p) => panic!("embedded contract catalog is invalid: {p:?}"),
        }
    })
}

/// Load a catalog from a YAML file or a directory of `*.yaml`/`*.yml` files.
pub fn load_path(path: &Path) -> Result<Catalog, Vec<CatalogProblem>> {
    let io = |msg: String| {
        vec![CatalogProblem {
            file: Arc::from(path.display().to_string()),
            problem: Problem {
                span: Span::default(),
                message: msg,
                help: None,
            },
            syntax: true,
        }]
    };
    let mut paths = Vec::new();
    if path.is_dir() {
        let rd = std::fs::read_dir(path).map_err(|e| io(source::io_message(&e)))?;
        for ent in rd.flatten() {
            let p = ent.path();
            if p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(io("the catalog directory has no .yaml files".to_string()));
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut files = Vec::new();
    for p in paths {
        let text = source::read_file(&p, source::DEFAULT_MAX_BYTES)
            .map_err(|e| io(format!("{}: {e}", p.display())))?;
        files.push((Arc::from(p.display().to_string()), text));
    }
    load(&files, &path.display().to_string())
}

/// The embedded catalog's files: (name, text), for `wsc contract export`.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    EMBEDDED
}

/// Whether a directory holds a wsc contract catalog rather than some other
/// contract folder: one of its YAML files declares `contract:` (the catalog's
/// version) at the top, and every top-level key of its YAML files is a
/// catalog section. Files that do not parse count against it.
pub fn is_catalog_dir(dir: &Path) -> bool {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut paths: Vec<std::path::PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut declares_version = false;
    for p in &paths {
        let Ok(text) = source::read_file(p, source::DEFAULT_MAX_BYTES) else {
            return false;
        };
        let Ok(doc) = yaml::parse(&text, Limits::default()) else {
            return false;
        };
        let Some(entries) = doc.root.as_ref().and_then(|r| r.as_map()) else {
            return false;
        };
        for e in entries {
            let Some(k) = e.key.as_str() else {
                return false;
            };
            if !SECTIONS.contains(&k) {
                return false;
            }
            declares_version |= k == "contract" && e.value.as_scalar().is_some();
        }
    }
    declares_version
}

const SECTIONS: &[&str] = &[
    "contract",
    "inputs",
    "outputs",
    "capabilities",
    "aliases",
    "profiles",
    "gpu_types",
    "platforms",
    "exclusions",
    "implications",
    "instance_types",
    "extensions",
];
const EXTENSIBLE: &[&str] = &[
    "capabilities",
    "profiles",
    "gpu_types",
    "platforms",
    "instance_types",
];

struct Section<'t> {
    file: usize,
    layer: Layer,
    node: &'t Node<'t>,
}

/// Per-file problem collection: each problem remembers which file it is in.
struct Loader {
    readers: Vec<Reader>,
}

impl Loader {
    fn r(&mut self, file: usize) -> &mut Reader {
        &mut self.readers[file]
    }
}

/// Load a catalog from already-read files.
pub fn load(
    files: &[(Arc<str>, String)],
    source_name: &str,
) -> Result<Catalog, Vec<CatalogProblem>> {
    let mut problems = Vec::new();
    let mut docs = Vec::new();
    for (name, text) in files {
        match yaml::parse(text, Limits::default()) {
            Ok(d) => {
                for e in &d.errors {
                    problems.push(CatalogProblem {
                        file: name.clone(),
                        problem: Problem {
                            span: e.span,
                            message: e.message.clone(),
                            help: None,
                        },
                        syntax: true,
                    });
                }
                docs.push(d);
            }
            Err(e) => problems.push(CatalogProblem {
                file: name.clone(),
                problem: Problem {
                    span: e.span,
                    message: e.message,
                    help: None,
                },
                syntax: true,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut ld = Loader {
        readers: files.iter().map(|_| Reader::default()).collect(),
    };
    // Gather sections from every file.
    let mut sections: Vec<(&str, Section<'_>)> = Vec::new();
    for (fi, doc) in docs.iter().enumerate() {
        let Some(root) = &doc.root else { continue };
        let Some(entries) = ld.r(fi).map(root, "a catalog file") else {
            continue;
        };
        ld.r(fi).only_keys(entries, SECTIONS, "the catalog");
        for e in entries {
            let Some(k) = e.key.as_str() else { continue };
            if k == "extensions" {
                let Some(ext) = ld.r(fi).map(&e.value, "extensions") else {
                    continue;
                };
                ld.r(fi).only_keys(ext, EXTENSIBLE, "extensions");
                for x in ext {
                    if let Some(xk) = x.key.as_str()
                        && EXTENSIBLE.contains(&xk)
                    {
                        sections.push((
                            xk,
                            Section {
                                file: fi,
                                layer: Layer::Extension,
                                node: &x.value,
                            },
                        ));
                    }
                }
            } else if SECTIONS.contains(&k) {
                let dup = sections
                    .iter()
                    .any(|(n, s)| *n == k && s.layer == Layer::Seed && !EXTENSIBLE.contains(&k));
                if dup {
                    ld.r(fi).error(
                        e.key.span,
                        format!("section `{k}` is defined in more than one file"),
                    );
                }
                sections.push((
                    k,
                    Section {
                        file: fi,
                        layer: Layer::Seed,
                        node: &e.value,
                    },
                ));
            }
        }
    }
    // Seed entries first, then extensions, whatever the file order.
    sections.sort_by_key(|(_, s)| s.layer);
    let of = |name: &'static str| {
        sections
            .iter()
            .filter(move |(n, _)| *n == name)
            .map(|(_, s)| s)
    };

    // contract version
    let mut version = None;
    for s in of("contract") {
        if let Some(t) = ld.r(s.file).text(s.node, "contract") {
            version = Version::parse(t);
            if version.is_none() {
                ld.r(s.file).error(
                    s.node.span,
                    format!("contract version `{t}` is not MAJOR.MINOR"),
                );
            }
        }
    }

    let mut cat = Catalog {
        version: version.unwrap_or(Version { major: 0, minor: 0 }),
        inputs: Vec::new(),
        outputs: Vec::new(),
        capabilities: Vec::new(),
        profiles: Vec::new(),
        gpu_types: Vec::new(),
        platforms: Vec::new(),
        exclusions: Vec::new(),
        implications: Vec::new(),
        aliases: Vec::new(),
        instance_types: Vec::new(),
        source: source_name.to_string(),
    };

    for s in of("capabilities") {
        load_capabilities(ld.r(s.file), s, &mut cat);
    }
    for s in of("gpu_types") {
        load_gpus(ld.r(s.file), s, &mut cat);
    }
    for s in of("profiles") {
        load_profiles(ld.r(s.file), s, &mut cat);
    }
    for s in of("platforms") {
        load_platforms(ld.r(s.file), s, &mut cat);
    }
    for s in of("exclusions") {
        load_exclusions(ld.r(s.file), s, &mut cat);
    }
    for s in of("implications") {
        load_implications(ld.r(s.file), s, &mut cat);
    }
    for s in of("aliases") {
        load_aliases(ld.r(s.file), s, &mut cat);
    }
    for s in of("instance_types") {
        load_instance_types(ld.r(s.file), s, &mut cat);
    }
    for s in of("inputs") {
        cat.inputs = load_ports(ld.r(s.file), s.node, "inputs");
    }
    for s in of("outputs") {
        cat.outputs = load_ports(ld.r(s.file), s.node, "outputs");
    }

    // Whole-catalog requirements.
    let first_file = 0;
    for (name, ok) in [
        (
            "contract",
            version.is_some() || of("contract").next().is_some(),
        ),
        ("capabilities", !cat.capabilities.is_empty()),
        ("profiles", !cat.profiles.is_empty()),
        ("platforms", !cat.platforms.is_empty()),
    ] {
        if !ok && of(name).next().is_none() && !files.is_empty() {
            ld.r(first_file).error_help(
                Span::default(),
                format!("the catalog has no `{name}` section"),
                "a catalog replaces the embedded one whole: copy `wsc`'s contract/ directory and edit it",
            );
        }
    }

    for (fi, r) in ld.readers.into_iter().enumerate() {
        for p in r.problems {
            problems.push(CatalogProblem {
                file: files[fi].0.clone(),
                problem: p,
                syntax: false,
            });
        }
    }
    if problems.is_empty() {
        Ok(cat)
    } else {
        Err(problems)
    }
}

fn entries_of<'n, 'a>(r: &mut Reader, n: &'n Node<'a>, what: &str) -> &'n [Entry<'a>] {
    r.map(n, what).unwrap_or(&[])
}

fn load_capabilities(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    for e in entries_of(r, s.node, "capabilities") {
        let Some(name) = r.key(e, "capability") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "a capability") else {
            continue;
        };
        r.only_keys(
            body,
            &["type", "values", "default", "description"],
            "a capability",
        );
        if cat.capability(name).is_some() {
            r.error(e.key.span, format!("capability `{name}` is defined twice"));
            continue;
        }
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let description = get("description")
            .and_then(|n| r.text(n, "description"))
            .unwrap_or_default()
            .to_string();
        let Some(ty_node) = get("type") else {
            r.error(e.key.span, format!("capability `{name}` has no `type`"));
            continue;
        };
        let kind = match r.text(ty_node, "type") {
            Some("bool") => CapKind::Bool,
            Some("enum") => {
                let vals: Vec<String> = match get("values") {
                    Some(v) => r.strings(v, "values").into_iter().map(|(s, _)| s).collect(),
                    None => Vec::new(),
                };
                if vals.is_empty() {
                    r.error(
                        e.key.span,
                        format!("enum capability `{name}` lists no `values`"),
                    );
                    continue;
                }
                if vals.len() > 64 {
                    r.error(e.key.span, "an enum capability may have at most 64 values");
                    continue;
                }
                CapKind::Enum(vals)
            }
            Some(other) => {
                r.error_help(
                    ty_node.span,
                    format!("unknown capability type `{other}`"),
                    "use `bool` or `enum`",
                );
                continue;
            }
            None => continue,
        };
        let Some(dn) = get("default") else {
            r.error(e.key.span, format!("capability `{name}` has no `default`"));
            continue;
        };
        let default = match &kind {
            CapKind::Bool => match r.bool(dn, "default") {
                Some(b) => CapValue::Bool(b),
                None => continue,
            },
            CapKind::Enum(vals) => {
                let t = dn.as_str().unwrap_or_default();
                match vals.iter().position(|v| v == t) {
                    Some(i) => CapValue::Enum(i as u16),
                    None => {
                        r.error(dn.span, format!("default `{t}` is not one of the values"));
                        continue;
                    }
                }
            }
        };
        cat.capabilities.push(CapabilityDef {
            name: name.to_string(),
            kind,
            default,
            description,
            layer: s.layer,
        });
    }
}

fn load_gpus(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    for e in entries_of(r, s.node, "gpu_types") {
        let Some(name) = r.key(e, "gpu type") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "a GPU type") else {
            continue;
        };
        r.only_keys(
            body,
            &["memory_gb", "fp32_tflops", "use_case"],
            "a GPU type",
        );
        if cat.gpu_type(name).is_some() {
            r.error(e.key.span, format!("GPU type `{name}` is defined twice"));
            continue;
        }
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let memory_gb = match get("memory_gb") {
            Some(n) if n.as_seq().is_some() => {
                let v: Vec<u64> = n
                    .as_seq()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| r.uint(x, "memory_gb"))
                    .collect();
                if v.len() == 2 && v[0] <= v[1] {
                    (v[0] as u32, v[1] as u32)
                } else {
                    r.error(n.span, "memory_gb must be a number or a [min, max] pair");
                    continue;
                }
            }
            Some(n) => match r.uint(n, "memory_gb") {
                Some(v) => (v as u32, v as u32),
                None => continue,
            },
            None => (0, 0),
        };
        let fp32_tflops = get("fp32_tflops")
            .and_then(|n| r.number(n, "fp32_tflops"))
            .unwrap_or(0.0);
        let use_case = get("use_case")
            .and_then(|n| r.text(n, "use_case"))
            .unwrap_or_default()
            .to_string();
        cat.gpu_types.push(GpuTypeDef {
            name: name.to_string(),
            memory_gb,
            fp32_tflops,
            use_case,
            layer: s.layer,
        });
    }
}

/// A binary quantity field (`memory: 8Gi`), or a located problem.
fn quantity_field(r: &mut Reader, n: &Node<'_>, k: &str) -> Option<Quantity> {
    let t = r.text(n, k)?;
    match Quantity::parse(t) {
        Ok(q) => Some(q),
        Err(err) => {
            r.error(n.span, format!("{k} `{t}` {err}"));
            None
        }
    }
}

/// A `gpu_type` field naming a GPU type of the catalog (`Ok(None)` when
/// absent or null; `Err` after a problem, which is reported).
fn gpu_type_field(
    r: &mut Reader,
    n: Option<&Node<'_>>,
    cat: &Catalog,
    what: &str,
) -> Result<Option<usize>, ()> {
    match n {
        Some(n) if !n.is_null() => {
            let t = r.text(n, "gpu_type").unwrap_or_default();
            match cat.gpu_type(t) {
                Some(g) => Ok(Some(g)),
                None => {
                    r.error(n.span, format!("{what} names unknown GPU type `{t}`"));
                    Err(())
                }
            }
        }
        _ => Ok(None),
    }
}

fn load_profiles(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    for e in entries_of(r, s.node, "profiles") {
        let Some(name) = r.key(e, "profile") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "a profile") else {
            continue;
        };
        r.only_keys(
            body,
            &[
                "cpu",
                "memory",
                "storage",
                "gpu_count",
                "gpu_type",
                "use_case",
            ],
            "a profile",
        );
        r.require(e.key.span, body, &["cpu", "memory", "storage"], "a profile");
        if cat.profile(name).is_some() {
            r.error(e.key.span, format!("profile `{name}` is defined twice"));
            continue;
        }
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let cpu = get("cpu").and_then(|n| r.uint(n, "cpu"));
        let memory = get("memory").and_then(|n| quantity_field(r, n, "memory"));
        let storage = get("storage").and_then(|n| quantity_field(r, n, "storage"));
        let gpu_count = match get("gpu_count") {
            Some(n) => r.uint(n, "gpu_count"),
            None => Some(0),
        };
        let gpu_type = gpu_type_field(r, get("gpu_type"), cat, "profile").ok();
        let use_case = get("use_case")
            .and_then(|n| r.text(n, "use_case"))
            .unwrap_or_default()
            .to_string();
        if let (Some(cpu), Some(memory), Some(storage), Some(gpu_count), Some(gpu_type)) =
            (cpu, memory, storage, gpu_count, gpu_type)
        {
            cat.profiles.push(ProfileDef {
                name: name.to_string(),
                cpu: cpu as u32,
                memory,
                storage,
                gpu_count: gpu_count as u32,
                gpu_type,
                use_case,
                layer: s.layer,
            });
        }
    }
}

fn load_instance_types(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    for e in entries_of(r, s.node, "instance_types") {
        let Some(name) = r.key(e, "instance type") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "an instance type") else {
            continue;
        };
        r.only_keys(
            body,
            &["vcpu", "memory", "gpus", "gpu_type", "class"],
            "an instance type",
        );
        r.require(e.key.span, body, &["vcpu", "memory"], "an instance type");
        if cat.instance_types.iter().any(|i| i.name == name) {
            r.error(
                e.key.span,
                format!("instance type `{name}` is defined twice"),
            );
            continue;
        }
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let vcpu = get("vcpu").and_then(|n| r.uint(n, "vcpu"));
        let memory = get("memory").and_then(|n| quantity_field(r, n, "memory"));
        let gpus = match get("gpus") {
            Some(n) => r.uint(n, "gpus"),
            None => Some(0),
        };
        let gpu_type = gpu_type_field(r, get("gpu_type"), cat, "instance type").ok();
        let class = match get("class") {
            Some(n) => match r.text(n, "class") {
                Some("general") => Some(InstanceClass::General),
                Some("memory") => Some(InstanceClass::Memory),
                Some(t) => {
                    r.error_help(
                        n.span,
                        format!("unknown instance class `{t}`"),
                        "an instance type without GPUs is `general` or `memory`",
                    );
                    None
                }
                None => None,
            },
            None => Some(InstanceClass::Gpu),
        };
        let (Some(vcpu), Some(memory), Some(gpus), Some(gpu_type), Some(class)) =
            (vcpu, memory, gpus, gpu_type, class)
        else {
            continue;
        };
        // A type has GPUs exactly when it names their type and has no class.
        let gpu_ok =
            (gpus > 0) == gpu_type.is_some() && (gpus > 0) == (class == InstanceClass::Gpu);
        if !gpu_ok {
            r.error_help(
                e.key.span,
                format!("instance type `{name}` must give `gpus` and `gpu_type` together, and a `class` only without them"),
                "a GPU type: `{vcpu: 4, memory: 16Gi, gpus: 1, gpu_type: nvidia-t4}`; another: `{vcpu: 2, memory: 8Gi, class: general}`",
            );
            continue;
        }
        cat.instance_types.push(InstanceTypeDef {
            name: name.to_string(),
            vcpu: vcpu as u32,
            memory,
            gpus: gpus as u32,
            gpu_type,
            class,
            layer: s.layer,
        });
    }
}

/// Read a `supports` list: names, or `{name: [values]}` for value-level support.
fn load_supports(r: &mut Reader, n: &Node<'_>, cat: &Catalog) -> Vec<Support> {
    let mut support = vec![Support::No; cat.capabilities.len()];
    let Some(items) = r.seq(n, "supports") else {
        return support;
    };
    for item in items {
        let (name_node, values) = match item.as_map() {
            Some([one]) => (&one.key, Some(&one.value)),
            Some(_) => {
                r.error(
                    item.span,
                    "a supports entry with values maps one capability to a list",
                );
                continue;
            }
            None => (item, None),
        };
        let Some(name) = r.text(name_node, "a capability name") else {
            continue;
        };
        let Some(cap) = cat.capability(name) else {
            let help =
                crate::suggest::nearest(name, cat.capabilities.iter().map(|c| c.name.as_str()))
                    .map_or_else(String::new, |s| format!("did you mean `{s}`?"));
            r.error_help(name_node.span, format!("unknown capability `{name}`"), help);
            continue;
        };
        support[cap] = match values {
            None => Support::Yes,
            Some(vn) => {
                let def = &cat.capabilities[cap];
                if def.kind == CapKind::Bool {
                    r.error(
                        vn.span,
                        format!("`{name}` is a bool capability: list it without values"),
                    );
                    continue;
                }
                let mut mask = 0u64;
                for (v, sp) in r.strings(vn, "values") {
                    match def.enum_index(&v) {
                        Some(i) => mask |= 1 << i,
                        None => r.error(sp, format!("`{v}` is not a value of `{name}`")),
                    }
                }
                Support::Values(mask)
            }
        };
    }
    support
}

fn load_platforms(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    for e in entries_of(r, s.node, "platforms") {
        let Some(name) = r.key(e, "platform") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "a platform") else {
            continue;
        };
        r.only_keys(
            body,
            &["description", "os", "arch", "image_kinds", "supports"],
            "a platform",
        );
        r.require(e.key.span, body, &["os", "supports"], "a platform");
        if cat.platform(name).is_some() {
            r.error(e.key.span, format!("platform `{name}` is defined twice"));
            continue;
        }
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let os = get("os").and_then(|n| {
            let t = r.text(n, "os")?;
            let os = Os::parse(t);
            if os.is_none() {
                r.error(n.span, format!("unknown os `{t}` (linux or windows)"));
            }
            os
        });
        let mut arch = Vec::new();
        if let Some(n) = get("arch") {
            for (a, sp) in r.strings(n, "arch") {
                match Arch::parse(&a) {
                    Some(x) => arch.push(x),
                    None => r.error(sp, format!("unknown arch `{a}` (amd64 or arm64)")),
                }
            }
        } else {
            arch = vec![Arch::Amd64, Arch::Arm64];
        }
        let mut image_kinds = Vec::new();
        if let Some(n) = get("image_kinds") {
            for (k, sp) in r.strings(n, "image_kinds") {
                match k.as_str() {
                    "oci" => image_kinds.push(ImageKind::Oci),
                    "ami" => image_kinds.push(ImageKind::Ami),
                    _ => r.error(sp, format!("unknown image kind `{k}` (oci or ami)")),
                }
            }
        } else {
            image_kinds = vec![ImageKind::Oci];
        }
        let support = get("supports").map(|n| load_supports(r, n, cat));
        let description = get("description")
            .and_then(|n| r.text(n, "description"))
            .unwrap_or_default()
            .to_string();
        if let (Some(os), Some(support)) = (os, support) {
            cat.platforms.push(PlatformDef {
                name: name.to_string(),
                description,
                os,
                arch,
                image_kinds,
                support,
                layer: s.layer,
            });
        }
    }
}

fn cap_ref(r: &mut Reader, n: &Node<'_>, cat: &Catalog) -> Option<usize> {
    let t = r.text(n, "a capability name")?;
    let c = cat.capability(t);
    if c.is_none() {
        r.error(n.span, format!("unknown capability `{t}`"));
    }
    c
}

fn cap_value(r: &mut Reader, cap: usize, n: &Node<'_>, cat: &Catalog) -> Option<CapValue> {
    let def = &cat.capabilities[cap];
    match (&def.kind, n.as_scalar().map(super::yaml::Scalar::typed)) {
        (CapKind::Bool, Some(Typed::Bool(b))) => Some(CapValue::Bool(b)),
        (CapKind::Enum(_), Some(_)) => {
            let t = n.as_str().unwrap_or_default();
            let v = def.enum_index(t).map(CapValue::Enum);
            if v.is_none() {
                r.error(n.span, format!("`{t}` is not a value of `{}`", def.name));
            }
            v
        }
        _ => {
            r.error(n.span, format!("not a valid value of `{}`", def.name));
            None
        }
    }
}

fn load_exclusions(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    let Some(groups) = r.seq(s.node, "exclusions") else {
        return;
    };
    for g in groups {
        let Some(items) = r.seq(g, "an exclusion") else {
            continue;
        };
        let caps: Vec<usize> = items.iter().filter_map(|i| cap_ref(r, i, cat)).collect();
        if caps.len() != items.len() {
            continue;
        }
        if caps.len() < 2
            || caps
                .iter()
                .any(|c| cat.capabilities[*c].kind != CapKind::Bool)
        {
            r.error(g.span, "an exclusion lists two or more bool capabilities");
            continue;
        }
        cat.exclusions.push(caps);
    }
}

fn load_implications(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    let Some(items) = r.seq(s.node, "implications") else {
        return;
    };
    for item in items {
        let Some(body) = r.map(item, "an implication") else {
            continue;
        };
        r.only_keys(body, &["when", "then", "level", "reason"], "an implication");
        r.require(
            item.span,
            body,
            &["when", "then", "level"],
            "an implication",
        );
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let mut when = Vec::new();
        if let Some(w) = get("when") {
            for e in r.map(w, "when").unwrap_or(&[]) {
                if let Some(c) = cap_ref(r, &e.key, cat)
                    && let Some(v) = cap_value(r, c, &e.value, cat)
                {
                    when.push((c, v));
                }
            }
        }
        let mut then = None;
        if let Some(t) = get("then") {
            match r.map(t, "then") {
                Some([one]) => {
                    if let Some(c) = cap_ref(r, &one.key, cat) {
                        let vals = r.seq(&one.value, "allowed values").unwrap_or(&[]);
                        let allowed: Vec<CapValue> = vals
                            .iter()
                            .filter_map(|v| cap_value(r, c, v, cat))
                            .collect();
                        if allowed.len() == vals.len() && !allowed.is_empty() {
                            then = Some((c, allowed));
                        }
                    }
                }
                Some(_) => r.error(t.span, "`then` maps one capability to its allowed values"),
                None => {}
            }
        }
        let level = get("level").and_then(|n| match r.text(n, "level") {
            Some("must") => Some(Level::Must),
            Some("should") => Some(Level::Should),
            Some(other) => {
                r.error(n.span, format!("unknown level `{other}` (must or should)"));
                None
            }
            None => None,
        });
        let reason = get("reason")
            .and_then(|n| r.text(n, "reason"))
            .unwrap_or_default()
            .to_string();
        if let (false, Some((then, allowed)), Some(level)) = (when.is_empty(), then, level) {
            cat.implications.push(Implication {
                when,
                then,
                allowed,
                level,
                reason,
            });
        }
    }
}

fn load_aliases(r: &mut Reader, s: &Section<'_>, cat: &mut Catalog) {
    for e in entries_of(r, s.node, "aliases") {
        let Some(name) = r.key(e, "alias") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "an alias") else {
            continue;
        };
        r.only_keys(body, &["capability", "value"], "an alias");
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let Some(cn) = get("capability") else {
            r.error(e.key.span, "an alias names its `capability`");
            continue;
        };
        let Some(cap) = cap_ref(r, cn, cat) else {
            continue;
        };
        let value = match get("value") {
            Some(v) => match cap_value(r, cap, v, cat) {
                Some(x) => Some(x),
                None => continue,
            },
            None => None,
        };
        cat.aliases.push(Alias {
            name: name.to_string(),
            capability: cap,
            value,
        });
    }
}

/// Parse a type expression such as `string`, `map(string)`, `list(object)`.
pub fn parse_type(t: &str) -> Option<TypeExpr> {
    let t = t.trim();
    let inner = |p: &str| {
        t.strip_prefix(p)
            .and_then(|x| x.strip_prefix('('))
            .and_then(|x| x.strip_suffix(')'))
    };
    Some(match t {
        "string" => TypeExpr::String,
        "number" => TypeExpr::Number,
        "bool" => TypeExpr::Bool,
        "any" => TypeExpr::Any,
        "object" => TypeExpr::Object(Vec::new()),
        _ => {
            if let Some(i) = inner("map") {
                TypeExpr::Map(Box::new(parse_type(i)?))
            } else if let Some(i) = inner("list") {
                TypeExpr::List(Box::new(parse_type(i)?))
            } else {
                return None;
            }
        }
    })
}

fn load_ports(r: &mut Reader, n: &Node<'_>, what: &str) -> Vec<Port> {
    let mut out = Vec::new();
    for e in entries_of(r, n, what) {
        let Some(name) = r.key(e, what) else { continue };
        let Some(body) = r.map(&e.value, what) else {
            continue;
        };
        r.only_keys(
            body,
            &["type", "required", "description", "attributes"],
            what,
        );
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let Some(tn) = get("type") else {
            r.error(e.key.span, format!("`{name}` has no `type`"));
            continue;
        };
        let Some(mut ty) = r.text(tn, "type").and_then(|t| {
            let ty = parse_type(t);
            if ty.is_none() {
                r.error(tn.span, format!("unknown type `{t}`"));
            }
            ty
        }) else {
            continue;
        };
        if let Some(an) = get("attributes") {
            let attrs = load_attrs(r, an);
            match &mut ty {
                TypeExpr::Object(a) => *a = attrs,
                TypeExpr::List(inner) | TypeExpr::Map(inner) => {
                    if let TypeExpr::Object(a) = inner.as_mut() {
                        *a = attrs;
                    }
                }
                _ => r.error(an.span, "only object types have attributes"),
            }
        }
        out.push(Port {
            name: name.to_string(),
            ty,
            description: get("description")
                .and_then(|d| r.text(d, "description"))
                .unwrap_or_default()
                .to_string(),
            required: get("required")
                .and_then(|d| r.bool(d, "required"))
                .unwrap_or(false),
        });
    }
    out
}

fn load_attrs(r: &mut Reader, n: &Node<'_>) -> Vec<Attr> {
    let mut out = Vec::new();
    for e in entries_of(r, n, "attributes") {
        let Some(name) = r.key(e, "attribute") else {
            continue;
        };
        let Some(body) = r.map(&e.value, "an attribute") else {
            continue;
        };
        r.only_keys(
            body,
            &[
                "type",
                "optional",
                "default",
                "values",
                "description",
                "min",
                "max",
            ],
            "an attribute",
        );
        let get = |k: &str| {
            body.iter()
                .find(|x| x.key.as_str() == Some(k))
                .map(|x| &x.value)
        };
        let ty = get("type")
            .and_then(|t| r.text(t, "type"))
            .and_then(parse_type)
            .unwrap_or(TypeExpr::Any);
        out.push(Attr {
            name: name.to_string(),
            ty,
            optional: get("optional")
                .and_then(|d| r.bool(d, "optional"))
                .unwrap_or(false),
            default: get("default")
                .and_then(|d| r.text(d, "default"))
                .map(str::to_string),
            span: crate::diag::Span::default(),
            doc: AttrDoc {
                values: get("values")
                    .map(|v| r.strings(v, "values").into_iter().map(|(s, _)| s).collect())
                    .unwrap_or_default(),
                description: get("description")
                    .and_then(|d| r.text(d, "description"))
                    .unwrap_or_default()
                    .to_string(),
                min: get("min").and_then(|d| r.uint(d, "min")),
                max: get("max").and_then(|d| r.uint(d, "max")),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_loads() {
        let c = embedded();
        assert_eq!(c.version, Version { major: 1, minor: 0 });
        assert_eq!(c.capabilities.len(), 8);
        assert_eq!(c.profiles.len(), 7);
        assert_eq!(c.gpu_types.len(), 4);
        assert_eq!(c.platforms.len(), 5);
        assert_eq!(
            c.platforms
                .iter()
                .filter(|p| p.layer == Layer::Extension)
                .count(),
            1
        );
    }

    #[test]
    fn broken_catalog_is_located() {
        let files = vec![(
            Arc::<str>::from("c.yaml"),
            "contract: \"1.0\"\ncapabilities:\n  a: {type: bool, default: true}\nprofiles:\n  p: {cpu: 2, memory: 4G, storage: 1Gi}\nplatforms:\n  x: {os: linux, supports: [a, b]}\n".to_string(),
        )];
        let err = load(&files, "test").expect_err("broken");
        let text = &files[0].1;
        let msgs: Vec<_> = err
            .iter()
            .map(|p| {
                let start = p.problem.span.start as usize;
                (
                    text[..start].matches('\n').count() + 1,
                    p.problem.message.clone(),
                )
            })
            .collect();
        assert!(
            msgs.iter().any(|(l, m)| *l == 5 && m.contains("memory")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|(l, m)| *l == 7 && m.contains("unknown capability `b`")),
            "{msgs:?}"
        );
    }
}
