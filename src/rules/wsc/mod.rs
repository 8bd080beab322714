//! Rules about the tool itself and its inputs (`WSC` codes).

pub mod wsc001_parse_error;
pub mod wsc002_unused_suppression;
pub mod wsc003_stale_baseline_entry;
pub mod wsc004_input_too_large;
pub mod wsc005_not_evaluable;
pub mod wsc006_invalid_catalog;
pub mod wsc007_invalid_config;
pub mod wsc008_nothing_to_check;
pub mod wsc009_duplicate_key;
pub mod wsc010_contract_folder_ignored;
