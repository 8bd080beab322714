//! F-4 git-ssh-command-in-dotfile.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "F-4",
    name: "git-ssh-command-in-dotfile",
    severity: Severity::Error,
    summary: "`GIT_SSH_COMMAND` written into a dotfile of the user",
    docs: r#"## What it does
Reports a boot-script command that writes `GIT_SSH_COMMAND` into a dotfile
(`~/.bashrc`, `$HOME/.profile`, `/home/coder/.…`), by a redirect or a heredoc.
Removing it (`sed -i '/GIT_SSH_COMMAND/d' ~/.bashrc`) and exporting it for the
session (`export GIT_SSH_COMMAND=…`) are fine.

## Why is this bad?
Coder sets up Git over SSH for each session; a value saved in a dotfile
outlives the session and points at a stale agent socket.

## Example
```sh
echo 'export GIT_SSH_COMMAND="ssh -i ~/.ssh/id"' >> ~/.bashrc
```

## Use instead
```sh
export GIT_SSH_COMMAND="$GIT_SSH_COMMAND"   # this session only
```
"#,
};

fn is_dotfile(target: &str) -> bool {
    let base = target.rsplit('/').next().unwrap_or(target);
    base.starts_with('.')
        && (target.starts_with('~')
            || target.contains("$HOME")
            || target.contains("${HOME}")
            || target.starts_with("/home/"))
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        if c.is_named("sed") {
            continue;
        }
        for r in c.all_redirects() {
            if !r.writes_file() || !is_dotfile(&r.target.unquoted) {
                continue;
            }
            let in_heredoc = c
                .all_redirects()
                .filter_map(|x| x.heredoc.as_ref())
                .any(|h| h.body.contains("GIT_SSH_COMMAND"));
            if c.text.contains("GIT_SSH_COMMAND") || in_heredoc {
                out.push(
                    RULE.diag(&boot.file, Some(c.span), format!("GIT_SSH_COMMAND is written into {}", r.target.text))
                        .with_help("export it for the session only; Coder sets up Git over SSH for each session"),
                );
                break;
            }
        }
    }
}
