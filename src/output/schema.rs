//! JSON Schemas (draft 2020-12) generated from the catalog in force, so editors
//! complete and check composition files with the same names wsc accepts.

use serde_json::{Map, Value, json};

use crate::contract::catalog::{CapKind, CapValue, Catalog, Layer};
use crate::contract::composition::OverrideKind;

pub const NAMES: &[&str] = &[
    "composition",
    "toolchain",
    "base",
    "pairings",
    "config",
    "base-config",
    "contract",
];

const NAME_PATTERN: &str = "^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$";
const QUANTITY_PATTERN: &str = "^[0-9]+[KMGT]i$";

fn named_enum<'a>(items: impl Iterator<Item = (&'a str, &'a str, Layer)>) -> Value {
    let one_of: Vec<Value> = items
        .map(|(name, desc, layer)| {
            let mut v = json!({"const": name, "description": desc});
            if layer == Layer::Extension {
                v["description"] =
                    json!(format!("{desc} (extension: not in the template contract)"));
                v["x-wsc-extension"] = json!(true);
            }
            v
        })
        .collect();
    json!({"oneOf": one_of})
}

fn compute_object(cat: &Catalog, partial: bool) -> Value {
    let range = |a: &str, lo: u64, hi: u64| cat.compute_range(a).unwrap_or((lo, hi));
    let (cmin, cmax) = range("cpu", 1, 64);
    let (gmin, gmax) = range("gpu_count", 0, 8);
    let gpus: Vec<&str> = cat.gpu_types.iter().map(|g| g.name.as_str()).collect();
    let mut v = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "cpu": {"type": "integer", "minimum": cmin, "maximum": cmax, "description": "virtual CPUs"},
            "memory": {"type": "string", "pattern": QUANTITY_PATTERN, "description": "binary quantity, e.g. 8Gi"},
            "storage": {"type": "string", "pattern": QUANTITY_PATTERN, "description": "binary quantity, e.g. 100Gi"},
            "gpu_count": {"type": "integer", "minimum": gmin, "maximum": gmax, "default": 0},
            "gpu_type": {"enum": gpus.iter().map(|g| json!(g)).chain([Value::Null]).collect::<Vec<_>>()},
        },
    });
    if !partial {
        v["required"] = json!(["cpu", "memory", "storage"]);
    }
    v
}

/// The schema of a composition file.
pub fn composition(cat: &Catalog) -> Value {
    let mut caps = Map::new();
    for c in &cat.capabilities {
        let mut v = match &c.kind {
            CapKind::Bool => json!({"type": "boolean"}),
            CapKind::Enum(vals) => json!({"enum": vals}),
        };
        v["description"] = json!(c.description);
        v["default"] = match c.default {
            CapValue::Bool(b) => json!(b),
            CapValue::Enum(_) => json!(c.value_text(c.default)),
        };
        caps.insert(c.name.clone(), v);
    }
    let mut overrides = Map::new();
    for k in OverrideKind::ALL {
        let v = match k {
            OverrideKind::ComputeProfile => compute_object(cat, true),
            OverrideKind::Privileged => json!({"type": ["boolean", "null"]}),
            OverrideKind::EnvironmentVariables
            | OverrideKind::Labels
            | OverrideKind::Annotations => {
                json!({"type": ["object", "null"], "additionalProperties": {"type": ["string", "number", "boolean"]}})
            }
            _ => json!({}),
        };
        overrides.insert(k.key().to_string(), v);
    }
    let name = json!({"type": "string", "minLength": 1, "maxLength": 32, "pattern": NAME_PATTERN, "not": {"enum": ["new", "create"]}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/composition.json",
        "title": "wsc composition",
        "description": format!("One workspace's contract inputs (contract {})", cat.version),
        "type": "object",
        "additionalProperties": false,
        "required": ["platform", "workspace_name", "owner", "image_id", "compute_profile", "capabilities"],
        "properties": {
            "contract": {"anyOf": [
                {"type": "string", "pattern": format!("^{}(\\.[0-9]+)?$", cat.version.major)},
                {"type": "number", "minimum": cat.version.major, "exclusiveMaximum": cat.version.major + 1},
            ]},
            "platform": named_enum(cat.platforms.iter().map(|p| (p.name.as_str(), p.description.as_str(), p.layer))),
            "workspace_name": name,
            "owner": name,
            "image_id": {"type": "string", "description": "an OCI image reference, or an AMI id (ami- and 8 or 17 hex digits)"},
            "compute_profile": {"oneOf": [
                named_enum(cat.profiles.iter().map(|p| (p.name.as_str(), p.use_case.as_str(), p.layer))),
                compute_object(cat, false),
            ]},
            "capabilities": {"type": ["object", "null"], "additionalProperties": false, "properties": caps},
            "overrides": {"type": ["object", "null"], "additionalProperties": false, "properties": overrides},
        },
    })
}

