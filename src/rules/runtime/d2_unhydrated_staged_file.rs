//! D-2 unhydrated-staged-file.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::FrameKind;
use crate::rules::{DiagExt, Rule};

use super::Template;

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
            words.extend(c.args.iter().map(|w| w.value_or_text().to_string()));
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
