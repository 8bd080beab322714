//! The runtime contract of Docker-in-Docker workspaces
//! (shared/runtime-contract.md): INV (requirements), F (forbidden
//! behaviours) and D (known drift) codes, one file per rule. This file holds
//! the signatures of their checks (one per model they read) and the helpers
//! they share; the model is `crate::ingest::workspace`.

pub mod copies;
pub mod d1_missing_referenced_file;
pub mod d2_unhydrated_staged_file;
pub mod d3_staged_not_executable;
pub mod d4_two_start_paths;
pub mod d5_socket_mode;
pub mod d6_unpinned_image;
pub mod f10_errexit;
pub mod f1_host_docker_socket;
pub mod f2_privileged;
pub mod f3_numeric_ids;
pub mod f4_git_ssh_command;
pub mod f5_overwriting_hydration;
pub mod f6_published_ports;
pub mod f7_mount_without_cleanup;
pub mod f8_hostname_identity;
pub mod f9_systemd_dockerd;
pub mod inv10_boot_order;
pub mod inv1_sysbox_runtime;
pub mod inv2_user_identity;
pub mod inv3_passwordless_sudo;
pub mod inv4_dockerd_in_container;
pub mod inv5_persistent_surfaces;
pub mod inv6_copy_if_missing;
pub mod inv7_web_binding;
pub mod inv8_cleanup;
pub mod inv9_identity_env;

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::ingest::hcl::Attribute;
use crate::ingest::workspace::{Container, Image, Template, Workload};

/// A finding about an attribute written as `var.NAME` or `local.NAME` also
/// shows where its value is written: the variable's default or the local's
/// value.
pub fn with_origin(t: &Template<'_>, d: Diagnostic, a: &Attribute) -> Diagnostic {
    use crate::rules::DiagExt;
    match t.origin(a) {
        Some((file, span, message)) => d.with_related_in(file, span, message),
        None => d,
    }
}

/// The note that an attribute's value is not evaluated statically, so the
/// rule `code` could not check it (a variable with no default, a data
/// source): nothing is skipped without a word.
pub fn not_checked(a: &Attribute, code: &str) -> Diagnostic {
    use crate::rules::DiagExt;
    crate::rules::wsc::wsc005_not_evaluable::RULE
        .diag(
            &a.file,
            Some(a.value.span()),
            format!(
                "`{}` is not evaluated statically, so {code} did not check it",
                a.name
            ),
        )
        .with_help(
            "give the variable a default (or a validation listing its values), or write the value",
        )
}

pub type ContainerCheck = fn(&Container<'_>, &mut Vec<Diagnostic>);

pub type WorkloadCheck = fn(&Workload<'_>, &mut Vec<Diagnostic>);

pub type ManifestCheck = fn(&Arc<str>, &crate::ingest::yaml::Node<'_>, &mut Vec<Diagnostic>);

pub type Check = fn(&Template<'_>, &mut Vec<Diagnostic>);

/// The rules that read the boot script (what is not checked when it cannot
/// be read).
pub const BOOT_SCRIPT_RULES: &[&str] = &[
    "INV-4", "INV-6", "INV-9", "INV-10", "F-3", "F-4", "F-5", "F-8", "F-9", "F-10", "D-1", "D-2",
    "D-5",
];

/// The rules that check Kubernetes manifests (what is not checked when a
/// `kubernetes_manifest` cannot be read), as a message names them.
pub fn manifest_rules() -> String {
    crate::rules::ALL
        .iter()
        .filter(|r| {
            r.checks
                .iter()
                .any(|c| matches!(c, crate::rules::Check::Manifest(_)))
        })
        .map(|r| r.code)
        .collect::<Vec<_>>()
        .join(", ")
}

pub type ImageCheck = fn(&Image, &Template<'_>, &mut Vec<Diagnostic>);

/// The rules that read a template's image (what is not checked when none
/// is found).
pub const IMAGE_RULES: &[&str] = &[
    "INV-2 (image)",
    "INV-3",
    "INV-7 (router)",
    "F-9 (image)",
    "D-1",
    "D-3",
    "D-4",
];
