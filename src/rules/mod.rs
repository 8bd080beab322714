//! The rules: one file per rule, each with its code, name, default severity,
//! summary and documentation, and (for checks) a `check` function.
//!
//! [`ALL`] is the registry: `wsc rules`, `wsc explain`, SARIF's rule list and the
//! README's rule table are generated from it.

use std::sync::Arc;

use crate::contract::catalog::{Catalog, Support};
use crate::contract::composition::Composition;
use crate::contract::policy::Policy;
use crate::contract::repo::Base;
use crate::diag::{Diagnostic, Related, Severity, Span, Text};

pub mod runtime;
pub mod spec;
pub mod tc;
pub mod tr;
pub mod wsc;

/// A rule's metadata.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`,
    /// `## Use instead`.
    pub docs: &'static str,
    /// The scenarios of the shipped specs (`openspec/specs/`) this rule
    /// verifies; `wsc spec coverage` traces them.
    pub verifies: &'static [Verifies],
    /// What it checks (none for the tool's own problems, which the engine
    /// reports when an input cannot be read).
    pub checks: &'static [Check],
}

/// A scenario of an OpenSpec spec: the spec's id (its folder under
/// `openspec/specs/`), the requirement's name and the scenario's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verifies {
    pub spec: &'static str,
    pub requirement: &'static str,
    pub scenario: &'static str,
}

impl crate::diag::RuleRef for Rule {
    fn code(&self) -> &'static str {
        self.code
    }
    fn name(&self) -> &'static str {
        self.name
    }
}

impl Rule {
    /// A diagnostic of this rule with its default severity.
    pub fn diag(
        &'static self,
        file: &Arc<str>,
        span: Option<Span>,
        message: impl Into<Text>,
    ) -> Diagnostic {
        Diagnostic {
            rule: self,
            severity: self.severity,
            message: message.into(),
            file: file.clone(),
            span,
            help: None,
            related: Vec::new(),
        }
    }

    /// A finding caused by several written places together: it points at the
    /// one written last; the others are related. With no written place, the
    /// finding has no place.
    pub fn joint<L: Into<Text>>(
        &'static self,
        file: &Arc<str>,
        places: impl IntoIterator<Item = (Span, L)>,
        message: impl Into<Text>,
    ) -> Diagnostic {
        let mut related: Vec<Related> = places
            .into_iter()
            .map(|(span, message)| Related {
                file: file.clone(),
                span,
                message: message.into(),
            })
            .collect();
        related.sort_by_key(|r| r.span);
        related.dedup_by_key(|r| r.span);
        let primary = related.pop().map(|r| r.span);
        let mut d = self.diag(file, primary, message);
        d.related = related;
        d
    }
}

/// Builder helpers on diagnostics.
pub trait DiagExt {
    #[must_use]
    fn with_help(self, help: impl Into<Text>) -> Self;
    #[must_use]
    fn with_related(self, span: Span, message: impl Into<Text>) -> Self;
    /// A related place in another file.
    #[must_use]
    fn with_related_in(self, file: &Arc<str>, span: Span, message: impl Into<Text>) -> Self;
}

impl DiagExt for Diagnostic {
    #[inline]
    fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }
    fn with_related_in(mut self, file: &Arc<str>, span: Span, message: impl Into<Text>) -> Self {
        self.related.push(Related {
            file: file.clone(),
            span,
            message: message.into(),
        });
        self
    }
    fn with_related(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.related.push(Related {
            file: self.file.clone(),
            span,
            message: message.into(),
        });
        self
    }
}

/// Everything a composition rule may look at.
pub struct Ctx<'a> {
    pub file: &'a Arc<str>,
    pub comp: &'a Composition,
    pub cat: &'a Catalog,
    pub policy: &'a Policy,
    /// A base's narrowing of the platform row (`supports` in base.yaml).
    pub narrowing: Option<&'a [Support]>,
}

