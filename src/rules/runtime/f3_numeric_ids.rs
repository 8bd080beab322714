//! F-3 numeric-uid-gid.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::{Command, Word};
use crate::rules::{DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "F-3",
    name: "numeric-uid-gid",
    severity: Severity::Error,
    summary: "numeric UIDs or GIDs hard-coded in the boot script",
    docs: r#"## What it does
Reports numeric user or group ids in boot-script commands that set an owner,
a group or an id. Any numeric part is reported, also beside a name:
- `chown 1000:1000`, `chown coder:988`, `chown 1000:coder`, `chown 1000`,
  `chown :988`, `chown +1000` (the owner operand, `:` or `.` separated) and
  `chown --from=1000`; `chgrp 988`;
- `install -o 1000`, `install -g 988` (`--owner=`, `--group=`, `-g988`);
- `useradd`/`usermod -u 1000`, `-g 988`, `-G 988,999` (also in a cluster,
  `-aG 988`, and as `--uid`, `--gid`, `--groups`); `groupadd`/`groupmod -g
  988`; `adduser --uid`/`--gid`, `addgroup --gid`;
- `sudo -u '#1000'`, `sudo -g '#988'` (sudo's numeric form);
- `chroot --userspec=1000:1000`, `--groups=988`; `setpriv --reuid=1000`
  (`--regid`, `--ruid`, `--euid`, `--rgid`, `--egid`, `--groups`);
  `rsync --chown=1000:1000`.

Use the names (`coder`, `docker`); the host's docker GID reaches the container
through the template's `docker_gid` variable (`group_add`), so scripts use the
group name `docker`. Reading or comparing ids (`[ "$(id -u)" -eq 1000 ]`) does
not set one and is not reported, and neither is the image's rename of the
UID-1000 user (not a script).

## Why is this bad?
A number that matches on one host means another user or group on the next;
files end up owned by a stranger.

## Example
```sh
sudo chown -R 1000:1000 /home/coder
```

## Use instead
```sh
sudo chown -R coder:coder /home/coder
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "User identity",
        scenario: "Numeric IDs in the boot script",
    }],
};

/// One number: digits, maybe after chown's `+` (numeric-only) prefix.
fn numeric(s: &str) -> bool {
    let s = s.strip_prefix('+').unwrap_or(s);
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An owner spec (`user`, `user:group`, `:group`, `user.group`) with a
/// numeric part.
fn numeric_owner(s: &str) -> bool {
    let sep = if s.contains(':') { ':' } else { '.' };
    s.split(sep).any(numeric)
}

/// A list of groups (`988,999`) with a numeric member.
fn numeric_list(s: &str) -> bool {
    s.split(',').any(numeric)
}

/// sudo's numeric user or group (`#1000`).
fn sudo_numeric(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(numeric)
}

/// How an option's value names ids.
#[derive(Clone, Copy)]
enum Kind {
    /// Not an id (`install -m 0440`): its value is skipped.
    Other,
    /// One id (`-u 1000`).
    One,
    /// A comma-separated list (`-G 988,999`).
    List,
    /// An owner spec (`--userspec=1000:1000`).
    Owner,
    /// sudo's `#1000`.
    Sudo,
}

impl Kind {
    fn numeric(self, v: &str) -> bool {
        match self {
            Kind::Other => false,
            Kind::One => numeric(v),
            Kind::List => numeric_list(v),
            Kind::Owner => numeric_owner(v),
            Kind::Sudo => sudo_numeric(v),
        }
    }
}

/// The options of a command that take a value: short letters and long names,
/// each with what its value is.
struct Spec {
    short: &'static [(char, Kind)],
    long: &'static [(&'static str, Kind)],
}

