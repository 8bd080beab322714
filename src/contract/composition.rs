//! The typed model of one composition (interface.md section 3).
//!
//! Every written field keeps the place of its key and of its value. A field that
//! could not be typed keeps its error, so the rule that owns the field reports it
//! and every other rule still runs on what could be typed.

use crate::diag::Span;

use super::catalog::{CapId, CapValue, GpuId, PlatformId, ProfileId};
use super::model::{ImageRef, Quantity, Version};

/// Why a written value was refused while typing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub message: String,
    pub help: Option<String>,
}

impl FieldError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: None,
        }
    }
    pub fn with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// A written key and its value, typed (or not).
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub key: Span,
    pub value: Span,
    pub parsed: Result<T, FieldError>,
}

impl<T> Field<T> {
    pub fn ok(&self) -> Option<&T> {
        self.parsed.as_ref().ok()
    }
}

/// Where a key was expected and not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub name: &'static str,
    /// `None` at the top level, else the key of the enclosing object.
    pub within: Option<&'static str>,
    pub at: Span,
}

/// Where an unknown key sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Top,
    ComputeProfile,
    Overrides,
    OverrideCompute,
    Toolchain,
    Base,
    PairingsFile,
    Pairing,
}

impl Scope {
    pub fn describe(self) -> &'static str {
        match self {
            Scope::Top => "the composition",
            Scope::ComputeProfile => "compute_profile",
            Scope::Overrides => "overrides",
            Scope::OverrideCompute => "overrides.compute_profile",
            Scope::Toolchain => "toolchain.yaml",
            Scope::Base => "base.yaml",
            Scope::PairingsFile => "pairings.yaml",
            Scope::Pairing => "a pairing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub key: String,
    pub span: Span,
    pub scope: Scope,
    pub help: String,
}

/// `compute_profile` as written in an object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComputeObject {
    pub cpu: Option<Field<u32>>,
    pub memory: Option<Field<Quantity>>,
    pub storage: Option<Field<Quantity>>,
    pub gpu_count: Option<Field<u32>>,
    /// `Ok(None)` for an explicit null.
    pub gpu_type: Option<Field<Option<GpuId>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ComputeSpec {
    Named(ProfileId),
    Object(ComputeObject),
}

/// The effective compute resources and where each value came from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Resolved<T> {
    pub value: T,
    /// The written place that set the value; `None` for a contract default.
    pub at: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Compute {
    pub cpu: Option<Resolved<u32>>,
    pub memory: Option<Resolved<Quantity>>,
    pub storage: Option<Resolved<Quantity>>,
    pub gpu_count: Option<Resolved<u32>>,
    pub gpu_type: Option<Resolved<Option<GpuId>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CapError {
    /// Not a capability of the catalog.
    Unknown { name: String, help: String },
    /// A known capability with a value of the wrong type or outside its enum.
    BadValue {
        cap: CapId,
        message: String,
        help: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapEntry {
    pub key: Span,
    pub value: Span,
    pub parsed: Result<(CapId, CapValue), CapError>,
}

/// The `capabilities` mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Capabilities {
    pub key: Span,
    pub value: Span,
    /// Set when the value is not a mapping.
    pub not_a_map: Option<FieldError>,
    pub entries: Vec<CapEntry>,
}

/// One capability's effective value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effective {
    pub value: CapValue,
    /// Key and value places when written (and valid); `None` for a default.
    pub written: Option<(Span, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverrideKind {
    ComputeProfile,
    EnvironmentVariables,
    Labels,
    Annotations,
    NetworkPolicy,
    IdentityBinding,
    Privileged,
    MountPermissions,
}

impl OverrideKind {
    pub const ALL: [OverrideKind; 8] = [
        OverrideKind::ComputeProfile,
        OverrideKind::EnvironmentVariables,
        OverrideKind::Labels,
        OverrideKind::Annotations,
        OverrideKind::NetworkPolicy,
        OverrideKind::IdentityBinding,
        OverrideKind::Privileged,
        OverrideKind::MountPermissions,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OverrideKind::ComputeProfile => "compute_profile",
            OverrideKind::EnvironmentVariables => "environment_variables",
            OverrideKind::Labels => "labels",
            OverrideKind::Annotations => "annotations",
            OverrideKind::NetworkPolicy => "network_policy",
            OverrideKind::IdentityBinding => "identity_binding",
            OverrideKind::Privileged => "privileged",
            OverrideKind::MountPermissions => "mount_permissions",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OverrideEntry {
    pub kind: OverrideKind,
    pub key: Span,
    pub value: Span,
    /// Set and not null (`privileged`: true).
    pub requested: bool,
    /// Keys of a map override (environment names, label keys), with places.
    pub names: Vec<(String, Span)>,
    /// The values of a map override, as written, in the order of `names`.
    pub values: Vec<String>,
    /// A value of the wrong shape.
    pub error: Option<FieldError>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overrides {
    pub key: Span,
    pub value: Span,
    pub not_a_map: Option<FieldError>,
    pub entries: Vec<OverrideEntry>,
    pub compute: Option<ComputeObject>,
}

/// A whole composition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Composition {
    /// The document's start (where findings without a better place point).
    pub start: Span,
    /// Set when the document is not a mapping at all.
    pub not_a_map: Option<FieldError>,
    pub contract: Option<Field<Version>>,
    pub platform: Option<Field<PlatformId>>,
    pub workspace_name: Option<Field<String>>,
    pub owner: Option<Field<String>>,
    pub image_id: Option<Field<ImageRef>>,
    pub compute_profile: Option<Field<ComputeSpec>>,
    pub capabilities: Option<Capabilities>,
    pub overrides: Option<Overrides>,
    pub unknown: Vec<UnknownKey>,
    pub missing: Vec<Missing>,
    /// Effective capabilities, one per catalog capability.
    pub effective: Vec<Effective>,
    /// Effective compute resources (profile, then object, then overrides).
    pub compute: Compute,
}
