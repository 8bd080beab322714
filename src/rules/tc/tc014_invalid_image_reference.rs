//! TC014 invalid-image-reference.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC014",
    name: "invalid-image-reference",
    severity: Severity::Error,
    summary: "image_id is not an OCI reference or AMI id, or not a kind the platform accepts",
    docs: r#"## What it does
Parses `image_id` as an OCI image reference (`[registry[:port]/]path[:tag][@digest]`,
lowercase path components, a tag of at most 128 characters, a well-formed
digest) or an AMI id (`ami-` and 8 or 17 lowercase hex digits), and checks that
the platform accepts that kind of image (the catalog's `image_kinds`:
Kubernetes and docker-sysbox run OCI images only; EC2 platforms take an AMI or
an OCI image).

## Why is this bad?
A malformed reference fails the image pull when the workspace starts; an AMI id
on Kubernetes cannot be pulled at all.

## Example
```yaml
platform: kubernetes
image_id: ami-0123456789abcdef0
```

## Use instead
```yaml
platform: kubernetes
image_id: ghcr.io/org/python-dev:3.11-slim
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Image reference",
        scenario: "An image the platform cannot start",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    field_error(
        &RULE,
        cx.file,
        cx.comp.image_id.as_ref(),
        "write an OCI reference such as `ghcr.io/org/image:1.2.3` (lowercase path, optional `@sha256:<64 hex>`), or an AMI id `ami-` + 8 or 17 lowercase hex digits",
        out,
    );
    let (Some(img), Some(pf)) = (&cx.comp.image_id, &cx.comp.platform) else {
        return;
    };
    let (Ok(r), Ok(p)) = (&img.parsed, &pf.parsed) else {
        return;
    };
    let platform = &cx.cat.platforms[*p];
    if platform.image_kinds.contains(&r.kind()) {
        return;
    }
    let accepted: Vec<&str> = platform.image_kinds.iter().map(|k| k.describe()).collect();
    let places = vec![
        (pf.key, format!("platform {} selected here", platform.name)),
        (img.key, format!("{} given here", r.kind().describe())),
    ];
    out.push(
        RULE.joint(
            cx.file,
            places,
            format!(
                "platform {} does not accept {}",
                platform.name,
                r.kind().describe()
            ),
        )
        .with_help(format!(
            "platform {} takes {}",
            platform.name,
            accepted.join(" or ")
        )),
    );
}
