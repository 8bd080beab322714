//! F-4 git-ssh-command-in-dotfile.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::{Command, FrameKind, Script, Word};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "F-4",
    name: "git-ssh-command-in-dotfile",
    severity: Severity::Error,
    summary: "`GIT_SSH_COMMAND` written into a dotfile of the user",
    docs: r#"## What it does
Reports a boot-script command that writes `GIT_SSH_COMMAND` into a dotfile
of the user: a file or directory in the home directory whose name starts
with a dot (`~/.bashrc`, `~/.profile`, `~/.bash_profile`, `~/.zshrc`,
`~/.bashrc.d/git.sh`, `$HOME/.x`, `${HOME}/.x`, `~coder/.x`,
`/home/coder/.x`). It is written:
- by a redirect (`>`, `>>`, also of an enclosing `{ …; } >> ~/.bashrc`) of a
  command that names `GIT_SSH_COMMAND` (`echo`, `printf`) or whose heredoc
  or here-string does (`cat >> ~/.bashrc <<EOF … EOF`), or that reads it
  from a pipeline (`echo … | cat >> ~/.bashrc`);
- by `tee` (`tee -a`, `sudo tee`) with a dotfile operand, fed by a pipeline
  that names it (`echo 'export GIT_SSH_COMMAND=…' | sudo tee -a ~/.bashrc`)
  or by a heredoc or here-string;
- by an in-place `sed` on a dotfile whose `a`, `i` or `c` command adds it
  (`sed -i '$a export GIT_SSH_COMMAND=…' ~/.bashrc`) or whose `s` command
  puts it in the replacement.

Removing it is fine: `sed` (`sed -i '/GIT_SSH_COMMAND/d' ~/.bashrc`, or an
`s` command that replaces it with something else), `grep -v
GIT_SSH_COMMAND` and `awk '!/GIT_SSH_COMMAND/'` filters are not writes of it;
so is exporting it for the session (`export GIT_SSH_COMMAND=…`) and writing
it to a file outside the home directory's dotfiles.

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
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Boot order",
        scenario: "GitSSH written to a dotfile",
    }],
    checks: &[Check::Template(check)],
};

const NAME: &str = "GIT_SSH_COMMAND";

/// A path in the user's home directory whose first component starts with a
/// dot: `~/.bashrc`, `$HOME/.profile`, `/home/coder/.bashrc.d/x`.
fn is_dotfile(target: &str) -> bool {
    let rest = if let Some(r) = target
        .strip_prefix("$HOME/")
        .or_else(|| target.strip_prefix("${HOME}/"))
    {
        r
    } else if let Some(r) = target.strip_prefix('~') {
        // `~/x` or `~user/x`
        match r.split_once('/') {
            Some((user, r)) if !user.contains(['$', '*']) => r,
            _ => return false,
        }
    } else if let Some(r) = target.strip_prefix("/home/") {
        match r.split_once('/') {
            Some((_, r)) => r,
            None => return false,
        }
    } else {
        return false;
    };
    rest.trim_start_matches('/').starts_with('.')
}