fn spec(name: &str) -> Option<Spec> {
    use Kind::{List, One, Other, Owner, Sudo};
    let s = match name {
        "chown" | "chgrp" => Spec {
            short: &[],
            long: &[("from", Owner), ("reference", Other)],
        },
        "install" => Spec {
            short: &[
                ('o', One),
                ('g', One),
                ('m', Other),
                ('t', Other),
                ('S', Other),
            ],
            long: &[
                ("owner", One),
                ("group", One),
                ("mode", Other),
                ("target-directory", Other),
                ("suffix", Other),
            ],
        },
        "useradd" | "usermod" => Spec {
            short: &[
                ('u', One),
                ('g', One),
                ('G', List),
                ('b', Other),
                ('c', Other),
                ('d', Other),
                ('e', Other),
                ('f', Other),
                ('k', Other),
                ('K', Other),
                ('l', Other),
                ('p', Other),
                ('P', Other),
                ('R', Other),
                ('s', Other),
                ('Z', Other),
            ],
            long: &[("uid", One), ("gid", One), ("groups", List)],
        },
        "groupadd" | "groupmod" => Spec {
            short: &[
                ('g', One),
                ('K', Other),
                ('n', Other),
                ('p', Other),
                ('P', Other),
                ('R', Other),
            ],
            long: &[("gid", One)],
        },
        "adduser" | "addgroup" => Spec {
            short: &[],
            long: &[("uid", One), ("gid", One)],
        },
        "sudo" => Spec {
            short: &[
                ('u', Sudo),
                ('g', Sudo),
                ('C', Other),
                ('D', Other),
                ('h', Other),
                ('p', Other),
                ('r', Other),
                ('t', Other),
                ('T', Other),
                ('U', Other),
                ('R', Other),
            ],
            long: &[("user", Sudo), ("group", Sudo)],
        },
        "chroot" => Spec {
            short: &[],
            long: &[("userspec", Owner), ("groups", List)],
        },
        "setpriv" => Spec {
            short: &[],
            long: &[
                ("reuid", One),
                ("regid", One),
                ("ruid", One),
                ("euid", One),
                ("rgid", One),
                ("egid", One),
                ("groups", List),
            ],
        },
        "rsync" => Spec {
            short: &[],
            long: &[("chown", Owner)],
        },
        _ => return None,
    };
    Some(s)
}

/// The first option value of `args` that is a numeric id, and the operands
/// (the words that are neither options nor option values).
fn scan<'w>(spec: &Spec, args: &'w [Word]) -> (Option<&'w Word>, Vec<&'w Word>) {
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let t = w.value_or_text();
        if t == "--" {
            operands.extend(args.get(i..).unwrap_or(&[]));
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            if let Some((_, kind)) = spec.long.iter().find(|(n, _)| *n == name) {
                let (value, word) = match inline {
                    Some(v) => (Some(v), w),
                    None => {
                        let next = args.get(i);
                        i += 1;
                        (next.map(Word::value_or_text), next.unwrap_or(w))
                    }
                };
                if value.is_some_and(|v| kind.numeric(v)) {
                    return (Some(word), operands);
                }
            }
            continue;
        }
        if t.starts_with('-') && t.len() > 1 {
            for (at, ch) in t.char_indices().skip(1) {
                let Some((_, kind)) = spec.short.iter().find(|(c, _)| *c == ch) else {
                    continue;
                };
                let rest = &t[at + ch.len_utf8()..];
                let (value, word) = if rest.is_empty() {
                    let next = args.get(i);
                    i += 1;
                    (next.map(Word::value_or_text), next.unwrap_or(w))
                } else {
                    (Some(rest), w)
                };
                if value.is_some_and(|v| kind.numeric(v)) {
                    return (Some(word), operands);
                }
                break;
            }
            continue;
        }
        operands.push(w);
    }
    (None, operands)
}

