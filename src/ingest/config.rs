//! `wsc.toml`: severities per rule code, the override policy, limits.
//!
//! The file is read with spans so that every problem points into it. Rule codes
//! are checked against the registry one layer up (the engine), which receives
//! the spans from here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::contract::composition::OverrideKind;
use crate::contract::policy::Policy;
use crate::contract::runtime::RuntimeConfig;
use crate::diag::Span;

use super::reader::Problem;
use super::source;

pub const FILE_NAME: &str = "wsc.toml";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    policy: Option<RawPolicy>,
    #[serde(default)]
    limits: Option<RawLimits>,
    #[serde(default)]
    runtime: Option<RawRuntime>,
    /// The contract catalog (file or directory), relative to this file.
    #[serde(default)]
    contract: Option<String>,
    /// Module source prefixes and the local checkouts they stand for.
    #[serde(default)]
    sources: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuntime {
    user: Option<String>,
    uid: Option<u32>,
    docker_gid_variable: Option<String>,
    docker_gid_default: Option<u32>,
    staging_dir: Option<String>,
    workspaces_root: Option<String>,
    cleanup_helper: Option<String>,
    stop_timeout: Option<u32>,
    destroy_grace_seconds: Option<u32>,
    image: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    templates: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    allow: Option<Vec<Spanned<String>>>,
    deny_env_prefixes: Option<Vec<String>>,
    deny_label_prefixes: Option<Vec<String>>,
    deny_annotation_prefixes: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_file_bytes: Option<u64>,
}

/// A severity setting for one code, with places for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetting {
    pub code: String,
    pub code_span: Span,
    pub level: String,
    pub level_span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    pub text: String,
    pub rules: Vec<RuleSetting>,
    pub policy: Policy,
    pub max_file_bytes: u64,
    pub runtime: RuntimeConfig,
    /// `contract = "…"`: the catalog, resolved against the file's directory.
    pub contract: Option<PathBuf>,
    /// `[sources]`: module source prefix → local checkout (resolved against
    /// the file's directory), longest prefix first.
    pub sources: Vec<(String, PathBuf)>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            text: String::new(),
            rules: Vec::new(),
            policy: Policy::default(),
            max_file_bytes: source::DEFAULT_MAX_BYTES,
            runtime: RuntimeConfig::default(),
            contract: None,
            sources: Vec::new(),
        }
    }
}

/// Find `wsc.toml` in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let p = d.join(FILE_NAME);
        if p.is_file() {
            return Some(p);
        }
        dir = d.parent();
    }
    None
}

/// Read and check a config file.
pub fn load(path: &Path) -> Result<Config, Vec<Problem>> {
    let text = source::read_file(path, source::DEFAULT_MAX_BYTES).map_err(|e| {
        vec![Problem {
            span: Span::default(),
            message: format!("cannot read the config: {e}"),
            help: None,
        }]
    })?;
    let mut c = parse(&text)?;
    c.path = Some(path.to_path_buf());
    // Paths in the file are relative to its directory.
    let dir = path.parent().unwrap_or(Path::new("."));
    c.contract = c.contract.map(|p| dir.join(p));
    for (_, local) in &mut c.sources {
        *local = dir.join(&*local);
    }
    Ok(c)
}

/// Parse config text.
pub fn parse(text: &str) -> Result<Config, Vec<Problem>> {
    let span_of = Span::of;
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let span = e.span().map_or_else(Span::default, &span_of);
        vec![Problem {
            span,
            message: e.message().trim_end_matches('\n').to_string(),
            help: Some("see the README's `wsc.toml` section".to_string()),
        }]
    })?;
    let mut problems = Vec::new();
    let mut c = Config {
        text: text.to_string(),
        contract: raw.contract.map(PathBuf::from),
        ..Config::default()
    };
    let mut sources: Vec<(String, PathBuf)> = raw
        .sources
        .into_iter()
        .map(|(prefix, local)| (prefix, PathBuf::from(local)))
        .collect();
    sources.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    c.sources = sources;
    for (code, level) in raw.rules {
        c.rules.push(RuleSetting {
            code: code.get_ref().clone(),
            code_span: span_of(code.span()),
            level: level.get_ref().clone(),
            level_span: span_of(level.span()),
        });
    }
    if let Some(p) = raw.policy {
        if let Some(allow) = p.allow {
            c.policy.allow.clear();
            for a in allow {
                match OverrideKind::parse(a.get_ref()) {
                    Some(k) => c.policy.allow.push(k),
                    None => {
                        let keys: Vec<&str> = OverrideKind::ALL.iter().map(|k| k.key()).collect();
                        problems.push(Problem {
                            span: span_of(a.span()),
                            message: format!("unknown override `{}`", a.get_ref()),
                            help: Some(format!("overrides: {}", keys.join(", "))),
                        });
                    }
                }
            }
        }
        if let Some(v) = p.deny_env_prefixes {
            c.policy.deny_env_prefixes = v;
        }
        if let Some(v) = p.deny_label_prefixes {
            c.policy.deny_label_prefixes = v;
        }
        if let Some(v) = p.deny_annotation_prefixes {
            c.policy.deny_annotation_prefixes = v;
        }
    }
    if let Some(r) = raw.runtime {
        let rt = &mut c.runtime;
        macro_rules! set {
            ($($f:ident),*) => {$(if let Some(v) = r.$f { rt.$f = v; })*};
        }
        set!(
            user,
            uid,
            docker_gid_variable,
            docker_gid_default,
            staging_dir,
            workspaces_root,
            cleanup_helper,
            stop_timeout,
            destroy_grace_seconds,
            image,
            exclude,
            templates
        );
    }
    if let Some(l) = raw.limits
        && let Some(m) = l.max_file_bytes
    {
        c.max_file_bytes = m;
    }
    if problems.is_empty() {
        Ok(c)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_policy() {
        let c = parse("[rules]\nTC005 = \"error\"\n[policy]\nallow = [\"labels\"]\n").expect("ok");
        assert_eq!(c.rules.len(), 1);
        assert_eq!(c.rules[0].code, "TC005");
        assert_eq!(c.rules[0].code_span.start, 8);
        assert_eq!(c.policy.allow, vec![OverrideKind::Labels]);
    }

    #[test]
    fn errors_point_into_the_file() {
        let err = parse("[policy]\nallow = [\"lables\"]\n").expect_err("bad");
        assert_eq!(err[0].span.start, 18);
        let err = parse("[rulez]\n").expect_err("bad");
        assert!(err[0].span.start < 8);
    }
}
