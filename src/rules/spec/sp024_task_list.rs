//! SP024 task-list.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule};

pub static RULE: Rule = Rule {
    code: "SP024",
    name: "task-list",
    severity: Severity::Warning,
    summary: "a `tasks.md` without checkbox tasks, or with misnumbered or repeated task ids",
    docs: r#"## What it does
Checks a change's `tasks.md`: it has at least one checkbox task
(`- [ ] 1.1 Description`) when it has list items at all, and under numbered
groups (`## 1. Group`) each task id starts with its group's number and is not
repeated.

## Why is this bad?
A task list without checkboxes counts as zero tasks, so nothing tracks the
change's progress or flags it as incomplete at archive time.

## Example
```markdown
## 1. Tray
- 1.1 Add the tray
- 2.1 Add the latch
```

## Use instead
```markdown
## 1. Tray
- [ ] 1.1 Add the tray
- [ ] 1.2 Add the latch
```
"#,
    verifies: &[],
    checks: &[Check::Change(check)],
};

use std::collections::HashMap;

use crate::ingest::openspec::Change;

/// `- [ ] text` (also `*`, `+`, `1.`, `1)`), returning the text after the box.
fn checkbox(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?
    };
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix('[')?;
    let close = rest.find(']')?;
    let inside = rest[..close].trim();
    if inside.chars().count() > 1 {
        return None;
    }
    let after = &rest[close + 1..];
    if after.starts_with(['(', '[']) {
        return None;
    }
    Some(after.trim())
}

/// A list item line (outside code), for placing the no-checkbox finding.
fn list_item(line: &str) -> bool {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    indent < 4
        && (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
        })
}

pub fn check(c: &Change, out: &mut Vec<Diagnostic>) {
    let Some((file, raw)) = &c.tasks else { return };
    let text = crate::ingest::openspec::normalise(raw);
    let doc = crate::ingest::openspec::parse(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    let in_code = |i: usize| {
        doc.lines
            .get(i)
            .is_some_and(crate::ingest::openspec::Line::is_code)
    };
    let starts: Vec<usize> = lines
        .iter()
        .scan(0, |at, l| {
            let s = *at;
            *at += l.len() + 1;
            Some(s)
        })
        .collect();
    let at = |i: usize| {
        Some(crate::diag::Span::of(
            starts[i]..starts[i] + lines[i].len().max(1),
        ))
    };
    if !lines.iter().any(|l| checkbox(l).is_some()) {
        if let Some(i) = (0..lines.len()).find(|&i| !in_code(i) && list_item(lines[i])) {
            out.push(
                RULE.diag(
                    file,
                    at(i),
                    "no task in tasks.md is a checkbox: the change counts as 0 tasks",
                )
                .with_help("write each task as `- [ ] 1.1 Description`"),
            );
        }
        return;
    }
    let numbered = lines.iter().any(|l| group_number(l).is_some());
    if !numbered {
        return;
    }
    let mut group: Option<u64> = None;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if in_code(i) {
            continue; // an example, not a task
        }
        let t = l.trim_start();
        if t.starts_with("## ") && !t.starts_with("###") {
            group = group_number(l);
            continue;
        }
        let (Some(g), Some(rest)) = (group, checkbox(l)) else {
            continue;
        };
        let id = rest.split_whitespace().next().unwrap_or_default();
        let Some(lead) = task_id(id) else { continue };
        if lead != g {
            out.push(
                RULE.diag(
                    file,
                    at(i),
                    format!(
                        "task \"{id}\" is under group {g} but its number points to group {lead}"
                    ),
                )
                .with_help(format!("move it to group {lead} or renumber it")),
            );
        }
        if let Some(&first) = seen.get(id) {
            out.push(
                RULE.diag(
                    file,
                    at(i),
                    format!("task id \"{id}\" repeats the one on line {}", first + 1),
                )
                .with_help("give each task its own id"),
            );
        } else {
            seen.insert(id.to_string(), i);
        }
    }
}

/// `## 3.` (up to three spaces before it) → 3.
fn group_number(line: &str) -> Option<u64> {
    let indent = line.len() - line.trim_start().len();
    if indent > 3 {
        return None;
    }
    let t = line.trim_start().strip_prefix("## ")?.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !t[digits..].starts_with('.') {
        return None;
    }
    t[..digits].parse().ok()
}

/// `1.2`, `1.2.3`, `1.2a` → 1.
fn task_id(id: &str) -> Option<u64> {
    let (first, rest) = id.split_once('.')?;
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let second = rest.bytes().take_while(u8::is_ascii_digit).count();
    if second == 0 {
        return None;
    }
    first.parse().ok()
}