/// The word of a command that hard-codes a numeric id.
fn numeric_id(c: &Command) -> Option<&Word> {
    // sudo's own options, before the command it runs.
    if let Some(name) = &c.name
        && matches!(name.value_or_text().rsplit('/').next(), Some("sudo"))
        && let Some(spec) = spec("sudo")
    {
        let end = c
            .invoked()
            .map_or(c.args.len(), |(_, rest)| c.args.len() - rest.len());
        if let (Some(w), _) = scan(&spec, c.args.get(..end).unwrap_or(&[])) {
            return Some(w);
        }
    }
    let (name, args) = c.invoked()?;
    let name = name.value_or_text();
    let name = name.rsplit('/').next().unwrap_or(name);
    let spec = spec(name)?;
    let (hit, operands) = scan(&spec, args);
    if hit.is_some() {
        return hit;
    }
    let by_reference = args
        .iter()
        .any(|w| w.value_or_text().starts_with("--reference"));
    match name {
        "chown" if !by_reference => operands
            .first()
            .copied()
            .filter(|w| numeric_owner(w.value_or_text())),
        "chgrp" if !by_reference => operands
            .first()
            .copied()
            .filter(|w| numeric(w.value_or_text())),
        _ => None,
    }
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    // A number Terraform puts there (`${var.docker_gid}`, the contract's own
    // way) is not hard-coded in the script: only digits written in the
    // script's text count.
    let written_digit = |w: &crate::ingest::shell::Word| {
        w.text.char_indices().any(|(i, ch)| {
            let at = w.bytes.start + i;
            ch.is_ascii_digit() && !boot.interpolated.iter().any(|r| r.contains(&at))
        })
    };
    for c in &boot.script.commands {
        if let Some(w) = numeric_id(c).filter(|w| written_digit(w)) {
            out.push(
                RULE.diag(
                    boot.file_at(w.bytes.start),
                    Some(w.span),
                    format!(
                        "a numeric user or group id (`{}`) in the boot script",
                        w.text
                    ),
                )
                .with_help(format!(
                    "use the names ({}, docker) and the {} variable",
                    t.cfg.user, t.cfg.docker_gid_variable
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::numeric_id;
    use crate::ingest::shell::parse_plain;

    fn hit(src: &str) -> Option<String> {
        let s = parse_plain(src);
        s.commands
            .iter()
            .find_map(|c| numeric_id(c).map(|w| w.text.clone()))
    }

    #[test]
    fn numeric_ids_are_found() {
        for (src, word) in [
            ("sudo chown -R 1000:1000 /home/coder", "1000:1000"),
            ("chown coder:988 /var/run/docker.sock", "coder:988"),
            ("chown 1000:coder /home/coder", "1000:coder"),
            ("chown 1000 /home/coder", "1000"),
            ("chown :988 /x", ":988"),
            ("chown coder.988 /x", "coder.988"),
            ("chown --from=1000 coder /x", "--from=1000"),
            ("sudo chgrp 988 /var/run/docker.sock", "988"),
            ("install -o 1000 -m 0440 a b", "1000"),
            ("install -m 0644 -g988 a b", "-g988"),
            ("install --group=988 a b", "--group=988"),
            ("sudo usermod -u 1000 coder", "1000"),
            ("usermod -aG 988 coder", "988"),
            ("usermod -aG docker,999 coder", "docker,999"),
            ("useradd --uid 1000 coder", "1000"),
            ("groupmod -g 988 docker", "988"),
            ("groupadd --gid=988 docker", "--gid=988"),
            ("adduser --uid 1000 coder", "1000"),
            ("sudo -u '#1000' id", "'#1000'"),
            ("sudo -g '#988' docker ps", "'#988'"),
            ("sudo --user=#1000 id", "--user=#1000"),
            ("chroot --userspec=1000:1000 / id", "--userspec=1000:1000"),
            ("setpriv --reuid=1000 id", "--reuid=1000"),
            ("rsync -a --chown=1000:1000 a b", "--chown=1000:1000"),
            ("sudo -u coder chown 1000 /x", "1000"),
        ] {
            assert_eq!(hit(&format!("{src}\n")).as_deref(), Some(word), "{src}");
        }
    }

    #[test]
    fn names_and_reads_are_not() {
        for src in [
            "chown coder:coder /home/coder",
            "chown -R coder: /home/coder",
            "chgrp docker /var/run/docker.sock",
            "chmod 0440 /etc/sudoers.d/coder",
            "install -m 0755 a b",
            "install -o coder -g docker -m 0440 a b",
            "usermod -aG docker coder",
            "useradd -m -s /bin/bash coder",
            "groupmod -n coder ubuntu",
            "sudo -u coder id",
            "[ \"$(id -u)\" -eq 1000 ] || log \"not uid 1000\"",
            "chown --reference=/etc/skel /home/coder",
            "chown \"$USER:$GROUP\" /x",
        ] {
            assert_eq!(hit(&format!("{src}\n")), None, "{src}");
        }
    }
}
