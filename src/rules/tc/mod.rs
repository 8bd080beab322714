//! Rules that check one composition against the contract (`TC` codes).

pub mod tc001_unknown_capability;
pub mod tc002_invalid_capability_value;
pub mod tc003_mutually_exclusive_capabilities;
pub mod tc004_capability_implication;
pub mod tc005_gui_without_persistent_home;
pub mod tc006_unsupported_on_platform;
pub mod tc007_compute_out_of_range;
pub mod tc008_invalid_quantity;
pub mod tc009_unknown_compute_profile;
pub mod tc010_unknown_gpu_type;
pub mod tc011_gpu_mismatch;
pub mod tc012_missing_input;
pub mod tc013_invalid_name;
pub mod tc014_invalid_image_reference;
pub mod tc015_override_not_permitted;
pub mod tc016_unknown_platform;
pub mod tc017_incompatible_contract_version;
pub mod tc018_unknown_field;

use std::sync::Arc;

use crate::contract::composition::Field;
use crate::diag::Diagnostic;

use super::{DiagExt, Rule};

/// Report a field whose value could not be typed, at the value.
pub(crate) fn field_error<T>(
    rule: &'static Rule,
    file: &Arc<str>,
    f: Option<&Field<T>>,
    default_help: &str,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(Field {
        value,
        parsed: Err(e),
        ..
    }) = f
    {
        let help = e.help.clone().unwrap_or_else(|| default_help.to_string());
        out.push(
            rule.diag(file, Some(*value), e.message.clone())
                .with_help(help),
        );
    }
}
