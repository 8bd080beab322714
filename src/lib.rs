//! wsc: the workspace template contract as data, and the checks built on it.
//!
//! Layers, each depending only on those above it in this list:
//! `diag`/`suggest` (the finding model, did-you-mean) → `contract` (catalog and
//! typed model) → `ingest` (files into spanned models) → `rules` (one file per
//! rule, and the registry) → `engine` (runs the rules that are on, one finishing
//! pass) → `output` (renderers) → `render` (what a valid composition becomes:
//! the contract outputs, Kubernetes objects, Terraform) → `generate` (what
//! `wsc compose` and `wsc new` write: Coder templates that offer only valid
//! choices, their plan-time guard, new bases and toolchains, and safe
//! writing) → `cli` (thin command layer).

pub mod cli;
pub mod contract;
pub mod diag;
pub mod engine;
pub mod generate;
pub mod ingest;
pub mod output;
pub mod render;
pub mod rules;
pub mod suggest;
