//! F-5 overwriting-hydration.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule, Verifies};

use super::Template;

pub static RULE: Rule = Rule {
    code: "F-5",
    name: "overwriting-hydration",
    severity: Severity::Error,
    summary: "hydration that overwrites user state in /home/coder",
    docs: r#"## What it does
Reports a boot-script copy from the staging directory (`/home/coder-files`,
a `[runtime]` setting) into the home directory that overwrites existing files:
`cp` without `-n`, `--no-clobber` or `--update=none`, `rsync` without
`--ignore-existing`. A copy guarded by a test that its destination file is
absent is fine (`[ -e ~/.gitconfig ] || cp /home/coder-files/.gitconfig
~/.gitconfig`, `if [ ! -f ~/X ] && [ -f /home/coder-files/X ]; then cp …`,
`test ! -f`, `[[ ! -f … ]]`, `if ! [ -e … ]`, an `else` branch, nested
`if`s; `~`, `$HOME`, `${HOME}`, `"$HOME"` and `/home/coder` are one place,
trailing slashes aside; a destination directory stands for the file of the
source's name in it); a guard that tests the source path, or another file,
or an `||` condition in an `if`, is not a copy-if-missing guard.

## Why is this bad?
Every boot would reset the user's edited dotfiles and settings to the image's
copies: work is lost silently at each restart.

## Example
```sh
cp -r /home/coder-files/. /home/coder/
```

## Use instead
```sh
cp -rn /home/coder-files/. /home/coder/
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Copy-if-missing hydration",
        scenario: "Hydration overwrites user files",
    }],
};

/// A hydration copy from the staging directory that does not keep existing
/// files: `cp` without `-n`/`--no-clobber`/`--update=none`, `rsync` without
/// `--ignore-existing`, unless guarded by a test that the destination file
/// itself is absent (a test of the source, or of another file, does not keep
/// the destination).
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let staging = t.cfg.staging_dir.trim_end_matches('/');
    for c in &boot.script.commands {
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        let from_staging = args
            .iter()
            .any(|w| w.value_or_text().starts_with(staging) || w.unquoted.starts_with(staging));
        if !from_staging {
            continue;
        }
        let keeps = match name.value_or_text() {
            "cp" => {
                c.has_short_flag('n')
                    || c.has_long_flag("no-clobber")
                    || args.iter().any(|w| w.value_or_text() == "--update=none")
            }
            "rsync" => c.has_long_flag("ignore-existing"),
            _ => continue,
        };
        // A guard on the destination file (not the source, not another file)
        // also keeps user files.
        let guarded = destination(args, staging, &t.cfg.user).is_some_and(|dest| {
            c.file_conditions()
                .iter()
                .any(|ft| !ft.when_holds && super::home_path(&ft.path, &t.cfg.user) == dest)
        });
        if !keeps && !guarded {
            out.push(
                RULE.diag(boot.file_of(c), Some(c.span), format!("hydration from {staging} overwrites files in the home directory"))
                    .with_help("copy without overwriting: `cp -rn`, `cp --update=none` or `rsync --ignore-existing`"),
            );
        }
    }
}

/// The file a copy writes: its last operand, or that directory joined with the
/// source's file name when the last operand is a directory path (`~/`).
fn destination(args: &[crate::ingest::shell::Word], staging: &str, user: &str) -> Option<String> {
    let operands: Vec<&str> = args
        .iter()
        .map(|w| w.unquoted.as_str())
        .filter(|w| !w.starts_with('-'))
        .collect();
    let (dest, sources) = operands.split_last()?;
    let source = sources.iter().find(|s| s.starts_with(staging))?;
    let dest_norm = super::home_path(dest, user);
    let dir_like = dest.ends_with('/') || dest_norm == format!("/home/{user}");
    if dir_like {
        let name = source.trim_end_matches('/').rsplit('/').next()?;
        Some(format!("{dest_norm}/{name}"))
    } else {
        Some(dest_norm)
    }
}
