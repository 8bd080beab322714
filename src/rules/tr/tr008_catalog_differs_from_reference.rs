//! TR008 catalog-differs-from-reference.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::contract::catalog::{CapKind, Catalog, Layer, Support};
use crate::diag::{Diagnostic, Severity, Span};
use crate::rules::{Check, DiagExt, Rule, Verifies};

pub static RULE: Rule = Rule {
    code: "TR008",
    name: "catalog-differs-from-reference",
    severity: Severity::Info,
    summary: "the repository's contract catalog differs from seed 000's (each difference listed)",
    docs: r#"## What it does
When a repository brings its own `contract/` catalog, lists every way its seed layer differs from the template contract (seed 000): changed defaults, added or removed values, profiles, GPU types, platforms and support cells. Extension entries are not differences. Each finding points at the entry it names in the repository's catalog files (at the field, for a profile's changed value); a removed entry has no place.

## Why is this bad?
An organisation may narrow or extend the contract on purpose; reviewers should still see each difference spelled out.

## Example
```yaml
# contract/platforms.yaml: kubernetes no longer supports gui-vnc
```

## Use instead
```yaml
# intended: keep it, and let the info document the difference
```
"#,
    verifies: &[Verifies {
        spec: "template-contract",
        requirement: "Catalog provenance",
        scenario: "A repository catalog that differs",
    }],
    checks: &[Check::Staged],
};

/// Every difference of a repository's catalog from the reference (seed
/// 000), each at the catalog entry it names when that can be found in the
/// catalog's files (`files`: shown path and text), else at `dir`.
pub fn check(
    cat: &Catalog,
    reference: &Catalog,
    files: &[(Arc<str>, String)],
    dir: &Arc<str>,
    out: &mut Vec<Diagnostic>,
) {
    for d in catalog_differences(cat, reference) {
        let diag = match locate_difference(files, &d) {
            Some((f, span)) => RULE.diag(&f, Some(span), d),
            None => RULE.diag(dir, None, d),
        };
        out.push(
            diag.with_help("intended differences can be silenced with `[rules] TR008 = \"off\"`"),
        );
    }
}

