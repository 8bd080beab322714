//! `wsc new base --platform P DIR`: a contract-conformant base module.
//!
//! A generated base has two layers. `core/` is `render::core` as is: a
//! provider-free module that decides what `wsc render` decides (instance
//! type, volume sizes, egress rules, names…) and that `terraform test`
//! plans offline. The module around it declares the contract's inputs and
//! outputs, the base's own settings, and the resources of its platform
//! family, which read every capability decision from `module.core` instead
//! of deciding again (`count`/`for_each` on the core's outputs).
//!
//! The Terraform that does not depend on the catalog, the name or the
//! platform is static, in `kubernetes/`, `ec2/` and `docker/` beside this
//! file; Rust writes only the contract's variables (their types and
//! defaults are the catalog's), `base.yaml`, the README and the header of
//! `main.tf` that names the platform and calls the core.

use std::fmt::Write;

use crate::contract::catalog::{CapKind, CapValue, Catalog, PlatformDef, Support, TypeExpr};
use crate::render::Target;
use crate::render::core::core_files;
use crate::render::hcl::escape;

use super::File;

/// The version a new base starts at.
pub const VERSION: &str = "0.1.0";

/// The outputs every family shares: the contract's four, shaped as seed 000
/// shapes them, from the core's decisions and the family's `local`s.
const OUTPUTS: &str = include_str!("outputs.tf");

/// The settings every base has, whatever its platform.
const COMMON_VARIABLES: &str = include_str!("variables.tf");

/// A platform family's static files: resources, its own variables, the
/// pinned providers, and the user data template on EC2.
struct Family {
    main: &'static str,
    variables: &'static str,
    versions: &'static str,
    /// Extra files (path, text), e.g. a user data template.
    extra: &'static [(&'static str, &'static str)],
    /// What the README says the base creates.
    summary: &'static str,
}

const KUBERNETES: Family = Family {
    main: include_str!("kubernetes/main.tf"),
    variables: include_str!("kubernetes/variables.tf"),
    versions: include_str!("kubernetes/versions.tf"),
    extra: &[],
    summary: "a pod that meets the \"restricted\" Pod Security Standard, a ServiceAccount per identity mode, a home claim (persistent-home), a shared cache claim (artifact-cache) and a NetworkPolicy per network-egress mode, all as `kubernetes_manifest` resources; the agent token reaches the pod through a Secret (made from `agent_token`, or an existing one named by `agent_token_secret`), never as a plain value",
};

const EC2: Family = Family {
    main: include_str!("ec2/main.tf"),
    variables: include_str!("ec2/variables.tf"),
    versions: include_str!("ec2/versions.tf"),
    extra: &[
        ("user_data.sh.tftpl", include_str!("ec2/user_data.sh.tftpl")),
        (
            "user_data.ps1.tftpl",
            include_str!("ec2/user_data.ps1.tftpl"),
        ),
    ],
    summary: "an EC2 instance of the type the core chooses (IMDSv2 only, encrypted gp3 root), an encrypted gp3 home volume that survives a stop (persistent-home), a security group with one egress rule resource per rule of the network-egress mode, and an instance profile per identity mode; the user data fetches the agent token from SSM Parameter Store with the instance's own identity and never carries it (a SecureString parameter the base makes from `agent_token`, or an existing one named by `agent_token_parameter`)",
};

const DOCKER: Family = Family {
    main: include_str!("docker/main.tf"),
    variables: include_str!("docker/variables.tf"),
    versions: include_str!("docker/versions.tf"),
    extra: &[],
    summary: "a Docker-in-Docker workspace on a Sysbox host that keeps the runtime contract (INV-1…INV-10): a `sysbox-runc` container (never privileged), its home bound from the host, a named volume for `/var/lib/docker`, a cleanup that removes the home directory when the workspace is deleted, and the `coder_agent` with the workspace's identity in its environment",
};

fn family(target: Target) -> &'static Family {
    match target {
        Target::Kubernetes => &KUBERNETES,
        Target::DockerSysbox => &DOCKER,
        Target::Ec2Linux | Target::Ec2Windows | Target::Ec2Gpu => &EC2,
    }
}

