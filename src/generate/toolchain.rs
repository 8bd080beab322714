//! `wsc new toolchain NAME`: a toolchain a template can compose.
//!
//! A toolchain is declared twice, once for each reader: `toolchain.yaml`
//! is what `wsc check` and the pairings read, and a provider-free
//! Terraform module (`outputs.tf`, `versions.tf`) is what a composed
//! template calls (`module.toolchain.startup_script`,
//! `module.toolchain.environment_variables`). Both are written here from
//! the same values, so they agree as TR007 requires: every capability of
//! the catalog at its default, written out, and the catalog's compute
//! profiles that need no GPU.
//!
//! The output depends only on the catalog and the name: the same call
//! gives the same bytes.

use std::fmt::Write;

use crate::contract::catalog::{CapKind, Catalog, ProfileDef};
use crate::render::hcl::escape;

use super::File;

/// The version a new toolchain starts at.
pub const VERSION: &str = "0.1.0";

/// The registry and namespace of the placeholder image.
const IMAGE_PREFIX: &str = "ghcr.io/example";

/// The files of a new toolchain named `name`, paths relative to the
/// toolchain's directory, sorted by path.
pub fn files(cat: &Catalog, name: &str) -> Result<Vec<File>, String> {
    if !super::base::valid_name(name) {
        return Err(format!(
            "`{name}` is not a toolchain name: use 1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or digit"
        ));
    }
    let profiles = offered_profiles(cat);
    let Some(default_profile) = profiles.first().map(|p| p.name.as_str()) else {
        return Err(format!(
            "the catalog ({}) defines no compute profile for the toolchain to offer",
            cat.source
        ));
    };
    let t = Toolchain {
        name,
        image: image_ref(name),
        capabilities: cat
            .capabilities
            .iter()
            .map(|c| {
                let value = match c.kind {
                    CapKind::Bool => Value::Bool(c.value_text(c.default) == "true"),
                    CapKind::Enum(_) => Value::Text(c.value_text(c.default).to_string()),
                };
                (c.name.as_str(), value)
            })
            .collect(),
        profiles: profiles.iter().map(|p| p.name.as_str()).collect(),
        default_profile,
        contract: cat.version.to_string(),
    };
    let mut out = vec![
        File::new("README.md", readme(&t)),
        File::new("outputs.tf", outputs_tf(&t)),
        File::new("toolchain.yaml", toolchain_yaml(&t)),
        File::new("versions.tf", VERSIONS_TF),
    ];
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// `versions.tf`: a Terraform version and no provider, so the module
/// initialises and plans without a network.
const VERSIONS_TF: &str = "terraform {\n  required_version = \">= 1.5\"\n}\n";

/// What both declarations state.
struct Toolchain<'a> {
    name: &'a str,
    image: String,
    /// Every capability of the catalog, in catalog order, at its default.
    capabilities: Vec<(&'a str, Value)>,
    profiles: Vec<&'a str>,
    default_profile: &'a str,
    contract: String,
}

enum Value {
    Bool(bool),
    Text(String),
}

/// The catalog's profiles that ask for no GPU, in catalog order: every
/// platform can schedule those. A catalog whose profiles all have GPUs
/// offers them all.
fn offered_profiles(cat: &Catalog) -> Vec<&ProfileDef> {
    let cpu_only: Vec<&ProfileDef> = cat
        .profiles
        .iter()
        .filter(|p| p.gpu_count == 0 && p.gpu_type.is_none())
        .collect();
    if cpu_only.is_empty() {
        cat.profiles.iter().collect()
    } else {
        cpu_only
    }
}

/// A placeholder image for the toolchain: a valid OCI reference whose
/// repository is the name in lower case, each run of `-`, `_` and `.`
/// made one `-` and none at the end (an image path component starts and
/// ends with a letter or digit).
fn image_ref(name: &str) -> String {
    let mut repo = String::with_capacity(name.len());
    let mut pending_separator = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_separator && !repo.is_empty() {
                repo.push('-');
            }
            pending_separator = false;
            repo.push(c.to_ascii_lowercase());
        } else {
            pending_separator = true;
        }
    }
    format!("{IMAGE_PREFIX}/{repo}:{VERSION}")
}