/// The schema of a contract catalog (the files of `contract/`).
pub fn contract() -> Value {
    let supports_item = json!({"oneOf": [
        {"type": "string"},
        {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    ]});
    let platform = json!({
        "type": "object", "additionalProperties": false, "required": ["os", "supports"],
        "properties": {
            "description": {"type": "string"},
            "os": {"enum": ["linux", "windows"]},
            "arch": {"type": "array", "items": {"enum": ["amd64", "arm64"]}},
            "image_kinds": {"type": "array", "items": {"enum": ["oci", "ami"]}},
            "supports": {"type": "array", "items": supports_item},
        },
    });
    let capability = json!({
        "type": "object", "additionalProperties": false, "required": ["type", "default"],
        "properties": {
            "type": {"enum": ["bool", "enum"]},
            "values": {"type": "array", "items": {"type": "string"}, "maxItems": 64},
            "default": {"type": ["boolean", "string"]},
            "description": {"type": "string"},
        },
    });
    let profile = json!({
        "type": "object", "additionalProperties": false, "required": ["cpu", "memory", "storage"],
        "properties": {
            "cpu": {"type": "integer", "minimum": 1},
            "memory": {"type": "string", "pattern": QUANTITY_PATTERN},
            "storage": {"type": "string", "pattern": QUANTITY_PATTERN},
            "gpu_count": {"type": "integer", "minimum": 0},
            "gpu_type": {"type": ["string", "null"]},
            "use_case": {"type": "string"},
        },
    });
    let gpu = json!({
        "type": "object", "additionalProperties": false,
        "properties": {
            "memory_gb": {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}]},
            "fp32_tflops": {"type": "number"},
            "use_case": {"type": "string"},
        },
    });
    let port = json!({
        "type": "object", "additionalProperties": false, "required": ["type"],
        "properties": {
            "type": {"type": "string"},
            "required": {"type": "boolean"},
            "description": {"type": "string"},
            "attributes": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": false,
                "properties": {
                    "type": {"type": "string"}, "optional": {"type": "boolean"}, "default": {},
                    "values": {"type": "array", "items": {"type": "string"}},
                    "description": {"type": "string"},
                    "min": {"type": "integer"}, "max": {"type": "integer"},
                },
            }},
        },
    });
    let sections = json!({
        "capabilities": {"type": "object", "additionalProperties": capability},
        "profiles": {"type": "object", "additionalProperties": profile},
        "gpu_types": {"type": "object", "additionalProperties": gpu},
        "platforms": {"type": "object", "additionalProperties": platform},
    });
    let mut props = Map::new();
    props.insert(
        "contract".into(),
        json!({"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"}),
    );
    props.insert(
        "inputs".into(),
        json!({"type": "object", "additionalProperties": port}),
    );
    props.insert(
        "outputs".into(),
        json!({"type": "object", "additionalProperties": port}),
    );
    props.insert(
        "aliases".into(),
        json!({"type": "object", "additionalProperties": {"type": "object", "required": ["capability"], "properties": {"capability": {"type": "string"}, "value": {}}}}),
    );
    props.insert("exclusions".into(), json!({"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 2}}));
    props.insert(
        "implications".into(),
        json!({"type": "array", "items": {"type": "object", "required": ["when", "then", "level"], "properties": {
            "when": {"type": "object"}, "then": {"type": "object", "minProperties": 1, "maxProperties": 1},
            "level": {"enum": ["must", "should"]}, "reason": {"type": "string"}}}}),
    );
    if let Value::Object(s) = &sections {
        for (k, v) in s {
            props.insert(k.clone(), v.clone());
        }
    }
    props.insert(
        "extensions".into(),
        json!({"type": "object", "additionalProperties": false, "properties": sections, "description": "entries the template contract does not name"}),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/contract.json",
        "title": "wsc contract catalog file",
        "type": "object",
        "additionalProperties": false,
        "properties": props,
    })
}

/// The schema of a base config (`wsc render --base-config FILE`).
pub fn base_config() -> Value {
    use crate::contract::base_config::{FIELDS, FieldKind};
    let props: serde_json::Map<String, Value> = FIELDS
        .iter()
        .map(|(k, kind, doc)| {
            let v = match kind {
                FieldKind::Text => json!({"type": "string", "description": doc}),
                FieldKind::Map => json!({"type": "object", "additionalProperties": {"type": "string"}, "description": doc}),
                FieldKind::List => json!({"type": "array", "items": {"type": "string"}, "description": doc}),
            };
            ((*k).to_string(), v)
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/base-config.json",
        "title": "wsc render base config",
        "type": "object",
        "additionalProperties": false,
        "properties": props,
    })
}

/// The schema of `wsc.toml`.
pub fn config() -> Value {
    let overrides: Vec<&str> = OverrideKind::ALL.iter().map(|k| k.key()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/config.json",
        "title": "wsc.toml",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "rules": {"type": "object", "additionalProperties": {"enum": ["error", "warning", "info", "off"]}},
            "policy": {"type": "object", "additionalProperties": false, "properties": {
                "allow": {"type": "array", "items": {"enum": overrides}},
                "deny_env_prefixes": {"type": "array", "items": {"type": "string"}},
                "deny_label_prefixes": {"type": "array", "items": {"type": "string"}},
                "deny_annotation_prefixes": {"type": "array", "items": {"type": "string"}},
            }},
            "limits": {"type": "object", "additionalProperties": false, "properties": {
                "max_file_bytes": {"type": "integer", "minimum": 1},
            }},
            "contract": {"type": "string", "description": "a contract catalog (file or directory) replacing the embedded one, relative to this file"},
            "sources": {"type": "object", "additionalProperties": {"type": "string"}, "description": "module source prefix (git::…, a registry address) → the local checkout it stands for, relative to this file"},
            "runtime": {"type": "object", "additionalProperties": false, "description": "the runtime contract's numbers and names, and which templates `wsc audit` holds to it", "properties": {
                "user": {"type": "string", "default": "coder"},
                "uid": {"type": "integer", "minimum": 0, "default": 1000},
                "docker_gid_variable": {"type": "string", "default": "docker_gid"},
                "docker_gid_default": {"type": "integer", "minimum": 0, "default": 988},
                "staging_dir": {"type": "string", "default": "/home/coder-files"},
                "workspaces_root": {"type": "string", "default": "/coder-workspaces"},
                "cleanup_helper": {"type": "string", "default": "/usr/local/bin/coder-delete-workspace-dir"},
                "stop_timeout": {"type": "integer", "minimum": 0, "default": 180},
                "destroy_grace_seconds": {"type": "integer", "minimum": 0, "default": 60},
                "image": {"type": "array", "items": {"type": "string"}, "description": "the Dockerfiles of every template's image, relative to the audited directory"},
                "exclude": {"type": "array", "items": {"type": "string"}, "description": "template directories the contract does not govern (reported as skipped)"},
                "templates": {"type": "array", "items": {"type": "string"}, "description": "globs of template directories held to the Docker-in-Docker contract whatever they contain"},
            }},
        },
    })
}

