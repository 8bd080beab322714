//! Baselines: record today's findings as known drift, then report only new
//! ones as failures.
//!
//! A finding's fingerprint is FNV-1a (64-bit) over `code`, NUL, `file`, NUL and
//! the source line of its primary place with white space collapsed, written as
//! 16 lowercase hex digits. It survives lines being inserted or removed
//! elsewhere in the file, and changes when the offending line itself changes.
//! `file` is the path relative to the audited directory, so a baseline works
//! whether the tree is audited as `.`, as `examples/x` or from elsewhere.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, LineIndex, Severity, SourceFile, Span, to_u32};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    pub file: String,
    pub fingerprint: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// A baseline read for a run: its entries, the file as shown and its text
/// (for the places of stale entries), and the audited directory its paths
/// are relative to.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub baseline: Baseline,
    pub path: Arc<str>,
    pub text: Arc<str>,
    pub root: String,
}

/// Read the baseline at `path` for a run over `root`.
///
/// # Errors
/// Why the file cannot be read or is not a baseline.
pub fn load(path: &std::path::Path, root: &str) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let baseline = serde_json::from_str::<Baseline>(&text).map_err(|e| e.to_string())?;
    Ok(Loaded {
        baseline,
        path: Arc::from(path.display().to_string()),
        text: Arc::from(text),
        root: root.to_string(),
    })
}

fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        // Parts are separated by a NUL byte.
        let sep = (i > 0).then_some(0u8);
        for b in sep.into_iter().chain(p.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// A finding's file relative to the audited directory `root`.
pub fn relative<'a>(file: &'a str, root: &str) -> &'a str {
    let root = root.trim_end_matches('/');
    if root.is_empty() || root == "." {
        return file.strip_prefix("./").unwrap_or(file);
    }
    file.strip_prefix(root)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(file)
}

/// The fingerprint of a finding (see the module docs).
pub fn fingerprint(d: &Diagnostic, files: &[SourceFile], root: &str) -> String {
    let line = d
        .span
        .and_then(|s| {
            files
                .iter()
                .find(|f| f.path == d.file)
                .and_then(|f| f.line_at(s.start))
        })
        .map_or_else(
            || d.message.to_string(),
            |l| l.split_whitespace().collect::<Vec<_>>().join(" "),
        );
    fnv1a(&[d.code(), relative(&d.file, root), &line])
}

/// A baseline of the findings, sorted, one entry per line when written.
pub fn record(diags: &[Diagnostic], files: &[SourceFile], root: &str) -> Baseline {
    let mut entries: Vec<Entry> = diags
        .iter()
        .map(|d| Entry {
            code: d.code().to_string(),
            file: relative(&d.file, root).to_string(),
            fingerprint: fingerprint(d, files, root),
            message: d.message.to_string(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.file, &a.code, &a.fingerprint, &a.message).cmp(&(
            &b.file,
            &b.code,
            &b.fingerprint,
            &b.message,
        ))
    });
    Baseline {
        version: 1,
        entries,
    }
}

/// The baseline as text: one entry per line, so diffs stay readable and an
/// entry has a line for WSC003 to point at.
pub fn to_text(b: &Baseline) -> String {
    let mut s = String::from("{\n  \"version\": 1,\n  \"entries\": [\n");
    for (i, e) in b.entries.iter().enumerate() {
        let line = serde_json::to_string(e).unwrap_or_default();
        s.push_str("    ");
        s.push_str(&line);
        if i + 1 < b.entries.len() {
            s.push(',');
        }
        s.push('\n');
    }
    s.push_str("  ]\n}\n");
    s
}

/// Findings recorded in the baseline become information; entries that match
/// nothing are WSC003. Each entry excuses one finding.
pub fn apply(
    loaded: &Loaded,
    files: &[SourceFile],
    diags: &mut [Diagnostic],
    out: &mut Vec<Diagnostic>,
) {
    let (b, path, text, root) = (
        &loaded.baseline,
        &loaded.path,
        &*loaded.text,
        loaded.root.as_str(),
    );
    let mut remaining: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
    for (i, e) in b.entries.iter().enumerate() {
        remaining
            .entry((e.code.clone(), e.file.clone(), e.fingerprint.clone()))
            .or_default()
            .push(i);
    }
    for d in diags.iter_mut() {
        let key = (
            d.code().to_string(),
            relative(&d.file, root).to_string(),
            fingerprint(d, files, root),
        );
        if let Some(list) = remaining.get_mut(&key)
            && list.pop().is_some()
        {
            d.severity = Severity::Info;
            d.message = format!("{} (known drift: in the baseline)", d.message).into();
        }
    }
    let mut stale: Vec<usize> = remaining.into_values().flatten().collect();
    stale.sort_unstable();
    let index = LineIndex::new(text);
    for i in stale {
        let e = &b.entries[i];
        let line = text
            .lines()
            .position(|l| l.contains(&format!("\"fingerprint\":\"{}\"", e.fingerprint)))
            .map(|n| n as u32 + 1);
        let span = line
            .and_then(|l| index.line_start(l))
            .map(|s| Span::sized(to_u32(s), 1));
        out.push(crate::rules::wsc::stale_baseline_entry(
            path, span, &e.code, &e.file,
        ));
    }
}
