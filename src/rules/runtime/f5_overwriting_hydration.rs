//! F-5 overwriting-hydration.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "F-5",
    name: "overwriting-hydration",
    severity: Severity::Error,
    summary: "hydration that overwrites user state in /home/coder",
    docs: r#"## What it does
Reports a boot-script copy from the staging directory (`/home/coder-files`,
a `[runtime]` setting) into the home directory that overwrites existing files:
`cp` without `-n`, `--no-clobber` or `--update=none`, `rsync` without
`--ignore-existing`, `install` (which always replaces), or that deletes them
(`rsync --delete`). Shell variables assigned once are followed
(`src=/home/coder-files/x; cp "$src" "$dst"`), and a `cd DIR &&` before a
relative source; copies to places outside the home directory (`/etc`, `/tmp`)
are not hydration. A copy guarded by a test that its destination file is
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
    checks: &[Check::Template(check)],
};

/// A hydration copy from the staging directory into the home directory that
/// does not keep existing files (see the docs), or that deletes the user's
/// files (`rsync --delete`).
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let staging = t.cfg.staging_dir.trim_end_matches('/');
    let user = &t.cfg.user;
    let vars = super::copies::ShellVars::of(&boot.script);
    for copy in super::copies::copies(&boot.script, &vars) {
        if !copy.from_staging(staging) || copy.into_home(user) != Some(true) {
            continue;
        }
        let c = copy.cmd;
        if copy.deletes {
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!(
                        "hydration from {staging} deletes the user's files in the home directory"
                    ),
                )
                .with_help("drop `--delete`: the home directory holds the user's own files too"),
            );
            continue;
        }
        // A guard on the destination file (not the source, not another file)
        // also keeps user files.
        let guarded = copy.guarded_on_destination(&vars, user);
        if !copy.keeps && !guarded {
            let help = if copy.tool == "install" {
                "`install` always replaces the file: copy with `cp -n` (or guard on the destination) instead"
            } else {
                "copy without overwriting: `cp -rn`, `cp --update=none` or `rsync --ignore-existing`"
            };
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("hydration from {staging} overwrites files in the home directory"),
                )
                .with_help(help),
            );
        }
    }
}
