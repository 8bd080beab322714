//! `wsc spec validate`: an OpenSpec tree (`DIR/openspec/`) checked as
//! `openspec validate --all --strict` checks it: every main spec under
//! `specs/` and every change under `changes/` (not `archive/`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity, SourceFile};
use crate::ingest::openspec::MainSpec;
use crate::ingest::openspec::read::{self, Reading, root_of, shown};
use crate::rules::spec::sp027_no_openspec_root;

use super::{Report, Settings};

/// A spec or a change, and whether it passed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    pub kind: ItemKind,
    pub id: String,
    /// No error and no warning (strict).
    pub valid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Change,
    Spec,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Change => "change",
            ItemKind::Spec => "spec",
        }
    }
}

pub struct Validated {
    pub report: Report,
    pub items: Vec<Item>,
    /// The tree has an OpenSpec root.
    pub rooted: bool,
}

struct Loaded {
    files: Vec<SourceFile>,
    diags: Vec<Diagnostic>,
    item: Item,
}

/// What could not be read, as diagnostics.
fn problems(reading: &Reading) -> Vec<Diagnostic> {
    reading
        .problems
        .iter()
        .map(|(file, e)| super::load_error(file, e))
        .collect()
}

fn check_spec(id: &str, path: &Path, settings: &Settings) -> Loaded {
    let mut reading = Reading::default();
    let doc = reading.spec(path, settings.max_file_bytes);
    let mut diags = problems(&reading);
    if let Some(doc) = doc {
        let s = MainSpec::new(id, shown(path), &doc);
        for check in &settings.checks().spec {
            check(&s, &mut diags);
        }
    }
    Loaded {
        files: reading.files,
        diags,
        item: Item {
            kind: ItemKind::Spec,
            id: id.to_string(),
            valid: false,
        },
    }
}

fn check_change(id: &str, dir: &Path, os: &Path, settings: &Settings) -> Loaded {
    let mut reading = Reading::default();
    let change = read::change(id, dir, os, settings.max_file_bytes, &mut reading);
    let mut diags = problems(&reading);
    for check in &settings.checks().change {
        check(&change, &mut diags);
    }
    Loaded {
        files: reading.files,
        diags,
        item: Item {
            kind: ItemKind::Change,
            id: id.to_string(),
            valid: false,
        },
    }
}

/// Validate the OpenSpec tree of `dir`.
pub fn validate(dir: &Path, settings: &Settings) -> Validated {
    let mut report = Report::default();
    let Some(os) = root_of(dir) else {
        report
            .diagnostics
            .push(sp027_no_openspec_root::diag(&shown(dir)));
        report.finish();
        return Validated {
            report,
            items: Vec::new(),
            rooted: false,
        };
    };
    report.diagnostics.extend(super::unreadable_dirs(&os, 12));
    let specs: Vec<(String, PathBuf)> = read::spec_files(&os.join("specs"));
    let changes: Vec<(String, PathBuf)> = read::changes(&os);
    let mut loaded: Vec<Loaded> = specs
        .par_iter()
        .map(|(id, p)| check_spec(id, p, settings))
        .collect();
    loaded.extend(
        changes
            .par_iter()
            .map(|(id, p)| check_change(id, p, &os, settings))
            .collect::<Vec<_>>(),
    );
    let mut items = Vec::new();
    for mut l in loaded {
        super::finish::filter(&l.files, &mut l.diags, settings);
        l.item.valid = !l
            .diags
            .iter()
            .any(|d| matches!(d.severity, Severity::Error | Severity::Warning));
        items.push(l.item);
        report.files.extend(l.files);
        report.diagnostics.extend(l.diags);
    }
    items.sort();
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.files.dedup_by(|a, b| a.path == b.path);
    report.finish();
    Validated {
        report,
        items,
        rooted: true,
    }
}
