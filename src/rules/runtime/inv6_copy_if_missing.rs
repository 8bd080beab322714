//! INV-6 copy-if-missing-hydration.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "INV-6",
    name: "copy-if-missing-hydration",
    severity: Severity::Error,
    summary: "no first-boot seed, an unguarded append, or a missing staging dir that aborts boot",
    docs: r#"## What it does
Checks how the boot script fills the home directory: the skeleton (`/etc/skel`)
is copied only on first boot (guarded by a test that `~/.bashrc`, `~/.profile`
or `~/.bash_profile` is absent, or that a marker the script then creates in
the home directory, such as `touch ~/.init_done`, is absent);
the staged files (`/home/coder-files`, a `[runtime]` setting) are hydrated,
and a missing staging directory is checked or logged rather than aborting the
boot; every append to a file in the home directory is guarded (`grep -q` or a
test) so nothing is written twice. A copy that overwrites is F-5.

## Why is this bad?
Unguarded appends grow the user's dotfiles at every restart; a skeleton copied
at every boot resets the user's shell; a missing staging directory must not
cost the user a workspace.

## Example
```sh
cp -r /etc/skel/. ~/
echo 'source ~/.ddev-env' >> ~/.bashrc
```

## Use instead
```sh
[ -f ~/.bashrc ] || cp -rn /etc/skel/. ~/
grep -q ddev-env ~/.bashrc || echo 'source ~/.ddev-env' >> ~/.bashrc
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Copy-if-missing hydration",
        scenario: "First boot and later boots",
    }],
    checks: &[Check::Template(check)],
};

fn in_home(target: &str, user: &str) -> bool {
    target.starts_with('~')
        || target.contains("$HOME")
        || target.contains("${HOME}")
        || target.starts_with(&format!("/home/{user}"))
}

/// Files of the skeleton that exist from the first boot on: testing that one
/// is absent is testing for the first boot.
const SKELETON_FILES: &[&str] = &[".bashrc", ".profile", ".bash_profile", ".bash_logout"];

/// The files in the home directory the script creates with a command that
/// only creates or truncates (`touch F`, `: > F`, `date > F`, `echo … > F`):
/// first-boot markers.
fn created_files(script: &crate::ingest::shell::Script, user: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in &script.commands {
        if c.is_named("touch") {
            out.extend(
                c.args
                    .iter()
                    .filter(|w| !w.unquoted.starts_with('-'))
                    .map(|w| crate::ingest::workspace::home_path(&w.unquoted, user)),
            );
        }
        for r in &c.redirects {
            if r.writes_file() {
                out.push(crate::ingest::workspace::home_path(
                    &r.target.unquoted,
                    user,
                ));
            }
        }
    }
    let home = format!("/home/{user}/");
    out.retain(|p| p.starts_with(&home));
    out
}

/// The command runs on the first boot only: a guard tests that a skeleton
/// file (`~/.bashrc`) or a marker the script creates in the home directory
/// (`~/.init_done`) is absent.
fn first_boot(c: &crate::ingest::shell::Command, markers: &[String], user: &str) -> bool {
    c.file_conditions().iter().any(|ft| {
        if ft.when_holds {
            return false;
        }
        let path = crate::ingest::workspace::home_path(&ft.path, user);
        let in_home = path.starts_with(&format!("/home/{user}/"));
        in_home
            && (SKELETON_FILES
                .iter()
                .any(|f| path.ends_with(&format!("/{f}")))
                || markers.contains(&path))
    })
}

/// The file in the home directory a command appends to (`>> F`, `tee -a F`,
/// `sed -i '$a …' F`): its path as `/home/USER/…` and as written.
fn appended_file(c: &crate::ingest::shell::Command, user: &str) -> Option<(String, String)> {
    if let Some(r) = c
        .all_redirects()
        .find(|r| r.appends() && in_home(&r.target.unquoted, user))
    {
        return Some((
            crate::ingest::workspace::home_path(&r.target.unquoted, user),
            r.target.text.clone(),
        ));
    }
    let (name, args) = c.invoked()?;
    let words: Vec<&str> = args.iter().map(|w| w.unquoted.as_str()).collect();
    let files: Vec<&str> = match name.value_or_text().rsplit('/').next()? {
        "tee"
            if words.iter().any(|w| {
                *w == "--append" || (w.starts_with('-') && !w.starts_with("--") && w.contains('a'))
            }) =>
        {
            words
                .iter()
                .copied()
                .filter(|w| !w.starts_with('-'))
                .collect()
        }
        "sed"
            if words
                .iter()
                .any(|w| w.starts_with("-i") || w.starts_with("--in-place")) =>
        {
            // `$a text`, `$ a\` (append after the last line).
            let script = words.iter().find(|w| !w.starts_with('-'))?;
            if !script.trim_start().starts_with('$')
                || !script.trim_start()[1..].trim_start().starts_with('a')
            {
                return None;
            }
            words
                .iter()
                .copied()
                .filter(|w| !w.starts_with('-'))
                .skip(1)
                .collect()
        }
        _ => return None,
    };
    files
        .into_iter()
        .find(|f| in_home(f, user))
        .map(|f| (crate::ingest::workspace::home_path(f, user), f.to_string()))
}

/// First-boot seed, guarded appends, hydration that survives a missing
/// staging directory.
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let cfg = t.cfg;
    let staging = cfg.staging_dir.trim_end_matches('/');
    let script = &boot.script;
    // 1. The skeleton is seeded on first boot only: a copy from /etc/skel
    //    guarded by a test that ~/.bashrc is absent.
    let seeds: Vec<&crate::ingest::shell::Command> = script
        .commands
        .iter()
        .filter(|c| (c.invokes("cp") || c.invokes("rsync")) && c.text.contains("/etc/skel"))
        .collect();
    let markers = created_files(script, &cfg.user);
    let guarded_seed = seeds.iter().any(|c| first_boot(c, &markers, &cfg.user));
    if seeds.is_empty() {
        out.push(
            RULE.diag(
                &boot.file,
                boot.anchor,
                "the boot script does not seed the home directory from /etc/skel on first boot",
            )
            .with_help("add `if [ ! -f ~/.bashrc ]; then cp -rn /etc/skel/. ~/; fi`"),
        );
    } else if !guarded_seed {
        out.push(
            RULE.diag(
                boot.file_of(seeds[0]),
                Some(seeds[0].span),
                "the skeleton copy is not limited to the first boot",
            )
            .with_help("guard it: `if [ ! -f ~/.bashrc ]; then … fi`"),
        );
    }
    // 2. Hydration exists and survives a missing staging directory.
    // Copies from the staging directory that may land in the home
    // directory (a destination wsc cannot tell counts; `/etc`, `/tmp` do not).
    let vars = super::copies::ShellVars::of(script);
    let hydrations: Vec<&crate::ingest::shell::Command> = super::copies::copies(script, &vars)
        .into_iter()
        .filter(|c| c.from_staging(staging) && c.into_home(&cfg.user) != Some(false))
        .map(|c| c.cmd)
        .collect();
    // A copy into the home directory in a statement that reads the staging
    // directory (`find /home/coder-files … | while read f; do cp "$f" …`)
    // hydrates too, though its source is a variable wsc does not follow.
    let indirect = super::copies::copies(script, &vars).iter().any(|c| {
        c.into_home(&cfg.user) != Some(false)
            && script
                .step_commands(c.cmd.top_level_step)
                .iter()
                .any(|o| o.args.iter().any(|w| w.unquoted.starts_with(staging)))
    });
    if hydrations.is_empty() && !indirect {
        out.push(
            RULE.diag(
                &boot.file,
                boot.anchor,
                format!("the boot script does not hydrate the home directory from {staging}"),
            )
            .with_help(format!(
                "copy the staged files without overwriting: `cp -rn {staging}/. ~/`"
            )),
        );
    }
    for h in &hydrations {
        // The staging directory, or the copied file in it, is tested for
        // existence: a missing one cannot abort the boot.
        let checks_staging = h
            .file_conditions()
            .iter()
            .any(|ft| ft.when_holds && vars.expand(&ft.path).starts_with(staging));
        let handled = h.context.frames.iter().any(|f| {
            matches!(
                f.kind,
                crate::ingest::shell::FrameKind::List {
                    after: Some(crate::ingest::shell::ListOp::Or),
                    ..
                }
            )
        });
        if !checks_staging && !handled {
            out.push(
                RULE.diag(
                    boot.file_of(h),
                    Some(h.span),
                    format!("a missing {staging} is neither checked nor logged"),
                )
                .with_help(format!(
                    "guard it: `if [ -d {staging} ]; then … else echo \"no {staging}\" >&2; fi`"
                )),
            );
        }
    }
    // 3. Appends to files in the home directory are guarded: by a test that
    //    names the file (`grep -q … FILE ||`, `[ -f FILE ]`), or by the
    //    first-boot test (the block runs once).
    for c in &script.commands {
        // What the command appends may come down its pipeline
        // (`echo … | tee -a F`): the whole pipeline's text counts.
        let piped = c.own_pipeline().is_some_and(|(span, _)| {
            script.commands.iter().any(|o| {
                o.own_pipeline().is_some_and(|(s, _)| s == span)
                    && o.text.contains("GIT_SSH_COMMAND")
            })
        });
        let writes_ssh = piped
            || c.text.contains("GIT_SSH_COMMAND")
            || c.all_redirects()
                .filter_map(|r| r.heredoc.as_ref())
                .any(|h| h.body.contains("GIT_SSH_COMMAND"));
        if writes_ssh {
            continue; // F-4's fault
        }
        let Some((target, shown)) = appended_file(c, &cfg.user) else {
            continue;
        };
        let names_target = c.guarded_by.iter().any(|g| {
            g.operands
                .iter()
                .chain(std::iter::once(&g.text))
                .flat_map(|o| o.split_whitespace())
                .any(|w| {
                    crate::ingest::workspace::home_path(w.trim_matches(['"', '\'']), &cfg.user)
                        == target
                })
        });
        if !names_target && !first_boot(c, &markers, &cfg.user) {
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("an unguarded append to {shown}: it is written again at every boot"),
                )
                .with_help("guard it on the file itself: `grep -q '<line>' <file> || echo '<line>' >> <file>`"),
            );
        }
    }
}
