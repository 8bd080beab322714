//! TR007 toolchain-sources-disagree.

use crate::diag::Severity;
use crate::rules::{Check, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR007",
    name: "toolchain-sources-disagree",
    severity: Severity::Error,
    summary: "toolchain.yaml and the toolchain's Terraform outputs disagree",
    docs: r#"## What it does
When a toolchain has both a `toolchain.yaml` and Terraform outputs, compares their name, version, image_id, os, profiles (the same names in the same order) and capabilities, for every variable assignment of the module.

## Why is this bad?
Two sources of truth drift: the check reads one, the template deploys the other.

## Example
```hcl
# toolchain.yaml: image_id: ghcr.io/org/swdev:1.2.0
output "image_id" { value = "ghcr.io/org/swdev:1.1.0" }
```

## Use instead
```hcl
output "image_id" { value = "ghcr.io/org/swdev:1.2.0" }
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Toolchain declarations agree",
        scenario: "Two sources that disagree",
    }],
    checks: &[Check::Staged],
};

use crate::contract::catalog::Catalog;
use crate::contract::repo::Toolchain;
use crate::diag::{Diagnostic, Span};
use crate::rules::DiagExt;

/// The image reference as written (or why it is invalid).
fn image_text(t: &Toolchain) -> Option<(String, Span)> {
    let f = t.image_id.as_ref()?;
    let text = match &f.parsed {
        Ok(r) => r.to_string(),
        Err(e) => e.message.clone(),
    };
    Some((text, f.value))
}

/// Compare one Terraform instance of a toolchain with its toolchain.yaml.
pub fn check(yaml: &Toolchain, tf: &Toolchain, cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let when = tf
        .assignment
        .as_ref()
        .map_or_else(String::new, |a| format!(" (with {a})"));
    let mut push = |what: &str,
                    tf_value: String,
                    yaml_value: String,
                    tf_span: Option<Span>,
                    yaml_span: Option<Span>| {
        let mut d = RULE
            .diag(
                &tf.file,
                tf_span,
                format!(
                    "toolchain {}: Terraform says {what} {tf_value}{when}, toolchain.yaml says {yaml_value}",
                    yaml.name
                ),
            )
            .with_help("make the two agree, or keep one source and generate the other");
        if let Some(s) = yaml_span {
            d = d.with_related_in(&yaml.file, s, format!("{what} in toolchain.yaml"));
        }
        out.push(d);
    };
    if let Some(n) = tf.name_span
        && tf.name != yaml.name
    {
        push(
            "name",
            tf.name.clone(),
            yaml.name.clone(),
            Some(n),
            yaml.name_span,
        );
    }
    if let (Some(a), Some(b)) = (&tf.version, &yaml.version)
        && a.value != b.value
    {
        push(
            "version",
            a.value.clone(),
            b.value.clone(),
            Some(a.span),
            Some(b.span),
        );
    }
    if let (Some((a, sa)), Some((b, sb))) = (image_text(tf), image_text(yaml))
        && a != b
    {
        push("image_id", a, b, Some(sa), Some(sb));
    }
    // An os the Terraform never declares is not a disagreement.
    if tf.os_span.is_some() && tf.os != yaml.os {
        push(
            "os",
            tf.os.as_str().to_string(),
            yaml.os.as_str().to_string(),
            tf.os_span,
            yaml.os_span,
        );
    }
    // The profiles, as lists: the order is the one templates offer them in.
    if let (Some(a), Some(b)) = (&tf.profiles, &yaml.profiles) {
        let names = |l: &[crate::contract::repo::Text]| -> Vec<String> {
            l.iter().map(|t| t.value.clone()).collect()
        };
        if names(a) != names(b) {
            push(
                "profiles",
                format!("[{}]", names(a).join(", ")),
                format!("[{}]", names(b).join(", ")),
                a.first().map(|t| t.span),
                b.first().map(|t| t.span),
            );
        }
    }
    // A capability written under a key that is not the contract's
    // (`gui_rdp`) is TC001's; what it would have said is not compared.
    let misspelt = |t: &Toolchain, name: &str| {
        t.capabilities.as_ref().is_some_and(|c| {
            c.entries.iter().any(|e| {
                matches!(&e.parsed, Err(crate::contract::composition::CapError::Unknown { name: k, .. })
                    if crate::suggest::normalise(k) == crate::suggest::normalise(name))
            })
        })
    };
    for (i, def) in cat.capabilities.iter().enumerate() {
        if misspelt(tf, &def.name) || misspelt(yaml, &def.name) {
            continue;
        }
        let (a, b) = (tf.effective[i], yaml.effective[i]);
        if a.value != b.value {
            push(
                &def.name,
                def.value_text(a.value).to_string(),
                def.value_text(b.value).to_string(),
                a.written
                    .map(|(k, _)| k)
                    .or(tf.capabilities.as_ref().map(|c| c.key)),
                b.written.map(|(k, _)| k),
            );
        }
    }
}
