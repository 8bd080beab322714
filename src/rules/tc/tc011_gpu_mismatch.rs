//! TC011 gpu-mismatch.

use crate::contract::catalog::CapValue;
use crate::diag::{Diagnostic, Severity, Span};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC011",
    name: "gpu-mismatch",
    severity: Severity::Error,
    summary: "gpu_count > 0 without gpu-support, gpu-support without gpu_count > 0, gpu_type without gpu_count > 0, gpu_count > 0 without gpu_type",
    docs: r#"## What it does
Checks that the GPU request is stated consistently in the two places the
contract has for it: the `gpu-support` capability and the compute profile's
`gpu_count`/`gpu_type` (of a named profile, of a profile object, or of
`overrides.compute_profile`). It fires when the profile has GPUs and
`gpu-support` is not enabled, when `gpu-support` is enabled and the profile has
no GPU, when a `gpu_type` is given with no GPU, and when GPUs are counted with
no type. A problem from a profile name points at the `compute_profile` value.

## Why is this bad?
Bases read one or the other: a GPU profile without `gpu-support` gets a GPU
instance without drivers, and `gpu-support` without GPUs gets drivers on a
machine without a GPU.

## Example
```yaml
compute_profile: datasci-large     # 1 x nvidia-t4
capabilities: {}
```

## Use instead
```yaml
compute_profile: datasci-large
capabilities:
  gpu-support: true
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "GPU consistency",
        scenario: "GPUs without GPU support",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = &cx.comp.compute;
    let Some(count) = c.gpu_count else { return };
    let support = cx
        .cat
        .capability("gpu-support")
        .map(|id| (id, cx.comp.effective[id]));
    let profile_place = |at: Option<Span>, what: String| at.map(|s| (s, what));
    let n = count.value;
    let count_place = profile_place(count.at, format!("gpu_count {n} from here"));
    if let Some((_, eff)) = support {
        let enabled = eff.value == CapValue::Bool(true);
        let gs_place = eff
            .written
            .map(|(k, _)| (k, format!("gpu-support {enabled} here")));
        if n > 0 && !enabled {
            let places: Vec<(Span, String)> = count_place
                .iter()
                .cloned()
                .chain(gs_place.clone())
                .collect();
            let mut help = "set `gpu-support: true`, or choose a profile without GPUs".to_string();
            if eff.written.is_none() {
                help.push_str(" (gpu-support is false by default)");
            }
            out.push(
                RULE.joint(
                    cx.file,
                    places,
                    format!("the compute profile has {n} GPU(s) but gpu-support is not enabled"),
                )
                .with_help(help),
            );
        }
        if n == 0 && enabled {
            let places: Vec<(Span, String)> = count_place.iter().cloned().chain(gs_place).collect();
            out.push(
                RULE.joint(
                    cx.file,
                    places,
                    "gpu-support is enabled but the compute profile has no GPU".to_string(),
                )
                .with_help("choose a GPU profile (datasci-large, datasci-xlarge) or set gpu_count and gpu_type, or disable gpu-support"),
            );
        }
    }
    let Some(ty) = c.gpu_type else { return };
    if n == 0
        && let Some(g) = ty.value
    {
        let places: Vec<(Span, String)> = count_place
            .iter()
            .cloned()
            .chain(profile_place(ty.at, "gpu_type set here".to_string()))
            .collect();
        out.push(
            RULE.joint(
                cx.file,
                places,
                format!(
                    "gpu_type {} is set but gpu_count is 0",
                    cx.cat.gpu_types[g].name
                ),
            )
            .with_help("set gpu_count above 0, or set gpu_type to null (in overrides.compute_profile when it comes from a named profile)"),
        );
    }
    if n > 0 && ty.value.is_none() {
        let places: Vec<(Span, String)> = count_place
            .iter()
            .cloned()
            .chain(profile_place(ty.at, "no gpu_type set here".to_string()))
            .collect();
        let types: Vec<&str> = cx.cat.gpu_types.iter().map(|g| g.name.as_str()).collect();
        out.push(
            RULE.joint(
                cx.file,
                places,
                format!("gpu_count is {n} but no gpu_type is set"),
            )
            .with_help(format!("set gpu_type to one of: {}", types.join(", "))),
        );
    }
}
