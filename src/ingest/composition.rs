//! Composition files (YAML or JSON) into the typed [`Composition`] model.

use crate::contract::catalog::{CapKind, CapValue, Catalog};
use crate::contract::composition::{
    CapEntry, CapError, Capabilities, Composition, Compute, ComputeObject, ComputeSpec, Effective,
    Field, FieldError, Missing, OverrideEntry, OverrideKind, Overrides, Resolved, Scope,
    UnknownKey,
};
use crate::contract::model::{ImageRef, Quantity, Version, check_coder_name};
use crate::diag::Span;
use crate::suggest;

use super::yaml::{Entry, Node, Typed, Value};

pub const TOP_KEYS: &[&str] = &[
    "contract",
    "platform",
    "workspace_name",
    "owner",
    "image_id",
    "compute_profile",
    "capabilities",
    "overrides",
];
pub const REQUIRED: &[&str] = &[
    "platform",
    "workspace_name",
    "owner",
    "image_id",
    "compute_profile",
    "capabilities",
];
pub const COMPUTE_KEYS: &[&str] = &["cpu", "memory", "storage", "gpu_count", "gpu_type"];
const COMPUTE_REQUIRED: &[&str] = &["cpu", "memory", "storage"];

fn found(n: &Node<'_>) -> String {
    match &n.value {
        Value::Scalar(s) => match s.typed() {
            Typed::Str(t) => format!("`{t}`"),
            Typed::Null => "null".to_string(),
            _ => format!("{} `{}`", n.kind_name(), s.text),
        },
        _ => n.kind_name().to_string(),
    }
}

/// A non-null scalar string value (plain scalars that YAML would type as
/// numbers are refused: `owner: 123` is a number, not a name).
pub(crate) fn string<'n>(n: &'n Node<'_>) -> Result<&'n str, FieldError> {
    match n.as_scalar().map(|s| (s.typed(), &s.text)) {
        Some((Typed::Str(_), t)) => Ok(t),
        _ => Err(FieldError::new(format!(
            "expected a string, found {}",
            found(n)
        ))),
    }
}

pub(crate) fn field<T>(e: &Entry<'_>, parsed: Result<T, FieldError>) -> Field<T> {
    Field {
        key: e.key.span,
        value: e.value.span,
        parsed,
    }
}

/// Lower a parsed document into a composition.
pub fn lower(root: &Node<'_>, cat: &Catalog) -> Composition {
    let mut c = Composition {
        start: Span::sized(root.span.start, 1),
        ..Composition::default()
    };
    let Some(entries) = root.as_map() else {
        c.not_a_map = Some(FieldError::with_help(
            format!(
                "a composition must be a mapping, found {}",
                root.kind_name()
            ),
            "write the contract inputs as `key: value` lines (see `wsc schema composition`)",
        ));
        c.effective = defaults(cat);
        return c;
    };
    for e in entries {
        let Some(k) = e.key.as_str() else {
            c.unknown.push(UnknownKey {
                key: String::from("?"),
                span: e.key.span,
                scope: Scope::Top,
                help: "keys must be strings".to_string(),
            });
            continue;
        };
        match k {
            "contract" => c.contract = Some(field(e, contract_version(&e.value, cat))),
            "platform" => c.platform = Some(field(e, platform(&e.value, cat))),
            "workspace_name" => c.workspace_name = Some(field(e, name(&e.value))),
            "owner" => c.owner = Some(field(e, name(&e.value))),
            "image_id" => {
                c.image_id = Some(field(
                    e,
                    string(&e.value).and_then(|s| ImageRef::parse(s).map_err(FieldError::new)),
                ));
            }
            "compute_profile" => {
                let (spec, unknown, missing) = compute_spec(e, cat, Scope::ComputeProfile);
                c.unknown.extend(unknown);
                c.missing.extend(missing);
                c.compute_profile = Some(field(e, spec));
            }
            "capabilities" => c.capabilities = Some(capabilities(e, cat)),
            "overrides" => {
                let (o, unknown) = overrides(e, cat);
                c.unknown.extend(unknown);
                c.overrides = Some(o);
            }
            other => c.unknown.push(unknown_top(other, e.key.span, cat)),
        }
    }
    for k in REQUIRED {
        // A misspelt key is reported once, as unknown, with the suggestion.
        let misspelt = c
            .unknown
            .iter()
            .any(|u| u.scope == Scope::Top && suggest::nearest(&u.key, [*k]).is_some());
        if !misspelt && !entries.iter().any(|e| e.key.as_str() == Some(k)) {
            c.missing.push(Missing {
                name: k,
                within: None,
                at: c.start,
            });
        }
    }
    c.effective = effective(c.capabilities.as_ref(), cat);
    c.compute = resolve_compute(&c, cat);
    c
}

