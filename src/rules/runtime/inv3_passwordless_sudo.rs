//! INV-3 passwordless-sudo.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::Template;

pub static RULE: Rule = Rule {
    code: "INV-3",
    name: "passwordless-sudo",
    severity: Severity::Error,
    summary: "sudoers line, mode 0440 or env_keep missing or wrong in the image",
    docs: r#"## What it does
Checks the image (its RUN scripts and the files it copies): it writes
`/etc/sudoers.d/coder` with `coder ALL=(ALL) NOPASSWD:ALL`, gives it mode
0440, and keeps `DEBIAN_FRONTEND` through `Defaults env_keep`. The user name is
a `[runtime]` setting.

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
};

use super::Image;

/// The sudoers drop-in of the image: `coder ALL=(ALL) NOPASSWD:ALL`, mode
/// 0440, and `Defaults env_keep` of DEBIAN_FRONTEND.
pub fn check_image(img: &Image, t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let user = &t.cfg.user;
    let text = img.all_text();
    let file = format!("/etc/sudoers.d/{user}");
    let wants = [
        (
            text.contains(&format!("{user} ALL=(ALL) NOPASSWD:ALL"))
                || text.contains(&format!("{user} ALL=(ALL:ALL) NOPASSWD:ALL")),
            format!("the image does not grant {user} passwordless sudo in {file}"),
            format!("write `{user} ALL=(ALL) NOPASSWD:ALL` to {file}"),
        ),
        (
            text.contains(&format!("0440 {file}"))
                || text.contains(&format!("440 {file}"))
                || text.contains("-m 0440"),
            format!("{file} is not given mode 0440"),
            format!("run `chmod 0440 {file}`"),
        ),
        (
            text.contains("env_keep") && text.contains("DEBIAN_FRONTEND"),
            "the sudoers drop-in does not keep DEBIAN_FRONTEND".to_string(),
            "add `Defaults env_keep += \"DEBIAN_FRONTEND\"`".to_string(),
        ),
    ];
    for (ok, message, help) in wants {
        if !ok {
            out.push(
                RULE.diag(&img.file, Some(img.from_span), message)
                    .with_help(help),
            );
        }
    }
}