/// Where a catalog difference is written: the entry it names (`capability
/// X`, `profile X`, `GPU type X`, `platform X`) and, for a profile's field,
/// that field's line within the entry. Removed entries have no place.
fn locate_difference(files: &[(Arc<str>, String)], message: &str) -> Option<(Arc<str>, Span)> {
    if message.contains(" is removed") || message.contains(" lacks the value ") {
        return None;
    }
    let (hint, rest) = ["capability ", "profile ", "GPU type ", "platform "]
        .iter()
        .find_map(|k| message.strip_prefix(k).map(|r| (*k, r)))?;
    let name = rest.split_whitespace().next()?;
    let field = rest
        .strip_prefix(name)
        .and_then(|r| r.trim_start().strip_prefix("has "))
        .and_then(|r| r.split_whitespace().next())
        .filter(|f| f.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    let key = |line: &str| -> bool {
        let t = line.trim().trim_start_matches("- ");
        let unquote = |k: &str| k.trim().trim_matches(['"', '\'']).to_string();
        match t.strip_prefix("name:") {
            Some(v) => unquote(v) == name,
            None => t.split_once(':').is_some_and(|(k, _)| unquote(k) == name),
        }
    };
    let stem = hint.trim().to_ascii_lowercase().replace("gpu type", "gpu");
    let mut order: Vec<&(Arc<str>, String)> = files.iter().collect();
    order.sort_by_key(|(p, _)| !p.to_ascii_lowercase().contains(&stem[..stem.len().min(7)]));
    for (path, text) in order {
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = lines
            .iter()
            .position(|l| !l.trim_start().starts_with('#') && key(l))
        else {
            continue;
        };
        let indent = |l: &str| l.len() - l.trim_start().len();
        let entry_indent = indent(lines[at]);
        let mut line = at;
        if let Some(f) = field {
            let want = format!("{f}:");
            if let Some(k) = lines[at + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || indent(l) > entry_indent)
                .position(|l| l.trim_start().starts_with(&want))
            {
                line = at + 1 + k;
            }
        }
        let l = lines[line];
        let base = crate::diag::LineIndex::new(text)
            .line_start(line as u32 + 1)
            .unwrap_or(0);
        // A field inside a flow mapping on the entry's line: `{cpu: 4, …}`.
        if let Some(f) = field.filter(|_| line == at)
            && let Some(i) = l.find(&format!("{f}:")).filter(|_| l.contains('{'))
        {
            let len = l[i..].find([',', '}']).unwrap_or(l.len() - i);
            let start = base + i;
            let span = Span::of(start..start + l[i..i + len].trim_end().len());
            return Some((path.clone(), span));
        }
        // The entry's name (or the field's whole line).
        let (start, len) = match (line == at, l.find(name)) {
            (true, Some(i)) => (i, name.len()),
            _ => (l.len() - l.trim_start().len(), l.trim().len().max(1)),
        };
        let span = Span::of(base + start..base + start + len);
        return Some((path.clone(), span));
    }
    None
}

pub fn catalog_differences(cat: &Catalog, reference: &Catalog) -> Vec<String> {
    let mut d = Vec::new();
    let seed = |l: Layer| l == Layer::Seed;
    // Capabilities: type, values, default.
    for rc in reference.capabilities.iter().filter(|c| seed(c.layer)) {
        let Some(c) = cat.capabilities.iter().find(|c| c.name == rc.name) else {
            d.push(format!("capability {} is removed", rc.name));
            continue;
        };
        match (&c.kind, &rc.kind) {
            (CapKind::Enum(a), CapKind::Enum(b)) => {
                for v in a.iter().filter(|v| !b.contains(v)) {
                    d.push(format!("capability {} has the added value {v}", rc.name));
                }
                for v in b.iter().filter(|v| !a.contains(v)) {
                    d.push(format!("capability {} lacks the value {v}", rc.name));
                }
            }
            (a, b) if a != b => d.push(format!(
                "capability {} is {} (contract: {})",
                rc.name,
                c.type_name(),
                rc.type_name()
            )),
            _ => {}
        }
        if c.value_text(c.default) != rc.value_text(rc.default) {
            d.push(format!(
                "capability {} defaults to {} (contract: {})",
                rc.name,
                c.value_text(c.default),
                rc.value_text(rc.default)
            ));
        }
    }
    for c in cat.capabilities.iter().filter(|c| seed(c.layer)) {
        if reference.capability(&c.name).is_none() {
            d.push(format!("capability {} is added", c.name));
        }
    }
    // Profiles, field by field.
    let gpu_name = |g: Option<usize>, c: &Catalog| {
        g.map_or("none".to_string(), |g| c.gpu_types[g].name.clone())
    };
    for rp in reference.profiles.iter().filter(|p| seed(p.layer)) {
        let Some(p) = cat.profiles.iter().find(|p| p.name == rp.name) else {
            d.push(format!("profile {} is removed", rp.name));
            continue;
        };
        let fields = [
            ("cpu", p.cpu.to_string(), rp.cpu.to_string()),
            ("memory", p.memory.to_string(), rp.memory.to_string()),
            ("storage", p.storage.to_string(), rp.storage.to_string()),
            (
                "gpu_count",
                p.gpu_count.to_string(),
                rp.gpu_count.to_string(),
            ),
            (
                "gpu_type",
                gpu_name(p.gpu_type, cat),
                gpu_name(rp.gpu_type, reference),
            ),
        ];
        for (f, a, b) in fields {
            if a != b {
                d.push(format!("profile {} has {f} {a} (contract: {b})", rp.name));
            }
        }
    }
    for p in cat.profiles.iter().filter(|p| seed(p.layer)) {
        if reference.profile(&p.name).is_none() {
            d.push(format!("profile {} is added", p.name));
        }
    }
    // GPU types.
    for rg in &reference.gpu_types {
        match cat.gpu_types.iter().find(|g| g.name == rg.name) {
            None => d.push(format!("GPU type {} is removed", rg.name)),
            Some(g) => {
                if g.memory_gb != rg.memory_gb {
                    d.push(format!("GPU type {} has other memory", rg.name));
                }
                if (g.fp32_tflops - rg.fp32_tflops).abs() > 1e-9 {
                    d.push(format!(
                        "GPU type {} has {} FP32 TFLOPS (contract: {})",
                        rg.name, g.fp32_tflops, rg.fp32_tflops
                    ));
                }
            }
        }
    }
    for g in cat.gpu_types.iter().filter(|g| seed(g.layer)) {
        if reference.gpu_type(&g.name).is_none() {
            d.push(format!("GPU type {} is added", g.name));
        }
    }
    // Platforms: os, arch, image kinds, every support cell.
    for rp in reference.platforms.iter().filter(|p| seed(p.layer)) {
        let Some(p) = cat.platforms.iter().find(|p| p.name == rp.name) else {
            d.push(format!("platform {} is removed", rp.name));
            continue;
        };
        if p.os != rp.os {
            d.push(format!(
                "platform {} runs {} (contract: {})",
                rp.name,
                p.os.as_str(),
                rp.os.as_str()
            ));
        }
        if p.arch != rp.arch {
            d.push(format!("platform {} has other architectures", rp.name));
        }
        if p.image_kinds != rp.image_kinds {
            d.push(format!("platform {} accepts other image kinds", rp.name));
        }
        for (ci, rc) in reference.capabilities.iter().enumerate() {
            let Some(cj) = cat.capability(&rc.name) else {
                continue;
            };
            let (a, b) = (rp.support[ci], p.support[cj]);
            if a != b {
                let what = match b {
                    Support::No => "does not support",
                    Support::Values(_) => "supports only some values of",
                    Support::Yes => "supports",
                };
                d.push(format!(
                    "platform {} {what} {} (contract: {})",
                    rp.name,
                    rc.name,
                    match a {
                        Support::No => "not supported",
                        _ => "supported",
                    }
                ));
            }
        }
    }
    for p in cat.platforms.iter().filter(|p| seed(p.layer)) {
        if reference.platform(&p.name).is_none() {
            d.push(format!("platform {} is added", p.name));
        }
    }
    // Constraints, by content.
    let excl = |c: &Catalog| -> BTreeSet<Vec<String>> {
        c.exclusions
            .iter()
            .map(|g| {
                let mut v: Vec<String> =
                    g.iter().map(|i| c.capabilities[*i].name.clone()).collect();
                v.sort();
                v
            })
            .collect()
    };
    let (ea, eb) = (excl(cat), excl(reference));
    for g in ea.difference(&eb) {
        d.push(format!("exclusion of {} is added", g.join(" and ")));
    }
    for g in eb.difference(&ea) {
        d.push(format!("exclusion of {} is removed", g.join(" and ")));
    }
    let imps = |c: &Catalog| -> BTreeSet<String> {
        c.implications
            .iter()
            .map(|i| {
                let when: Vec<String> = i
                    .when
                    .iter()
                    .map(|(cap, v)| {
                        format!(
                            "{} {}",
                            c.capabilities[*cap].name,
                            c.capabilities[*cap].value_text(*v)
                        )
                    })
                    .collect();
                let then = &c.capabilities[i.then];
                let allowed: Vec<&str> = i.allowed.iter().map(|v| then.value_text(*v)).collect();
                format!(
                    "{} {} {} in [{}]",
                    when.join(" or "),
                    if i.level == crate::contract::catalog::Level::Must {
                        "requires"
                    } else {
                        "should have"
                    },
                    then.name,
                    allowed.join(", ")
                )
            })
            .collect()
    };
    let (ia, ib) = (imps(cat), imps(reference));
    for i in ia.difference(&ib) {
        d.push(format!("implication added: {i}"));
    }
    for i in ib.difference(&ia) {
        d.push(format!("implication removed: {i}"));
    }
    for attr in ["cpu", "gpu_count"] {
        if cat.compute_range(attr) != reference.compute_range(attr) {
            d.push(format!("the range of {attr} differs"));
        }
    }
    d
}
