//! F-10 errexit-in-boot-script.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule, Verifies};

use super::Template;

pub static RULE: Rule = Rule {
    code: "F-10",
    name: "errexit-in-boot-script",
    severity: Severity::Error,
    summary: "`set -e` (or `set -o errexit`, or an effective `-e` shebang) in the boot script",
    docs: r#"## What it does
Reports every way the boot script turns errexit on: `set -e`, clusters such as
`set -eu` or `set -euxo pipefail`, `set -o errexit`, and `-e` in the script's
shebang (`#!/bin/bash -e`, `#!/usr/bin/env -S bash -e`). `set +e` is what the
contract asks for. Scripts the boot script writes to files are not the boot
script and are not checked.

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
};

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    for opt in boot.script.set_options() {
        if opt.enabled {
            let file = match opt.origin {
                crate::ingest::shell::OptionOrigin::Command(i) => boot
                    .script
                    .commands
                    .get(i)
                    .map_or(&boot.file, |c| boot.file_of(c)),
                crate::ingest::shell::OptionOrigin::Shebang => boot.file_at(0),
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
}
