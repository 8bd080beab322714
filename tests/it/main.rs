//! The integration tests: one binary (one link after a change in src/), one
//! module per area. The helpers they share are in `common`.

mod audit;
mod audit_fixtures;
mod bad_input;
mod catalog;
mod cli;
mod common;
mod compose;
mod compose_corpus;
mod composed;
mod core_differential;
mod dockerfile;
mod exhaustive_matrix;
mod fixtures;
mod hcl_differential;
mod hcl_eval;
mod house;
mod new_base;
mod new_toolchain;
mod properties;
mod render;
mod repo;
mod repo_fixtures;
mod shell;
mod spec;
mod spec_differential;
mod spec_fixtures;
mod suppress;
