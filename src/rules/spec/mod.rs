//! OpenSpec documents (`wsc spec validate`): SP codes. A main spec is checked
//! on its own; a change is checked with its delta files and the main specs
//! they change. The readings follow the reference CLI
//! (`@fission-ai/openspec` 1.13, `validate --all --strict`); where wsc is
//! stricter, the rule's docs say so.

pub mod sp001_missing_purpose;
pub mod sp002_missing_requirements_section;
pub mod sp003_no_requirements;
pub mod sp004_requirement_without_scenario;
pub mod sp005_requirement_without_text;
pub mod sp006_requirement_without_shall_must;
pub mod sp007_delta_header_in_main_spec;
pub mod sp008_requirement_outside_section;
pub mod sp009_duplicate_requirement;
pub mod sp010_purpose_too_short;
pub mod sp011_purpose_placeholder;
pub mod sp012_malformed_header;
pub mod sp013_scenario_without_when_then;
pub mod sp014_duplicate_scenario;
pub mod sp015_empty_change;
pub mod sp016_delta_without_section;
pub mod sp017_modified_drops_scenarios;
pub mod sp018_delta_target_missing;
pub mod sp019_requirement_already_exists;
pub mod sp020_unpaired_rename;
pub mod sp021_conflicting_delta_operations;
pub mod sp022_misplaced_delta_file;
pub mod sp023_change_in_namespace_folder;
pub mod sp024_task_list;
pub mod sp025_skip_specs;
pub mod sp026_long_requirement;
pub mod sp027_no_openspec_root;

use std::sync::Arc;

use crate::diag::{Diagnostic, Span};
use crate::ingest::openspec::{Block, Delta, DeltaKind, DeltaSection, Doc, Section, find_section};

/// A main spec: `openspec/specs/<id>/spec.md`.
pub struct MainSpec<'a> {
    pub id: &'a str,
    pub file: Arc<str>,
    pub doc: &'a Doc,
    /// Its Purpose and Requirements, when both are there (read once).
    ready: Option<ReadySpec>,
}

/// The parts of a main spec the checks share.
pub struct SpecParts {
    pub purpose: Option<Section>,
    pub requirements: Option<Section>,
}

impl<'a> MainSpec<'a> {
    pub fn new(id: &'a str, file: Arc<str>, doc: &'a Doc) -> Self {
        let parts = SpecParts {
            purpose: find_section(doc, "purpose"),
            requirements: find_section(doc, "requirements"),
        };
        let ready = parts
            .purpose
            .filter(|p| !p.content(doc).is_empty())
            .zip(parts.requirements)
            .map(|(purpose, requirements)| ReadySpec {
                purpose,
                requirements,
            });
        Self {
            id,
            file,
            doc,
            ready,
        }
    }

    pub fn parts(&self) -> SpecParts {
        SpecParts {
            purpose: find_section(self.doc, "purpose"),
            requirements: find_section(self.doc, "requirements"),
        }
    }

    /// Where a line points.
    pub fn at(&self, line: usize) -> Option<Span> {
        self.doc
            .lines
            .get(line)
            .map(crate::ingest::openspec::Line::span)
    }

    /// The requirement blocks of the `## Requirements` region (the reference
    /// CLI's block reading: `### Requirement: NAME` headers only).
    pub fn blocks(&self) -> Vec<Block> {
        let Some((from, to)) = requirements_region(self.doc) else {
            return Vec::new();
        };
        crate::ingest::openspec::blocks(self.doc, from, to)
    }
}

/// The lines of the `## Requirements` region: after the first level-2
/// heading titled `Requirements` up to the next level-2 (or higher) heading.
pub fn requirements_region(doc: &Doc) -> Option<(usize, usize)> {
    let start = doc.lines.iter().position(|l| {
        l.heading()
            .is_some_and(|(lv, t)| lv == 2 && t.eq_ignore_ascii_case("requirements"))
    })?;
    let end = (start + 1..doc.lines.len())
        .find(|&i| doc.lines[i].heading().is_some_and(|(lv, _)| lv <= 2))
        .unwrap_or(doc.lines.len());
    Some((start + 1, end))
}

/// One delta file of a change.
pub struct DeltaFile {
    /// Capability id: the folder path under `specs/`.
    pub cap: String,
    /// As shown in findings.
    pub file: Arc<str>,
    pub delta: Delta,
}

impl DeltaFile {
    pub fn at(&self, line: usize) -> Option<Span> {
        self.delta
            .doc
            .lines
            .get(line)
            .map(crate::ingest::openspec::Line::span)
    }
}

/// A main spec a change's delta applies to.
pub struct Target {
    pub file: Arc<str>,
    pub doc: Doc,
}

