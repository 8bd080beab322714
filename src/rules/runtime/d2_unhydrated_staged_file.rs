//! D-2 unhydrated-staged-file.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::FrameKind;
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "D-2",
    name: "unhydrated-staged-file",
    severity: Severity::Info,
    summary: "a file staged into /home/coder-files that the boot script never hydrates",
    docs: r#"## What it does
Reports, as information (known drift), each file the image stages under the
staging directory (`/home/coder-files`, a `[runtime]` setting) that the boot
script's hydration does not reach. Hydration reaches a file when a command of
the boot script (a copy, `rsync`, `find`, `cd`, a loop's word list) names the
staging directory as a whole (`/home/coder-files/.`, `/home/coder-files/*`),
a directory above the file, the file itself, or a path with a variable in it
(which may name anything below its fixed part). A boot script that hydrates
nothing at all is INV-6's fault, not this one.

## Why is this bad?
The file is built into every image and never reaches the user: dead weight
that looks like a feature (DDEV host commands that never appear).

## Example
```dockerfile
COPY files/ /home/coder-files/
```
```sh
for f in .bashrc .gitconfig; do cp -n "/home/coder-files/$f" ~/"$f"; done
```
(and `files/.ddev/commands/host/launch` is staged too)

## Use instead
```sh
cp -rn /home/coder-files/. ~/
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Known drift is reported, not enforced",
        scenario: "A staged file is never hydrated",
    }],
    checks: &[Check::Template(check)],
};

/// What the boot script's hydration reaches: fixed paths below the staging
/// directory (`""` for all of it).
fn reached(t: &Template<'_>, staging: &str) -> Vec<String> {
    let Some(boot) = &t.boot else {
        return Vec::new();
    };
    let mut words: Vec<String> = Vec::new();
    for c in &boot.script.commands {
        let is_test = c.is_named("[") || c.is_named("[[") || c.is_named("test");
        if !is_test {
            for w in &c.args {
                words.extend(expand_loop_variable(c, &w.unquoted));
            }
            // `src=/home/coder-files/x` for a later `cp "$src" …`.
            for a in &c.assignments {
                if let Some(v) = &a.value {
                    words.push(v.unquoted.clone());
                }
            }
        }
        for f in &c.context.frames {
            if let FrameKind::For { items, .. } = &f.kind {
                words.extend(items.iter().cloned());
            }
        }
    }
    words
        .iter()
        .filter_map(|w| {
            let rest = w.strip_prefix(staging)?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            let rest = rest.trim_start_matches('/');
            let fixed = rest
                .split(['$', '*', '?', '[', '`'])
                .next()
                .unwrap_or_default();
            let fixed = if fixed.len() < rest.len() {
                // A variable or glob: everything below the fixed directory.
                fixed.rsplit_once('/').map_or("", |(d, _)| d)
            } else {
                fixed
            };
            let fixed = fixed.trim_end_matches('/').trim_end_matches("/.");
            Some(if fixed == "." {
                String::new()
            } else {
                fixed.to_string()
            })
        })
        .collect()
}

/// A word with the variable of an enclosing `for NAME in ITEMS` replaced by
/// each item (`/home/coder-files/$f` over `.bashrc .vimrc`); other words as
/// they are.
fn expand_loop_variable(c: &crate::ingest::shell::Command, word: &str) -> Vec<String> {
    for f in c.context.frames.iter().rev() {
        if let FrameKind::For {
            variable,
            items,
            header: false,
        } = &f.kind
            && !items.is_empty()
            && items.iter().all(|i| !i.contains(['$', '*', '?']))
            && let Some(replace) = substitution(word, variable)
        {
            return items.iter().map(|i| replace(i)).collect();
        }
    }
    vec![word.to_string()]
}

/// A function that puts a value in place of `$name`/`${name}` in `word`,
/// when the word uses that variable (and not a longer name that starts
/// like it).
fn substitution<'w>(word: &'w str, name: &str) -> Option<impl Fn(&str) -> String + 'w> {
    let braced = format!("${{{name}}}");
    let (at, len) = if let Some(i) = word.find(&braced) {
        (i, braced.len())
    } else {
        let plain = format!("${name}");
        let i = word.match_indices(&plain).map(|(i, _)| i).find(|&i| {
            !word[i + plain.len()..].starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
        })?;
        (i, plain.len())
    };
    Some(move |value: &str| format!("{}{value}{}", &word[..at], &word[at + len..]))
}

/// Staged files the boot script's hydration does not reach.
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    if t.boot.is_none() {
        return;
    }
    let staging = t.cfg.staging_dir.trim_end_matches('/');
    let reach = reached(t, staging);
    if reach.is_empty() {
        return; // no hydration at all: INV-6
    }
    for img in &t.images {
        for s in &img.staged {
            let Some(rel) = s
                .dest
                .strip_prefix(staging)
                .and_then(|r| r.strip_prefix('/'))
            else {
                continue;
            };
            let hydrated = reach
                .iter()
                .any(|r| r.is_empty() || rel == r || rel.starts_with(&format!("{r}/")));
            if !hydrated {
                out.push(
                    RULE.diag(
                        &img.file,
                        Some(s.span),
                        format!("{} is staged but the boot script never hydrates it", s.dest),
                    )
                    .with_help(format!(
                        "hydrate it (`cp -n {} ~/{rel}`) or stop staging it",
                        s.dest
                    )),
                );
            }
        }
    }
}
