//! F-3 numeric-uid-gid.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::effects::{self, IdKind};
use crate::ingest::shell::{Command, Word};
use crate::rules::{Check, DiagExt, Rule, Verifies};

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
    checks: &[Check::Template(check)],
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

/// A value that names ids (`IdKind`) with a numeric part.
fn numeric_value(kind: IdKind, v: &str) -> bool {
    match kind {
        IdKind::Other => false,
        IdKind::One => numeric(v),
        IdKind::List => numeric_list(v),
        IdKind::Owner => numeric_owner(v),
        IdKind::Sudo => sudo_numeric(v),
    }
}

/// The word of a command that hard-codes a numeric id.
fn numeric_id(c: &Command) -> Option<&Word> {
    effects::ids(c)
        .into_iter()
        .find(|id| numeric_value(id.kind, id.value))
        .map(|id| id.word)
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
