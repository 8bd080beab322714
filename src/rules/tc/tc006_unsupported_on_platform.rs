//! TC006 unsupported-on-platform.

use std::fmt::Write as _;

use crate::contract::catalog::{CapKind, CapValue, Support};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC006",
    name: "unsupported-on-platform",
    severity: Severity::Error,
    summary: "a requested capability the platform's row (or the base's `supports`) lacks",
    docs: r#"## What it does
Compares the requested capabilities with the platform's row of the contract's
support matrix (`wsc platforms`), narrowed by a base's `supports` list when the
composition comes from a pairing. A bool capability is requested when its
effective value is `true`; an enum capability always requests its effective
value, and a platform may support only some values (`docker-sysbox` allows
`network-egress` `https-only` and `unrestricted`, not `none`).

## Why is this bad?
The base for that platform has no implementation of the capability: the
workspace would start without it, or not at all.

## Example
```yaml
platform: kubernetes
capabilities:
  gui-rdp: true
```

## Use instead
```yaml
platform: ec2-windows
capabilities:
  gui-rdp: true
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Platform support",
        scenario: "A capability the platform lacks",
    }],
    checks: &[Check::Composition(check)],
};

/// Append `items` separated by `, ` (or `none`).
fn list<'a>(buf: &mut String, items: impl Iterator<Item = &'a str>) {
    let start = buf.len();
    for (i, it) in items.enumerate() {
        if i > 0 {
            buf.push_str(", ");
        }
        buf.push_str(it);
    }
    if buf.len() == start {
        buf.push_str("none");
    }
}

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(pf) = &cx.comp.platform else { return };
    let Ok(pid) = pf.parsed else { return };
    let platform = &cx.cat.platforms[pid].name;
    for (cap, eff) in cx.comp.effective.iter().enumerate() {
        let Some(support) = cx.support(cap) else {
            return;
        };
        if eff.value == CapValue::Bool(false) || support.allows(eff.value) {
            continue;
        }
        let def = &cx.cat.capabilities[cap];
        let value = match def.kind {
            CapKind::Bool => "",
            CapKind::Enum(_) => def.value_text(eff.value),
        };
        let sep = if value.is_empty() { "" } else { " " };
        let mut message = String::with_capacity(96);
        let _ = write!(
            message,
            "{}{sep}{value} is not supported on platform {platform}",
            def.name
        );
        if cx.narrowing.is_some() {
            message.push_str(" (as narrowed by the base's `supports`)");
        }
        let places = [
            Some((pf.key, "platform selected here")),
            eff.written.map(|(k, _)| (k, "requested here")),
        ];
        let others = cx
            .cat
            .platforms
            .iter()
            .filter(|p| p.support.get(cap).is_some_and(|s| s.allows(eff.value)))
            .map(|p| p.name.as_str());
        let mut help = String::with_capacity(128);
        match (&def.kind, support) {
            (CapKind::Enum(vals), Support::Values(_)) => {
                let _ = write!(help, "platform {platform} supports {} ", def.name);
                list(
                    &mut help,
                    (0..vals.len())
                        .filter(|i| support.allows(CapValue::Enum(*i as u16)))
                        .map(|i| vals[i].as_str()),
                );
                let _ = write!(help, "; platforms that support {}{sep}{value}: ", def.name);
                list(&mut help, others);
            }
            _ => {
                help.push_str("remove it, or use a platform that supports it: ");
                list(&mut help, others);
            }
        }
        if eff.written.is_none() {
            let _ = write!(
                help,
                "; `{}` takes the contract default because it is not written: set it to a supported value",
                def.name
            );
        }
        out.push(
            RULE.joint(cx.file, places.into_iter().flatten(), message)
                .with_help(help),
        );
    }
}
