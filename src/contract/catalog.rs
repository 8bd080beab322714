//! The contract catalog: every fact of seed 000 (and the extension layer) as
//! typed data. Loaded from YAML by `ingest::catalog`; everything above reads it
//! through these types, never through strings scattered in code.

use super::model::{Arch, ImageKind, Os, Quantity, Version};
pub use super::types::{Attr, AttrDoc, TypeExpr};

/// Index of a capability in [`Catalog::capabilities`].
pub type CapId = usize;
/// Index of a platform in [`Catalog::platforms`].
pub type PlatformId = usize;
/// Index of a profile in [`Catalog::profiles`].
pub type ProfileId = usize;
/// Index of a GPU type in [`Catalog::gpu_types`].
pub type GpuId = usize;

/// Which layer of the catalog an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Stated by seed 000.
    Seed,
    /// Added by wsc or an organisation (e.g. the docker-sysbox platform).
    Extension,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CapKind {
    Bool,
    Enum(Vec<String>),
}

/// A capability value: a boolean or the index of an enum value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CapValue {
    Bool(bool),
    Enum(u16),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapabilityDef {
    pub name: String,
    pub kind: CapKind,
    pub default: CapValue,
    pub description: String,
    pub layer: Layer,
}

impl CapabilityDef {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            CapKind::Bool => "bool",
            CapKind::Enum(_) => "enum",
        }
    }

    /// The value's text as written in a composition.
    pub fn value_text(&self, v: CapValue) -> &str {
        match (v, &self.kind) {
            (CapValue::Bool(true), _) => "true",
            (CapValue::Bool(false), _) => "false",
            (CapValue::Enum(i), CapKind::Enum(vals)) => {
                vals.get(i as usize).map_or("?", String::as_str)
            }
            (CapValue::Enum(_), CapKind::Bool) => "?",
        }
    }

    pub fn enum_index(&self, s: &str) -> Option<u16> {
        match &self.kind {
            CapKind::Enum(vals) => vals.iter().position(|v| v == s).map(|i| i as u16),
            CapKind::Bool => None,
        }
    }
}

/// How a platform supports one capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Support {
    No,
    Yes,
    /// Only these enum values (bit i = value index i).
    Values(u64),
}

impl Support {
    /// Does this support cover a request for `v`?
    pub fn allows(self, v: CapValue) -> bool {
        match (self, v) {
            (Support::No, _) => false,
            (Support::Yes, _) => true,
            (Support::Values(mask), CapValue::Enum(i)) => i < 64 && mask & (1 << i) != 0,
            (Support::Values(_), CapValue::Bool(_)) => true,
        }
    }

    /// Intersection (a base's `supports` narrows its platform's row).
    pub fn narrow(self, other: Support) -> Support {
        match (self, other) {
            (Support::No, _) | (_, Support::No) => Support::No,
            (Support::Yes, x) | (x, Support::Yes) => x,
            (Support::Values(a), Support::Values(b)) => Support::Values(a & b),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlatformDef {
    pub name: String,
    pub description: String,
    pub os: Os,
    pub arch: Vec<Arch>,
    pub image_kinds: Vec<ImageKind>,
    /// One entry per capability, indexed by [`CapId`].
    pub support: Vec<Support>,
    pub layer: Layer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileDef {
    pub name: String,
    pub cpu: u32,
    pub memory: Quantity,
    pub storage: Quantity,
    pub gpu_count: u32,
    pub gpu_type: Option<GpuId>,
    pub use_case: String,
    pub layer: Layer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GpuTypeDef {
    pub name: String,
    /// GPU memory in GB, as a range (the seed gives "16-32 GB" for the V100).
    pub memory_gb: (u32, u32),
    pub fp32_tflops: f64,
    pub use_case: String,
    pub layer: Layer,
}

/// What an EC2 instance type is for, when it has no GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InstanceClass {
    /// General purpose (about 4 GiB per vCPU).
    General,
    /// Memory optimised (more memory per vCPU).
    Memory,
    /// Accelerated: it has GPUs.
    Gpu,
}

impl InstanceClass {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceClass::General => "general",
            InstanceClass::Memory => "memory",
            InstanceClass::Gpu => "gpu",
        }
    }
}

/// An EC2 instance type the renderers may choose.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceTypeDef {
    pub name: String,
    pub vcpu: u32,
    pub memory: Quantity,
    pub gpus: u32,
    pub gpu_type: Option<GpuId>,
    pub class: InstanceClass,
    pub layer: Layer,
}

/// `level: must` implications are errors (TC004); `should` ones are warnings
/// (TC005).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Must,
    Should,
}

/// If any of `when` holds, `then` must take one of the allowed values.
#[derive(Debug, Clone, PartialEq)]
pub struct Implication {
    pub when: Vec<(CapId, CapValue)>,
    pub then: CapId,
    pub allowed: Vec<CapValue>,
    pub level: Level,
    pub reason: String,
}

/// One contract input or output, as the seed's tables state it.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    pub name: String,
    pub ty: TypeExpr,
    pub description: String,
    pub required: bool,
}

/// A synonym users write for a capability (`outbound-https` means
/// `network-egress: https-only`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub name: String,
    pub capability: CapId,
    pub value: Option<CapValue>,
}

/// The whole catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub version: Version,
    pub inputs: Vec<Port>,
    pub outputs: Vec<Port>,
    pub capabilities: Vec<CapabilityDef>,
    pub profiles: Vec<ProfileDef>,
    pub gpu_types: Vec<GpuTypeDef>,
    pub platforms: Vec<PlatformDef>,
    pub exclusions: Vec<Vec<CapId>>,
    pub implications: Vec<Implication>,
    pub aliases: Vec<Alias>,
    /// EC2 instance types, for rendering the ec2-* platforms.
    pub instance_types: Vec<InstanceTypeDef>,
    /// Where the catalog came from (`embedded` or a path), for messages.
    pub source: String,
}

impl Catalog {
    pub fn capability(&self, name: &str) -> Option<CapId> {
        self.capabilities.iter().position(|c| c.name == name)
    }
    pub fn platform(&self, name: &str) -> Option<PlatformId> {
        self.platforms.iter().position(|p| p.name == name)
    }
    pub fn profile(&self, name: &str) -> Option<ProfileId> {
        self.profiles.iter().position(|p| p.name == name)
    }
    pub fn gpu_type(&self, name: &str) -> Option<GpuId> {
        self.gpu_types.iter().position(|g| g.name == name)
    }

    /// The platforms that support a request, for help texts.
    pub fn platforms_supporting(&self, cap: CapId, v: CapValue) -> Vec<&str> {
        self.platforms
            .iter()
            .filter(|p| p.support.get(cap).is_some_and(|s| s.allows(v)))
            .map(|p| p.name.as_str())
            .collect()
    }

    /// The stated range of a `compute_profile` attribute (`cpu`, `gpu_count`).
    pub fn compute_range(&self, attr: &str) -> Option<(u64, u64)> {
        let input = self.inputs.iter().find(|p| p.name == "compute_profile")?;
        let TypeExpr::Object(attrs) = &input.ty else {
            return None;
        };
        let a = attrs.iter().find(|a| a.name == attr)?;
        Some((a.doc.min.unwrap_or(0), a.doc.max.unwrap_or(u64::MAX)))
    }

    /// The effective value of every capability given the written ones.
    pub fn defaults(&self) -> Vec<CapValue> {
        self.capabilities.iter().map(|c| c.default).collect()
    }
}
