//! F-8 hostname-as-identity.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::{Command, CommandKind, FrameKind, Script, Word};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "F-8",
    name: "hostname-as-identity",
    severity: Severity::Error,
    summary: "the container hostname used as workspace identity",
    docs: r#"## What it does
Reports a boot script that derives identity from the container hostname.

The hostname is read by `hostname` (alone or with a reading option: `-s`,
`-f`, `--short`, `--fqdn`, `-a`, `-A`, `-d`), `uname -n`/`--nodename`,
`hostnamectl` (status, `hostname`), a command that reads `/etc/hostname` or
`/proc/sys/kernel/hostname` (`cat`, `head`, `tail`, `$(< /etc/hostname)`,
`read … < /etc/hostname`, `cut`/`awk`/`sed`/`grep`/`tr` on it), or by
expanding `$HOSTNAME`/`${HOSTNAME}`. `'$HOSTNAME'` in single quotes (or
escaped, `\$HOSTNAME`) is text, not an expansion.

Reading it is identity derivation, and is reported, when the value:
- is cut apart: `${HOSTNAME#…}`, `${HOSTNAME%…}`, `${HOSTNAME/…}`,
  `${HOSTNAME:offset}` (anywhere, even in an unquoted heredoc body), or piped
  into `cut`, `awk`, `sed`, `tr`, `grep` (not `grep -q`, a test), `rev` or
  `read` (an `IFS` split), or given to them as a here-string or a file;
- flows into a variable: `NAME=$(hostname)`, `export`/`local NAME=…`,
  `NAME=$HOSTNAME`, `read NAME < /etc/hostname`;
- is an argument of `git` or `ddev`;
- is part of a path: a word with a `/` (`/home/coder/projects/$HOSTNAME`), a
  redirect target, or an operand of `mkdir`, `cd`, `touch`, `cp`, `mv`, `ln`,
  `rm`, `install`, `tee`, `chown`, `chmod`.

A command substitution is followed outwards: `X="$(echo "$(hostname)")"` is
an assignment. Printing the hostname (`echo "host: $(hostname)" >>
/tmp/boot.log`, `log "on $HOSTNAME"`) or testing it is not identity and is not
reported; neither is setting it (`hostname NAME`) nor the HCL `hostname`
attribute that sets it.

## Why is this bad?
The hostname is `<workspace>-<owner>`, deliberately unlike the container name;
parsing it breaks on names with hyphens and on renames. The agent's env has
the identity (INV-9).

## Example
```sh
OWNER=$(hostname | cut -d- -f2)
```