/// An in-place `sed` that puts GIT_SSH_COMMAND into a dotfile: an `a`, `i`
/// or `c` command, or an `s` command whose replacement names it (`sed -i
/// '/GIT_SSH_COMMAND/d'` and an `s` that removes it are removals). The
/// dotfile's word.
fn sed_writes_it(c: &Command) -> Option<&str> {
    let (name, args) = c.invoked()?;
    if name.value_or_text().rsplit('/').next() != Some("sed") {
        return None;
    }
    let words: Vec<&str> = args.iter().map(Word::value_or_text).collect();
    let in_place = words.iter().any(|w| {
        *w == "--in-place"
            || w.starts_with("--in-place=")
            || (w.starts_with('-') && !w.starts_with("--") && w[1..].starts_with('i'))
            || (w.starts_with('-')
                && !w.starts_with("--")
                && w.len() > 1
                && w[1..].chars().all(|ch| ch.is_ascii_alphabetic())
                && w.contains('i'))
    });
    if !in_place {
        return None;
    }
    let mut scripts = Vec::new();
    let mut operands = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w == "-e" || w == "--expression" {
            scripts.extend(words.get(i + 1).copied());
            i += 2;
            continue;
        }
        if let Some(e) = w.strip_prefix("--expression=") {
            scripts.push(e);
        } else if !w.starts_with('-') {
            operands.push(i);
        }
        i += 1;
    }
    if scripts.is_empty() && !operands.is_empty() {
        scripts.push(words[operands.remove(0)]);
    }
    let writes = scripts.iter().any(|script| {
        script.split([';', '\n']).any(|cmd| {
            let cmd = cmd.trim();
            if !cmd.contains(NAME) {
                return false;
            }
            // Skip the address: `/re/`, `$`, `1`, `1,5`.
            let rest = match cmd.strip_prefix('/') {
                Some(r) => r.find('/').map_or("", |k| &r[k + 1..]),
                None => {
                    cmd.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '$' || ch == ',')
                }
            }
            .trim_start();
            match rest.chars().next() {
                Some('a' | 'i' | 'c') => true,
                Some('s') => {
                    let body = &rest[1..];
                    let delim = body.chars().next().unwrap_or('/');
                    let parts: Vec<&str> = body
                        .get(delim.len_utf8()..)
                        .unwrap_or_default()
                        .split(delim)
                        .collect();
                    parts.get(1).is_some_and(|repl| repl.contains(NAME))
                }
                _ => false,
            }
        })
    });
    if !writes {
        return None;
    }
    operands
        .iter()
        .map(|&k| &args[k])
        .find(|w| is_dotfile(&w.unquoted))
        .map(|w| w.text.as_str())
}

/// A filter that drops the lines naming GIT_SSH_COMMAND: `sed`, `grep -v`,
/// `awk '!/GIT_SSH_COMMAND/'`.
fn removes(c: &Command) -> bool {
    let Some((name, args)) = c.invoked() else {
        return false;
    };
    let args: Vec<&str> = args.iter().map(Word::value_or_text).collect();
    match name.value_or_text().rsplit('/').next() {
        Some("sed") => true,
        Some("grep" | "egrep") => args.iter().any(|a| {
            *a == "--invert-match"
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('v'))
        }),
        Some("awk" | "gawk" | "mawk") => args.iter().any(|a| a.contains(&format!("!/{NAME}"))),
        _ => false,
    }
}

/// The commands of the pipeline before `c` (what `c` reads on its stdin),
/// with the commands nested in them.
fn feeders<'s>(script: &'s Script, c: &Command) -> impl Iterator<Item = &'s Command> {
    let pipe = c.own_pipeline();
    script.commands.iter().take(c.index).filter(move |m| {
        pipe.is_some_and(|(span, at)| {
            m.context.frames.iter().any(|f| {
                f.span == span
                    && matches!(f.kind, FrameKind::Pipeline { position, .. } if position < at)
            })
        })
    })
}

/// The command's own heredoc bodies and here-strings name GIT_SSH_COMMAND.
fn input_names_it(c: &Command) -> bool {
    c.all_redirects().any(|r| {
        r.heredoc.as_ref().is_some_and(|h| h.body.contains(NAME))
            || (r.op == "<<<" && r.target.text.contains(NAME))
    })
}