fn unknown_top(key: &str, span: Span, cat: &Catalog) -> UnknownKey {
    let help = if cat.capability(key).is_some() {
        format!("`{key}` is a capability: move it under `capabilities:`")
    } else if let Some(s) = suggest::nearest(key, TOP_KEYS.iter().copied()) {
        format!("did you mean `{s}`?")
    } else {
        format!("the keys of a composition are: {}", TOP_KEYS.join(", "))
    };
    UnknownKey {
        key: key.to_string(),
        span,
        scope: Scope::Top,
        help,
    }
}

pub(crate) fn contract_version(n: &Node<'_>, cat: &Catalog) -> Result<Version, FieldError> {
    let text = match n.as_scalar().map(|s| (s.typed(), &s.text)) {
        Some((Typed::Str(_) | Typed::Int(_) | Typed::Float(_), t)) => t,
        _ => {
            return Err(FieldError::new(format!(
                "contract version must be a string such as \"{}\", found {}",
                cat.version,
                found(n)
            )));
        }
    };
    let v = Version::parse(text).ok_or_else(|| {
        FieldError::with_help(
            format!("`{text}` is not a contract version"),
            format!("write `contract: \"{}\"`", cat.version),
        )
    })?;
    if v.major != cat.version.major {
        return Err(FieldError::with_help(
            format!(
                "contract version {v} is not implemented (this catalog is contract {})",
                cat.version
            ),
            format!(
                "use a wsc release for contract {}.x, or write `contract: \"{}\"`",
                v.major, cat.version
            ),
        ));
    }
    Ok(v)
}

/// Everyday names of the seed's platforms.
const PLATFORM_ALIASES: &[(&str, &str)] = &[
    ("k8s", "kubernetes"),
    ("kube", "kubernetes"),
    ("eks", "kubernetes"),
    ("pod", "kubernetes"),
    ("ec2", "ec2-linux"),
    ("linux", "ec2-linux"),
    ("windows", "ec2-windows"),
    ("gpu", "ec2-gpu"),
    ("sysbox", "docker-sysbox"),
    ("docker", "docker-sysbox"),
];

pub(crate) fn platform(n: &Node<'_>, cat: &Catalog) -> Result<usize, FieldError> {
    let s = string(n)?;
    cat.platform(s).ok_or_else(|| {
        let names = cat.platforms.iter().map(|p| p.name.as_str());
        let alias = PLATFORM_ALIASES
            .iter()
            .find(|(a, p)| *a == suggest::normalise(s) && cat.platform(p).is_some())
            .map(|(_, p)| *p);
        let help = match alias.or_else(|| suggest::nearest(s, names.clone())) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("platforms: {}", names.collect::<Vec<_>>().join(", ")),
        };
        FieldError::with_help(format!("unknown platform `{s}`"), help)
    })
}

fn name(n: &Node<'_>) -> Result<String, FieldError> {
    let s = string(n)?;
    check_coder_name(s).map(|()| s.to_string()).map_err(|e| {
        FieldError::with_help(
            format!("`{s}` {e}"),
            "Coder names are 1-32 ASCII letters and digits, with single hyphens between them, and not `new` or `create`",
        )
    })
}

