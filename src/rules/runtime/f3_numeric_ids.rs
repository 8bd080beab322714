//! F-3 numeric-uid-gid.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "F-3",
    name: "numeric-uid-gid",
    severity: Severity::Error,
    summary: "numeric UIDs or GIDs hard-coded in the boot script",
    docs: r#"## What it does
Reports numeric user or group ids in boot-script commands: `chown 1000:1000`,
`chgrp 988`, `usermod -u 1000`, `groupadd -g 988`, `useradd -u`, `groupmod -g`.
Use the names (`coder`, `docker`) and the `docker_gid` variable. (The image's
rename of the UID-1000 user is not a script and is not reported.)

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
};

fn numeric_owner(s: &str) -> bool {
    let s = s.trim_start_matches('+');
    s.bytes().any(|b| b.is_ascii_digit())
        && s.split([':', '.'])
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in &boot.script.commands {
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        let hit = match name.value_or_text() {
            "chown" | "chgrp" => args
                .iter()
                .find(|w| !w.text.starts_with('-'))
                .filter(|w| numeric_owner(w.value_or_text())),
            "usermod" | "useradd" | "groupadd" | "groupmod" => args.windows(2).find_map(|p| {
                let flag = p[0].value_or_text();
                (matches!(flag, "-u" | "-g" | "--uid" | "--gid")
                    && numeric_owner(p[1].value_or_text()))
                .then_some(&p[1])
            }),
            _ => None,
        };
        if let Some(w) = hit {
            out.push(
                RULE.diag(
                    &boot.file,
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
