//! Ingestion: files into spanned, typed models.

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
