//! F-10 errexit-in-boot-script.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "F-10",
    name: "errexit-in-boot-script",
    severity: Severity::Error,
    summary: "`set -e` (or `set -o errexit`, or an effective `-e` shebang) in the boot script",
    docs: r#"## What it does
Reports every way the boot script turns errexit on: `set -e`, clusters such as
`set -eu` or `set -euxo pipefail`, `set -o errexit`, and `-e` in the script's
shebang (`#!/bin/bash -e`, `#!/usr/bin/env -S bash -e`), when a command of
the boot script runs while it is on (a `set +e` before any command runs
undoes it, as a boot script does after sourcing a library that sets `-e`).
Scripts the boot script sources are part of it; scripts it writes to files
are not the boot script and are not checked. `set +e` is what the contract
asks for.

## Why is this bad?
One failing step (a slow registry, a missing staging file) would stop the
boot half-way: no Docker daemon, no shell profile. The contract's boot script
logs each failure and goes on (INV-10).

## Example
```sh
#!/bin/bash
set -euo pipefail
```

## Use instead
```sh
#!/bin/bash
set +e
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Boot order",
        scenario: "Errexit in the boot script",
    }],
    checks: &[Check::Template(check)],
};

/// A `set -e` (or `-e` in the shebang, `set -o errexit`, …) under which some
/// command of the boot script runs: errexit stays on until a later
/// `set +e`, so a sourced library's `set -euo pipefail` that the boot script
/// undoes before anything runs (its functions are only defined) is fine; an
/// `errexit` set inside a function is reported when the function is called;
/// one set in a subshell (`( set -e; … )`, `$( … )`, `sh -c '…'`) ends with
/// it and never stops the boot shell.
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    use crate::ingest::shell::{FrameKind, OptionOrigin};
    let Some(boot) = &t.boot else { return };
    let commands = &boot.script.commands;
    let opts = boot.script.set_options();
    let in_function = |o: &crate::ingest::shell::SetOption| match o.origin {
        OptionOrigin::Command(i) => commands
            .get(i)
            .is_some_and(|c| c.context.function().is_some()),
        OptionOrigin::Shebang => false,
    };
    let index = |o: &crate::ingest::shell::SetOption| match o.origin {
        OptionOrigin::Command(i) => Some(i),
        OptionOrigin::Shebang => None,
    };
    let in_child = |o: &crate::ingest::shell::SetOption| match o.origin {
        OptionOrigin::Command(i) => commands.get(i).is_some_and(|c| {
            c.context.has(|k| {
                matches!(
                    k,
                    FrameKind::Subshell
                        | FrameKind::CommandSubstitution { .. }
                        | FrameKind::ProcessSubstitution { .. }
                )
            })
        }),
        OptionOrigin::Shebang => false,
    };
    // A function's errexit counts when the function is called.
    let called = |o: &crate::ingest::shell::SetOption| match o.origin {
        OptionOrigin::Command(i) => commands
            .get(i)
            .and_then(|c| c.context.function())
            .is_some_and(|f| commands.iter().any(|c| c.is_named(f))),
        OptionOrigin::Shebang => false,
    };
    for (k, opt) in opts.iter().enumerate() {
        if !opt.enabled || in_child(opt) {
            continue;
        }
        let effective = (in_function(opt) && called(opt))
            || !in_function(opt) && {
                let from = index(opt).map_or(0, |i| i + 1);
                let until = opts[k + 1..]
                    .iter()
                    .find(|o| !o.enabled && !in_function(o))
                    .and_then(index)
                    .unwrap_or(commands.len());
                commands
                    .get(from..until.max(from))
                    .unwrap_or_default()
                    .iter()
                    .any(|c| c.context.function().is_none() && !c.is_named("set"))
            };
        if !effective {
            continue;
        }
        let file = match opt.origin {
            OptionOrigin::Command(i) => commands.get(i).map_or(&boot.file, |c| boot.file_of(c)),
            OptionOrigin::Shebang => boot.file_at(0),
        };
        out.push(
            RULE.diag(
                file,
                Some(opt.span),
                format!("the boot script turns errexit on (`{}`)", opt.text),
            )
            .with_help("use `set +e`: every step logs its failure and the boot goes on"),
        );
    }
}