fn int_in(n: &Node<'_>, what: &str, range: (u64, u64)) -> Result<u32, FieldError> {
    let (lo, hi) = range;
    let help = format!("{what} is a whole number from {lo} to {hi}");
    match n.as_scalar().map(super::yaml::Scalar::typed) {
        Some(Typed::Int(i)) if i >= 0 && (lo..=hi).contains(&(i as u64)) => Ok(i as u32),
        Some(Typed::Int(i)) => Err(FieldError::with_help(
            format!("{what} {i} is out of range {lo}-{hi}"),
            help,
        )),
        Some(Typed::Float(f)) if f.fract() == 0.0 && f >= lo as f64 && f <= hi as f64 => {
            Ok(f as u32)
        }
        Some(Typed::Float(f)) => Err(FieldError::with_help(
            format!("{what} {f} is not a whole number in range {lo}-{hi}"),
            help,
        )),
        _ => Err(FieldError::with_help(
            format!("{what} must be a whole number, found {}", found(n)),
            help,
        )),
    }
}

fn quantity(n: &Node<'_>, what: &str) -> Result<Quantity, FieldError> {
    let s = string(n).map_err(|_| {
        FieldError::with_help(
            format!(
                "{what} must be a quantity string such as \"8Gi\", found {}",
                found(n)
            ),
            "write a whole number followed by Ki, Mi, Gi or Ti, e.g. `8Gi`",
        )
    })?;
    Quantity::parse(s).map_err(|e| {
        FieldError::with_help(
            format!("{what} `{s}` {e}"),
            "write a whole number above zero followed by Ki, Mi, Gi or Ti, e.g. `8Gi`",
        )
    })
}

fn gpu_type(n: &Node<'_>, cat: &Catalog) -> Result<Option<usize>, FieldError> {
    if n.is_null() {
        return Ok(None);
    }
    let s = string(n)?;
    match cat.gpu_type(s) {
        Some(g) => Ok(Some(g)),
        None => {
            let names = cat.gpu_types.iter().map(|g| g.name.as_str());
            let help = match suggest::nearest(s, names.clone()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("GPU types: {}", names.collect::<Vec<_>>().join(", ")),
            };
            Err(FieldError::with_help(
                format!("unknown GPU type `{s}`"),
                help,
            ))
        }
    }
}

fn compute_object(
    entries: &[Entry<'_>],
    cat: &Catalog,
    scope: Scope,
    unknown: &mut Vec<UnknownKey>,
) -> ComputeObject {
    let cpu_range = cat.compute_range("cpu").unwrap_or((1, 64));
    let gpu_range = cat.compute_range("gpu_count").unwrap_or((0, 8));
    let mut o = ComputeObject::default();
    for e in entries {
        match e.key.as_str() {
            Some("cpu") => o.cpu = Some(field(e, int_in(&e.value, "cpu", cpu_range))),
            Some("memory") => o.memory = Some(field(e, quantity(&e.value, "memory"))),
            Some("storage") => o.storage = Some(field(e, quantity(&e.value, "storage"))),
            Some("gpu_count") => {
                o.gpu_count = Some(field(e, int_in(&e.value, "gpu_count", gpu_range)));
            }
            Some("gpu_type") => o.gpu_type = Some(field(e, gpu_type(&e.value, cat))),
            other => {
                let key = other.unwrap_or("?");
                let help = match suggest::nearest(key, COMPUTE_KEYS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "the keys of a compute profile are: {}",
                        COMPUTE_KEYS.join(", ")
                    ),
                };
                unknown.push(UnknownKey {
                    key: key.to_string(),
                    span: e.key.span,
                    scope,
                    help,
                });
            }
        }
    }
    o
}

