//! Inline suppressions: `# wsc:ignore CODE[,CODE] -- reason` (or `//`, or
//! `<!-- … -->` in Markdown) on the line above a finding. A post-pass over
//! the findings, like ruff's `noqa`; unused or reason-less suppressions are
//! WSC002.

use std::collections::HashSet;
use std::sync::Arc;

use crate::diag::{Diagnostic, LineIndex, SourceFile, Span, to_u32};
use crate::rules;

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub file: Arc<str>,
    /// The comment's line; it applies to the line below.
    pub line: u32,
    /// The comment (from its first non-blank character to its last one).
    pub span: Span,
    /// The bytes of the line below (its line break included).
    pub below: std::ops::Range<u32>,
    pub codes: Vec<String>,
    pub reason: Option<String>,
}

const MARKER: &str = "wsc:ignore";

/// Find the suppressions of a file (none in JSON: it has no comments).
pub fn scan(file: &SourceFile) -> Vec<Suppression> {
    if file.path.ends_with(".json") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let index = LineIndex::new(&file.text);
    let line_start = |n: usize| index.line_start(to_u32(n)).map(to_u32);
    for (i, raw) in file.text.lines().enumerate() {
        let trimmed = raw.trim_start();
        let body = if let Some(b) = trimmed.strip_prefix("<!--") {
            b.trim_end().trim_end_matches("-->")
        } else if let Some(b) = trimmed.strip_prefix('#') {
            b
        } else if let Some(b) = trimmed.strip_prefix("//") {
            b
        } else {
            continue;
        };
        let Some(rest) = body.trim_start().strip_prefix(MARKER) else {
            continue;
        };
        let (codes_part, reason) = match rest.split_once("--") {
            Some((c, r)) => (c, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        let codes: Vec<String> = codes_part
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let start = line_start(i + 1).unwrap_or(0) + to_u32(raw.len() - trimmed.len());
        let below = match line_start(i + 2) {
            Some(s) => s..line_start(i + 3).unwrap_or(u32::MAX),
            None => 0..0,
        };
        out.push(Suppression {
            file: file.path.clone(),
            line: i as u32 + 1,
            span: Span::sized(start, to_u32(trimmed.trim_end().len())),
            below,
            codes,
            reason,
        });
    }
    out
}

/// Drop the findings a valid suppression covers; report the suppressions
/// that are unused, reason-less or name unknown codes. A suppression whose
/// rules are all off (`is_on` false) is never called unused: its rules did
/// not run.
pub fn apply(files: &[SourceFile], diags: &mut Vec<Diagnostic>, is_on: impl Fn(&str) -> bool) {
    let all: Vec<Suppression> = files.iter().flat_map(scan).collect();
    if all.is_empty() {
        return;
    }
    let mut used: HashSet<usize> = HashSet::new();
    diags.retain(|d| {
        let Some(span) = d.span else { return true };
        let hit = all.iter().position(|s| {
            s.reason.is_some()
                && s.file == d.file
                && s.below.contains(&span.start)
                && s.codes.iter().any(|c| c.eq_ignore_ascii_case(d.code()))
        });
        match hit {
            Some(i) => {
                used.insert(i);
                false
            }
            None => true,
        }
    });
    for (i, s) in all.iter().enumerate() {
        let span = s.span;
        let unknown: Vec<&String> = s
            .codes
            .iter()
            .filter(|c| rules::find(c).is_none())
            .collect();
        let (message, help) = if s.codes.is_empty() {
            (
                "the suppression names no code".to_string(),
                "write `wsc:ignore CODE -- reason`",
            )
        } else if !unknown.is_empty() {
            (
                format!("the suppression names unknown code {}", unknown[0]),
                "`wsc rules` lists the codes",
            )
        } else if s.reason.is_none() {
            (
                "the suppression gives no reason".to_string(),
                "add ` -- <why this finding is acceptable here>`; it is not applied without one",
            )
        } else if !used.contains(&i)
            && s.codes
                .iter()
                .any(|c| rules::find(c).is_some_and(|r| is_on(r.code)))
        {
            (
                format!(
                    "the suppression of {} matches no finding on the next line",
                    s.codes.join(", ")
                ),
                "remove it; the finding it was written for is gone",
            )
        } else {
            continue;
        };
        diags.push(crate::rules::wsc::unused_suppression(
            &s.file, span, message, help,
        ));
    }
}
