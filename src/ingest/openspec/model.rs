//! The OpenSpec models the SP rules read: main specs and changes.

use std::sync::Arc;

use crate::diag::Span;

use super::{Block, Delta, DeltaKind, DeltaSection, Doc, Section, find_section};

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

    /// Its Purpose and Requirements, when the Purpose is not empty: the
    /// state in which its other checks run (as in the reference CLI).
    pub fn ready(&self) -> Option<&ReadySpec> {
        self.ready.as_ref()
    }

    /// Where a line points.
    pub fn at(&self, line: usize) -> Option<Span> {
        self.doc.lines.get(line).map(super::Line::span)
    }

    /// The requirement blocks of the `## Requirements` region (the reference
    /// CLI's block reading: `### Requirement: NAME` headers only).
    pub fn blocks(&self) -> Vec<Block> {
        let Some((from, to)) = requirements_region(self.doc) else {
            return Vec::new();
        };
        super::blocks(self.doc, from, to)
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
        self.delta.doc.lines.get(line).map(super::Line::span)
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

impl Change {
    /// Does the change's `.openspec.yaml` set `skip_specs`, and is it
    /// honoured? `(set, honoured, problem)`.
    pub fn skip_specs(&self) -> (bool, bool, Option<String>) {
        let Some((_, text)) = &self.meta else {
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
            .is_some_and(crate::ingest::yaml::yaml_true);
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
}

/// A main spec with a non-empty Purpose and a Requirements section: the
/// state in which its other checks run (as in the reference CLI).
pub struct ReadySpec {
    pub purpose: Section,
    pub requirements: Section,
}

impl Target {
    /// The requirement blocks of the target spec.
    pub fn blocks(&self) -> Vec<Block> {
        match requirements_region(&self.doc) {
            Some((from, to)) => super::blocks(&self.doc, from, to),
            None => Vec::new(),
        }
    }
}
