//! TR010 optional-capability-dropped.

use crate::contract::catalog::CapValue;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::PairCtx;

pub static RULE: Rule = Rule {
    code: "TR010",
    name: "optional-capability-dropped",
    severity: Severity::Info,
    summary: "an optional capability the paired base lacks",
    docs: r#"## What it does
Reports, as information, each capability a toolchain lists in `optional` that the paired base does not support: it is set to its contract default for that pairing before anything else is checked.

## Why is this bad?
Nothing is wrong; the info tells reviewers that this pairing runs without the capability.

## Example
```yaml
# toolchain: capabilities: {gpu-support: true}, optional: [gpu-support]
# base: ec2-linux (no GPUs)
```

## Use instead
```yaml
# expected: an info on the pairing
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "An optional capability the base lacks",
    }],
    checks: &[Check::Pairing(check)],
};

/// Each optional capability the base lacks, dropped to its default.
pub fn check(cx: &PairCtx<'_>, out: &mut Vec<Diagnostic>) {
    let t = cx.toolchain;
    for &(cap, span, asked) in &cx.dropped {
        let def = &cx.cat.capabilities[cap];
        let (what, by) = cx.refusal(cap, asked);
        let mut help = format!(
            "{} runs with {} {} on this base",
            t.name,
            def.name,
            def.value_text(def.default)
        );
        if !cx.support(cap).allows(def.default) && def.default != CapValue::Bool(false) {
            help.push_str(" (its default, which this base does not support either)");
        }
        let d = RULE
            .diag(
                cx.file(),
                Some(cx.pairing.span),
                format!("optional capability {what} is dropped: {by} does not allow it"),
            )
            .with_help(help);
        out.push(cx.related(d, Some(span)));
    }
}
