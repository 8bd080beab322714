//! TC017 incompatible-contract-version.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, Ctx, Rule, Verifies};

use super::field_error;

pub static RULE: Rule = Rule {
    code: "TC017",
    name: "incompatible-contract-version",
    severity: Severity::Error,
    summary: "a declared contract major version the tool does not implement",
    docs: r#"## What it does
Checks the optional `contract` key: a `MAJOR.MINOR` version whose major number
is the one the catalog implements (contract 1.x). A different major version,
or a value that is not a version, is an error.

## Why is this bad?
A major version changes the contract's meaning; checking a 2.x composition with
1.x rules would give verdicts about a contract it was not written for.

## Example
```yaml
contract: "2.0"
```

## Use instead
```yaml
contract: "1.0"
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Contract version",
        scenario: "A newer major version",
    }],
    checks: &[Check::Composition(check)],
};

pub fn check(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    field_error(
        &RULE,
        cx.file,
        cx.comp.contract.as_ref(),
        "write `contract: \"1.0\"`",
        out,
    );
}
