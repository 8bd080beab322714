//! WSC010 contract-folder-ignored.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC010",
    name: "contract-folder-ignored",
    severity: Severity::Info,
    summary: "a repository's contract/ folder is not a wsc catalog, so the embedded contract is used",
    docs: r#"## What it does
Notes, once, that the repository's `contract/` folder is not a wsc contract
catalog, so `wsc check` uses the embedded contract. A folder is a wsc catalog
when one of its YAML files declares `contract:` (the catalog version) at the
top and every top-level key of its YAML files is a catalog section
(`contract`, `inputs`, `outputs`, `capabilities`, `aliases`, `profiles`,
`gpu_types`, `platforms`, `exclusions`, `implications`, `extensions`).

## Why is this bad?
Nothing is wrong: many repositories keep their own description of the
contract (a JSON Schema, a `contract-schema.yaml`) in a folder of that name.
The note says which contract the check used.

## Example
```
modules/coder/template-architecture/contract/contract-schema.yaml
```

## Use instead
To check against your own catalog, name it: `--contract DIR`, or
`contract = "path"` in `wsc.toml`; `wsc contract export DIR` writes the
embedded catalog to start from.
"#,
    verifies: &[],
    checks: &[],
};