fn capability_properties(cat: &Catalog) -> Map<String, Value> {
    let mut caps = Map::new();
    for c in &cat.capabilities {
        let mut v = match &c.kind {
            CapKind::Bool => json!({"type": "boolean"}),
            CapKind::Enum(vals) => json!({"enum": vals}),
        };
        v["description"] = json!(c.description);
        caps.insert(c.name.clone(), v);
    }
    caps
}

fn profile_names(cat: &Catalog) -> Value {
    json!({"enum": cat.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>()})
}

/// The schema of `toolchain.yaml`.
pub fn toolchain(cat: &Catalog) -> Value {
    let cap_names: Vec<&str> = cat.capabilities.iter().map(|c| c.name.as_str()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/toolchain.json",
        "title": "wsc toolchain.yaml",
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "image_id", "capabilities"],
        "properties": {
            "name": {"type": "string"},
            "version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+([-+].*)?$"},
            "contract": {"type": ["string", "number"]},
            "image_id": {"type": "string"},
            "os": {"enum": ["linux", "windows"]},
            "arch": {"enum": ["amd64", "arm64"]},
            "capabilities": {"type": ["object", "null"], "additionalProperties": false, "properties": capability_properties(cat)},
            "optional": {"type": "array", "items": {"enum": cap_names}},
            "profiles": {"type": "array", "items": profile_names(cat)},
            "default_profile": profile_names(cat),
            "environment_variables": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
            "startup_script_file": {"type": "string"},
            "startup_script": {"type": "string"},
            "description": {"type": "string", "description": "the Coder template's description"},
            "display_name": {"type": "string", "description": "the Coder template's display name"},
            "icon": {"type": "string", "description": "the Coder template's icon (a path such as /icon/code.svg, or a URL)"},
        },
    })
}

/// The schema of `base.yaml`.
pub fn base(cat: &Catalog) -> Value {
    let cap_names: Vec<&str> = cat.capabilities.iter().map(|c| c.name.as_str()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/base.json",
        "title": "wsc base.yaml",
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "platform"],
        "properties": {
            "name": {"type": "string"},
            "version": {"type": "string"},
            "contract": {"type": ["string", "number"]},
            "platform": named_enum(cat.platforms.iter().map(|p| (p.name.as_str(), p.description.as_str(), p.layer))),
            "supports": {"type": "array", "items": {"oneOf": [
                {"enum": cap_names},
                {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            ]}},
            "description": {"type": "string"},
        },
    })
}

/// The schema of `pairings.yaml`.
pub fn pairings(cat: &Catalog) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wsc.dev/schema/pairings.json",
        "title": "wsc pairings.yaml",
        "type": "object",
        "additionalProperties": false,
        "required": ["pairings"],
        "properties": {
            "pairings": {"type": "object", "additionalProperties": {
                "type": "object",
                "additionalProperties": false,
                "required": ["toolchain", "base"],
                "properties": {
                    "toolchain": {"type": "string"},
                    "base": {"type": "string"},
                    "profiles": {"type": "array", "items": profile_names(cat)},
                    "default_profile": profile_names(cat),
                    "display_name": {"type": "string"},
                    "icon": {"type": "string"},
                    "description": {"type": "string"},
                },
            }},
        },
    })
}