## Use instead
```sh
OWNER="$CODER_WORKSPACE_OWNER_NAME"
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Identity from the environment",
        scenario: "Identity parsed from the hostname",
    }],
    checks: &[Check::Template(check)],
};

/// Files that hold the hostname.
const HOSTNAME_FILES: &[&str] = &["/etc/hostname", "/proc/sys/kernel/hostname"];

/// Commands that cut what they read into parts.
const MANIPULATORS: &[&str] = &[
    "cut", "awk", "gawk", "mawk", "nawk", "sed", "tr", "grep", "egrep", "rev", "read",
];

/// Commands whose operands are paths.
const PATH_COMMANDS: &[&str] = &[
    "mkdir", "cd", "pushd", "touch", "cp", "mv", "ln", "rm", "rmdir", "install", "tee", "chown",
    "chgrp", "chmod",
];

/// Commands whose arguments name the workspace to other tools.
const IDENTITY_COMMANDS: &[&str] = &["git", "ddev"];

/// Options of `hostname` that only print it (or a part of it).
const HOSTNAME_READ_FLAGS: &[&str] = &[
    "-s",
    "--short",
    "-f",
    "--fqdn",
    "--long",
    "-a",
    "--alias",
    "-A",
    "--all-fqdns",
    "-d",
    "--domain",
    "-v",
    "--verbose",
];

/// The substitutions followed outwards at most this deep.
const MAX_HOPS: usize = 16;

fn base(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn is_hostname_file(path: &str) -> bool {
    HOSTNAME_FILES.contains(&path)
}

/// The invoked command's base name.
fn invoked_base(c: &Command) -> Option<&str> {
    c.invoked().map(|(n, _)| base(n.value_or_text()))
}

/// The command cuts what it reads apart (`grep -q` only tests it).
fn manipulates(c: &Command) -> bool {
    let Some((name, args)) = c.invoked() else {
        return false;
    };
    let name = base(name.value_or_text());
    let quiet = || {
        args.iter().map(Word::value_or_text).any(|a| {
            matches!(a, "--quiet" | "--silent")
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('q'))
        })
    };
    MANIPULATORS.contains(&name) && !(matches!(name, "grep" | "egrep") && quiet())
}

/// How a command reads the hostname.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// It prints the hostname; what happens to the output decides.
    Value,
    /// It cuts the hostname apart itself (`cut -d- -f2 /etc/hostname`,
    /// `read NAME < /etc/hostname`).
    Parsed,
}

fn reads_hostname(c: &Command) -> Option<Read> {
    let from_file = c
        .redirects
        .iter()
        .any(|r| r.reads_file() && is_hostname_file(r.target.value_or_text()));
    if c.kind == CommandKind::Redirection {
        return from_file.then_some(Read::Value);
    }
    let (name, args) = c.invoked()?;
    let args: Vec<&str> = args.iter().map(Word::value_or_text).collect();
    let (flags, operands): (Vec<&str>, Vec<&str>) =
        args.iter().partition(|a| a.starts_with('-') && a.len() > 1);
    let file_arg = operands.iter().any(|a| is_hostname_file(a));
    match base(name.value_or_text()) {
        "hostname" => (operands.is_empty()
            && flags.iter().all(|f| HOSTNAME_READ_FLAGS.contains(f)))
        .then_some(Read::Value),
        "uname" => flags
            .iter()
            .any(|f| *f == "--nodename" || (!f.starts_with("--") && f.contains('n')))
            .then_some(Read::Value),
        "hostnamectl" => {
            matches!(operands.as_slice(), [] | ["status" | "hostname"]).then_some(Read::Value)
        }
        "sed"
            if flags
                .iter()
                .any(|f| f.starts_with("-i") || *f == "--in-place") =>
        {
            None
        }
        n if MANIPULATORS.contains(&n) => {
            (manipulates(c) && (from_file || file_arg)).then_some(Read::Parsed)
        }
        "cat" | "head" | "tail" => (from_file || file_arg).then_some(Read::Value),
        _ => None,
    }
}

/// Where `$HOSTNAME` is expanded in a text.
#[derive(Default, Clone, Copy)]
struct Expansions {
    /// `$HOSTNAME`, `${HOSTNAME}`, `${HOSTNAME:-x}`.
    plain: bool,
    /// `${HOSTNAME#…}`, `%`, `/`, `:offset`, `^`, `,`, `@`.
    manipulated: bool,
}