/// A change: `openspec/changes/<id>/`.
pub struct Change {
    pub id: String,
    /// The change directory, as shown.
    pub dir: Arc<str>,
    pub deltas: Vec<DeltaFile>,
    /// `specs/spec.md` at the root of the change's specs.
    pub root_spec: Option<Arc<str>>,
    /// Other `.md` files under `specs/` with delta sections: (file, the
    /// place it should be).
    pub misplaced: Vec<(Arc<str>, String)>,
    /// Nested change directories, when this one only wraps them.
    pub nested: Vec<String>,
    /// `tasks.md`: (file, text).
    pub tasks: Option<(Arc<str>, String)>,
    /// `.openspec.yaml`: (file, text).
    pub meta: Option<(Arc<str>, String)>,
    /// Any non-dot file under `specs/`.
    pub has_spec_files: bool,
    /// The main spec of each capability the deltas name, when it exists.
    pub targets: std::collections::BTreeMap<String, Target>,
}

impl Change {
    /// The ADDED and MODIFIED requirement blocks of every spec file, with
    /// their file and section.
    pub fn written_blocks(&self) -> impl Iterator<Item = (&DeltaFile, &DeltaSection, &Block)> {
        self.deltas.iter().flat_map(|d| {
            d.delta
                .sections
                .iter()
                .filter(|s| matches!(s.kind, DeltaKind::Added | DeltaKind::Modified))
                .flat_map(move |s| s.blocks.iter().map(move |b| (d, s, b)))
        })
    }

    /// Deltas in all files.
    pub fn entries(&self) -> usize {
        self.deltas.iter().map(|d| d.delta.entries()).sum()
    }
}

pub type SpecCheck = fn(&MainSpec<'_>, &mut Vec<Diagnostic>);
pub type ChangeCheck = fn(&Change, &mut Vec<Diagnostic>);

/// Checks of a main spec, in order.
pub const SPEC_CHECKS: &[SpecCheck] = &[
    sp012_malformed_header::check_spec,
    sp001_missing_purpose::check,
    sp002_missing_requirements_section::check,
    sp003_no_requirements::check,
    sp004_requirement_without_scenario::check_spec,
    sp005_requirement_without_text::check_spec,
    sp006_requirement_without_shall_must::check_spec,
    sp007_delta_header_in_main_spec::check,
    sp008_requirement_outside_section::check_spec,
    sp009_duplicate_requirement::check_spec,
    sp010_purpose_too_short::check,
    sp011_purpose_placeholder::check,
    sp013_scenario_without_when_then::check_spec,
    sp014_duplicate_scenario::check_spec,
    sp026_long_requirement::check,
];

/// Checks of a change, in order.
pub const CHANGE_CHECKS: &[ChangeCheck] = &[
    sp023_change_in_namespace_folder::check,
    sp012_malformed_header::check_change,
    sp020_unpaired_rename::check,
    sp008_requirement_outside_section::check_change,
    sp009_duplicate_requirement::check_change,
    sp005_requirement_without_text::check_change,
    sp006_requirement_without_shall_must::check_change,
    sp004_requirement_without_scenario::check_change,
    sp013_scenario_without_when_then::check_change,
    sp014_duplicate_scenario::check_change,
    sp017_modified_drops_scenarios::check,
    sp021_conflicting_delta_operations::check,
    sp018_delta_target_missing::check,
    sp019_requirement_already_exists::check,
    sp022_misplaced_delta_file::check,
    sp016_delta_without_section::check,
    sp025_skip_specs::check,
    sp015_empty_change::check,
    sp024_task_list::check,
];

/// Does a change's `.openspec.yaml` set `skip_specs`, and is it honoured?
/// `(set, honoured, problem)`.
pub fn skip_specs(c: &Change) -> (bool, bool, Option<String>) {
    let Some((_, text)) = &c.meta else {
        return (false, false, None);
    };
    let docs = match crate::ingest::yaml::parse(text, crate::ingest::yaml::Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            let set = text
                .lines()
                .any(|l| l.trim_start().starts_with("skip_specs:"));
            return (set, false, Some(e.message));
        }
    };
    let root = docs.root.as_ref();
    let set = root
        .and_then(|r| r.get("skip_specs"))
        .is_some_and(crate::rules::runtime::yaml_true);
    if !set {
        return (false, false, None);
    }
    match root.and_then(|r| r.get("schema")).and_then(|s| s.as_str()) {
        None => (
            true,
            false,
            Some("schema: Invalid input: expected string, received undefined".to_string()),
        ),
        Some("spec-driven") => (true, true, None),
        Some(other) => (true, false, Some(format!("unknown schema `{other}`"))),
    }
}

/// A main spec with a non-empty Purpose and a Requirements section: the
/// state in which its other checks run (as in the reference CLI).
pub struct ReadySpec {
    pub purpose: Section,
    pub requirements: Section,
}

pub fn ready<'s>(s: &'s MainSpec<'_>) -> Option<&'s ReadySpec> {
    s.ready.as_ref()
}

/// The requirement blocks of a change's target spec.
pub fn target_blocks(t: &Target) -> Vec<Block> {
    match requirements_region(&t.doc) {
        Some((from, to)) => crate::ingest::openspec::blocks(&t.doc, from, to),
        None => Vec::new(),
    }
}
