//! TC002 invalid-capability-value.

use crate::contract::composition::CapError;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC002",
    name: "invalid-capability-value",
    severity: Severity::Error,
    summary: "wrong type, or a value outside the capability's enum",
    docs: r#"## What it does
Reports a capability value of the wrong type (a quoted `"true"` for a bool
capability, a number for an enum) or an enum value the contract does not list,
and a `capabilities` entry that is not a mapping at all.

## Why is this bad?
Bases compare capability values exactly: `"true"` is not `true`, and
`network-egress: https` matches none of the egress modes, so the base falls
back to behaviour nobody chose.

## Example
```yaml
capabilities:
  persistent-home: "true"
  network-egress: https
```

## Use instead
```yaml
capabilities:
  persistent-home: true
  network-egress: https-only
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Capability declarations",
        scenario: "A value outside the capability's type or enumeration",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(caps) = &cx.comp.capabilities else {
        return;
    };
    if let Some(e) = &caps.not_a_map {
        let mut d = RULE.diag(cx.file, Some(caps.value), e.message.clone());
        if let Some(h) = &e.help {
            d = d.with_help(h.clone());
        }
        out.push(d);
    }
    for e in &caps.entries {
        if let Err(CapError::BadValue { message, help, .. }) = &e.parsed {
            out.push(
                RULE.diag(cx.file, Some(e.value), message.clone())
                    .with_help(help.clone()),
            );
        }
    }
}