/// The byte after the quote or bracket that closes the construct opening at
/// `i` (`'…'`, `` `…` ``, `$(…)`), or the end of the text.
fn skip_quoted(b: &[u8], i: usize, close: u8) -> usize {
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        if c == b'\\' && close != b'\'' {
            j += 2;
            continue;
        }
        if c == close {
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

fn skip_parens(b: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => {
                j += 2;
                continue;
            }
            b'\'' => {
                j = skip_quoted(b, j, b'\'');
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// The `$HOSTNAME` expansions of a shell word as written, or of an unquoted
/// heredoc body (`quotes` false: quotes are text there). Single-quoted and
/// escaped text is skipped, and so are command substitutions (their
/// commands are checked on their own).
fn hostname_expansions(text: &str, quotes: bool) -> Expansions {
    let b = text.as_bytes();
    let mut out = Expansions::default();
    let mut dq = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => {
                i += 2;
                continue;
            }
            b'\'' if quotes && !dq => {
                i = skip_quoted(b, i, b'\'');
                continue;
            }
            b'"' if quotes => dq = !dq,
            b'`' => {
                i = skip_quoted(b, i, b'`');
                continue;
            }
            b'$' => {
                let rest = text.get(i + 1..).unwrap_or("");
                if rest.starts_with('(') {
                    i = skip_parens(b, i + 1);
                    continue;
                }
                if quotes && !dq && rest.starts_with('\'') {
                    i = skip_quoted(b, i + 1, b'\'');
                    continue;
                }
                if let Some(r) = rest.strip_prefix("HOSTNAME") {
                    if !r.starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_') {
                        out.plain = true;
                    }
                } else if let Some(r) = rest.strip_prefix("{HOSTNAME") {
                    let mut chars = r.chars();
                    match chars.next() {
                        Some('}' | '[') => out.plain = true,
                        Some(':') => {
                            if matches!(chars.next(), Some('-' | '=' | '?' | '+')) {
                                out.plain = true;
                            } else {
                                out.manipulated = true;
                            }
                        }
                        Some('#' | '%' | '/' | '^' | ',' | '@') => out.manipulated = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The index in `frames` of the innermost substitution (command or process
/// substitution, heredoc body) around a command.
fn innermost_substitution(c: &Command) -> Option<usize> {
    c.context.frames.iter().rposition(|f| {
        matches!(
            f.kind,
            FrameKind::CommandSubstitution { .. }
                | FrameKind::ProcessSubstitution { .. }
                | FrameKind::HeredocBody { .. }
        )
    })
}

/// The command's output goes, through its own pipeline, into a command that
/// cuts it apart (`hostname | cut -d- -f2`, `echo "$HOSTNAME" | read a b`).
fn feeds_manipulator(script: &Script, c: &Command) -> bool {
    let from = innermost_substitution(c).map_or(0, |i| i + 1);
    let Some(pipe) = c
        .context
        .frames
        .iter()
        .skip(from)
        .rev()
        .find_map(|f| match f.kind {
            FrameKind::Pipeline { position, .. } => Some((f.span, position)),
            _ => None,
        })
    else {
        return false;
    };
    script.commands.iter().skip(c.index + 1).any(|m| {
        let frames = &m.context.frames;
        let Some(at) = frames.iter().position(|f| {
            f.span == pipe.0
                && matches!(f.kind, FrameKind::Pipeline { position, .. } if position > pipe.1)
        }) else {
            return false;
        };
        let nested = innermost_substitution(m).is_some_and(|s| s > at);
        !nested && manipulates(m)
    })
}

/// The word `w` of command `c` holds the hostname as identity: an
/// assignment, an argument of git/ddev, a path, a here-string cut apart.
fn holds_identity(c: &Command, w: &Word) -> bool {
    if c.kind == CommandKind::Assignment
        || c.assignments
            .iter()
            .any(|a| a.value.as_ref().is_some_and(|v| v.bytes == w.bytes))
    {
        return true;
    }
    let name = invoked_base(c);
    if name.is_some_and(|n| IDENTITY_COMMANDS.contains(&n) || PATH_COMMANDS.contains(&n)) {
        return true;
    }
    if let Some(r) = c.redirects.iter().find(|r| r.target.bytes == w.bytes) {
        if r.op == "<<<" {
            return manipulates(c);
        }
        return r.writes_file() || r.reads_file();
    }
    w.unquoted.contains('/') && !w.unquoted.contains(char::is_whitespace)
}

/// The word of `host` whose text holds the bytes of a command inside it.
fn word_holding<'c>(host: &'c Command, inner: &std::ops::Range<usize>) -> Option<&'c Word> {
    host.args
        .iter()
        .chain(host.assignments.iter().filter_map(|a| a.value.as_ref()))
        .chain(host.redirects.iter().map(|r| &r.target))
        .find(|w| w.bytes.start <= inner.start && inner.end <= w.bytes.end)
}

/// The hostname that command `c` prints (`word` None), or that its word
/// `word` expands, becomes identity.
fn derives(script: &Script, c: &Command, word: Option<&Word>, hops: usize) -> bool {
    if hops > MAX_HOPS {
        return false;
    }
    if feeds_manipulator(script, c) || word.is_some_and(|w| holds_identity(c, w)) {
        return true;
    }
    let Some(at) = innermost_substitution(c) else {
        return false;
    };
    let host = match &c.context.frames[at].kind {
        FrameKind::CommandSubstitution {
            assigned_to: Some(_),
            ..
        } => return true,
        FrameKind::CommandSubstitution { host, .. } | FrameKind::ProcessSubstitution { host } => {
            *host
        }
        _ => None,
    };
    let Some(host) = host.and_then(|h| script.commands.get(h)) else {
        return false;
    };
    derives(script, host, word_holding(host, &c.bytes), hops + 1)
}

/// The command derives identity from the hostname.
fn derives_identity(script: &Script, c: &Command) -> bool {
    match reads_hostname(c) {
        Some(Read::Parsed) => return true,
        Some(Read::Value) if derives(script, c, None, 0) => return true,
        _ => {}
    }
    let words = c
        .args
        .iter()
        .chain(c.assignments.iter().filter_map(|a| a.value.as_ref()))
        .chain(c.redirects.iter().map(|r| &r.target));
    for w in words {
        let e = hostname_expansions(&w.text, true);
        if e.manipulated || (e.plain && derives(script, c, Some(w), 0)) {
            return true;
        }
    }
    c.redirects
        .iter()
        .filter_map(|r| r.heredoc.as_ref())
        .any(|h| !h.quoted && hostname_expansions(&h.body, false).manipulated)
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let script = &boot.script;
    for c in &script.commands {
        if derives_identity(script, c) {
            out.push(
                RULE.diag(boot.file_of(c), Some(c.span), "the boot script reads the workspace identity from the hostname")
                    .with_help("use $CODER_WORKSPACE_NAME and $CODER_WORKSPACE_OWNER_NAME from the agent's env (INV-9)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::shell::parse_plain;

    /// The texts of the commands that derive identity.
    fn hits(src: &str) -> Vec<String> {
        let s = parse_plain(src);
        s.commands
            .iter()
            .filter(|c| derives_identity(&s, c))
            .map(|c| c.text.clone())
            .collect()
    }

    #[test]
    fn derivations_are_found() {
        for src in [
            "WS=$(hostname | cut -d- -f1)\n",
            "WS=`hostname`\n",
            "WS=$(hostname -s)\n",
            "export WS=$(hostname -f)\n",
            "mkdir -p \"/home/coder/projects/$(hostname --fqdn)\"\n",
            "ddev config --project-name \"$(hostname -s)\"\n",
            "OWNER=${HOSTNAME#*-}\n",
            "echo \"${HOSTNAME%%-*}\"\n",
            "OWNER=\"$HOSTNAME\"\n",
            "mkdir -p \"/home/coder/projects/$HOSTNAME\"\n",
            "IFS=- read -r ws owner <<< \"$HOSTNAME\"\n",
            "echo \"$HOSTNAME\" | cut -d- -f2\n",
            "OWNER=$(cut -d- -f2 /etc/hostname)\n",
            "WS=$(cat /etc/hostname)\n",
            "WS=$(< /etc/hostname)\n",
            "read -r WS < /etc/hostname\n",
            "WS=$(uname -n)\n",
            "hostname | awk -F- '{print $2}' > /tmp/owner\n",
            "X=\"$(echo \"$(hostname)\")\"\n",
            "git config --global user.name \"$HOSTNAME\"\n",
            "cat > /tmp/env <<EOF\nOWNER=${HOSTNAME#*-}\nEOF\n",
        ] {
            assert!(!hits(src).is_empty(), "{src}");
        }
    }

    #[test]
    fn prints_literals_and_settings_are_not() {
        for src in [
            "echo \"host: $(hostname)\" >> /tmp/boot.log\n",
            "log \"booting on $HOSTNAME\"\n",
            "echo '$HOSTNAME' >> /tmp/x\n",
            "git config --global alias.host '!echo $HOSTNAME'\n",
            "OWNER='${HOSTNAME#*-}'\n",
            "echo \\$HOSTNAME/x\n",
            "sudo hostname myhost\n",
            "hostname -I\n",
            "cat /etc/hostname\n",
            "[ \"$HOSTNAME\" = x ] && echo same\n",
            "cat > /tmp/x <<'EOF'\nOWNER=${HOSTNAME#*-}\nEOF\n",
            "echo \"${HOSTNAMES}\" \"$HOSTNAME_X\"/x\n",
            "sed -i 's/old/new/' /etc/hostname\n",
            "hostname | grep -q -- -dev && echo dev\n",
        ] {
            assert!(hits(src).is_empty(), "{src}: {:?}", hits(src));
        }
    }
}
