//! The contract guard: a provider-free Terraform module every composed
//! template calls with the chosen compute profile, so that a choice CI
//! never saw (a parameter edited by hand, a preset naming another profile)
//! still fails `terraform plan` with the contract's own words. Coder's
//! server does not re-check parameter choices on every build; this does.
//!
//! Every rule is a precondition of one `terraform_data` resource (a `check`
//! block only warns, and a variable validation would stop at the first
//! broken rule), built from the catalog: the profile table, what each
//! platform supports, exclusions and `must` implications.

use crate::contract::catalog::{CapKind, CapValue, Catalog, Level, ProfileDef, Support};
use crate::render::hcl::{Block, Expr, escape, raw, s, variable};

/// The guard's directory under `--out`.
pub const DIR: &str = "modules/contract-guard";

/// A capability value as the text the guard compares: `tostring` of the
/// toolchain's value, so that `true` and `"true"` are one.
fn value_text(kind: &CapKind, v: CapValue) -> String {
    match (v, kind) {
        (CapValue::Bool(b), _) => b.to_string(),
        (CapValue::Enum(i), CapKind::Enum(values)) => {
            values.get(usize::from(i)).cloned().unwrap_or_default()
        }
        (CapValue::Enum(_), CapKind::Bool) => String::new(),
    }
}

/// A capability's value as an HCL literal (a bool, or the enum's text).
pub(crate) fn value(kind: &CapKind, v: CapValue) -> Expr {
    match v {
        CapValue::Bool(b) => Expr::Bool(b),
        CapValue::Enum(_) => s(value_text(kind, v)),
    }
}

/// The values a platform allows for a capability, as text (`["false"]`
/// for a bool it lacks: not asking is always allowed).
fn allowed(kind: &CapKind, support: Support) -> Expr {
    let values: Vec<CapValue> = match kind {
        CapKind::Bool => vec![CapValue::Bool(false), CapValue::Bool(true)],
        CapKind::Enum(values) => (0..values.len())
            .filter_map(|i| u16::try_from(i).ok())
            .map(CapValue::Enum)
            .collect(),
    };
    Expr::List(
        values
            .into_iter()
            .filter(|v| *v == CapValue::Bool(false) || support.allows(*v))
            .map(|v| s(value_text(kind, v)))
            .collect(),
    )
}

/// `tostring(local.capabilities["name"])`.
fn cap(name: &str) -> String {
    format!("tostring(local.capabilities[\"{name}\"])")
}

/// The condition that a capability has one of `values`.
fn has_one_of(cat: &Catalog, id: usize, values: &[CapValue]) -> String {
    let c = &cat.capabilities[id];
    let list: Vec<String> = values
        .iter()
        .map(|v| format!("\"{}\"", escape(&value_text(&c.kind, *v))))
        .collect();
    format!("contains([{}], {})", list.join(", "), cap(&c.name))
}

/// An error message: `parts` alternate literal text (escaped) and
/// interpolated expressions (kept live), starting with text.
fn message(parts: &[&str]) -> Expr {
    let mut out = String::from("\"");
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&escape(p));
        } else {
            out.push_str("${");
            out.push_str(p);
            out.push('}');
        }
    }
    out.push('"');
    raw(out)
}

fn precondition(condition: String, message: Expr) -> Block {
    Block::new("precondition", &[])
        .attr("condition", raw(condition))
        .attr("error_message", message)
}

/// A profile's resources as an HCL object (the guard's catalog and a
/// template's `compute_profiles` entry): cpu, memory, storage, GPUs.
pub fn profile_object(p: &ProfileDef, cat: &Catalog) -> Expr {
    Expr::Object(vec![
        ("cpu".to_string(), Expr::Num(i64::from(p.cpu))),
        ("memory".to_string(), s(p.memory.to_string())),
        ("storage".to_string(), s(p.storage.to_string())),
        ("gpu_count".to_string(), Expr::Num(i64::from(p.gpu_count))),
        (
            "gpu_type".to_string(),
            p.gpu_type
                .and_then(|g| cat.gpu_types.get(g))
                .map_or_else(|| raw("null"), |g| s(g.name.clone())),
        ),
    ])
}

