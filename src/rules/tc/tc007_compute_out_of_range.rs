//! TC007 compute-out-of-range.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC007",
    name: "compute-out-of-range",
    severity: Severity::Error,
    summary: "cpu not an integer in 1–64, gpu_count not an integer in 0–8",
    docs: r#"## What it does
Checks `cpu` (a whole number from 1 to 64) and `gpu_count` (a whole number from
0 to 8) of a compute profile object, and of `overrides.compute_profile`. Wrong
types (`cpu: "4"`, `cpu: 2.5`) are reported here too.

## Why is this bad?
Bases size instances and pod requests from these numbers. Fractions, zero CPUs
or more GPUs than any instance carries cannot be scheduled.

## Example
```yaml
compute_profile: {cpu: 128, memory: 8Gi, storage: 50Gi}
```

## Use instead
```yaml
compute_profile: {cpu: 64, memory: 8Gi, storage: 50Gi}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Compute resources",
        scenario: "CPUs or GPUs out of range",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for o in super::tc008_invalid_quantity::objects(cx.comp) {
        field_error(
            &RULE,
            cx.file,
            o.cpu.as_ref(),
            "cpu is a whole number from 1 to 64",
            out,
        );
        field_error(
            &RULE,
            cx.file,
            o.gpu_count.as_ref(),
            "gpu_count is a whole number from 0 to 8",
            out,
        );
    }
}
