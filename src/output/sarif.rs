//! `--format sarif`: SARIF 2.1.0 with every rule in `tool.driver.rules`.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diag::{Files, Severity, Span};
use crate::engine::Report;
use crate::rules;

use super::Meta;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(s: crate::diag::Loc, e: crate::diag::Loc) -> Value {
    json!({
        "startLine": s.line,
        "startColumn": s.col,
        "endLine": e.line,
        "endColumn": e.col,
    })
}

fn location(files: &Files<'_>, file: &str, span: Option<Span>) -> Value {
    let mut phys = json!({"artifactLocation": {"uri": uri(file)}});
    if let Some((s, e)) = span.and_then(|s| files.places(file, s)) {
        phys["region"] = region(s, e);
    }
    json!({"physicalLocation": phys})
}

/// A relative URI for a path (forward slashes, spaces and percent escaped).
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.replace('%', "%25").replace(' ', "%20")
}

pub fn render(report: &Report, meta: &Meta<'_>, w: &mut dyn Write) -> io::Result<()> {
    let rule_list: Vec<Value> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.docs, "markdown": r.docs},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let files = Files::new(&report.files);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = rules::ALL.iter().position(|r| r.code == d.code());
            let text = match &d.help {
                Some(h) => format!("{}\nhelp: {h}", d.message),
                None => d.message.to_string(),
            };
            let mut res = json!({
                "ruleId": d.code(),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(&files, &d.file, d.span)],
            });
            if let Some(i) = index {
                res["ruleIndex"] = json!(i);
            }
            if !d.related.is_empty() {
                res["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let mut l = location(&files, &r.file, Some(r.span));
                        l["id"] = json!(i);
                        l["message"] = json!({"text": r.message});
                        l
                    })
                    .collect();
            }
            res
        })
        .collect();
    let artifacts: Vec<Value> = report
        .files
        .iter()
        .map(|f| json!({"location": {"uri": uri(&f.path)}}))
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "wsc",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://coder.com/docs/admin/templates",
                "rules": rule_list,
                "properties": {"contract": meta.contract},
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    });
    let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    writeln!(w, "{text}")
}
