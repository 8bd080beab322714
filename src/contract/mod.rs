//! The contract: the catalog (seed 000 as data) and the typed model everything
//! else is built on. This layer depends on nothing else in the crate but `diag`.

pub mod base_config;
pub mod catalog;
pub mod composition;
pub mod model;
pub mod policy;
pub mod repo;
pub mod runtime;
pub mod types;
