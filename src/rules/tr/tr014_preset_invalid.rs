//! TR014 preset-invalid.

use crate::contract::repo::{TemplateFacts, Text};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use super::names;

pub static RULE: Rule = Rule {
    code: "TR014",
    name: "preset-invalid",
    severity: Severity::Error,
    summary: "a workspace preset sets a compute profile the template does not offer (or that fails on the base)",
    docs: r#"## What it does
Reads every `data "coder_workspace_preset"` of a Coder template and checks the value its
`parameters` give the compute profile parameter: it must be one of the parameter's
options. A profile that is offered but fails on the base is reported once, on the
option (TR005).

## Why is this bad?
A preset is the one-click way to create a workspace. Coder applies the preset's values
without showing the parameter form, so a value the template does not offer is only
found when the build fails, by the user who clicked it.

## Example
```hcl
data "coder_workspace_preset" "gpu" {
  name = "GPU"
  parameters = {
    (data.coder_parameter.compute_profile.name) = "datasci-xlarge"   # not an option
  }
}
```

## Use instead
```hcl
data "coder_workspace_preset" "gpu" {
  name = "GPU"
  parameters = {
    (data.coder_parameter.compute_profile.name) = "datasci-large"
  }
}
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Pairings offer only valid choices",
        scenario: "A preset that selects a profile the template does not offer",
    }],
    checks: &[Check::Staged],
};

/// Each preset value of the profile parameter that is not offered.
pub fn check(tf: &TemplateFacts, offered: &[Text], out: &mut Vec<Diagnostic>) {
    if offered.is_empty() {
        return;
    }
    for p in &tf.presets {
        if offered.iter().any(|o| o.value == p.value.value) {
            continue;
        }
        out.push(
            RULE.diag(
                &p.file,
                Some(p.value.span),
                format!(
                    "preset {} sets the compute profile to {}, which the template does not offer",
                    p.preset, p.value.value
                ),
            )
            .with_help(match tf.option_names.iter().find(|(n, _)| *n == p.value.value) {
                Some((_, v)) => format!(
                    "`{}` is the display name of the option whose value is {v}: a preset sets the value",
                    p.value.value
                ),
                None => format!("use one of the parameter's options: {}", names(offered)),
            }),
        );
    }
}
