//! INV-3 passwordless-sudo.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Image, Template};

pub static RULE: Rule = Rule {
    code: "INV-3",
    name: "passwordless-sudo",
    severity: Severity::Error,
    summary: "sudoers line, mode 0440 or env_keep missing or wrong in the image",
    docs: r#"## What it does
Checks the image's sudoers drop-in `/etc/sudoers.d/coder` (the user name is a
`[runtime]` setting): it holds `coder ALL=(ALL) NOPASSWD:ALL` (or
`(ALL:ALL)`), has mode 0440, and the same file keeps `DEBIAN_FRONTEND`
through `Defaults env_keep` (`Defaults env_keep += "DEBIAN_FRONTEND"`).

What the image writes is followed through its instructions in order, from
the parsed RUN scripts and the COPY/ADD instructions:
- the file's content: a redirect (`>`, `>>`) of `echo`/`printf` (escapes and
  `%s` applied) or of `cat` with a heredoc or here-string; `tee` (`tee -a`,
  `sudo tee`) fed by a pipeline, heredoc or here-string; `sh -c '…'`; a file
  written elsewhere and then copied there with `cp`, `mv` or `install`; a
  file COPY/ADD stages from the build context, or a COPY heredoc, whose
  destination is that path;
- its mode: `chmod 0440|440|u=r,g=r,o=|ug=r,o= PATH` where PATH is the file,
  a glob matching it (`/etc/sudoers.d/*`) or, with `-R`, a directory above
  it; `install -m 0440 … PATH`; `COPY --chmod=0440` to it. The last mode
  given wins (`install` without `-m` gives 0755).

Comments never count: shell comments, Dockerfile comments, and comment
lines of the sudoers text. Text elsewhere in the image (a sudoers line in
another file, `-m 0440` given to another file) does not satisfy the check.

## Why is this bad?
Without passwordless sudo the boot script cannot start dockerd or repair the
home bind; a sudoers file with another mode is ignored by sudo.

## Example
```sh
RUN echo 'coder ALL=(ALL) ALL' > /etc/sudoers.d/coder
```

## Use instead
```sh
RUN printf 'coder ALL=(ALL) NOPASSWD:ALL\nDefaults env_keep += "DEBIAN_FRONTEND"\n' \
      > /etc/sudoers.d/coder && chmod 0440 /etc/sudoers.d/coder
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Passwordless sudo",
        scenario: "The sudoers drop-in is complete",
    }],
    checks: &[Check::Image(check_image)],
};

/// The sudoers lines that are not comments (`#include` is a directive).
fn sudoers_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && (!l.starts_with('#') || l.starts_with("#include")))
}

fn grants_nopasswd(text: &str, user: &str) -> bool {
    sudoers_lines(text).any(|l| {
        let Some(rest) = l.strip_prefix(user) else {
            return false;
        };
        if !rest.starts_with([' ', '\t']) {
            return false;
        }
        let spec: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        spec == "ALL=(ALL)NOPASSWD:ALL" || spec == "ALL=(ALL:ALL)NOPASSWD:ALL"
    })
}

fn keeps_debian_frontend(text: &str) -> bool {
    sudoers_lines(text).any(|l| {
        l.starts_with("Defaults") && l.contains("env_keep") && l.contains("DEBIAN_FRONTEND")
    })
}

/// The sudoers drop-in of the image: `coder ALL=(ALL) NOPASSWD:ALL`, mode
/// 0440, and `Defaults env_keep` of DEBIAN_FRONTEND, in that file.
pub fn check_image(img: &Image, t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let user = &t.cfg.user;
    let file = format!("/etc/sudoers.d/{user}");
    let w = &img.files;
    let text = w.text(&file);
    // A wrong value points at what writes it: the last write of the file
    // (its content), the last mode change (its mode); only what is absent
    // altogether points at the image's FROM.
    let written = w.written_at(&file);
    let mode = w.final_mode(&file);
    let mode_message = match mode {
        Some(m) => format!("{file} is given mode {:04o}, not 0440", m & 0o7777),
        None => format!("{file} is not given mode 0440"),
    };
    let wants = [
        (
            grants_nopasswd(text, user),
            format!("the image does not grant {user} passwordless sudo in {file}"),
            format!("write `{user} ALL=(ALL) NOPASSWD:ALL` to {file}"),
            written,
        ),
        (
            mode.is_some_and(|m| m & 0o777 == 0o440),
            mode_message,
            format!("run `chmod 0440 {file}`"),
            w.mode_changed_at(&file).or(written),
        ),
        (
            keeps_debian_frontend(text),
            "the sudoers drop-in does not keep DEBIAN_FRONTEND".to_string(),
            "add `Defaults env_keep += \"DEBIAN_FRONTEND\"`".to_string(),
            written,
        ),
    ];
    for (ok, message, help, at) in wants {
        if !ok {
            out.push(
                RULE.diag(&img.file, Some(at.unwrap_or(img.from_span)), message)
                    .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{grants_nopasswd, keeps_debian_frontend};

    #[test]
    fn sudoers_text() {
        assert!(grants_nopasswd("coder ALL=(ALL) NOPASSWD:ALL\n", "coder"));
        assert!(grants_nopasswd(
            "coder\tALL = (ALL:ALL) NOPASSWD: ALL\n",
            "coder"
        ));
        assert!(!grants_nopasswd(
            "# coder ALL=(ALL) NOPASSWD:ALL\n",
            "coder"
        ));
        assert!(!grants_nopasswd("coder ALL=(ALL) ALL\n", "coder"));
        assert!(!grants_nopasswd("coders ALL=(ALL) NOPASSWD:ALL\n", "coder"));
        assert!(keeps_debian_frontend(
            "Defaults env_keep += \"DEBIAN_FRONTEND\"\n"
        ));
        assert!(!keeps_debian_frontend(
            "# Defaults env_keep += \"DEBIAN_FRONTEND\"\n"
        ));
    }
}
