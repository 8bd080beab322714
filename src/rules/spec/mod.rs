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

use crate::diag::Diagnostic;
use crate::ingest::openspec::Change;
use crate::ingest::openspec::MainSpec;

pub type SpecCheck = fn(&MainSpec<'_>, &mut Vec<Diagnostic>);
pub type ChangeCheck = fn(&Change, &mut Vec<Diagnostic>);
