//! F-5 overwriting-hydration.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

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
`--ignore-existing`. A copy guarded by a test that the destination is absent
is fine; a guard that tests the source path is not a copy-if-missing guard.

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
};

/// A hydration copy from the staging directory that does not keep existing
/// files: `cp` without `-n`/`--no-clobber`/`--update=none`, `rsync` without
/// `--ignore-existing`, unless guarded by a test that the destination is absent.
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
        // A guard on the destination (not the source) also keeps user files.
        let guarded = c
            .guarded_by
            .iter()
            .filter_map(crate::ingest::shell::GuardRef::file_test)
            .any(|ft| !ft.when_holds && !ft.path.starts_with(staging));
        if !keeps && !guarded {
            out.push(
                RULE.diag(&boot.file, Some(c.span), format!("hydration from {staging} overwrites files in the home directory"))
                    .with_help("copy without overwriting: `cp -rn`, `cp --update=none` or `rsync --ignore-existing`"),
            );
        }
    }
}
