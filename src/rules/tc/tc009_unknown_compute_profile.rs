//! TC009 unknown-compute-profile.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC009",
    name: "unknown-compute-profile",
    severity: Severity::Error,
    summary: "a profile name not in the catalog",
    docs: r#"## What it does
Reports a `compute_profile` name that the contract catalog does not define
(`wsc profiles` lists them), with the nearest name as a suggestion, and a
`compute_profile` that is neither a name nor an object.

## Why is this bad?
The profile name is looked up in a map by the template; an unknown name fails
the plan at workspace creation, long after the template was merged.

## Example
```yaml
compute_profile: sw-dev-meduim
```

## Use instead
```yaml
compute_profile: sw-dev-medium
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Compute resources",
        scenario: "A profile the catalog lacks",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    field_error(
        &RULE,
        cx.file,
        cx.comp.compute_profile.as_ref(),
        "`wsc profiles` lists the profile names",
        out,
    );
}

/// A profile named in a repository file (a toolchain's or a pairing's list,
/// a template's option) that the catalog does not define; true when
/// reported.
pub fn named(
    file: &std::sync::Arc<str>,
    p: &crate::contract::repo::Text,
    cat: &crate::contract::catalog::Catalog,
    out: &mut Vec<Diagnostic>,
) -> bool {
    use crate::rules::DiagExt;
    if cat.profile(&p.value).is_some() {
        return false;
    }
    let help = crate::suggest::nearest(&p.value, cat.profiles.iter().map(|x| x.name.as_str()))
        .map_or_else(
            || "`wsc profiles` lists the profile names".to_string(),
            |s| format!("did you mean `{s}`?"),
        );
    out.push(
        RULE.diag(
            file,
            Some(p.span),
            format!("unknown compute profile `{}`", p.value),
        )
        .with_help(help),
    );
    true
}
