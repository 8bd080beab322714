//! WSC003 stale-baseline-entry.

use crate::diag::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "WSC003",
    name: "stale-baseline-entry",
    severity: Severity::Warning,
    summary: "a baseline entry matches nothing",
    docs: r#"## What it does
With `--baseline FILE`, reports each entry of the baseline that no current
finding matches: the drift it recorded has been fixed (or the code moved so
far that its fingerprint changed).

## Why is this bad?
A stale entry would silently excuse the same finding if it came back. Keep the
baseline as small as the known drift.

## Example
```json
{"code": "D-5", "file": "image/Dockerfile", "fingerprint": "9a1c…", "message": "…"}
```

## Use instead
Regenerate the baseline with `--write-baseline FILE`, or delete the entry.
"#,
    verifies: &[],
    checks: &[],
};
