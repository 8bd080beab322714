//! Generation: what wsc writes for a repository, valid by construction.
//! `compose` makes a Coder template of each pairing (offering only the
//! compute profiles that validate, re-checked at plan time by the contract
//! guard, `guard`); `base` and `toolchain` make new modules (`wsc new`);
//! `write` puts files under an output directory safely (atomically, never
//! outside it, nothing rewritten that did not change) or compares them
//! with what is there (`--check`).
//!
//! This layer sits on top of rendering: a composed template's profiles are
//! the ones the rules accept, and a new base's decisions are render's.

pub mod base;
pub mod compose;
pub mod guard;
pub mod toolchain;
pub mod write;

use std::path::PathBuf;

/// A generated file: its path relative to the output directory
/// (`/`-separated, no `..`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: PathBuf,
    pub text: String,
}

impl File {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        File {
            path: path.into(),
            text: text.into(),
        }
    }
}
