//! TR006 pairing-capability-unsupported.

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::PairCtx;

pub static RULE: Rule = Rule {
    code: "TR006",
    name: "pairing-capability-unsupported",
    severity: Severity::Error,
    summary: "a toolchain's non-optional capability that the paired base lacks",
    docs: r#"## What it does
Reports a capability the toolchain requests (not listed in its `optional`) that the paired base's platform row, narrowed by the base's `supports`, does not implement (TC006 for the pairing).

## Why is this bad?
The base has no implementation of the capability; the workspace starts without it or not at all.

## Example
```yaml
# toolchain: capabilities: {gui-rdp: true}
pairings:
  pod-windev:
    toolchain: windev
    base: base-k8s
```

## Use instead
```yaml
pairings:
  ec2-windev:
    toolchain: windev
    base: base-ec2-windows
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A required capability the base lacks",
    }],
    checks: &[Check::Pairing(check)],
};

/// A capability the toolchain requests (or defaults to) that the base
/// refuses: once per pairing and capability, whatever the profile.
pub fn check(cx: &PairCtx<'_>, out: &mut Vec<Diagnostic>) {
    let t = cx.toolchain;
    let b = cx.base;
    let mut reported = BTreeSet::new();
    for d in cx.outcomes.iter().flatten().filter(|d| d.code() == "TC006") {
        let Some(cap) = cx
            .cat
            .capabilities
            .iter()
            .position(|c| d.message.starts_with(c.name.as_str()))
        else {
            continue;
        };
        if !reported.insert(cap) {
            continue;
        }
        let eff = cx.effective[cap];
        let (what, by) = cx.refusal(cap, eff.value);
        let default_note = if eff.written.is_none() {
            " (its default)"
        } else {
            ""
        };
        let help = if t.optional.iter().any(|(c, _)| *c == cap) {
            "the capability is optional, but even its default is refused here: pair the toolchain with another base"
        } else {
            "pair the toolchain with a base that allows it, or list the capability in the toolchain's `optional`"
        };
        let mut diag = cx.related(
            RULE.diag(
                cx.file(),
                Some(cx.pairing.span),
                format!(
                    "toolchain {} requests {what}{default_note}, which {by} does not allow (TC006)",
                    t.label()
                ),
            )
            .with_help(help),
            eff.written.map(|(k, _)| k),
        );
        if let Some((_, span)) = &b.supports
            && by.ends_with("`supports`")
        {
            diag = diag.with_related_in(&b.file, *span, "the base's supports");
        }
        out.push(diag);
    }
}
