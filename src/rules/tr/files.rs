//! The checks of a repository's files in isolation: a toolchain, a base,
//! a toolchain's two sources, the pairings file (the composition rules that
//! apply to a part of a composition, and the manifest rules).

use std::sync::Arc;

use crate::contract::catalog::Catalog;
use crate::contract::composition::Composition;
use crate::contract::policy::Policy;
use crate::contract::repo::{Base, FileIssues, Toolchain};
use crate::diag::Diagnostic;
use crate::rules::tc::{
    tc001_unknown_capability, tc002_invalid_capability_value,
    tc003_mutually_exclusive_capabilities, tc004_capability_implication,
    tc005_gui_without_persistent_home, tc009_unknown_compute_profile, tc012_missing_input,
    tc014_invalid_image_reference, tc016_unknown_platform, tc018_unknown_field,
};
use crate::rules::{BaseCheck, CompositionCheck, Ctx};

use super::{
    tr007_toolchain_sources_disagree, tr009_default_profile_not_offered,
    tr013_invalid_manifest_field,
};

/// Run some composition checks on a partial composition of one file.
fn run_checks(
    file: &Arc<str>,
    comp: &Composition,
    cat: &Catalog,
    policy: &Policy,
    checks: &[CompositionCheck],
    out: &mut Vec<Diagnostic>,
) {
    crate::rules::run_composition(checks, &Ctx::new(file, comp, cat, policy), out);
}

/// A toolchain's file in isolation, its instances (one per variable
/// assignment) merged.
pub fn toolchain(ts: &[&Toolchain], cat: &Catalog, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let per = ts
        .iter()
        .map(|t| {
            let mut v = Vec::new();
            toolchain_file_checks(t, cat, policy, &mut v);
            (t.assignment.clone(), v)
        })
        .collect();
    super::merge_instances(per, out);
}

fn toolchain_file_checks(t: &Toolchain, cat: &Catalog, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let comp = Composition {
        capabilities: t.capabilities.clone(),
        effective: t.effective.clone(),
        image_id: t.image_id.clone(),
        unknown: t.issues.unknown.clone(),
        missing: t.issues.missing.clone(),
        ..Composition::default()
    };
    run_checks(
        &t.file,
        &comp,
        cat,
        policy,
        &[
            tc001_unknown_capability::check,
            tc002_invalid_capability_value::check,
            tc003_mutually_exclusive_capabilities::check,
            tc004_capability_implication::check,
            tc005_gui_without_persistent_home::check,
            tc012_missing_input::check,
            tc014_invalid_image_reference::check,
            tc018_unknown_field::check,
        ],
        out,
    );
    tr013_invalid_manifest_field::check(&t.file, &t.issues, out);
    for p in t.profiles.iter().flatten() {
        tc009_unknown_compute_profile::named(&t.profiles_file, p, cat, out);
    }
    tr009_default_profile_not_offered::check_toolchain(t, out);
}

/// A base's file in isolation, and the base checks that are on.
pub fn base(
    b: &Base,
    cat: &Catalog,
    policy: &Policy,
    checks: &[BaseCheck],
    out: &mut Vec<Diagnostic>,
) {
    let comp = Composition {
        platform: b.platform.clone(),
        unknown: b.issues.unknown.clone(),
        missing: b.issues.missing.clone(),
        ..Composition::default()
    };
    run_checks(
        &b.file,
        &comp,
        cat,
        policy,
        &[
            tc012_missing_input::check,
            tc016_unknown_platform::check,
            tc018_unknown_field::check,
        ],
        out,
    );
    tr013_invalid_manifest_field::check(&b.file, &b.issues, out);
    for check in checks {
        check(b, cat, out);
    }
}

/// A toolchain's Terraform twin against its `toolchain.yaml`.
pub fn twin(yaml: &Toolchain, tf: &Toolchain, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    tr007_toolchain_sources_disagree::check(yaml, tf, cat, out);
}

/// The pairings file in isolation.
pub fn pairings(
    file: &Arc<str>,
    issues: &FileIssues,
    cat: &Catalog,
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    let comp = Composition {
        unknown: issues.unknown.clone(),
        missing: issues.missing.clone(),
        ..Composition::default()
    };
    run_checks(
        file,
        &comp,
        cat,
        policy,
        &[tc012_missing_input::check, tc018_unknown_field::check],
        out,
    );
    tr013_invalid_manifest_field::check(file, issues, out);
}
