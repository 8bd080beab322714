//! Reading a base config (`wsc render --base-config FILE`, YAML) into
//! [`BaseConfig`], with located problems.

use crate::contract::base_config::{BaseConfig, FIELDS, FieldKind};
use crate::contract::model::Quantity;

use super::reader::{Problem, Reader};
use super::yaml::{self, Limits};

/// The config, or every problem found in it.
pub fn parse(text: &str) -> Result<BaseConfig, Vec<Problem>> {
    let doc = yaml::parse(text, Limits::default()).map_err(|e| {
        vec![Problem {
            span: e.span,
            message: e.message,
            help: None,
        }]
    })?;
    let mut r = Reader::default();
    for e in &doc.errors {
        r.error(e.span, e.message.clone());
    }
    let mut cfg = BaseConfig::default();
    let Some(root) = doc.root.as_ref() else {
        return Ok(cfg);
    };
    let keys: Vec<&str> = FIELDS.iter().map(|(k, _, _)| *k).collect();
    let entries = r.map(root, "a base config").unwrap_or_default();
    r.only_keys(entries, &keys, "a base config");
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        let Some((_, kind, _)) = FIELDS.iter().find(|(k, _, _)| *k == key) else {
            continue;
        };
        match kind {
            FieldKind::Text => {
                let Some(t) = r.text(&e.value, key) else {
                    continue;
                };
                let bad = match key {
                    "coder_url" if !(t.starts_with("https://") || t.starts_with("http://")) => {
                        Some("coder_url is a URL: https://coder.example.com")
                    }
                    "cache_size" if Quantity::parse(t).is_err() => {
                        Some("cache_size is a binary quantity: 50Gi")
                    }
                    _ => None,
                };
                if let Some(help) = bad {
                    r.error_help(e.value.span, format!("`{t}` is not a valid {key}"), help);
                    continue;
                }
                cfg.set_text(key, t.to_string());
            }
            FieldKind::Map => {
                let items = r.map(&e.value, key).unwrap_or_default();
                let mut out = Vec::new();
                for x in items {
                    if let (Some(k), Some(v)) = (x.key.as_str(), r.text(&x.value, key)) {
                        out.push((k.to_string(), v.to_string()));
                    }
                }
                if let Some(m) = cfg.map_mut(key) {
                    m.extend(out);
                }
            }
            FieldKind::List => {
                let items = r.seq(&e.value, key).unwrap_or_default();
                let out: Vec<String> = items
                    .iter()
                    .filter_map(|x| r.text(x, key).map(str::to_string))
                    .collect();
                if let Some(l) = cfg.list_mut(key) {
                    l.extend(out);
                }
            }
        }
    }
    if r.problems.is_empty() {
        Ok(cfg)
    } else {
        Err(r.problems)
    }
}
