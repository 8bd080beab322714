//! `wsc spec coverage` as text, JSON and a self-contained HTML page.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::engine::coverage::{Coverage, Status};

use super::matrix::{STYLE, esc};

fn percent(covered: usize, checkable: usize) -> String {
    (covered * 100)
        .checked_div(checkable)
        .map_or_else(|| "100%".to_string(), |p| format!("{p}%"))
}

pub fn text(c: &Coverage, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    for spec in &c.specs {
        let (checkable, covered, runtime) = spec.counts();
        s.push_str(&format!(
            "{} ({}): {covered} of {checkable} statically checkable scenarios covered ({}), {runtime} runtime-only\n",
            spec.id,
            spec.file,
            percent(covered, checkable)
        ));
        for r in &spec.requirements {
            s.push_str(&format!("  {} (line {})\n", r.name, r.line));
            for sc in &r.scenarios {
                match &sc.status {
                    Status::Covered => {
                        s.push_str(&format!("    ✓ {}: {}\n", sc.name, sc.rules.join(", ")));
                    }
                    Status::RuntimeOnly(reason) => {
                        s.push_str(&format!("    ○ {}: runtime-only: {reason}\n", sc.name));
                    }
                    Status::Uncovered => {
                        s.push_str(&format!("    ✗ {}: no rule verifies it\n", sc.name));
                    }
                }
            }
        }
        s.push('\n');
    }
    for (code, v) in &c.dangling {
        s.push_str(&format!(
            "✗ {code} names a scenario that does not exist: {} / {} / {}\n",
            v.spec, v.requirement, v.scenario
        ));
    }
    for (file, req, sc) in &c.stale_runtime_only {
        s.push_str(&format!(
            "✗ {file} lists a scenario that does not exist: {req} / {sc}\n"
        ));
    }
    let (checkable, covered) = c.totals();
    s.push_str(&format!(
        "total: {covered} of {checkable} statically checkable scenarios covered ({})\n",
        percent(covered, checkable)
    ));
    w.write_all(s.as_bytes())
}

fn to_json(c: &Coverage) -> Value {
    let specs: Vec<Value> = c
        .specs
        .iter()
        .map(|spec| {
            let (checkable, covered, runtime) = spec.counts();
            let requirements: Vec<Value> = spec
                .requirements
                .iter()
                .map(|r| {
                    let scenarios: Vec<Value> = r
                        .scenarios
                        .iter()
                        .map(|sc| {
                            let (status, reason) = match &sc.status {
                                Status::Covered => ("covered", Value::Null),
                                Status::RuntimeOnly(why) => ("runtime-only", json!(why)),
                                Status::Uncovered => ("uncovered", Value::Null),
                            };
                            let rules: Vec<Value> =
                                sc.rules.iter().map(|code| json!({"code": code})).collect();
                            json!({"name": sc.name, "line": sc.line, "status": status,
                                   "reason": reason, "rules": rules})
                        })
                        .collect();
                    json!({"name": r.name, "line": r.line, "scenarios": scenarios})
                })
                .collect();
            json!({"id": spec.id, "file": spec.file, "checkable": checkable, "covered": covered,
                   "runtime_only": runtime, "requirements": requirements})
        })
        .collect();
    let dangling: Vec<Value> = c
        .dangling
        .iter()
        .map(|(code, v)| json!({"code": code, "spec": v.spec, "requirement": v.requirement, "scenario": v.scenario}))
        .collect();
    let stale: Vec<Value> = c
        .stale_runtime_only
        .iter()
        .map(|(f, r, s)| json!({"file": f, "requirement": r, "scenario": s}))
        .collect();
    let (checkable, covered) = c.totals();
    json!({"version": 1, "specs": specs, "dangling_rules": dangling,
           "stale_runtime_only": stale,
           "summary": {"checkable": checkable, "covered": covered}})
}

pub fn json(c: &Coverage, w: &mut dyn Write) -> io::Result<()> {
    let mut text = serde_json::to_string_pretty(&to_json(c)).map_err(io::Error::other)?;
    text.push('\n');
    w.write_all(text.as_bytes())
}

pub fn html(c: &Coverage, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<title>wsc spec coverage</title><style>");
    s.push_str(STYLE);
    s.push_str(
        "td{text-align:left}</style></head><body>\n<h1>Requirements × scenarios × rules</h1>\n",
    );
    s.push_str("<p>Green: a rule verifies the scenario; yellow: runtime-only (only a running workspace shows it); red: statically checkable and not verified.</p>\n");
    for spec in &c.specs {
        let (checkable, covered, runtime) = spec.counts();
        s.push_str(&format!(
            "<h2>{}</h2>\n<p>{} — {covered} of {checkable} statically checkable scenarios covered ({}), {runtime} runtime-only</p>\n",
            esc(&spec.id),
            esc(&spec.file),
            percent(covered, checkable)
        ));
        s.push_str("<table>\n<tr><th>requirement</th><th>scenario</th><th>rules</th></tr>\n");
        for r in &spec.requirements {
            for (i, sc) in r.scenarios.iter().enumerate() {
                let req = if i == 0 { esc(&r.name) } else { String::new() };
                let (class, rules) = match &sc.status {
                    Status::Covered => ("ok", sc.rules.join(", ")),
                    Status::RuntimeOnly(why) => ("note", format!("runtime-only: {why}")),
                    Status::Uncovered => ("no", "no rule".to_string()),
                };
                s.push_str(&format!(
                    "<tr><th>{req}</th><td class=\"{class}\">{}</td><td class=\"{class}\">{}</td></tr>\n",
                    esc(&sc.name),
                    esc(&rules)
                ));
            }
        }
        s.push_str("</table>\n");
    }
    if !c.dangling.is_empty() {
        s.push_str("<h2>Rules naming a scenario that does not exist</h2>\n<ul>\n");
        for (code, v) in &c.dangling {
            s.push_str(&format!(
                "<li>{} → {} / {} / {}</li>\n",
                esc(code),
                esc(v.spec),
                esc(v.requirement),
                esc(v.scenario)
            ));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</body></html>\n");
    w.write_all(s.as_bytes())
}