/// What the command writes names GIT_SSH_COMMAND: its own words, its heredoc
/// or here-string, or a pipeline feeding it (unless a filter removes it).
fn writes_it(script: &Script, c: &Command) -> bool {
    if removes(c) {
        return false;
    }
    let words = c
        .name
        .iter()
        .chain(&c.args)
        .chain(c.assignments.iter().filter_map(|a| a.value.as_ref()))
        .any(|w| w.text.contains(NAME));
    words || input_names_it(c) || feeders(script, c).any(|m| m.text.contains(NAME) && !removes(m))
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let script = &boot.script;
    for c in &script.commands {
        let by_redirect = c
            .all_redirects()
            .find(|r| {
                r.writes_file()
                    && matches!(r.fd.as_deref(), None | Some("1"))
                    && is_dotfile(&r.target.unquoted)
            })
            .map(|r| r.target.text.as_str());
        let by_tee = if c.invokes("tee") {
            c.invoked().and_then(|(_, args)| {
                args.iter()
                    .take_while(|w| w.value_or_text() != "--")
                    .find(|w| !w.value_or_text().starts_with('-') && is_dotfile(&w.unquoted))
                    .map(|w| w.text.as_str())
            })
        } else {
            None
        };
        if let Some(target) = sed_writes_it(c) {
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("GIT_SSH_COMMAND is written into {target} by sed"),
                )
                .with_help(
                    "export it for the session only; Coder sets up Git over SSH for each session",
                ),
            );
            continue;
        }
        let Some(target) = by_redirect.or(by_tee) else {
            continue;
        };
        if writes_it(script, c) {
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("GIT_SSH_COMMAND is written into {target}"),
                )
                .with_help(
                    "export it for the session only; Coder sets up Git over SSH for each session",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::shell::parse_plain;

    fn writes(src: &str) -> bool {
        let s = parse_plain(src);
        let mut out = Vec::new();
        for c in &s.commands {
            let target = c
                .all_redirects()
                .any(|r| r.writes_file() && is_dotfile(&r.target.unquoted))
                || (c.invokes("tee")
                    && c.invoked().is_some_and(|(_, a)| {
                        a.iter()
                            .any(|w| !w.text.starts_with('-') && is_dotfile(&w.unquoted))
                    }));
            if target && writes_it(&s, c) {
                out.push(c.text.clone());
            }
        }
        !out.is_empty()
    }

    #[test]
    fn writes_into_dotfiles_are_found() {
        for src in [
            "echo 'export GIT_SSH_COMMAND=\"ssh -i ~/.ssh/id\"' >> ~/.bashrc\n",
            "echo 'export GIT_SSH_COMMAND=ssh' | tee -a ~/.bashrc\n",
            "echo 'export GIT_SSH_COMMAND=ssh' | sudo tee -a /home/coder/.profile >/dev/null\n",
            "printf 'export GIT_SSH_COMMAND=%s\\n' ssh >> ~/.profile\n",
            "cat >> ~/.bashrc <<EOF\nexport GIT_SSH_COMMAND=ssh\nEOF\n",
            "tee \"$HOME/.zshrc\" <<< 'export GIT_SSH_COMMAND=ssh'\n",
            "sudo tee -a ${HOME}/.bash_profile >/dev/null <<'X'\nexport GIT_SSH_COMMAND=ssh\nX\n",
            "{ echo 'export GIT_SSH_COMMAND=ssh'; } >> ~/.bashrc\n",
            "echo 'export GIT_SSH_COMMAND=ssh' | cat >> ~/.bashrc.d/git.sh\n",
        ] {
            assert!(writes(src), "{src}");
        }
    }

    #[test]
    fn removals_and_other_files_are_not() {
        for src in [
            "sed -i '/GIT_SSH_COMMAND/d' ~/.bashrc\n",
            "grep -v GIT_SSH_COMMAND ~/.bashrc > ~/.bashrc.tmp && mv ~/.bashrc.tmp ~/.bashrc\n",
            "grep -v GIT_SSH_COMMAND ~/.bashrc | tee ~/.bashrc.new >/dev/null\n",
            "export GIT_SSH_COMMAND=\"${GIT_SSH_COMMAND:-ssh}\"\n",
            "echo \"GIT_SSH_COMMAND=$GIT_SSH_COMMAND\" >> /tmp/boot.log\n",
            "echo 'export EDITOR=vim' | tee -a ~/.bashrc\n",
            "echo 'GIT_SSH_COMMAND set' | tee -a /tmp/log\n",
            "grep -q GIT_SSH_COMMAND ~/.bashrc && log found\n",
        ] {
            assert!(!writes(src), "{src}");
        }
    }
}