/// The files of a new base module for `platform` named `name`, paths relative to the module directory.
pub fn files(cat: &Catalog, platform: &str, name: &str) -> Result<Vec<File>, String> {
    check_name(name)?;
    let target = Target::of(platform).ok_or_else(|| {
        format!(
            "no base generator for platform `{platform}`: wsc renders kubernetes, ec2-linux, ec2-windows, ec2-gpu and docker-sysbox"
        )
    })?;
    let def = cat
        .platforms
        .iter()
        .find(|p| p.name == platform)
        .ok_or_else(|| format!("the catalog has no platform `{platform}`"))?;
    let fam = family(target);
    let mut out = vec![
        File::new("base.yaml", base_yaml(cat, def, name)),
        File::new("README.md", readme(def, name, fam)),
        File::new(
            "main.tf",
            format!("{}\n{}", main_header(cat, def, name), fam.main),
        ),
        File::new("outputs.tf", OUTPUTS),
        File::new(
            "variables.tf",
            format!(
                "{}\n{}\n{COMMON_VARIABLES}\n{}",
                contract_variables(cat, def),
                arch_variable(def),
                fam.variables
            ),
        ),
        File::new("versions.tf", fam.versions),
    ];
    // The user data templates of the other OS are left out.
    let windows = target == Target::Ec2Windows;
    for (path, text) in fam.extra {
        if path.ends_with(".ps1.tftpl") == windows {
            out.push(File::new(*path, *text));
        }
    }
    for (path, text) in core_files(cat) {
        out.push(File::new(format!("core/{path}"), text));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// A base's name becomes a directory, a YAML scalar and a Terraform string:
/// only letters, digits, `-`, `_` and `.`, starting with a letter or digit.
fn check_name(name: &str) -> Result<(), String> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a base name: use 1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or digit"
        ))
    }
}

/// The rule of [`check_name`], shared with new toolchains: 1 to 64 ASCII
/// letters, digits, `-`, `_` or `.`, the first a letter or digit (so never
/// empty, never `..`, never a hidden file, never a path).
pub(super) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The capabilities the platform supports, as `base.yaml` lists them (an
/// enum the platform supports only in part lists its values).
fn supports(cat: &Catalog, def: &PlatformDef) -> Vec<String> {
    let mut out = Vec::new();
    for (id, cap) in cat.capabilities.iter().enumerate() {
        match def.support.get(id).copied().unwrap_or(Support::No) {
            Support::No => {}
            Support::Yes => out.push(cap.name.clone()),
            Support::Values(_) => {
                let values = allowed_values(cat, def, id);
                out.push(format!("{}: [{}]", cap.name, values.join(", ")));
            }
        }
    }
    out
}

/// The values of an enum capability the platform supports.
fn allowed_values(cat: &Catalog, def: &PlatformDef, id: usize) -> Vec<String> {
    let support = def.support.get(id).copied().unwrap_or(Support::No);
    match &cat.capabilities[id].kind {
        CapKind::Enum(values) => values
            .iter()
            .enumerate()
            .filter(|(i, _)| u16::try_from(*i).is_ok_and(|i| support.allows(CapValue::Enum(i))))
            .map(|(_, v)| v.clone())
            .collect(),
        CapKind::Bool => Vec::new(),
    }
}

fn base_yaml(cat: &Catalog, def: &PlatformDef, name: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# A base module for {} generated by `wsc new base`: its capability\n# decisions are made by ./core, the same as `wsc render` makes them.",
        def.name
    );
    let _ = writeln!(s, "name: {name}");
    let _ = writeln!(s, "version: {VERSION}");
    let _ = writeln!(s, "contract: \"{}\"", cat.version);
    let _ = writeln!(s, "platform: {}", def.name);
    s.push_str("supports:\n");
    for cap in supports(cat, def) {
        let _ = writeln!(s, "  - {cap}");
    }
    s
}

