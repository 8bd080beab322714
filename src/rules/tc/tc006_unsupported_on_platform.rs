//! TC006 unsupported-on-platform.

use crate::contract::catalog::{CapKind, CapValue};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Ctx, DiagExt, Rule};

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
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(row) = cx.support() else { return };
    let Some(pf) = &cx.comp.platform else { return };
    let Ok(pid) = pf.parsed else { return };
    let platform = &cx.cat.platforms[pid].name;
    let narrowed = if cx.narrowing.is_some() {
        " (as narrowed by the base's `supports`)"
    } else {
        ""
    };
    for (cap, eff) in cx.comp.effective.iter().enumerate() {
        if eff.value == CapValue::Bool(false) || row[cap].allows(eff.value) {
            continue;
        }
        let def = &cx.cat.capabilities[cap];
        let what = match def.kind {
            CapKind::Bool => def.name.clone(),
            CapKind::Enum(_) => format!("{} {}", def.name, def.value_text(eff.value)),
        };
        let mut places = vec![(pf.key, format!("platform {platform} selected here"))];
        if let Some((k, _)) = eff.written {
            places.push((k, format!("{what} requested here")));
        }
        let others = cx.cat.platforms_supporting(cap, eff.value);
        let here: Vec<String> = match &def.kind {
            CapKind::Enum(vals) if row[cap] != crate::contract::catalog::Support::No => (0..vals
                .len())
                .filter(|i| row[cap].allows(CapValue::Enum(*i as u16)))
                .map(|i| vals[i].clone())
                .collect(),
            _ => Vec::new(),
        };
        let mut help = if !here.is_empty() {
            format!(
                "platform {platform} supports {} {}; other platforms that support {what}: {}",
                def.name,
                here.join(", "),
                if others.is_empty() {
                    "none".to_string()
                } else {
                    others.join(", ")
                }
            )
        } else if others.is_empty() {
            format!("no platform supports {what}; remove it")
        } else {
            format!(
                "remove it, or use a platform that supports it: {}",
                others.join(", ")
            )
        };
        if eff.written.is_none() {
            help.push_str(&format!(
                "; `{}` takes the contract default because it is not written: set it to a supported value",
                def.name
            ));
        }
        out.push(
            RULE.joint(
                cx.file,
                places,
                format!("{what} is not supported on platform {platform}{narrowed}"),
            )
            .with_help(help),
        );
    }
}
