//! TC001 unknown-capability.

use crate::contract::composition::CapError;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC001",
    name: "unknown-capability",
    severity: Severity::Error,
    summary: "a capability key that is not in the contract (suggest the nearest; snake_case → kebab-case)",
    docs: r#"## What it does
Reports a key under `capabilities` that the contract does not define, and
suggests what was meant: the kebab-case spelling of a snake_case key
(`persistent_home` → `persistent-home`), the nearest capability for a typo, or
the real capability and value for an invented name (`outbound-https` → use
`network-egress: https-only`).

## Why is this bad?
Infrastructure bases only read the eight contract capabilities. An unknown key
is ignored by every base, so the workspace silently runs without what the
toolchain asked for.

## Example
```yaml
capabilities:
  persistent_home: true
  outbound-https: true
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
        scenario: "An unknown capability key",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(caps) = &cx.comp.capabilities else {
        return;
    };
    for e in &caps.entries {
        if let Err(CapError::Unknown { name, help }) = &e.parsed {
            out.push(
                RULE.diag(cx.file, Some(e.key), format!("unknown capability `{name}`"))
                    .with_help(help.clone()),
            );
        }
    }
}