fn compute_spec(
    e: &Entry<'_>,
    cat: &Catalog,
    scope: Scope,
) -> (
    Result<ComputeSpec, FieldError>,
    Vec<UnknownKey>,
    Vec<Missing>,
) {
    let mut unknown = Vec::new();
    let mut missing = Vec::new();
    let n = &e.value;
    if let Some(entries) = n.as_map() {
        let o = compute_object(entries, cat, scope, &mut unknown);
        for k in COMPUTE_REQUIRED {
            if !entries.iter().any(|x| x.key.as_str() == Some(k)) {
                missing.push(Missing {
                    name: k,
                    within: Some("compute_profile"),
                    at: e.key.span,
                });
            }
        }
        return (Ok(ComputeSpec::Object(o)), unknown, missing);
    }
    let spec = match n.as_scalar().map(|s| (s.typed(), &s.text)) {
        Some((Typed::Str(_), s)) => match cat.profile(s) {
            Some(p) => Ok(ComputeSpec::Named(p)),
            None => {
                let names = cat.profiles.iter().map(|p| p.name.as_str());
                let help = match suggest::nearest(s, names.clone()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("profiles: {}", names.collect::<Vec<_>>().join(", ")),
                };
                Err(FieldError::with_help(
                    format!("unknown compute profile `{s}`"),
                    help,
                ))
            }
        },
        _ => Err(FieldError::with_help(
            format!(
                "compute_profile must be a profile name or an object, found {}",
                found(n)
            ),
            "write a profile name (see `wsc profiles`) or {cpu, memory, storage, gpu_count, gpu_type}",
        )),
    };
    (spec, unknown, missing)
}

pub(crate) fn cap_help_for_unknown(key: &str, cat: &Catalog) -> String {
    let norm = suggest::normalise(key);
    if let Some(a) = cat.aliases.iter().find(|a| a.name == norm) {
        let def = &cat.capabilities[a.capability];
        return match a.value {
            Some(v) => format!("use `{}: {}`", def.name, def.value_text(v)),
            None => format!("did you mean `{}`?", def.name),
        };
    }
    let names = cat.capabilities.iter().map(|c| c.name.as_str());
    if let Some(s) = suggest::nearest(key, names.clone()) {
        if suggest::normalise(s) == norm {
            return format!("capability keys are kebab-case: write `{s}`");
        }
        return format!("did you mean `{s}`?");
    }
    for def in &cat.capabilities {
        if let CapKind::Enum(vals) = &def.kind
            && vals.contains(&norm)
        {
            return format!(
                "`{norm}` is a value of `{}`: write `{}: {norm}`",
                def.name, def.name
            );
        }
    }
    format!(
        "the capabilities are: {}",
        names.collect::<Vec<_>>().join(", ")
    )
}

fn cap_value(n: &Node<'_>, cap: usize, cat: &Catalog) -> Result<CapValue, CapError> {
    let def = &cat.capabilities[cap];
    let typed = n.as_scalar().map(super::yaml::Scalar::typed);
    match (&def.kind, typed) {
        (CapKind::Bool, Some(Typed::Bool(b))) => Ok(CapValue::Bool(b)),
        (CapKind::Bool, Some(Typed::Str(s))) if s == "true" || s == "false" => {
            Err(CapError::BadValue {
                cap,
                message: format!("{} must be a boolean, found the string \"{s}\"", def.name),
                help: format!("remove the quotes: `{}: {s}`", def.name),
            })
        }
        (CapKind::Bool, _) => Err(CapError::BadValue {
            cap,
            message: format!("{} must be a boolean, found {}", def.name, found(n)),
            help: format!("write `{}: true` or `{}: false`", def.name, def.name),
        }),
        (CapKind::Enum(vals), Some(Typed::Str(s))) => match def.enum_index(s) {
            Some(i) => Ok(CapValue::Enum(i)),
            None => {
                let help = match suggest::nearest(s, vals.iter().map(String::as_str)) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("{} is one of: {}", def.name, vals.join(", ")),
                };
                Err(CapError::BadValue {
                    cap,
                    message: format!("`{s}` is not a value of {}", def.name),
                    help,
                })
            }
        },
        (CapKind::Enum(vals), _) => Err(CapError::BadValue {
            cap,
            message: format!(
                "{} must be one of {}, found {}",
                def.name,
                vals.join(", "),
                found(n)
            ),
            help: format!("{} is one of: {}", def.name, vals.join(", ")),
        }),
    }
}

