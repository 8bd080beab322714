//! INV-10 boot-order.

use crate::diag::{Diagnostic, Severity};
use crate::ingest::shell::Command;
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "INV-10",
    name: "boot-order",
    severity: Severity::Error,
    summary: "boot steps out of order, a non-zero `exit`, or no final `exit 0`",
    docs: r#"## What it does
Checks the shape of the boot script: it ends with `exit 0`, never exits with
another status, and runs its steps in the contract's order:

1. repair home ownership (`chown` of the home directory itself),
2. seed the skeleton (a copy from `/etc/skel`),
3. set up GitSSH for the session (`GIT_SSH_COMMAND`, `coder gitssh`),
4. hydrate from the staging directory (a copy from `/home/coder-files`),
5. apply git identity (`git config … user.name|user.email`),
6. configure the registry mirror (write `/etc/docker/daemon.json`),
7. start `dockerd` and wait for its socket,
8. pre-pull the DDEV images (`docker pull`, `ddev debug download-images`),
9. ensure the standard directories,
10. assemble the shell profile (write `~/.bash_profile`).

Each step is placed by the first command that does it (commands inside
function bodies are not placed: a function runs where it is called). Step 9
is not placed: `mkdir` serves several steps, so it does not tell which one
runs. A step whose first command comes after that of a later step is
reported once, with the later step as related information.

## Why is this bad?
A non-zero exit marks the workspace as failed to start although every step
logged and went on; the agent shows an error banner to the user.

## Example
```sh
sudo dockerd >/tmp/dockerd.log 2>&1 &
echo '{"registry-mirrors": ["https://mirror"]}' | sudo tee /etc/docker/daemon.json
ddev start || exit 1
```

## Use instead
```sh
echo '{"registry-mirrors": ["https://mirror"]}' | sudo tee /etc/docker/daemon.json
sudo dockerd >/tmp/dockerd.log 2>&1 &
ddev start || echo 'ddev start failed' >&2
exit 0
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Boot order",
        scenario: "Steps in order and a clean exit",
    }],
    checks: &[Check::Template(check), Check::Template(check_order)],
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for c in boot.script.commands.iter().filter(|c| {
        c.is_named("exit") && !c.context.in_substitution() && c.context.function().is_none()
    }) {
        // Only a status written as a literal is known to be non-zero (`exit
        // "$rc"` or a value interpolated by terraform may well be 0).
        let code = c.args.first().map_or(Some("0"), |a| a.value.as_deref());
        if let Some(code) = code.filter(|c| *c != "0") {
            out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!("the boot script exits with status {code}"),
                )
                .with_help("log the failure and go on; the boot script always exits 0"),
            );
        }
    }
    let last = boot
        .script
        .steps
        .last()
        .and_then(|s| boot.script.commands.get(s.commands.start));
    let ends_with_exit_0 = last.is_some_and(|c| {
        c.is_named("exit") && c.args.first().is_none_or(|a| a.value_or_text() == "0")
    });
    // A final `exit 3` is already reported above: one fault, one finding.
    let ends_with_known_failure = last.is_some_and(|c| {
        c.is_named("exit")
            && c.args
                .first()
                .and_then(|a| a.value.as_deref())
                .is_some_and(|v| v != "0")
    });
    if !ends_with_exit_0 && !ends_with_known_failure {
        out.push(
            RULE.diag(
                last.map_or(&boot.file, |c| boot.file_of(c)),
                last.map(|c| c.span).or(boot.anchor),
                "the boot script does not end with `exit 0`",
            )
            .with_help("end the boot script with `exit 0`"),
        );
    }
}

/// The contract's boot steps, numbered from 1.
const STEPS: [&str; 10] = [
    "repair home ownership",
    "seed the skeleton",
    "set up GitSSH",
    "hydrate from the staged files",
    "apply git identity",
    "configure the registry mirror",
    "start dockerd",
    "pre-pull the DDEV images",
    "ensure the standard directories",
    "assemble the shell profile",
];

fn is_home(path: &str, user: &str) -> bool {
    let p = path.trim_end_matches('/');
    matches!(p, "~" | "$HOME" | "${HOME}") || p == format!("/home/{user}")
}

/// Which step a command does, if it is one of the placed steps.
fn step_of(c: &Command, user: &str, staging: &str) -> Option<usize> {
    let (name, args) = c.invoked()?;
    let name = name.value_or_text().rsplit('/').next().unwrap_or_default();
    let words: Vec<&str> = args
        .iter()
        .map(crate::ingest::shell::Word::value_or_text)
        .collect();
    let copies = matches!(name, "cp" | "rsync" | "install" | "tar");
    let writes_to = |suffix: &str| {
        c.all_redirects()
            .any(|r| r.writes_file() && r.target.value_or_text().ends_with(suffix))
            || (name == "tee" && words.iter().any(|w| w.ends_with(suffix)))
    };
    if name == "chown" && words.iter().any(|w| is_home(w, user)) {
        Some(1)
    } else if copies && words.iter().any(|w| w.starts_with("/etc/skel")) {
        Some(2)
    } else if c.assignments.iter().any(|a| a.name == "GIT_SSH_COMMAND")
        || (name == "export" && words.iter().any(|w| w.starts_with("GIT_SSH_COMMAND=")))
        || (name == "coder" && words.first() == Some(&"gitssh"))
    {
        Some(3)
    } else if copies && words.iter().any(|w| w.starts_with(staging)) {
        Some(4)
    } else if name == "git"
        && words.contains(&"config")
        && words
            .iter()
            .any(|w| matches!(*w, "user.name" | "user.email"))
    {
        Some(5)
    } else if writes_to("/etc/docker/daemon.json") {
        Some(6)
    } else if name == "dockerd" {
        Some(7)
    } else if (name == "docker" && words.iter().take(2).any(|w| *w == "pull"))
        || (name == "ddev" && words.starts_with(&["debug", "download-images"]))
    {
        Some(8)
    } else if writes_to(".bash_profile") {
        Some(10)
    } else {
        None
    }
}

/// The placed steps run in the contract's order.
pub fn check_order(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    let staging = t.cfg.staging_dir.trim_end_matches('/');
    let mut first: Vec<(usize, &Command)> = Vec::new();
    for c in &boot.script.commands {
        if c.context.function().is_some() {
            continue;
        }
        if let Some(step) = step_of(c, &t.cfg.user, staging)
            && !first.iter().any(|(s, _)| *s == step)
        {
            first.push((step, c));
        }
    }
    let mut latest: Option<(usize, &Command)> = None;
    for (step, c) in &first {
        match latest {
            // A mirror written after dockerd starts is INV-4's fault.
            Some((7, _)) if *step == 6 => {}
            Some((later, at)) if later > *step => out.push(
                RULE.diag(
                    boot.file_of(c),
                    Some(c.span),
                    format!(
                        "boot step {step} ({}) runs after step {later} ({})",
                        STEPS[step - 1],
                        STEPS[later - 1]
                    ),
                )
                .with_related(at.span, format!("step {later} starts here"))
                .with_help(format!("move it before step {later}: the contract's order makes each step's inputs ready")),
            ),
            _ => latest = Some((*step, c)),
        }
    }
}