/// The guard module's `main.tf`.
pub fn main_tf(cat: &Catalog) -> String {
    // No provider: `terraform_data` is terraform's own.
    let mut blocks = vec![Block::new("terraform", &[]).attr("required_version", s(">= 1.5"))];
    blocks.push(
        variable(
            "platform",
            "string",
            "the platform of the template's base",
            None,
        )
        .block(
            Block::new("validation", &[])
                .attr(
                    "condition",
                    raw("contains(keys(local.support), var.platform)"),
                )
                .attr(
                    "error_message",
                    raw("\"TC016: unknown platform \\\"${var.platform}\\\"; the contract has ${join(\", \", sort(keys(local.support)))}.\""),
                ),
        ),
    );
    blocks.push(variable(
        "profile",
        "string",
        "the compute profile chosen for the workspace (data.coder_parameter.compute_profile.value)",
        None,
    ));
    blocks.push(variable(
        "offered",
        "list(string)",
        "the profiles the template offers (those that validate on its base)",
        None,
    ));
    blocks.push(variable(
        "capabilities",
        "any",
        "the capabilities the toolchain requests (module.toolchain.capabilities); omitted ones take the contract's defaults",
        Some(Expr::Object(Vec::new())),
    ));

    // The catalog as data.
    let profiles = Expr::Object(
        cat.profiles
            .iter()
            .map(|p| (p.name.clone(), profile_object(p, cat)))
            .collect(),
    );
    let defaults = Expr::Object(
        cat.capabilities
            .iter()
            .map(|c| (c.name.clone(), value(&c.kind, c.default)))
            .collect(),
    );
    let support = Expr::Object(
        cat.platforms
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    Expr::Object(
                        cat.capabilities
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let sup = p.support.get(i).copied().unwrap_or(Support::No);
                                (c.name.clone(), allowed(&c.kind, sup))
                            })
                            .collect(),
                    ),
                )
            })
            .collect(),
    );
    blocks.push(
        Block::new("locals", &[])
            .attr("profiles", profiles)
            .attr("defaults", defaults)
            .attr("support", support)
            .attr(
                "capabilities",
                raw("merge(local.defaults, var.capabilities)"),
            )
            .attr("profile", raw("try(local.profiles[var.profile], null)"))
            .attr(
                "unsupported",
                raw("sort([for name, values in lookup(local.support, var.platform, {}) : \"${name} = ${local.capabilities[name]}\" if !contains(values, tostring(local.capabilities[name]))])"),
            )
            .attr(
                "unknown",
                raw("sort([for name in keys(var.capabilities) : name if !contains(keys(local.defaults), name)])"),
            )
            .attr("gpus", raw("try(local.profile.gpu_count, 0)")),
    );

    // The rules, each a precondition: terraform reports every one that
    // fails, not only the first.
    let mut life = Block::new("lifecycle", &[]);
    life = life.block(precondition(
        "contains(var.offered, var.profile)".to_string(),
        message(&[
            "TC009: compute profile \"",
            "var.profile",
            "\" is not offered by this template; it offers ",
            "join(\", \", var.offered)",
            ".",
        ]),
    ));
    life = life.block(precondition(
        "local.profile != null".to_string(),
        message(&[
            "TC009: compute profile \"",
            "var.profile",
            "\" is not in the contract's catalog.",
        ]),
    ));
    life = life.block(precondition(
        "length(local.unknown) == 0".to_string(),
        message(&[
            "TC001: the toolchain requests capabilities the contract does not define: ",
            "join(\", \", local.unknown)",
            ".",
        ]),
    ));
    life = life.block(precondition(
        "length(local.unsupported) == 0".to_string(),
        message(&[
            "TC006: platform ",
            "var.platform",
            " does not support ",
            "join(\", \", local.unsupported)",
            ".",
        ]),
    ));
    for group in &cat.exclusions {
        let names: Vec<&str> = group
            .iter()
            .filter_map(|&i| cat.capabilities.get(i))
            .map(|c| c.name.as_str())
            .collect();
        let count: Vec<String> = names
            .iter()
            .map(|n| format!("{} == \"true\" ? 1 : 0", cap(n)))
            .collect();
        life = life.block(precondition(
            format!("sum([{}]) <= 1", count.join(", ")),
            message(&[&format!(
                "TC003: {} exclude each other; request at most one.",
                names.join(" and ")
            )]),
        ));
    }
    for imp in cat.implications.iter().filter(|i| i.level == Level::Must) {
        let when: Vec<String> = imp
            .when
            .iter()
            .map(|(id, v)| has_one_of(cat, *id, &[*v]))
            .collect();
        let then = has_one_of(cat, imp.then, &imp.allowed);
        let when_text: Vec<String> = imp
            .when
            .iter()
            .map(|(id, v)| {
                let c = &cat.capabilities[*id];
                format!("{} {}", c.name, c.value_text(*v))
            })
            .collect();
        let then_cap = &cat.capabilities[imp.then];
        let allowed_text: Vec<&str> = imp
            .allowed
            .iter()
            .map(|v| then_cap.value_text(*v))
            .collect();
        life = life.block(precondition(
            format!("!({}) || {then}", when.join(" && ")),
            message(&[&format!(
                "TC004: {} needs {} {} ({}).",
                when_text.join(" and "),
                then_cap.name,
                allowed_text.join(" or "),
                imp.reason
            )]),
        ));
    }
    if cat.capability("gpu-support").is_some() {
        let gpu = cap("gpu-support");
        life = life.block(precondition(
            format!("local.gpus == 0 || {gpu} == \"true\""),
            message(&[
                "TC011: compute profile \"",
                "var.profile",
                "\" has ",
                "local.gpus",
                " GPU(s) but the toolchain does not request gpu-support.",
            ]),
        ));
        life = life.block(precondition(
            format!("{gpu} != \"true\" || local.profile == null || local.gpus > 0"),
            message(&[
                "TC011: gpu-support is requested but compute profile \"",
                "var.profile",
                "\" has no GPU.",
            ]),
        ));
    }
    blocks.push(
        Block::new("resource", &["terraform_data", "contract_guard"])
            .attr(
                "input",
                Expr::Object(vec![
                    ("platform".to_string(), raw("var.platform")),
                    ("profile".to_string(), raw("var.profile")),
                ]),
            )
            .block(life),
    );
    blocks.push(
        Block::new("output", &["compute_profile"])
            .attr(
                "description",
                s("the chosen profile's resources, once every rule holds"),
            )
            .attr("value", raw("local.profile")),
    );
    format!("{HEADER}{}", crate::render::hcl::file(&blocks))
}

/// What the guard's file says of itself.
const HEADER: &str = "\
# The contract guard, written by `wsc compose` from the contract's catalog.
# Every composed template calls it with the chosen compute profile and the
# toolchain's capabilities; a choice the contract forbids fails `terraform
# plan` here, with the rule's code. It needs no provider. Do not edit:
# compose again when the catalog changes.

";