/// A YAML scalar that reads back as the same string: plain when it is
/// made of safe characters (a `:` never last, so never a key), starts with
/// a letter and could not be taken for a boolean or a null; double-quoted
/// otherwise (a leading digit could make it a number).
fn yaml_str(s: &str) -> String {
    let safe = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'))
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !s.ends_with(':')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null"
        );
    if safe {
        s.to_string()
    } else {
        let mut q = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                c if c.is_control() => {
                    let _ = write!(q, "\\u{:04x}", u32::from(c));
                }
                c => q.push(c),
            }
        }
        q.push('"');
        q
    }
}

fn yaml_value(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => yaml_str(t),
    }
}

fn hcl_value(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => format!("\"{}\"", escape(t)),
    }
}

/// An object key as Terraform writes it: bare when it is a plain
/// identifier, quoted otherwise (every `-`-named capability).
fn hcl_key(k: &str) -> String {
    let bare = k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if bare {
        k.to_string()
    } else {
        format!("\"{}\"", escape(k))
    }
}

/// `key = value` lines at `indent` spaces, the `=` aligned as
/// `terraform fmt` aligns them.
fn aligned(lines: &[(String, String)], indent: usize) -> String {
    let width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    for (k, v) in lines {
        let _ = writeln!(s, "{:indent$}{k:width$} = {v}", "");
    }
    s
}

fn description(t: &Toolchain<'_>) -> String {
    format!(
        "{}, generated by wsc new toolchain: say what it installs and what it is for.",
        t.name
    )
}

fn toolchain_yaml(t: &Toolchain<'_>) -> String {
    let mut s = String::from(
        "# A toolchain generated by `wsc new toolchain`. outputs.tf states the\n\
         # same name, version, image and capabilities; keep the two in step.\n",
    );
    let _ = writeln!(s, "name: {}", yaml_str(t.name));
    let _ = writeln!(s, "version: {VERSION}");
    let _ = writeln!(s, "contract: \"{}\"", t.contract);
    let _ = writeln!(s, "description: {}", yaml_str(&description(t)));
    let _ = writeln!(s, "image_id: {}", yaml_str(&t.image));
    s.push_str("os: linux\narch: amd64\ncapabilities:\n");
    for (name, value) in &t.capabilities {
        let _ = writeln!(s, "  {}: {}", yaml_str(name), yaml_value(value));
    }
    let profiles: Vec<String> = t.profiles.iter().map(|p| yaml_str(p)).collect();
    let _ = writeln!(s, "profiles: [{}]", profiles.join(", "));
    let _ = writeln!(s, "default_profile: {}", yaml_str(t.default_profile));
    s.push_str("environment_variables:\n");
    let _ = writeln!(s, "  TOOLCHAIN_NAME: {}", yaml_str(t.name));
    s
}

/// The script the workspace runs at each start. It must be safe to run
/// again, and it ends with `exit 0` so that a last step that "fails"
/// harmlessly (a `grep` that finds nothing) does not mark the start failed.
fn startup_script(t: &Toolchain<'_>) -> String {
    format!(
        "#!/usr/bin/env bash\n\
         # {name} {VERSION}: runs at every start of the workspace, so each step\n\
         # must leave things as they are when it has run before.\n\
         set -euo pipefail\n\
         mkdir -p \"$HOME/.local/bin\"\n\
         echo \"{name} {VERSION} is ready\"\n\
         exit 0\n",
        name = t.name
    )
}

