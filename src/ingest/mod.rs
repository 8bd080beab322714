//! Ingestion: files into spanned, typed models. Every model a rule reads is
//! declared here (the workspace in `workspace/`, OpenSpec in `openspec/`,
//! what shell commands do in `shell/effects.rs`); rules only read them.

pub mod base_config;
pub mod catalog;
pub mod composition;
pub mod config;
pub mod dockerfile;
pub mod hcl;
pub mod markdown;
pub mod openspec;
pub mod reader;
pub mod repo;
pub mod shell;
pub mod source;
pub mod template;
pub mod terraform;
pub mod workspace;
pub mod yaml;
