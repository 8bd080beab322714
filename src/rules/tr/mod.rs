//! Rules that check a template repository across files (`TR` codes).
//!
//! A pairing (an entry of `pairings.yaml`, or a Coder template's toolchain and
//! base module calls) is one model, [`Pairing`]; [`check_pairing`] resolves
//! its members and runs every pairing rule over it. Each rule's logic is in
//! its own file; this module holds what they share: the evaluated pairing
//! ([`PairCtx`]) and the places findings point at.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::contract::catalog::{CapId, CapKind, CapValue, Catalog, PlatformDef, Support};
use crate::contract::composition::{Composition, ComputeSpec, Effective, Field};
use crate::contract::policy::Policy;
use crate::contract::repo::{Base, Pairing, Repo, Text, Toolchain};
use crate::diag::{Diagnostic, Related, Span};
use crate::ingest::composition::resolve_compute;

pub mod files;
pub mod tr001_base_missing_input;
pub mod tr002_base_input_type_mismatch;
pub mod tr003_base_missing_output;
pub mod tr004_unknown_pairing_member;
pub mod tr005_pairing_profile_incompatible;
pub mod tr006_pairing_capability_unsupported;
pub mod tr007_toolchain_sources_disagree;
pub mod tr008_catalog_differs_from_reference;
pub mod tr009_default_profile_not_offered;
pub mod tr010_optional_capability_dropped;
pub mod tr011_os_mismatch;
pub mod tr012_profile_not_in_toolchain;
pub mod tr013_invalid_manifest_field;
pub mod tr014_preset_invalid;
pub mod tr015_profile_definition_differs;
pub mod tr016_profile_map_missing_option;

/// One toolchain instance on one base, evaluated for the offered profiles.
pub struct PairCtx<'a> {
    pub cat: &'a Catalog,
    pub pairing: &'a Pairing,
    pub toolchain: &'a Toolchain,
    pub base: &'a Base,
    pub platform: &'a PlatformDef,
    /// The base's `supports`, narrowing the platform's row.
    pub narrowing: Option<&'a [Support]>,
    /// The offered profiles, placed where they are written (inherited ones
    /// at the pairing).
    pub offered: &'a [Text],
    /// The file the offered profiles are written in.
    pub profiles_file: &'a Arc<str>,
    /// Optional capabilities the base lacks: (capability, where the
    /// toolchain lists it, the value it asked for).
    pub dropped: Vec<(CapId, Span, CapValue)>,
    /// The capabilities the workspace runs with (dropped ones at default).
    pub effective: Vec<Effective>,
    /// What the composition checks found, per offered profile (same order).
    pub outcomes: Vec<Vec<Diagnostic>>,
}

impl PairCtx<'_> {
    /// Support of a capability on this base (platform row, narrowed).
    pub fn support(&self, cap: CapId) -> Support {
        let s = self
            .platform
            .support
            .get(cap)
            .copied()
            .unwrap_or(Support::No);
        self.narrowing
            .and_then(|n| n.get(cap))
            .map_or(s, |n| s.narrow(*n))
    }

    /// A finding on the pairing with the toolchain and the base as related
    /// places.
    pub fn related(&self, mut d: Diagnostic, cap_span: Option<Span>) -> Diagnostic {
        let (t, b) = (self.toolchain, self.base);
        d.related.push(Related {
            file: t.file.clone(),
            span: cap_span.or(t.name_span).unwrap_or_default(),
            message: format!("toolchain {}", t.name).into(),
        });
        d.related.push(Related {
            file: b.file.clone(),
            span: b
                .platform
                .as_ref()
                .map(|p| p.value)
                .or(b.name_span)
                .unwrap_or_default(),
            message: format!("base {}", b.name).into(),
        });
        d
    }

    /// Name a refused request (`gui-vnc`, `network-egress none`) and what
    /// refuses it: the platform's row, or the base's `supports` narrowing it.
    pub fn refusal(&self, cap: CapId, value: CapValue) -> (String, String) {
        let def = &self.cat.capabilities[cap];
        let what = match def.kind {
            CapKind::Bool => def.name.clone(),
            CapKind::Enum(_) => format!("{} {}", def.name, def.value_text(value)),
        };
        let platform_allows = self
            .platform
            .support
            .get(cap)
            .is_some_and(|s| s.allows(value));
        let by = if platform_allows && self.narrowing.is_some() {
            format!("base {}'s `supports`", self.base.name)
        } else {
            format!("base {} (platform {})", self.base.name, self.platform.name)
        };
        (what, by)
    }

    /// The file findings about the pairing go to.
    pub fn file(&self) -> &Arc<str> {
        &self.pairing.file
    }
}