pub(crate) fn capabilities(e: &Entry<'_>, cat: &Catalog) -> Capabilities {
    let mut caps = Capabilities {
        key: e.key.span,
        value: e.value.span,
        not_a_map: None,
        entries: Vec::new(),
    };
    let entries = match &e.value.value {
        Value::Map(m) => m.as_slice(),
        _ if e.value.is_null() => &[],
        _ => {
            caps.not_a_map = Some(FieldError::with_help(
                format!("capabilities must be a mapping, found {}", found(&e.value)),
                "write `capabilities: {}` for all defaults, or one `name: value` per line",
            ));
            return caps;
        }
    };
    for ce in entries {
        let parsed = match ce.key.as_str() {
            Some(k) => match cat.capability(k) {
                Some(cap) => cap_value(&ce.value, cap, cat).map(|v| (cap, v)),
                None => Err(CapError::Unknown {
                    name: k.to_string(),
                    help: cap_help_for_unknown(k, cat),
                }),
            },
            None => Err(CapError::Unknown {
                name: "?".to_string(),
                help: "capability keys are strings".to_string(),
            }),
        };
        caps.entries.push(CapEntry {
            key: ce.key.span,
            value: ce.value.span,
            parsed,
        });
    }
    caps
}

fn defaults(cat: &Catalog) -> Vec<Effective> {
    cat.capabilities
        .iter()
        .map(|c| Effective {
            value: c.default,
            written: None,
        })
        .collect()
}

/// Written values first, then the contract defaults.
pub fn effective(caps: Option<&Capabilities>, cat: &Catalog) -> Vec<Effective> {
    let mut eff = defaults(cat);
    if let Some(caps) = caps {
        for e in &caps.entries {
            if let Ok((cap, v)) = e.parsed {
                eff[cap] = Effective {
                    value: v,
                    written: Some((e.key, e.value)),
                };
            }
        }
    }
    eff
}

fn overrides(e: &Entry<'_>, cat: &Catalog) -> (Overrides, Vec<UnknownKey>) {
    let mut unknown = Vec::new();
    let mut o = Overrides {
        key: e.key.span,
        value: e.value.span,
        not_a_map: None,
        entries: Vec::new(),
        compute: None,
    };
    let entries = match &e.value.value {
        Value::Map(m) => m.as_slice(),
        _ if e.value.is_null() => &[],
        _ => {
            o.not_a_map = Some(FieldError::new(format!(
                "overrides must be a mapping, found {}",
                found(&e.value)
            )));
            return (o, unknown);
        }
    };
    let keys: Vec<&str> = OverrideKind::ALL.iter().map(|k| k.key()).collect();
    for oe in entries {
        let Some(kind) = oe.key.as_str().and_then(OverrideKind::parse) else {
            let k = oe.key.as_str().unwrap_or("?");
            let help = match suggest::nearest(k, keys.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the override keys are: {}", keys.join(", ")),
            };
            unknown.push(UnknownKey {
                key: k.to_string(),
                span: oe.key.span,
                scope: Scope::Overrides,
                help,
            });
            continue;
        };
        let v = &oe.value;
        let mut entry = OverrideEntry {
            kind,
            key: oe.key.span,
            value: v.span,
            requested: !v.is_null(),
            names: Vec::new(),
            values: Vec::new(),
            error: None,
        };
        match kind {
            OverrideKind::Privileged => match v.as_scalar().map(super::yaml::Scalar::typed) {
                Some(Typed::Bool(b)) => entry.requested = b,
                Some(Typed::Null) => {}
                _ => {
                    entry.error = Some(FieldError::new(format!(
                        "overrides.privileged must be a boolean, found {}",
                        found(v)
                    )));
                }
            },
            OverrideKind::EnvironmentVariables
            | OverrideKind::Labels
            | OverrideKind::Annotations => match &v.value {
                Value::Map(m) => {
                    for x in m {
                        match (x.key.as_str(), x.value.as_scalar()) {
                            (Some(k), Some(s)) => {
                                entry.names.push((k.to_string(), x.key.span));
                                entry.values.push(s.text.to_string());
                            }
                            _ => {
                                entry.error = Some(FieldError::new(format!(
                                    "overrides.{} maps names to string values",
                                    kind.key()
                                )));
                            }
                        }
                    }
                }
                _ if v.is_null() => {}
                _ => {
                    entry.error = Some(FieldError::new(format!(
                        "overrides.{} must be a mapping, found {}",
                        kind.key(),
                        found(v)
                    )));
                }
            },
            OverrideKind::ComputeProfile => match &v.value {
                Value::Map(m) => {
                    o.compute = Some(compute_object(m, cat, Scope::OverrideCompute, &mut unknown));
                }
                _ if v.is_null() => {}
                _ => {
                    entry.error = Some(FieldError::new(format!(
                        "overrides.compute_profile must be a partial profile object, found {}",
                        found(v)
                    )));
                }
            },
            OverrideKind::NetworkPolicy
            | OverrideKind::IdentityBinding
            | OverrideKind::MountPermissions => {}
        }
        o.entries.push(entry);
    }
    (o, unknown)
}

