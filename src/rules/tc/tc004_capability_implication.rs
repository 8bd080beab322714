//! TC004 capability-implication.

use std::fmt::Write as _;

use crate::contract::catalog::{CapValue, Level};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

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
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Capability constraints",
        scenario: "GPU work without network egress",
    }],
    checks: &[Check::Composition(check)],
};

/// The catalog's `must` implications that do not hold.
pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    implications(cx, Level::Must, &RULE, out);
}

/// Report, as `rule`, every implication of the catalog at `level` that the
/// effective capabilities break: at the places that enable it, with what to
/// set instead (TC004 for `must`, TC005 for `should`).
pub(super) fn implications(
    cx: &Ctx<'_>,
    level: Level,
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) {
    let eff = &cx.comp.effective;
    for imp in cx.cat.implications.iter().filter(|i| i.level == level) {
        let holds = |(c, v): &&(usize, CapValue)| eff[*c].value == *v;
        if !imp.when.iter().any(|w| holds(&w)) || imp.allowed.contains(&eff[imp.then].value) {
            continue;
        }
        let then = &cx.cat.capabilities[imp.then];
        let then_val = then.value_text(eff[imp.then].value);
        let mut message = String::with_capacity(96);
        for (i, (c, _)) in imp.when.iter().filter(holds).enumerate() {
            let d = &cx.cat.capabilities[*c];
            if i > 0 {
                message.push_str(" and ");
            }
            let _ = write!(message, "{} {}", d.name, d.value_text(eff[*c].value));
        }
        let mut help = String::with_capacity(128);
        let _ = write!(help, "set `{}` to ", then.name);
        let allowed_start = help.len();
        for (i, v) in imp.allowed.iter().enumerate() {
            if i > 0 {
                help.push_str(" or ");
            }
            help.push_str(then.value_text(*v));
        }
        match imp.level {
            Level::Must => {
                let allowed = &help[allowed_start..];
                let _ = write!(
                    message,
                    " requires {} to be {allowed}, not {then_val}",
                    then.name
                );
            }
            Level::Should => {
                let _ = write!(message, " with {} {then_val}", then.name);
            }
        }
        if !imp.reason.is_empty() {
            let _ = write!(help, " ({})", imp.reason);
        }
        if eff[imp.then].written.is_none() {
            let _ = write!(
                help,
                "; {} takes its default {then_val} because it is not written",
                then.name
            );
        }
        let places = imp
            .when
            .iter()
            .filter(holds)
            .filter_map(|(c, _)| eff[*c].written.map(|(k, _)| (k, "enabled here")))
            .chain(eff[imp.then].written.map(|(k, _)| (k, "set here")));
        out.push(rule.joint(cx.file, places, message).with_help(help));
    }
}
