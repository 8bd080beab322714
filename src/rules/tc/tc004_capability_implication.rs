//! TC004 capability-implication (and, for `should` implications, TC005).

use crate::contract::catalog::Level;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Ctx, DiagExt, Rule};

use super::tc005_gui_without_persistent_home;

pub static RULE: Rule = Rule {
    code: "TC004",
    name: "capability-implication",
    severity: Severity::Error,
    summary: "gpu-support true with network-egress none",
    docs: r#"## What it does
Checks the contract's "must" implications: when a capability has a given value,
another one must take one of a set of values. The contract has one: when
`gpu-support` is `true`, `network-egress` must be `https-only` or
`unrestricted`. (Its "should" implications are TC005.) The finding points at
the key written last; the other is a related place.

## Why is this bad?
A GPU workspace downloads its drivers and CUDA libraries when it starts. With
no egress at all it boots without a usable GPU.

## Example
```yaml
capabilities:
  gpu-support: true
  network-egress: none
```

## Use instead
```yaml
capabilities:
  gpu-support: true
  network-egress: https-only
```
"#,
};

/// Checks every implication of the catalog; `must` ones are TC004, `should`
/// ones TC005.
pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let eff = &cx.comp.effective;
    for imp in &cx.cat.implications {
        let holding: Vec<usize> = imp
            .when
            .iter()
            .filter(|(c, v)| eff[*c].value == *v)
            .map(|(c, _)| *c)
            .collect();
        if holding.is_empty() || imp.allowed.contains(&eff[imp.then].value) {
            continue;
        }
        let then = &cx.cat.capabilities[imp.then];
        let then_val = then.value_text(eff[imp.then].value);
        let conds: Vec<String> = holding
            .iter()
            .map(|c| {
                let d = &cx.cat.capabilities[*c];
                format!("{} {}", d.name, d.value_text(eff[*c].value))
            })
            .collect();
        let allowed: Vec<String> = imp.allowed.iter().map(|v| then.value_text(*v)).collect();
        let mut places: Vec<_> = holding
            .iter()
            .filter_map(|c| {
                let d = &cx.cat.capabilities[*c];
                eff[*c].written.map(|(k, _)| {
                    (
                        k,
                        format!("{} {} here", d.name, d.value_text(eff[*c].value)),
                    )
                })
            })
            .collect();
        if let Some((k, _)) = eff[imp.then].written {
            places.push((k, format!("{} {then_val} here", then.name)));
        }
        let (rule, message) = match imp.level {
            Level::Must => (
                &RULE,
                format!(
                    "{} requires {} to be {}, not {then_val}",
                    conds.join(" and "),
                    then.name,
                    allowed.join(" or ")
                ),
            ),
            Level::Should => (
                &tc005_gui_without_persistent_home::RULE,
                format!("{} with {} {then_val}", conds.join(" and "), then.name),
            ),
        };
        let mut help = format!("set `{}: {}`", then.name, allowed.join("` or `"));
        if !imp.reason.is_empty() {
            help.push_str(&format!(" ({})", imp.reason));
        }
        if eff[imp.then].written.is_none() {
            help.push_str(&format!(
                "; {} takes its default {then_val} because it is not written",
                then.name
            ));
        }
        out.push(rule.joint(cx.file, places, message).with_help(help));
    }
}
