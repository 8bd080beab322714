//! Rules that check a template repository across files (`TR` codes).
//! Their checks run in `engine::repo`, which evaluates every pairing once
//! and reports through these rules' metadata.

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
