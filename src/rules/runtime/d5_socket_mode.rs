//! D-5 wide-socket-mode.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::effects::{self, ModeSet};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "D-5",
    name: "wide-socket-mode",
    severity: Severity::Info,
    summary: "a Docker socket mode wider than needed (`chmod 666`)",
    docs: r#"## What it does
Reports, as information (known drift), a boot-script `chmod` that opens the
Docker socket (`/var/run/docker.sock`, `/run/docker.sock`, any path ending in
`/docker.sock`) to every user, where group access already suffices
(`chgrp docker` and `chmod 660`). The mode is parsed:
- octal: reported when the "other" digit (the last) grants read or write:
  `666`, `0666`, `662`, `646`, `777`, `0776`;
- symbolic: reported when a clause adds or sets read or write for others:
  `o+w`, `o+r`, `o=rw`, `a+rw`, `ugo+rw`, `+rw` (no "who" means all), or
  copies another class's bits to others (`o=u`, `a=g`). `go-rwx`, `o=`,
  `g+rw`, `u=rw,g=rw` do not.

`chmod 660` and `chmod g+rw` are fine; `--reference=FILE` is not read.

## Why is this bad?
Inside the workspace everyone is `coder`, so it is harmless today; it becomes
a hole as soon as a second user or a service account shares the container.

## Example
```sh
sudo chmod 666 /var/run/docker.sock
```

## Use instead
```sh
sudo chgrp docker /var/run/docker.sock && sudo chmod 660 /var/run/docker.sock
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Known drift is reported, not enforced",
        scenario: "A socket mode wider than needed",
    }],
    checks: &[Check::Template(check)],
};

/// The socket's path.
fn is_socket(path: &str) -> bool {
    path == "docker.sock" || path.ends_with("/docker.sock")
}

/// A chmod mode that grants "other" users read or write access.
fn opens_to_others(mode: &str) -> bool {
    if !mode.is_empty() && mode.bytes().all(|b| b.is_ascii_digit()) {
        if mode.len() > 4 || mode.bytes().any(|b| b > b'7') {
            return false;
        }
        let other = mode.bytes().last().map_or(0, |b| b - b'0');
        return other & 0o6 != 0;
    }
    mode.split(',').any(|clause| {
        let who_end = clause.find(['+', '-', '=']).unwrap_or(clause.len());
        let (who, mut actions) = clause.split_at(who_end);
        if !who.chars().all(|c| matches!(c, 'u' | 'g' | 'o' | 'a')) {
            return false;
        }
        let for_others = who.is_empty() || who.contains(['o', 'a']);
        let mut wide = false;
        // One or more `op perms` actions: `+rw`, `=r+w`, `=u`.
        while let Some(op) = actions.chars().next() {
            let rest = &actions[1..];
            let end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
            let perms = &rest[..end];
            if op != '-' && for_others && (perms.contains(['r', 'w']) || perms.contains(['u', 'g']))
            {
                wide = true;
            }
            actions = &rest[end..];
        }
        wide
    })
}

/// The Docker socket opened wider than the group (`chmod 666`, `o+rw`).
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        let Some(ModeSet { mode, paths, .. }) = effects::chmod(c) else {
            continue;
        };
        if paths.iter().any(|p| is_socket(p)) && opens_to_others(mode) {
            out.push(
                RULE.diag(boot.file_of(c), Some(c.span), "the Docker socket is opened to every user")
                    .with_help("known drift: `chgrp docker` and `chmod 660` give the group the access it needs"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::opens_to_others;

    #[test]
    fn wide_modes() {
        for m in [
            "666",
            "0666",
            "662",
            "646",
            "777",
            "0777",
            "0776",
            "4",
            "o+w",
            "o+r",
            "a+rw",
            "ugo+rw",
            "+rw",
            "o=rw",
            "a=rw",
            "u=rw,g=rw,o=rw",
            "o=u",
            "go+w",
            "o-x+r",
        ] {
            assert!(opens_to_others(m), "{m}");
        }
        for m in [
            "660",
            "0660",
            "640",
            "0600",
            "661",
            "665x",
            "g+rw",
            "u=rw,g=rw,o=",
            "go-rwx",
            "o=",
            "o-rw",
            "ug+rw",
            "+x",
            "o+x",
            "99999",
            "",
            "a-w",
        ] {
            assert!(!opens_to_others(m), "{m}");
        }
    }
}
