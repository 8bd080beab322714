//! The typed model of a template repository (interface.md section 4):
//! toolchains, bases and pairings, each field with its place.

use std::sync::Arc;

use crate::diag::Span;

use super::catalog::{CapId, PlatformId, Support, TypeExpr};
use super::composition::{Capabilities, Effective, Field, Missing, UnknownKey};
use super::model::{Arch, ImageRef, Os};

/// A written string value and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// Problems found while reading one file, owned by the rules of that file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileIssues {
    pub unknown: Vec<UnknownKey>,
    pub missing: Vec<Missing>,
    /// Values of the wrong shape, keyed by the field they belong to.
    pub invalid: Vec<(&'static str, Span, String)>,
}

/// Where a toolchain was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolchainSource {
    Yaml,
    Terraform,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toolchain {
    /// The file the toolchain's facts were read from.
    pub file: Arc<str>,
    /// Its directory name under `toolchains/`.
    pub dir: String,
    pub source: ToolchainSource,
    pub name: String,
    pub name_span: Option<Span>,
    pub version: Option<Text>,
    pub image_id: Option<Field<ImageRef>>,
    pub os: Os,
    pub os_span: Option<Span>,
    pub arch: Option<Arch>,
    pub capabilities: Option<Capabilities>,
    pub effective: Vec<Effective>,
    /// Capabilities dropped (with an info) on a base that lacks them.
    pub optional: Vec<(CapId, Span)>,
    /// Offered profiles; `None` means any.
    pub profiles: Option<Vec<Text>>,
    pub default_profile: Option<Text>,
    pub issues: FileIssues,
    /// A description of the variable assignment this instance stands for
    /// (Terraform toolchains are checked once per assignment).
    pub assignment: Option<String>,
    /// Coder template metadata: description, display name, icon.
    pub description: Option<Text>,
    pub display_name: Option<Text>,
    pub icon: Option<Text>,
}

/// A variable of a Terraform module.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleVar {
    pub name: String,
    pub span: Span,
    pub file: Arc<str>,
    /// The type constraint and its place; `None` when the variable has none.
    pub ty: Option<(TypeExpr, Span)>,
}

/// What the checks need from a base's Terraform module.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModuleFacts {
    pub files: Vec<Arc<str>>,
    pub variables: Vec<ModuleVar>,
    /// Output names, with their places.
    pub outputs: Vec<(String, Span, Arc<str>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub file: Arc<str>,
    pub dir: String,
    pub name: String,
    pub name_span: Option<Span>,
    pub version: Option<Text>,
    pub platform: Option<Field<PlatformId>>,
    /// The narrowing of the platform row, one entry per capability.
    pub supports: Option<(Vec<Support>, Span)>,
    pub issues: FileIssues,
    /// The base's Terraform module, when its directory has `.tf` files.
    pub module: Option<ModuleFacts>,
    pub description: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub name: String,
    pub span: Span,
    pub toolchain: Option<Text>,
    pub base: Option<Text>,
    pub profiles: Option<Vec<Text>>,
    pub default_profile: Option<Text>,
}

/// A whole repository as read from disk.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Repo {
    pub toolchains: Vec<Toolchain>,
    pub bases: Vec<Base>,
    pub pairings_file: Option<Arc<str>>,
    pub pairings: Vec<Pairing>,
    pub pairings_issues: FileIssues,
    /// Terraform instances of toolchains that also have a toolchain.yaml
    /// (compared with it by TR007).
    pub twins: Vec<Toolchain>,
}

impl Toolchain {
    /// The name, with the variable assignment it stands for.
    pub fn label(&self) -> String {
        match &self.assignment {
            Some(a) => format!("{} (with {a})", self.name),
            None => self.name.clone(),
        }
    }
}

impl Repo {
    pub fn toolchain(&self, name: &str) -> Option<&Toolchain> {
        self.toolchains.iter().find(|t| t.name == name)
    }
    /// Every instance of a toolchain (a Terraform toolchain has one per
    /// variable assignment).
    pub fn toolchains_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Toolchain> {
        self.toolchains.iter().filter(move |t| t.name == name)
    }
    pub fn base(&self, name: &str) -> Option<&Base> {
        self.bases.iter().find(|b| b.name == name)
    }
}