impl<'a> Ctx<'a> {
    /// The context of a composition read on its own (no base narrows it).
    pub fn new(
        file: &'a Arc<str>,
        comp: &'a Composition,
        cat: &'a Catalog,
        policy: &'a Policy,
    ) -> Self {
        Ctx {
            file,
            comp,
            cat,
            policy,
            narrowing: None,
        }
    }

    /// The platform row in force for one capability: the catalog's, narrowed
    /// by a base. `None` when the platform is unknown.
    pub fn support(&self, cap: usize) -> Option<Support> {
        let p = *self.comp.platform.as_ref()?.ok()?;
        let s = self.cat.platforms[p]
            .support
            .get(cap)
            .copied()
            .unwrap_or(Support::No);
        Some(match self.narrowing.and_then(|n| n.get(cap)) {
            Some(n) => s.narrow(*n),
            None => s,
        })
    }
}

/// A composition check.
pub type CompositionCheck = fn(&Ctx<'_>, &mut Vec<Diagnostic>);
/// A check of a base module against the contract's inputs and outputs.
pub type BaseCheck = fn(&Base, &Catalog, &mut Vec<Diagnostic>);
/// A check of one toolchain instance evaluated on one base.
pub type PairingCheck = fn(&tr::PairCtx<'_>, &mut Vec<Diagnostic>);

/// What a rule checks, as the engine calls it: one kind per model read.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// One composition (`validate`, and each offered profile of a pairing).
    Composition(CompositionCheck),
    /// A Docker-in-Docker template: its resources and boot script.
    Template(runtime::Check),
    /// A governed template's image.
    Image(runtime::ImageCheck),
    /// A `docker_container` of any template.
    Container(runtime::ContainerCheck),
    /// A Kubernetes workload resource of a module.
    Workload(runtime::WorkloadCheck),
    /// A Kubernetes manifest's pod spec.
    Manifest(runtime::ManifestCheck),
    /// A main OpenSpec spec.
    Spec(spec::SpecCheck),
    /// An OpenSpec change.
    Change(spec::ChangeCheck),
    /// A base module.
    Base(BaseCheck),
    /// A toolchain instance on a base, after its profiles are evaluated.
    Pairing(PairingCheck),
    /// A finding made at one stage of a larger evaluation, which calls the
    /// rule's own function: a pairing's members and profiles and a
    /// template's choices (`tr::check_pairing`), a toolchain's two sources
    /// and manifest, the catalog against the reference.
    Staged,
}

/// The checks of the rules that are on, by kind, in registry order: built
/// once per run.
#[derive(Debug, Default, Clone)]
pub struct Checks {
    on: Vec<&'static str>,
    pub composition: Vec<CompositionCheck>,
    pub template: Vec<runtime::Check>,
    pub image: Vec<runtime::ImageCheck>,
    pub container: Vec<runtime::ContainerCheck>,
    pub workload: Vec<runtime::WorkloadCheck>,
    pub manifest: Vec<runtime::ManifestCheck>,
    pub spec: Vec<spec::SpecCheck>,
    pub change: Vec<spec::ChangeCheck>,
    pub base: Vec<BaseCheck>,
    pub pairing: Vec<PairingCheck>,
}

impl Checks {
    /// The checks of the rules `on` accepts.
    pub fn new(on: impl Fn(&'static Rule) -> bool) -> Self {
        let mut c = Checks::default();
        for rule in ALL.iter().copied().filter(|r| on(r)) {
            c.on.push(rule.code);
            for check in rule.checks {
                match *check {
                    Check::Composition(f) => c.composition.push(f),
                    Check::Template(f) => c.template.push(f),
                    Check::Image(f) => c.image.push(f),
                    Check::Container(f) => c.container.push(f),
                    Check::Workload(f) => c.workload.push(f),
                    Check::Manifest(f) => c.manifest.push(f),
                    Check::Spec(f) => c.spec.push(f),
                    Check::Change(f) => c.change.push(f),
                    Check::Base(f) => c.base.push(f),
                    Check::Pairing(f) => c.pairing.push(f),
                    Check::Staged => {}
                }
            }
        }
        c
    }

    /// Every rule's checks.
    pub fn all() -> &'static Checks {
        static ALL_CHECKS: std::sync::LazyLock<Checks> =
            std::sync::LazyLock::new(|| Checks::new(|_| true));
        &ALL_CHECKS
    }

    /// Is the rule of `code` on?
    pub fn on(&self, code: &str) -> bool {
        self.on.contains(&code)
    }
}

/// Run every composition check on one composition.
pub fn check_composition(
    file: &Arc<str>,
    comp: &Composition,
    cat: &Catalog,
    policy: &Policy,
    narrowing: Option<&[Support]>,
    out: &mut Vec<Diagnostic>,
) {
    let cx = Ctx {
        narrowing,
        ..Ctx::new(file, comp, cat, policy)
    };
    run_composition(&Checks::all().composition, &cx, out);
}

/// Run the given composition checks on one composition.
pub fn run_composition(checks: &[CompositionCheck], cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    out.reserve(8);
    for check in checks {
        check(cx, out);
    }
}

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &wsc::wsc001_parse_error::RULE,
    &wsc::wsc002_unused_suppression::RULE,
    &wsc::wsc003_stale_baseline_entry::RULE,
    &wsc::wsc004_input_too_large::RULE,
    &wsc::wsc005_not_evaluable::RULE,
    &wsc::wsc006_invalid_catalog::RULE,
    &wsc::wsc007_invalid_config::RULE,
    &wsc::wsc008_nothing_to_check::RULE,
    &wsc::wsc009_duplicate_key::RULE,
    &wsc::wsc010_contract_folder_ignored::RULE,
    &tc::tc001_unknown_capability::RULE,
    &tc::tc002_invalid_capability_value::RULE,
    &tc::tc003_mutually_exclusive_capabilities::RULE,
    &tc::tc004_capability_implication::RULE,
    &tc::tc005_gui_without_persistent_home::RULE,
    &tc::tc006_unsupported_on_platform::RULE,
    &tc::tc007_compute_out_of_range::RULE,
    &tc::tc008_invalid_quantity::RULE,
    &tc::tc009_unknown_compute_profile::RULE,
    &tc::tc010_unknown_gpu_type::RULE,
    &tc::tc011_gpu_mismatch::RULE,
    &tc::tc012_missing_input::RULE,
    &tc::tc013_invalid_name::RULE,
    &tc::tc014_invalid_image_reference::RULE,
    &tc::tc015_override_not_permitted::RULE,
    &tc::tc016_unknown_platform::RULE,
    &tc::tc017_incompatible_contract_version::RULE,
    &tc::tc018_unknown_field::RULE,
    &tr::tr001_base_missing_input::RULE,
    &tr::tr002_base_input_type_mismatch::RULE,
    &tr::tr003_base_missing_output::RULE,
    &tr::tr004_unknown_pairing_member::RULE,
    &tr::tr005_pairing_profile_incompatible::RULE,
    &tr::tr006_pairing_capability_unsupported::RULE,
    &tr::tr007_toolchain_sources_disagree::RULE,
    &tr::tr008_catalog_differs_from_reference::RULE,
    &tr::tr009_default_profile_not_offered::RULE,
    &tr::tr010_optional_capability_dropped::RULE,
    &tr::tr011_os_mismatch::RULE,
    &tr::tr012_profile_not_in_toolchain::RULE,
    &tr::tr013_invalid_manifest_field::RULE,
    &tr::tr014_preset_invalid::RULE,
    &tr::tr015_profile_definition_differs::RULE,
    &tr::tr016_profile_map_missing_option::RULE,
    &runtime::inv1_sysbox_runtime::RULE,
    &runtime::inv2_user_identity::RULE,
    &runtime::inv3_passwordless_sudo::RULE,
    &runtime::inv4_dockerd_in_container::RULE,
    &runtime::inv5_persistent_surfaces::RULE,
    &runtime::inv6_copy_if_missing::RULE,
    &runtime::inv7_web_binding::RULE,
    &runtime::inv8_cleanup::RULE,
    &runtime::inv9_identity_env::RULE,
    &runtime::inv10_boot_order::RULE,
    &runtime::f1_host_docker_socket::RULE,
    &runtime::f2_privileged::RULE,
    &runtime::f3_numeric_ids::RULE,
    &runtime::f4_git_ssh_command::RULE,
    &runtime::f5_overwriting_hydration::RULE,
    &runtime::f6_published_ports::RULE,
    &runtime::f7_mount_without_cleanup::RULE,
    &runtime::f8_hostname_identity::RULE,
    &runtime::f9_systemd_dockerd::RULE,
    &runtime::f10_errexit::RULE,
    &runtime::d1_missing_referenced_file::RULE,
    &runtime::d2_unhydrated_staged_file::RULE,
    &runtime::d3_staged_not_executable::RULE,
    &runtime::d4_two_start_paths::RULE,
    &runtime::d5_socket_mode::RULE,
    &runtime::d6_unpinned_image::RULE,
    &spec::sp001_missing_purpose::RULE,
    &spec::sp002_missing_requirements_section::RULE,
    &spec::sp003_no_requirements::RULE,
    &spec::sp004_requirement_without_scenario::RULE,
    &spec::sp005_requirement_without_text::RULE,
    &spec::sp006_requirement_without_shall_must::RULE,
    &spec::sp007_delta_header_in_main_spec::RULE,
    &spec::sp008_requirement_outside_section::RULE,
    &spec::sp009_duplicate_requirement::RULE,
    &spec::sp010_purpose_too_short::RULE,
    &spec::sp011_purpose_placeholder::RULE,
    &spec::sp012_malformed_header::RULE,
    &spec::sp013_scenario_without_when_then::RULE,
    &spec::sp014_duplicate_scenario::RULE,
    &spec::sp015_empty_change::RULE,
    &spec::sp016_delta_without_section::RULE,
    &spec::sp017_modified_drops_scenarios::RULE,
    &spec::sp018_delta_target_missing::RULE,
    &spec::sp019_requirement_already_exists::RULE,
    &spec::sp020_unpaired_rename::RULE,
    &spec::sp021_conflicting_delta_operations::RULE,
    &spec::sp022_misplaced_delta_file::RULE,
    &spec::sp023_change_in_namespace_folder::RULE,
    &spec::sp024_task_list::RULE,
    &spec::sp025_skip_specs::RULE,
    &spec::sp026_long_requirement::RULE,
    &spec::sp027_no_openspec_root::RULE,
];

/// Look a rule up by code (case-insensitive) or by name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod registry_tests {
    use super::{ALL, Check, Checks};

    #[test]
    fn every_rule_but_the_tools_own_carries_its_check() {
        for r in ALL {
            let own = r.code.starts_with("WSC") || r.code == "SP027";
            assert_eq!(r.checks.is_empty(), own, "{}", r.code);
        }
    }

    #[test]
    fn a_rule_that_is_off_contributes_no_check() {
        let all = Checks::all();
        let without = Checks::new(|r| r.code != "TC001" && r.code != "F-1");
        assert_eq!(without.composition.len() + 1, all.composition.len());
        // F-1 checks containers, workloads and manifests.
        assert_eq!(without.container.len() + 1, all.container.len());
        assert_eq!(without.manifest.len() + 1, all.manifest.len());
        assert!(!without.on("TC001") && all.on("TC001"));
        let composition = ALL
            .iter()
            .flat_map(|r| r.checks)
            .filter(|c| matches!(c, Check::Composition(_)))
            .count();
        assert_eq!(all.composition.len(), composition);
    }
}
