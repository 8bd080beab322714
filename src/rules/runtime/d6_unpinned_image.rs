//! D-6 unpinned-image.

use crate::contract::model::ImageRef;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::Template;

pub static RULE: Rule = Rule {
    code: "D-6",
    name: "unpinned-image",
    severity: Severity::Info,
    summary: "one image tag shared by every template; no per-template pinning",
    docs: r#"## What it does
Reports, as information (known drift), a workspace container whose image has
no tag of its own: `:latest`, or no tag at all. Every template then moves
when the one shared tag moves.

## Why is this bad?
A rebuilt image reaches every workspace of every template at once; a broken
build cannot be rolled out (or back) one template at a time.

## Example
```sh
image = "ghcr.io/acme/ddev-workspace:latest"
```

## Use instead
```sh
image = "ghcr.io/acme/ddev-workspace:2026.11"
```
"#,
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Known drift is reported, not enforced",
        scenario: "One image tag for every template",
    }],
    checks: &[Check::Template(check)],
};

/// The workspace container's image without a pinned tag (`:latest` or none).
pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let Some(a) = t.container.attribute("image") else {
        return;
    };
    let Some(image) = t.string(&a) else { return };
    let Ok(ImageRef::Oci { tag, digest, .. }) = ImageRef::parse(&image) else {
        return;
    };
    let pinned = digest.is_some() || tag.as_deref().is_some_and(|t| t != "latest");
    if !pinned {
        out.push(
            super::with_origin(t,
                RULE.diag(t.file(), Some(a.value.span()), format!("the workspace image `{image}` is not pinned to a tag of this template"))
                    .with_help("known drift: pin a tag (or digest) per template so templates can move one at a time"),
                &a,
            ),
        );
    }
}