/// A written, valid value replaces the current one (and carries its place).
fn set<T: Copy>(slot: &mut Option<Resolved<T>>, field: Option<&Field<T>>) {
    if let Some(f) = field
        && let Ok(value) = f.parsed
    {
        *slot = Some(Resolved {
            value,
            at: Some(f.value),
        });
    }
}

fn overlay(c: &mut Compute, o: &ComputeObject) {
    set(&mut c.cpu, o.cpu.as_ref());
    set(&mut c.memory, o.memory.as_ref());
    set(&mut c.storage, o.storage.as_ref());
    set(&mut c.gpu_count, o.gpu_count.as_ref());
    set(&mut c.gpu_type, o.gpu_type.as_ref());
}

/// The effective compute: a named profile's values (placed at the profile
/// name), or the object's, then the override's on top.
pub fn resolve_compute(c: &Composition, cat: &Catalog) -> Compute {
    let mut out = Compute::default();
    if let Some(f) = &c.compute_profile {
        match &f.parsed {
            Ok(ComputeSpec::Named(p)) => {
                let p = &cat.profiles[*p];
                let at = Some(f.value);
                out = Compute {
                    cpu: Some(Resolved { value: p.cpu, at }),
                    memory: Some(Resolved {
                        value: p.memory,
                        at,
                    }),
                    storage: Some(Resolved {
                        value: p.storage,
                        at,
                    }),
                    gpu_count: Some(Resolved {
                        value: p.gpu_count,
                        at,
                    }),
                    gpu_type: Some(Resolved {
                        value: p.gpu_type,
                        at,
                    }),
                };
            }
            Ok(ComputeSpec::Object(o)) => {
                // Optional attributes take their contract defaults (no place).
                out.gpu_count = Some(Resolved { value: 0, at: None });
                out.gpu_type = Some(Resolved {
                    value: None,
                    at: None,
                });
                overlay(&mut out, o);
                // An invalid value leaves the attribute unknown, not defaulted.
                if o.gpu_count.as_ref().is_some_and(|f| f.parsed.is_err()) {
                    out.gpu_count = None;
                }
                if o.gpu_type.as_ref().is_some_and(|f| f.parsed.is_err()) {
                    out.gpu_type = None;
                }
            }
            Err(_) => {}
        }
    }
    if let Some(o) = c.overrides.as_ref().and_then(|o| o.compute.as_ref()) {
        overlay(&mut out, o);
    }
    out
}
