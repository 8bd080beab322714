//! The typed model of a template repository (interface.md section 4):
//! toolchains, bases and pairings, each field with its place.

use std::collections::HashMap;
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
    /// Its directory, relative to the repository root.
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
    /// The file the profiles are written in: not always `file` (a template
    /// that overrides the capabilities moves `file` to itself; a Terraform
    /// toolchain's profiles may be written in another file than its
    /// capabilities).
    pub profiles_file: Arc<str>,
    pub default_profile: Option<Text>,
    pub issues: FileIssues,
    /// A description of the variable assignment this instance stands for
    /// (Terraform toolchains are checked once per assignment).
    pub assignment: Option<String>,
    /// Coder template metadata: description, display name, icon.
    pub description: Option<Text>,
    pub display_name: Option<Text>,
    pub icon: Option<Text>,
    /// The outputs a Terraform toolchain's module declares, sorted (empty
    /// for a toolchain.yaml): what a composed template may read of it.
    pub outputs: Vec<String>,
    /// The variables of a Terraform toolchain's module (empty for a
    /// toolchain.yaml): a composed template sets those without a default.
    pub variables: Vec<ModuleVar>,
}

/// A variable of a Terraform module.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleVar {
    pub name: String,
    pub span: Span,
    pub file: Arc<str>,
    /// The type constraint and its place; `None` when the variable has none.
    pub ty: Option<(TypeExpr, Span)>,
    /// Whether the variable has a default (a caller may leave it out).
    pub has_default: bool,
}

/// What the checks need from a base's Terraform module.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModuleFacts {
    pub files: Vec<Arc<str>>,
    pub variables: Vec<ModuleVar>,
    /// Output names, with their places.
    pub outputs: Vec<(String, Span, Arc<str>)>,
    /// The file of `output "metadata"`.
    pub metadata_file: Option<Arc<str>>,
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
    /// Literal `os` and `arch` of the module's `output "metadata"` (in
    /// [`ModuleFacts::metadata_file`]).
    pub metadata: Vec<(&'static str, Text)>,
}

/// A toolchain and a base composed: an entry of `pairings.yaml`, or a pair
/// of module calls in a Coder template. The TR rules check both alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    pub name: String,
    /// The file the pairing is written in (`pairings.yaml`, or the template
    /// file with the base's module call).
    pub file: Arc<str>,
    /// Where findings about the pairing as a whole point.
    pub span: Span,
    pub toolchain: Option<Text>,
    pub base: Option<Text>,
    /// The profiles offered; `None` inherits the toolchain's (or all).
    pub profiles: Option<Vec<Text>>,
    pub default_profile: Option<Text>,
    /// How Coder shows the template (`pairings.yaml`'s `display_name`,
    /// `description`, `icon`).
    pub display_name: Option<Text>,
    pub description: Option<Text>,
    pub icon: Option<Text>,
    /// What a Coder template adds; `None` for `pairings.yaml`.
    pub template: Option<Box<TemplateFacts>>,
}

/// A profile map entry's field as written (`cpu = 4`, `memory = "8Gi"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapField {
    pub name: String,
    /// The value as text (numbers as written, strings without quotes).
    pub value: String,
    pub span: Span,
}

/// One entry of a template's profile map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    pub name: Text,
    pub fields: Vec<MapField>,
}

/// The map from profile names to resources a template indexes with the
/// chosen profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileMap {
    pub file: Arc<str>,
    /// Where the map is written (the local or the variable's default).
    pub span: Span,
    pub entries: Vec<MapEntry>,
    /// Indexed with a fallback (`lookup(map, key, default)`): a missing
    /// entry gets the default instead of failing the plan.
    pub fallback: bool,
}

/// A value a `coder_workspace_preset` gives the profile parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetValue {
    pub file: Arc<str>,
    pub preset: String,
    pub value: Text,
}

/// The facts of a Coder template that composes a toolchain and a base.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFacts {
    /// The template's directory.
    pub dir: String,
    /// The toolchain as this template instantiates it: its outputs evaluated
    /// with the template's arguments, and the capabilities that reach the
    /// base (an override included).
    pub toolchain: Toolchain,
    /// The base module's directory.
    pub base_dir: String,
    /// The names of the module calls (`module "toolchain"`, `module "infra"`).
    pub toolchain_call: String,
    pub base_call: String,
    /// The file of the profile parameter (or variable) that offers the
    /// profiles.
    pub profiles_file: Arc<str>,
    /// Findings of the capabilities the template itself writes (overrides),
    /// placed in the template: (file, capabilities as the base gets them).
    pub capabilities: Option<(Arc<str>, super::composition::Capabilities)>,
    pub profile_map: Option<ProfileMap>,
    pub presets: Vec<PresetValue>,
    /// The parameter's options as (display name, value).
    pub option_names: Vec<(String, String)>,
    /// A literal `os` and `arch` of the template's `coder_agent`.
    pub agent: Vec<(Arc<str>, &'static str, Text)>,
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
    /// Lookups by name and directory, built by [`Repo::index`].
    pub index: RepoIndex,
}

/// Positions in [`Repo`]'s lists, by name and by directory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepoIndex {
    toolchains_by_name: HashMap<String, Vec<usize>>,
    toolchains_by_dir: HashMap<String, Vec<usize>>,
    bases_by_name: HashMap<String, usize>,
    bases_by_dir: HashMap<String, usize>,
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
    /// Build the lookups (call once the lists are complete).
    pub fn index(&mut self) {
        let mut ix = RepoIndex::default();
        for (i, t) in self.toolchains.iter().enumerate() {
            ix.toolchains_by_name
                .entry(t.name.clone())
                .or_default()
                .push(i);
            ix.toolchains_by_dir
                .entry(t.dir.clone())
                .or_default()
                .push(i);
        }
        for (i, b) in self.bases.iter().enumerate() {
            ix.bases_by_name.entry(b.name.clone()).or_insert(i);
            ix.bases_by_dir.entry(b.dir.clone()).or_insert(i);
        }
        self.index = ix;
    }
    pub fn toolchain(&self, name: &str) -> Option<&Toolchain> {
        self.toolchains_named(name).next()
    }
    /// Every instance of a toolchain (a Terraform toolchain has one per
    /// variable assignment).
    pub fn toolchains_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Toolchain> {
        let ix = self.index.toolchains_by_name.get(name);
        ix.into_iter().flatten().map(|&i| &self.toolchains[i])
    }
    /// The toolchain instances read from a directory.
    pub fn toolchains_in<'a>(&'a self, dir: &str) -> impl Iterator<Item = &'a Toolchain> {
        let ix = self.index.toolchains_by_dir.get(dir);
        ix.into_iter().flatten().map(|&i| &self.toolchains[i])
    }
    pub fn base(&self, name: &str) -> Option<&Base> {
        self.index.bases_by_name.get(name).map(|&i| &self.bases[i])
    }
    pub fn base_in(&self, dir: &str) -> Option<&Base> {
        self.index.bases_by_dir.get(dir).map(|&i| &self.bases[i])
    }
}
