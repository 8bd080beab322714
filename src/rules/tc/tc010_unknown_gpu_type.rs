//! TC010 unknown-gpu-type.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC010",
    name: "unknown-gpu-type",
    severity: Severity::Error,
    summary: "gpu_type not in the catalog",
    docs: r#"## What it does
Reports a `gpu_type` that is not one of the catalog's GPU types (`nvidia-t4`,
`nvidia-a10g`, `nvidia-v100`, `nvidia-a100` in the contract), with the nearest
name as a suggestion.

## Why is this bad?
The GPU type selects the instance family (g4dn, g5, p3, p4d). An unknown type
matches no family and the workspace cannot be placed.

## Example
```yaml
compute_profile: {cpu: 8, memory: 32Gi, storage: 100Gi, gpu_count: 1, gpu_type: tesla-t4}
```

## Use instead
```yaml
compute_profile: {cpu: 8, memory: 32Gi, storage: 100Gi, gpu_count: 1, gpu_type: nvidia-t4}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "GPU consistency",
        scenario: "A GPU type the catalog lacks",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for o in super::tc008_invalid_quantity::objects(cx.comp) {
        field_error(
            &RULE,
            cx.file,
            o.gpu_type.as_ref(),
            "`wsc profiles` lists the GPU types",
            out,
        );
    }
}
