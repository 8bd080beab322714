//! D-1 missing-referenced-file.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Image, Template};

pub static RULE: Rule = Rule {
    code: "D-1",
    name: "missing-referenced-file",
    severity: Severity::Info,
    summary: "a file the documentation, the Dockerfile or the boot script names is absent from the image tree",
    docs: r#"## What it does
Reports, as information (known drift), a file that something names but the
image tree does not have:
- a Markdown file next to the image (in its build context or the directory
  above) names a path inside the image's build context, in a code span or a
  link, and no such file exists;
- a `COPY`/`ADD` source is absent from the build context;
- the boot script reads `/home/coder-files/<path>` and the image stages no
  such file.

## Why is this bad?
Documentation and configuration that point at files which are not there send
the next maintainer looking for them; a staged path the boot script expects
but the image lacks silently skips a step of hydration.

## Example
```markdown
DDEV's global settings live in `image/scripts/.ddev/global_config.yaml`.
```
(and `image/scripts/.ddev/` has no such file)

## Use instead
Add the file to the image tree, or correct the reference.
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Known drift is reported, not enforced",
        scenario: "A referenced file is missing from the image tree",
    }],
    checks: &[Check::Template(check), Check::Image(check_image)],
};

/// Lexically normalised `base/rel` (`.` and `..` resolved).
fn resolve(base: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in base.join(rel).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// References in the documentation and COPY sources the image lacks.
pub fn check_image(img: &Image, _: &Template<'_>, out: &mut Vec<Diagnostic>) {
    for (src, span) in &img.missing {
        out.push(
            RULE.diag(
                &img.file,
                Some(*span),
                format!("`{src}` is copied by the image but absent from its build context"),
            )
            .with_help("add the file to the image tree or drop it from the COPY"),
        );
    }
    let context = resolve(&img.context, ".");
    for doc in &img.docs {
        for (path, span) in &doc.paths {
            let target = resolve(&doc.dir, path);
            if target.starts_with(&context) && target != context && !target.exists() {
                out.push(
                    RULE.diag(
                        &doc.file,
                        Some(*span),
                        format!("`{path}` is named here but absent from the image tree"),
                    )
                    .with_help("add the file to the image tree or correct the reference"),
                );
            }
        }
    }
}

/// Staged paths the boot script reads that no image stages.
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(boot) = &t.boot else { return };
    if t.images.is_empty() {
        return;
    }
    let staging = t.cfg.staging_dir.trim_end_matches('/');
    for c in &boot.script.commands {
        for w in &c.args {
            let v = w.value_or_text();
            let Some(rest) = v.strip_prefix(staging).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            let rest = rest.trim_end_matches('/');
            if rest.is_empty() || rest == "." || rest.contains(['$', '*', '?', '[', '`']) {
                continue;
            }
            let want = format!("{staging}/{rest}");
            let staged = t
                .images
                .iter()
                .flat_map(|i| &i.staged)
                .any(|s| s.dest == want || s.dest.starts_with(&format!("{want}/")));
            if !staged {
                out.push(
                    RULE.diag(
                        boot.file_at(w.bytes.start),
                        Some(w.span),
                        format!("the boot script reads {want}, which the image does not stage"),
                    )
                    .with_help("stage the file in the image (`COPY … /home/coder-files/…`) or drop the step"),
                );
            }
        }
    }
}
