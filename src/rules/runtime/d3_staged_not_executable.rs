//! D-3 staged-script-not-executable.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Image, Template};

pub static RULE: Rule = Rule {
    code: "D-3",
    name: "staged-script-not-executable",
    severity: Severity::Info,
    summary: "a staged executable missing from the image's `chmod 755` list",
    docs: r#"## What it does
Reports, as information (known drift), an executable the image stages (a
file that starts with `#!`, or is executable in the build context) that the
image does not make executable itself: the COPY has no executable `--chmod`,
and no `chmod 755`/`chmod +x`/`install -m 755` of a RUN covers its path
(exactly, through a glob, or below a `chmod -R` directory). When the image
keeps such a list for its staged files, a file missing from it is reported
even if its mode in the build context is executable (the contract's own
example): the file works only as long as nobody's checkout loses that bit.
When the image keeps no list, a file executable in the build context is fine
(COPY keeps the mode).

## Why is this bad?
The script lands without its execute bit: DDEV ignores a host command it
cannot run, and `~/bin/tool` fails with "Permission denied".

## Example
```dockerfile
COPY files/ /home/coder-files/
RUN chmod 755 /home/coder-files/.ddev/commands/host/launch
```
(and `files/.ddev/commands/host/coder-setup` is a script too)

## Use instead
```dockerfile
RUN chmod 755 /home/coder-files/.ddev/commands/host/*
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Known drift is reported, not enforced",
        scenario: "A staged script is not executable",
    }],
    checks: &[Check::Image(check_image)],
};

/// Staged executables the image does not make executable itself.
pub fn check_image(img: &Image, _: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let covered = |s: &crate::ingest::workspace::Staged| {
        s.chmod
            .as_deref()
            .is_some_and(crate::ingest::shell::effects::executable_mode)
            || img.executable.covers(&s.dest)
    };
    // The image keeps an explicit list: a RUN makes some staged file
    // executable.
    let keeps_list = img.staged.iter().any(|s| img.executable.covers(&s.dest));
    for s in img.staged.iter().filter(|s| s.shebang || s.executable) {
        if covered(s) || (s.executable && !keeps_list) {
            continue;
        }
        let message = if s.executable {
            format!(
                "the staged executable {} is missing from the image's chmod 755 list (its file mode keeps it executable for now)",
                s.dest
            )
        } else {
            format!("the staged script {} is never made executable", s.dest)
        };
        out.push(
            RULE.diag(&img.file, Some(s.span), message)
                .with_help(format!(
                    "add it to the image's list: `RUN chmod 755 {}`",
                    s.dest
                )),
        );
    }
}
