//! D-3 staged-script-not-executable.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule, Verifies};

use super::{Image, Template};

pub static RULE: Rule = Rule {
    code: "D-3",
    name: "staged-script-not-executable",
    severity: Severity::Info,
    summary: "a staged executable missing from the image's `chmod 755` list",
    docs: r#"## What it does
Reports, as information (known drift), a script the image stages (a file
that starts with `#!`) that nothing makes executable: it is not executable in
the build context (COPY keeps the mode), the COPY has no executable
`--chmod`, and no `chmod 755`/`chmod +x`/`install -m 755` of a RUN covers its
path (exactly, through a glob, or below a `chmod -R` directory).

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
};

/// Staged scripts without an execute bit.
pub fn check_image(img: &Image, _: &Template<'_>, out: &mut Vec<Diagnostic>) {
    for s in img.staged.iter().filter(|s| s.shebang && !s.executable) {
        let by_flag = s.chmod.as_deref().is_some_and(super::executable_mode);
        if by_flag || img.made_executable.iter().any(|m| m.covers(&s.dest)) {
            continue;
        }
        out.push(
            RULE.diag(
                &img.file,
                Some(s.span),
                format!("the staged script {} is never made executable", s.dest),
            )
            .with_help(format!(
                "add it to the image's list: `RUN chmod 755 {}`",
                s.dest
            )),
        );
    }
}
