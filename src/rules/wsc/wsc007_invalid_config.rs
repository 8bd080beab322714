//! WSC007 invalid-config.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC007",
    name: "invalid-config",
    severity: Severity::Error,
    summary: "`wsc.toml` is malformed or names an unknown rule code or level",
    docs: r#"## What it does
Reports a `wsc.toml` that is not valid TOML, has an unknown section or key, sets
a severity for a rule code that does not exist, uses a level other than
`error`, `warning`, `info` or `off`, or allows an override kind that does not
exist. The command stops with exit status 2.

## Why is this bad?
A misspelt code in `[rules]` would silently leave a rule at its default
severity; a misspelt override in `[policy] allow` would silently refuse it.

## Example
```toml
[rules]
TC05 = "error"
```

## Use instead
```toml
[rules]
TC005 = "error"
```
"#,
    verifies: &[],
    checks: &[],
};
