//! The platform-neutral reading of a valid composition that every renderer
//! starts from: who and what the workspace is, its compute in exact units,
//! and each capability as a typed choice.

use crate::contract::catalog::{CapKind, CapValue, Catalog, PlatformDef};
use std::collections::BTreeMap;

use crate::contract::composition::{Composition, OverrideKind};
use crate::contract::model::{Arch, ImageRef, Os, Quantity};

use super::RenderError;
use super::names;

/// Outbound network access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Egress {
    /// Only DNS and the Coder control plane.
    None,
    /// Those and TCP 443.
    HttpsOnly,
    /// Everything but the cloud metadata address.
    Unrestricted,
}

impl Egress {
    /// The capability's value.
    pub fn name(self) -> &'static str {
        match self {
            Egress::None => "none",
            Egress::HttpsOnly => "https-only",
            Egress::Unrestricted => "unrestricted",
        }
    }
}

/// How the workspace authenticates to cloud services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Oidc,
    Iam,
    WorkloadIdentity,
}

impl Identity {
    /// The capability's value.
    pub fn name(self) -> &'static str {
        match self {
            Identity::Oidc => "oidc",
            Identity::Iam => "iam",
            Identity::WorkloadIdentity => "workload-identity",
        }
    }
}

/// How secrets reach the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    Variables,
    Vault,
    SecretsManager,
}

/// The eight capabilities, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    pub persistent_home: bool,
    pub egress: Egress,
    pub identity: Identity,
    pub gpu: bool,
    pub artifact_cache: bool,
    pub secrets: Secrets,
    pub gui_vnc: bool,
    pub gui_rdp: bool,
}

/// Compute in exact units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compute {
    pub cpu: u32,
    pub memory: Quantity,
    pub storage: Quantity,
    pub gpu_count: u32,
    /// The GPU type's index in the catalog.
    pub gpu_type: Option<usize>,
}

/// What every renderer reads.
#[derive(Debug, Clone)]
pub struct Plan<'c> {
    pub platform: &'c PlatformDef,
    pub os: Os,
    pub arch: Arch,
    pub owner: String,
    pub workspace: String,
    /// The DNS-1123 label of the workspace's objects.
    pub name: String,
    pub image: ImageRef,
    pub compute: Compute,
    pub caps: Caps,
    /// `overrides.environment_variables`, `labels`, `annotations`.
    pub env: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
}

/// A map override's entries (the last of a repeated name wins, as in YAML
/// readers that accept it; validation reports the repetition).
fn override_map(comp: &Composition, kind: OverrideKind) -> BTreeMap<String, String> {
    comp.overrides
        .iter()
        .flat_map(|o| &o.entries)
        .filter(|e| e.kind == kind && e.error.is_none())
        .flat_map(|e| {
            e.names
                .iter()
                .map(|(n, _)| n.clone())
                .zip(e.values.iter().cloned())
        })
        .collect()
}

fn missing(what: &str) -> RenderError {
    RenderError::Incomplete(format!("the composition has no valid `{what}`"))
}

/// A capability's effective value by name (its default when not written).
fn cap<'a>(
    comp: &Composition,
    cat: &'a Catalog,
    name: &str,
) -> Result<(CapValue, &'a CapKind), RenderError> {
    let id = cat.capability(name).ok_or_else(|| {
        RenderError::Incomplete(format!("the catalog has no capability `{name}`"))
    })?;
    let value = comp
        .effective
        .get(id)
        .map_or(cat.capabilities[id].default, |e| e.value);
    Ok((value, &cat.capabilities[id].kind))
}

fn flag(comp: &Composition, cat: &Catalog, name: &str) -> Result<bool, RenderError> {
    match cap(comp, cat, name)? {
        (CapValue::Bool(b), _) => Ok(b),
        _ => Err(RenderError::Incomplete(format!("`{name}` is not a bool"))),
    }
}

fn choice<'a>(comp: &Composition, cat: &'a Catalog, name: &str) -> Result<&'a str, RenderError> {
    match cap(comp, cat, name)? {
        (CapValue::Enum(i), CapKind::Enum(values)) => values
            .get(i as usize)
            .map(String::as_str)
            .ok_or_else(|| RenderError::Incomplete(format!("`{name}` has no value {i}"))),
        _ => Err(RenderError::Incomplete(format!("`{name}` is not an enum"))),
    }
}

/// The plan of a composition that validates.
pub fn plan<'c>(comp: &Composition, cat: &'c Catalog) -> Result<Plan<'c>, RenderError> {
    let platform = comp
        .platform
        .as_ref()
        .and_then(|f| f.ok())
        .and_then(|&p| cat.platforms.get(p))
        .ok_or_else(|| missing("platform"))?;
    let owner = comp
        .owner
        .as_ref()
        .and_then(|f| f.ok())
        .cloned()
        .ok_or_else(|| missing("owner"))?;
    let workspace = comp
        .workspace_name
        .as_ref()
        .and_then(|f| f.ok())
        .cloned()
        .ok_or_else(|| missing("workspace_name"))?;
    let image = comp
        .image_id
        .as_ref()
        .and_then(|f| f.ok())
        .cloned()
        .ok_or_else(|| missing("image_id"))?;
    let c = &comp.compute;
    let compute = Compute {
        cpu: c.cpu.ok_or_else(|| missing("compute_profile.cpu"))?.value,
        memory: c
            .memory
            .ok_or_else(|| missing("compute_profile.memory"))?
            .value,
        storage: c
            .storage
            .ok_or_else(|| missing("compute_profile.storage"))?
            .value,
        gpu_count: c.gpu_count.map_or(0, |g| g.value),
        gpu_type: c.gpu_type.and_then(|g| g.value),
    };
    let egress = match choice(comp, cat, "network-egress")? {
        "none" => Egress::None,
        "unrestricted" => Egress::Unrestricted,
        _ => Egress::HttpsOnly,
    };
    let identity = match choice(comp, cat, "identity-mode")? {
        "oidc" => Identity::Oidc,
        "workload-identity" => Identity::WorkloadIdentity,
        _ => Identity::Iam,
    };
    let secrets = match choice(comp, cat, "secrets-injection")? {
        "vault" => Secrets::Vault,
        "secrets-manager" => Secrets::SecretsManager,
        _ => Secrets::Variables,
    };
    let caps = Caps {
        persistent_home: flag(comp, cat, "persistent-home")?,
        egress,
        identity,
        gpu: flag(comp, cat, "gpu-support")?,
        artifact_cache: flag(comp, cat, "artifact-cache")?,
        secrets,
        gui_vnc: flag(comp, cat, "gui-vnc")?,
        gui_rdp: cat.capability("gui-rdp").is_some() && flag(comp, cat, "gui-rdp")?,
    };
    Ok(Plan {
        platform,
        os: platform.os,
        arch: platform.arch.first().copied().unwrap_or(Arch::Amd64),
        name: names::workspace_label("ws", &owner, &workspace),
        owner,
        workspace,
        image,
        compute,
        caps,
        env: override_map(comp, OverrideKind::EnvironmentVariables),
        labels: override_map(comp, OverrideKind::Labels),
        annotations: override_map(comp, OverrideKind::Annotations),
    })
}