fn readme(def: &PlatformDef, name: &str, fam: &Family) -> String {
    format!(
        "# {name}\n\n\
         A base module for the `{platform}` platform ({description}), generated by\n\
         `wsc new base --platform {platform}`. It implements the template contract:\n\
         the inputs `workspace_name`, `owner`, `compute_profile`, `image_id` and\n\
         `capabilities`, and the outputs `agent_endpoint`, `runtime_env`,\n\
         `volume_mounts` and `metadata`.\n\n\
         It creates {summary}.\n\n\
         ## Where the decisions are made\n\n\
         `core/` is a provider-free module that decides what `wsc render` decides\n\
         for the inputs (instance type, volume sizes, egress rules, object names,\n\
         resources). The resources in `main.tf` read those decisions from\n\
         `module.core` and decide nothing themselves. The core is tested offline:\n\n\
         ```sh\n\
         cd core && terraform init -backend=false && terraform test\n\
         ```\n\n\
         ## Settings\n\n\
         `variables.tf` declares the contract's inputs first, then this base's own\n\
         settings (where the Coder control plane is, where the workspace runs).\n\
         Secrets are never inputs: the agent token is read where the workspace runs\n\
         (a Kubernetes Secret, SSM Parameter Store, or the Coder agent itself).\n\n\
         Check the repository that holds this base with `wsc check`.\n",
        platform = def.name,
        description = def.description.trim_end_matches('.'),
        summary = fam.summary,
    )
}

fn main_header(cat: &Catalog, def: &PlatformDef, name: &str) -> String {
    format!(
        r#"# {name}: a base module for {platform}, generated by `wsc new base`.
# Every capability decision comes from ./core (what `wsc render` decides);
# the resources below only carry them out.

locals {{
  platform     = "{platform}"
  contract     = "{contract}"
  base_name    = "{name}"
  base_version = "{VERSION}"
}}

module "core" {{
  source = "./core"

  platform        = local.platform
  workspace_name  = var.workspace_name
  owner           = var.owner
  image_id        = var.image_id
  compute_profile = var.compute_profile
  capabilities    = var.capabilities
}}
"#,
        platform = escape(&def.name),
        contract = cat.version,
        name = escape(name),
    )
}

/// A type as Terraform writes it; an object one attribute per line, the
/// `=` aligned as `terraform fmt` aligns them.
fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Object(attrs) if !attrs.is_empty() => {
            let width = attrs.iter().map(|a| a.name.len()).max().unwrap_or(0);
            let mut s = String::from("object({\n");
            for a in attrs {
                let one = TypeExpr::Object(vec![a.clone()]).to_string();
                // `object({name = T})` → `T`
                let inner = one
                    .strip_prefix("object({")
                    .and_then(|r| r.strip_suffix("})"))
                    .and_then(|r| r.split_once(" = "))
                    .map_or_else(|| a.ty.to_string(), |(_, t)| t.to_string());
                let _ = writeln!(s, "    {:width$} = {inner}", a.name);
            }
            s.push_str("  })");
            s
        }
        other => other.to_string(),
    }
}

/// The `capabilities` type: each capability of the catalog optional, with
/// the catalog's default (so the module sees every key).
fn capabilities_type(cat: &Catalog) -> String {
    let width = cat
        .capabilities
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    let mut s = String::from("object({\n");
    for c in &cat.capabilities {
        let (ty, default) = match c.kind {
            CapKind::Bool => ("bool", c.value_text(c.default).to_string()),
            CapKind::Enum(_) => ("string", format!("\"{}\"", c.value_text(c.default))),
        };
        let _ = writeln!(s, "    {:width$} = optional({ty}, {default})", c.name);
    }
    s.push_str("  })");
    s
}

