//! TC003 mutually-exclusive-capabilities.

use crate::contract::catalog::CapValue;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC003",
    name: "mutually-exclusive-capabilities",
    severity: Severity::Error,
    summary: "gui-vnc and gui-rdp both true",
    docs: r#"## What it does
Reports capabilities that the contract declares mutually exclusive (in the
contract: `gui-vnc` and `gui-rdp`) when more than one of them is enabled. The
finding points at the one written last; the others are related places.

## Why is this bad?
VNC is the Linux desktop protocol and RDP the Windows one. No platform offers
both, so a composition asking for both cannot be provisioned as written.

## Example
```yaml
capabilities:
  gui-vnc: true
  gui-rdp: true
```

## Use instead
```yaml
capabilities:
  gui-rdp: true      # on ec2-windows; gui-vnc on Linux platforms
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Capability constraints",
        scenario: "Two GUI protocols at once",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for group in &cx.cat.exclusions {
        let enabled = |c: &usize| cx.comp.effective[*c].value == CapValue::Bool(true);
        if group.iter().filter(|c| enabled(c)).count() < 2 {
            continue;
        }
        let on: Vec<usize> = group
            .iter()
            .copied()
            .filter(|c| cx.comp.effective[*c].value == CapValue::Bool(true))
            .collect();
        if on.len() < 2 {
            continue;
        }
        let names: Vec<&str> = on
            .iter()
            .map(|c| cx.cat.capabilities[*c].name.as_str())
            .collect();
        let places: Vec<(crate::diag::Span, String)> = on
            .iter()
            .filter_map(|c| {
                cx.comp.effective[*c]
                    .written
                    .map(|(k, _)| (k, format!("{} enabled here", cx.cat.capabilities[*c].name)))
            })
            .collect();
        let message = match names.as_slice() {
            [a, b] => format!("{a} and {b} cannot both be enabled"),
            _ => format!("{} cannot be enabled together", names.join(", ")),
        };
        out.push(RULE.joint(cx.file, places, message).with_help(format!(
            "enable only one of {}: the platform decides which (gui-rdp on Windows, gui-vnc on Linux)",
            names.join(", ")
        )));
    }
}