/// Profile names, comma separated.
pub fn names(list: &[Text]) -> String {
    list.iter()
        .map(|t| t.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every catalog profile, placed at one span.
pub fn all_profiles(cat: &Catalog, at: Span) -> Vec<Text> {
    cat.profiles
        .iter()
        .map(|p| Text {
            value: p.name.clone(),
            span: at,
        })
        .collect()
}

fn rehome(list: &[Text], at: Span) -> Vec<Text> {
    list.iter()
        .map(|t| Text {
            value: t.value.clone(),
            span: at,
        })
        .collect()
}

/// The profiles a pairing offers: its own list, else the toolchain's (placed
/// at the pairing, where the finding is fixed), else every profile.
pub fn offered(p: &Pairing, t: &Toolchain, cat: &Catalog) -> Vec<Text> {
    match &p.profiles {
        Some(list) => list.clone(),
        None => t
            .profiles
            .as_ref()
            .map_or_else(|| all_profiles(cat, p.span), |l| rehome(l, p.span)),
    }
}

/// Check a toolchain on a base for the offered profiles: the platform's
/// refusals (TR011), dropped optional capabilities (TR010), refused
/// capabilities (TR006) and failing profiles (TR005).
pub fn evaluate(
    p: &Pairing,
    t: &Toolchain,
    b: &Base,
    (offered, profiles_file): (&[Text], &Arc<str>),
    cat: &Catalog,
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    let Some(Ok(pid)) = b.platform.as_ref().map(|f| &f.parsed) else {
        return;
    };
    let platform = &cat.platforms[*pid];
    let mut cx = PairCtx {
        cat,
        pairing: p,
        toolchain: t,
        base: b,
        platform,
        narrowing: b.supports.as_ref().map(|(row, _)| row.as_slice()),
        offered,
        profiles_file,
        dropped: Vec::new(),
        effective: t.effective.clone(),
        outcomes: Vec::new(),
    };
    if tr011_os_mismatch::check(&cx, out) {
        return;
    }
    // Optional capabilities the base lacks take their defaults.
    for (cap, span) in &t.optional {
        let v = cx.effective[*cap].value;
        if v != CapValue::Bool(false) && !cx.support(*cap).allows(v) {
            cx.effective[*cap] = Effective {
                value: cat.capabilities[*cap].default,
                written: None,
            };
            cx.dropped.push((*cap, *span, v));
        }
    }
    cx.outcomes = offered
        .iter()
        .map(|o| {
            let mut found = Vec::new();
            if let Some(profile) = cat.profile(&o.value) {
                let mut comp = Composition {
                    platform: b.platform.clone(),
                    image_id: t.image_id.clone(),
                    compute_profile: Some(Field {
                        key: o.span,
                        value: o.span,
                        parsed: Ok(ComputeSpec::Named(profile)),
                    }),
                    capabilities: t.capabilities.clone(),
                    effective: cx.effective.clone(),
                    ..Composition::default()
                };
                comp.compute = resolve_compute(&comp, cat);
                crate::rules::check_composition(
                    &t.file,
                    &comp,
                    cat,
                    policy,
                    cx.narrowing,
                    &mut found,
                );
            }
            found
        })
        .collect();
    if offered.is_empty() {
        // No profile is known (a template whose choice is not read): the
        // capabilities are still checked on the platform.
        let comp = Composition {
            platform: b.platform.clone(),
            image_id: t.image_id.clone(),
            capabilities: t.capabilities.clone(),
            effective: cx.effective.clone(),
            ..Composition::default()
        };
        let mut found = Vec::new();
        crate::rules::check_composition(&t.file, &comp, cat, policy, cx.narrowing, &mut found);
        cx.outcomes.push(found);
    }
    for check in &crate::rules::Checks::all().pairing {
        check(&cx, out);
    }
}

/// One cell of `wsc matrix`: a toolchain instance on a base with its own
/// profiles (all of them when it names none). A pair works when some of its
/// profiles work: the profiles that fail are then notes, not refusals.
pub fn matrix_cell(
    t: &Toolchain,
    b: &Base,
    offered: &[Text],
    anchor: &Arc<str>,
    cat: &Catalog,
    policy: &Policy,
) -> Vec<Diagnostic> {
    let cell = Pairing {
        name: format!("{} on {}", t.name, b.name),
        file: anchor.clone(),
        span: Span::default(),
        toolchain: None,
        base: None,
        profiles: None,
        default_profile: None,
        display_name: None,
        description: None,
        icon: None,
        template: None,
    };
    let mut found = Vec::new();
    if !matches!(b.platform.as_ref().map(|p| &p.parsed), Some(Ok(_))) {
        found.push(crate::rules::tc::tc016_unknown_platform::RULE.diag(
            &b.file,
            None,
            format!("base {} has no valid platform", b.name),
        ));
    }
    evaluate(&cell, t, b, (offered, anchor), cat, policy, &mut found);
    // A pair works when some of the toolchain's profiles
    // work: the profiles that fail are then notes.
    let failing: BTreeSet<String> = found
        .iter()
        .filter(|d| d.code() == tr005_pairing_profile_incompatible::RULE.code)
        .filter_map(|d| {
            d.message
                .strip_prefix("profile ")?
                .split(' ')
                .next()
                .map(str::to_string)
        })
        .collect();
    let works = offered.iter().any(|o| !failing.contains(&o.value));
    for d in &mut found {
        if works && d.code() == tr005_pairing_profile_incompatible::RULE.code {
            d.severity = crate::diag::Severity::Info;
        }
    }
    found
}

/// Every check of one pairing: its members (TR004), and for each instance
/// of its toolchain, its profiles (TC009, TR012, TR009), the evaluation on
/// the base, and what a template adds (TR011 agent, TR014–TR016, TC codes of
/// an override).
pub fn check_pairing(
    p: &Pairing,
    repo: &Repo,
    cat: &Catalog,
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    let Some((instances, b)) = tr004_unknown_pairing_member::resolve(p, repo, out) else {
        return;
    };
    let per: Vec<(Option<String>, Vec<Diagnostic>)> = instances
        .iter()
        .map(|t| {
            let mut v = Vec::new();
            instance(p, t, b, cat, policy, &mut v);
            (t.assignment.clone(), v)
        })
        .collect();
    merge_instances(per, out);
}

/// Merge the findings of several instances of one toolchain (one per
/// variable assignment): a finding of every instance is reported once; a
/// finding of some instances says for which assignments.
pub fn merge_instances(per: Vec<(Option<String>, Vec<Diagnostic>)>, out: &mut Vec<Diagnostic>) {
    let n = per.len();
    let key = |d: &Diagnostic| (d.code(), d.file.clone(), d.span, d.message.clone());
    let mut counts: HashMap<_, usize> = HashMap::new();
    for (_, ds) in &per {
        let mut seen = BTreeSet::new();
        for d in ds {
            if seen.insert(key(d)) {
                *counts.entry(key(d)).or_default() += 1;
            }
        }
    }
    let mut emitted = BTreeSet::new();
    for (assignment, ds) in per {
        for mut d in ds {
            let k = key(&d);
            if counts.get(&k).copied().unwrap_or(0) == n {
                if emitted.insert(k) {
                    out.push(d);
                }
            } else {
                if let Some(a) = &assignment {
                    d.message = format!("{} (with {a})", d.message).into();
                }
                out.push(d);
            }
        }
    }
}

fn instance(
    p: &Pairing,
    t: &Toolchain,
    b: &Base,
    cat: &Catalog,
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    let profiles_file = p
        .template
        .as_ref()
        .map_or_else(|| p.file.clone(), |tf| tf.profiles_file.clone());
    let known: Vec<Text> = p
        .profiles
        .iter()
        .flatten()
        .filter(|prof| {
            !crate::rules::tc::tc009_unknown_compute_profile::named(&profiles_file, prof, cat, out)
        })
        .cloned()
        .collect();
    tr012_profile_not_in_toolchain::check(p, t, &known, &profiles_file, out);
    let offered = offered(p, t, cat);
    tr009_default_profile_not_offered::check_pairing(p, t, &offered, &profiles_file, out);
    if let Some(tf) = &p.template {
        override_findings(tf, cat, policy, out);
        tr011_os_mismatch::check_agent(tf, b, cat, out);
        tr014_preset_invalid::check(tf, &offered, out);
        tr015_profile_definition_differs::check(tf, cat, out);
        tr016_profile_map_missing_option::check(tf, &offered, &profiles_file, out);
    }
    evaluate(p, t, b, (&offered, &profiles_file), cat, policy, out);
}

/// The TC findings of the capabilities a template hands its base, where the
/// template itself writes some of them (`merge(module.T.capabilities, {…})`
/// or a literal): only findings that involve what the template wrote; the
/// toolchain's own are reported on the toolchain.
fn override_findings(
    tf: &crate::contract::repo::TemplateFacts,
    cat: &Catalog,
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    use crate::rules::tc::{
        tc001_unknown_capability, tc002_invalid_capability_value,
        tc003_mutually_exclusive_capabilities, tc004_capability_implication,
        tc005_gui_without_persistent_home,
    };
    let Some((file, caps)) = &tf.capabilities else {
        return;
    };
    let comp = Composition {
        capabilities: Some(caps.clone()),
        effective: crate::ingest::composition::effective(Some(caps), cat),
        ..Composition::default()
    };
    let cx = crate::rules::Ctx::new(file, &comp, cat, policy);
    let mut found = Vec::new();
    for check in [
        tc001_unknown_capability::check,
        tc002_invalid_capability_value::check,
        tc003_mutually_exclusive_capabilities::check,
        tc004_capability_implication::check,
        tc005_gui_without_persistent_home::check,
    ] {
        check(&cx, &mut found);
    }
    let inherited = caps.value;
    out.extend(found.into_iter().filter(|d| {
        d.span.is_some_and(|s| s != inherited)
            || d.related
                .iter()
                .any(|r| r.file == *file && r.span != inherited)
    }));
}
