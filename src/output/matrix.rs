//! `wsc matrix`: toolchain × base compatibility as a text table, JSON, or a
//! self-contained HTML page (no external assets).

use std::io::{self, Write};

use serde_json::json;

use crate::contract::repo::Repo;
use crate::diag::Diagnostic;
use crate::engine::repo::Cell;

fn reason(d: &Diagnostic) -> String {
    format!("{} {}", d.code(), d.message)
}

fn lookup<'c>(cells: &'c [Cell], t: &str, b: &str) -> Option<&'c Cell> {
    cells.iter().find(|c| c.toolchain == t && c.base == b)
}

fn sorted_names(repo: &Repo) -> (Vec<&str>, Vec<&str>) {
    let mut ts: Vec<&str> = repo.toolchains.iter().map(|t| t.name.as_str()).collect();
    let mut bs: Vec<&str> = repo.bases.iter().map(|b| b.name.as_str()).collect();
    ts.sort_unstable();
    ts.dedup();
    bs.sort_unstable();
    bs.dedup();
    (ts, bs)
}

pub fn text(repo: &Repo, cells: &[Cell], w: &mut dyn Write) -> io::Result<()> {
    let (ts, bs) = sorted_names(repo);
    let first = ts
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    let widths: Vec<usize> = bs.iter().map(|b| b.chars().count().max(4)).collect();
    let mut s = format!("{:<first$}", "TOOLCHAIN");
    for (b, wd) in bs.iter().zip(&widths) {
        s.push_str(&format!("  {b:<wd$}"));
    }
    writeln!(w, "{}", s.trim_end())?;
    for t in &ts {
        let mut line = format!("{t:<first$}");
        for (b, wd) in bs.iter().zip(&widths) {
            let mark = match lookup(cells, t, b) {
                Some(c) if c.refusals.is_empty() && c.notes.is_empty() => "ok",
                Some(c) if c.refusals.is_empty() => "ok*",
                Some(_) => "no",
                None => "-",
            };
            line.push_str(&format!("  {mark:<wd$}"));
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    writeln!(w)?;
    for c in cells {
        for d in &c.refusals {
            writeln!(w, "{} on {}: no: {}", c.toolchain, c.base, reason(d))?;
        }
        for d in &c.notes {
            writeln!(w, "{} on {}: note: {}", c.toolchain, c.base, reason(d))?;
        }
    }
    writeln!(
        w,
        "\nok: compatible; ok*: compatible with notes; no: refused"
    )
}

fn cell_json(c: &Cell) -> serde_json::Value {
    json!({
        "toolchain": c.toolchain,
        "base": c.base,
        "compatible": c.refusals.is_empty(),
        "refusals": c.refusals.iter().map(|d| json!({"code": d.code(), "message": d.message, "help": d.help})).collect::<Vec<_>>(),
        "notes": c.notes.iter().map(|d| json!({"code": d.code(), "message": d.message})).collect::<Vec<_>>(),
    })
}

pub fn json(repo: &Repo, cells: &[Cell], w: &mut dyn Write) -> io::Result<()> {
    let (ts, bs) = sorted_names(repo);
    let v = json!({
        "version": 1,
        "toolchains": ts,
        "bases": bs,
        "cells": cells.iter().map(cell_json).collect::<Vec<_>>(),
    });
    writeln!(w, "{v:#}")
}

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub(crate) const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}\
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.45rem .7rem;text-align:center}\
th{background:#f6f8fa}td.ok{background:#d4f7dc}td.note{background:#fff4c2}td.no{background:#ffd7d5}\
td[data-detail]{cursor:pointer}td:focus{outline:2px solid #0969da}\
#detail{margin-top:1.2rem;white-space:pre-wrap;font-family:ui-monospace,monospace;\
background:#f6f8fa;border:1px solid #d0d7de;padding:.8rem;min-height:3rem}";

const SCRIPT: &str = "document.querySelectorAll('td[data-detail]').forEach(function(td){\
function show(){document.getElementById('detail').textContent=td.getAttribute('data-detail');}\
td.addEventListener('mouseenter',show);td.addEventListener('click',show);\
td.addEventListener('keydown',function(e){if(e.key==='Enter'){show();}});});";

pub fn html(repo: &Repo, cells: &[Cell], w: &mut dyn Write) -> io::Result<()> {
    let (ts, bs) = sorted_names(repo);
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<title>wsc matrix</title><style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body>\n<h1>Toolchain × base compatibility</h1>\n");
    s.push_str("<p>Hover or click a cell to see why. Green: compatible; yellow: compatible with notes; red: refused.</p>\n<table>\n<tr><th>toolchain \\ base</th>");
    for b in &bs {
        s.push_str(&format!("<th>{}</th>", esc(b)));
    }
    s.push_str("</tr>\n");
    for t in &ts {
        s.push_str(&format!("<tr><th>{}</th>", esc(t)));
        for b in &bs {
            let Some(c) = lookup(cells, t, b) else {
                s.push_str("<td>-</td>");
                continue;
            };
            let (class, mark) = if !c.refusals.is_empty() {
                ("no", "✗")
            } else if !c.notes.is_empty() {
                ("note", "✓*")
            } else {
                ("ok", "✓")
            };
            let mut detail = format!("{t} on {b}: ");
            if c.refusals.is_empty() && c.notes.is_empty() {
                detail.push_str("compatible");
            }
            for d in c.refusals.iter().chain(&c.notes) {
                detail.push('\n');
                detail.push_str(&reason(d));
            }
            s.push_str(&format!(
                "<td class=\"{class}\" tabindex=\"0\" data-detail=\"{}\">{mark}</td>",
                esc(&detail)
            ));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n<div id=\"detail\" aria-live=\"polite\">Select a cell.</div>\n<script>");
    s.push_str(SCRIPT);
    s.push_str("</script>\n</body></html>\n");
    w.write_all(s.as_bytes())
}