fn hcl_list(values: &[String]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| format!("\"{}\"", escape(v)))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// Validations of `capabilities`: each enum takes a value the platform
/// supports, and a capability the platform lacks is not asked for (only
/// where the catalog's default passes, so an empty request always does).
fn capability_validations(cat: &Catalog, def: &PlatformDef) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (id, cap) in cat.capabilities.iter().enumerate() {
        let support = def.support.get(id).copied().unwrap_or(Support::No);
        if !support.allows(cap.default) && support != Support::No {
            continue;
        }
        match &cap.kind {
            CapKind::Enum(_) => {
                let allowed = allowed_values(cat, def, id);
                if allowed.is_empty() {
                    continue;
                }
                out.push((
                    format!(
                        "contains({}, var.capabilities[\"{}\"])",
                        hcl_list(&allowed),
                        cap.name
                    ),
                    format!(
                        "{} on {} is one of {}.",
                        cap.name,
                        def.name,
                        allowed.join(", ")
                    ),
                ));
            }
            CapKind::Bool if support == Support::No && cap.default == CapValue::Bool(false) => {
                out.push((
                    format!("!var.capabilities[\"{}\"]", cap.name),
                    format!("{} does not support {}.", def.name, cap.name),
                ));
            }
            CapKind::Bool => {}
        }
    }
    out
}

/// `arch`: the CPU architecture of the workspace (metadata, the agent, the
/// node pool), one the platform offers.
fn arch_variable(def: &PlatformDef) -> String {
    let archs: Vec<String> = def.arch.iter().map(|a| a.as_str().to_string()).collect();
    let default = archs.first().map_or("amd64", String::as_str);
    format!(
        "variable \"arch\" {{\n  type        = string\n  description = \"the CPU architecture of the workspace: {}\"\n  default     = \"{default}\"\n\n  validation {{\n    condition     = contains({}, var.arch)\n    error_message = \"{} runs {}.\"\n  }}\n}}\n",
        archs.join(" or "),
        hcl_list(&archs),
        escape(&def.name),
        archs.join(" or "),
    )
}

/// The contract's input variables, typed and described as the catalog
/// says, with validations that fail a plan early and clearly.
fn contract_variables(cat: &Catalog, def: &PlatformDef) -> String {
    let mut s =
        String::from("# The contract's inputs (seed 000), typed as the catalog types them.\n");
    for input in &cat.inputs {
        let ty = if input.name == "capabilities" {
            capabilities_type(cat)
        } else {
            type_text(&input.ty)
        };
        // `terraform fmt` aligns `=` only among one-line attributes.
        let pad = if ty.contains('\n') { " " } else { "        " };
        let _ = write!(
            s,
            "\nvariable \"{}\" {{\n  type{pad}= {ty}\n  description = \"{}\"\n",
            input.name,
            escape(&input.description)
        );
        let validations: Vec<(String, String)> = match input.name.as_str() {
            "compute_profile" => {
                let mut v = vec![(
                    "can(regex(\"^[0-9]+(Ki|Mi|Gi|Ti)$\", var.compute_profile.memory)) && can(regex(\"^[0-9]+(Ki|Mi|Gi|Ti)$\", var.compute_profile.storage))".to_string(),
                    "memory and storage are whole numbers followed by Ki, Mi, Gi or Ti (8Gi).".to_string(),
                )];
                if let Some((lo, hi)) = cat.compute_range("cpu") {
                    v.push((
                        format!("var.compute_profile.cpu >= {lo} && var.compute_profile.cpu <= {hi} && floor(var.compute_profile.cpu) == var.compute_profile.cpu"),
                        format!("cpu is a whole number of vCPUs from {lo} to {hi}."),
                    ));
                }
                let gpu = cat.capability("gpu-support");
                if gpu.is_some_and(|g| def.support.get(g).copied() == Some(Support::No)) {
                    v.push((
                        "coalesce(var.compute_profile.gpu_count, 0) == 0".to_string(),
                        format!("{} schedules no GPUs.", def.name),
                    ));
                }
                v
            }
            "capabilities" => capability_validations(cat, def),
            _ => Vec::new(),
        };
        for (condition, message) in validations {
            let _ = write!(
                s,
                "\n  validation {{\n    condition     = {condition}\n    error_message = \"{}\"\n  }}\n",
                escape(&message)
            );
        }
        s.push_str("}\n");
    }
    s
}
