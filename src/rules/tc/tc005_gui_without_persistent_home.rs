//! TC005 gui-without-persistent-home. The check is the `should` half of
//! [`super::tc004_capability_implication::check`]: both read the catalog's
//! implications.

use crate::contract::catalog::Level;
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TC005",
    name: "gui-without-persistent-home",
    severity: Severity::Warning,
    summary: "gui-vnc or gui-rdp true with persistent-home false",
    docs: r#"## What it does
Checks the contract's "should" implications: when `gui-vnc` or `gui-rdp` is
`true`, `persistent-home` should be `true`. It is a warning, not an error
(`--deny-warnings` or `[rules] TC005 = "error"` makes it fail a build).

## Why is this bad?
A desktop keeps its state (panels, browser profiles, open sessions) in the home
directory. Without a persistent home all of it is lost at every restart.

## Example
```yaml
capabilities:
  gui-vnc: true
  persistent-home: false
```

## Use instead
```yaml
capabilities:
  gui-vnc: true
  persistent-home: true
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Capability constraints",
        scenario: "A desktop without a persistent home",
    }],
    checks: &[Check::Composition(check)],
};

/// The catalog's `should` implications that do not hold.
pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    super::tc004_capability_implication::implications(cx, Level::Should, &RULE, out);
}
