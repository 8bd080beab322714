//! Kubernetes manifests of a workspace tree: a YAML file that names an
//! `apiVersion`, and the pod specs of its workloads.

use std::path::Path;
use std::sync::Arc;

use crate::diag::SourceFile;
use crate::ingest::source::{self, LoadError};
use crate::ingest::yaml::{self, Limits, Node, YamlError};

use super::discover::shown;
use super::pod_spec;

/// A manifest file as read (its text is kept for snippets).
pub struct Manifest {
    pub file: SourceFile,
}

/// Reads `path` if it is a manifest: `Ok(None)` for YAML that names no
/// `apiVersion`, an error when the file cannot be read.
pub fn read(path: &Path, max_file_bytes: u64) -> Result<Option<Manifest>, (Arc<str>, LoadError)> {
    let file = shown(path);
    let text = source::read_file(path, max_file_bytes).map_err(|e| (file.clone(), e))?;
    if !text.contains("apiVersion") {
        return Ok(None);
    }
    Ok(Some(Manifest {
        file: SourceFile {
            path: file,
            text: Arc::from(text),
        },
    }))
}

impl Manifest {
    /// Calls `f` with the pod spec of every workload document, in order;
    /// whether there was any.
    pub fn each_pod_spec(&self, mut f: impl FnMut(&Node<'_>)) -> Result<bool, YamlError> {
        let docs = yaml::parse_stream(&self.file.text, Limits::default())?;
        let mut any = false;
        for spec in docs
            .iter()
            .filter_map(|d| d.root.as_ref().and_then(pod_spec))
        {
            any = true;
            f(spec);
        }
        Ok(any)
    }
}