fn outputs_tf(t: &Toolchain<'_>) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "# {name}: a toolchain module generated by `wsc new toolchain`. It has no\n\
         # provider and no resource: a template calls it and reads these outputs.\n\
         # name, version, image_id and capabilities must say what toolchain.yaml\n\
         # says (`wsc check` reports a difference as TR007).\n",
        name = t.name
    );
    let simple = |s: &mut String, output: &str, description: &str, value: String| {
        let _ = write!(
            s,
            "\noutput \"{output}\" {{\n{}}}\n",
            aligned(
                &[
                    ("description".to_string(), format!("\"{description}\"")),
                    ("value".to_string(), value),
                ],
                2,
            )
        );
    };
    simple(
        &mut s,
        "name",
        "the toolchain's name",
        format!("\"{}\"", escape(t.name)),
    );
    simple(
        &mut s,
        "version",
        "the toolchain's version",
        format!("\"{VERSION}\""),
    );
    simple(
        &mut s,
        "os",
        "the workspace's operating system (toolchain.yaml's os)",
        "\"linux\"".to_string(),
    );
    simple(
        &mut s,
        "image_id",
        "the workspace image the base runs",
        format!("\"{}\"", escape(&t.image)),
    );
    let caps: Vec<(String, String)> = t
        .capabilities
        .iter()
        .map(|(k, v)| (hcl_key(k), hcl_value(v)))
        .collect();
    let _ = write!(
        s,
        "\noutput \"capabilities\" {{\n  description = \"what the toolchain asks of the base: every capability of the contract\"\n  value = {{\n{}  }}\n}}\n",
        aligned(&caps, 4)
    );
    let profiles: Vec<String> = t
        .profiles
        .iter()
        .map(|p| format!("\"{}\"", escape(p)))
        .collect();
    simple(
        &mut s,
        "profiles",
        "the compute profiles a template may offer, the default first",
        format!("[{}]", profiles.join(", ")),
    );
    let mut script = String::new();
    for line in startup_script(t).lines() {
        if line.is_empty() {
            script.push('\n');
        } else {
            let _ = writeln!(
                script,
                "    {}",
                line.replace("${", "$${").replace("%{", "%%{")
            );
        }
    }
    let _ = write!(
        s,
        "\noutput \"startup_script\" {{\n  description = \"run by the workspace agent at each start; safe to run again\"\n  value       = <<-EOT\n{script}  EOT\n}}\n"
    );
    let env = aligned(
        &[(
            "TOOLCHAIN_NAME".to_string(),
            format!("\"{}\"", escape(t.name)),
        )],
        4,
    );
    let _ = write!(
        s,
        "\noutput \"environment_variables\" {{\n  description = \"set in the workspace (map(string)); never a secret's value\"\n  value = {{\n{env}  }}\n}}\n"
    );
    s
}

fn readme(t: &Toolchain<'_>) -> String {
    format!(
        "# {name}\n\n\
         A toolchain generated by `wsc new toolchain`. A composed template calls\n\
         this directory as `module \"toolchain\"` and a base runs its image with\n\
         its capabilities.\n\n\
         ## Files\n\n\
         - `toolchain.yaml`: the declaration `wsc check` and `pairings.yaml` read:\n\
         \x20 name, version, contract version, image, OS and architecture, the\n\
         \x20 capabilities asked of the base, the compute profiles offered (and the\n\
         \x20 default one) and the environment variables.\n\
         - `outputs.tf`: the same facts as Terraform outputs (`name`, `version`,\n\
         \x20 `image_id`, `capabilities`, `profiles`), plus what the template passes to\n\
         \x20 the workspace: `startup_script` (a bash script the agent runs at each\n\
         \x20 start, so every step must be safe to repeat) and\n\
         \x20 `environment_variables` (a map of strings, never a secret's value).\n\
         - `versions.tf`: the Terraform version. The module uses no provider and\n\
         \x20 creates nothing, so it initialises and plans offline.\n\n\
         ## Keep the two declarations in step\n\n\
         `toolchain.yaml` and `outputs.tf` state the same name, version, image and\n\
         capabilities. When you change one, change the other: `wsc check` compares\n\
         them and reports a difference as TR007.\n\n\
         The image `{image}` is a placeholder: replace it with the\n\
         image you build, in both files. Every capability is written out at the\n\
         contract's default; change the ones this toolchain needs.\n",
        name = t.name,
        image = t.image,
    )
}
