//! WSC006 invalid-contract-catalog.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC006",
    name: "invalid-contract-catalog",
    severity: Severity::Error,
    summary: "a contract catalog (`--contract` or a repository's contract/) is malformed",
    docs: r#"## What it does
Reports every problem of a contract catalog given with `--contract FILE|DIR` (or
found in a template repository's `contract/` directory): unknown sections or
keys, a capability without type or default, a default outside the values, a
profile with a malformed quantity or an unknown GPU type, a platform that
supports a capability the catalog does not define. The command then stops with
exit status 2: nothing is checked against a broken contract.

## Why is this bad?
The catalog decides every verdict. A typo in it would silently turn errors into
passes (or the reverse) for every composition checked against it.

## Example
```yaml
platforms:
  kubernetes:
    os: linux
    supports: [persistent-home, gui_vnc]
```

## Use instead
```yaml
platforms:
  kubernetes:
    os: linux
    supports: [persistent-home, gui-vnc]
```
"#,
    verifies: &[],
    checks: &[],
};
