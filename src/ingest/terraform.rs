//! Terraform modules of a template repository: the facts of a base module
//! (its variables and outputs), and toolchains read from `outputs.tf`,
//! evaluated statically once per variable assignment.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::contract::catalog::{CapKind, CapValue, Catalog, TypeExpr};
use crate::contract::composition::{CapEntry, CapError, Capabilities, Field, FieldError};
use crate::contract::model::{ImageRef, Os};
use crate::contract::repo::{FileIssues, ModuleFacts, ModuleVar, Text, Toolchain, ToolchainSource};
use crate::diag::Span;
use crate::suggest;

use super::composition::effective;
use super::hcl::{HclModule, NotEvaluable, SValue, Scope, TfType, Value, eval};

/// At most this many variable assignments are checked per toolchain.
pub const MAX_ASSIGNMENTS: usize = 256;

/// A value wsc could not compute, so a check was skipped (WSC005).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEvaluated {
    pub file: Arc<str>,
    pub span: Span,
    pub message: String,
}

impl From<NotEvaluable> for NotEvaluated {
    fn from(e: NotEvaluable) -> Self {
        NotEvaluated {
            file: e.file,
            span: e.span,
            message: e.reason,
        }
    }
}

/// A terraform type as the contract's type expression (defaults as text).
pub fn type_expr(t: &TfType) -> TypeExpr {
    t.map_defaults(&|d: &SValue| scalar_text(&d.value))
}

/// A primitive value as text (`true`, `0`, `https-only`); others as JSON.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_json().to_string(),
    }
}

/// A module's variables: names, places, types, whether they have defaults.
pub fn module_vars(module: &HclModule) -> Vec<ModuleVar> {
    module
        .variables()
        .map(|v| ModuleVar {
            name: v.name.clone(),
            span: v.name_span,
            file: v.file.clone(),
            ty: v.ty.as_ref().map(|(t, s)| (type_expr(t), *s)),
            has_default: v.default.is_some(),
        })
        .collect()
}

/// The facts of a base module.
pub fn module_facts(module: &HclModule, files: Vec<Arc<str>>) -> ModuleFacts {
    ModuleFacts {
        files,
        variables: module_vars(module),
        outputs: module
            .outputs()
            .map(|o| (o.name.clone(), o.name_span, o.file.clone()))
            .collect(),
        metadata_file: module.output("metadata").map(|o| o.file.clone()),
    }
}

/// The literal `os` and `arch` of a base's `output "metadata"`.
pub fn metadata_os_arch(module: &HclModule) -> Vec<(&'static str, Text)> {
    ["os", "arch"]
        .into_iter()
        .filter_map(|k| {
            let v = metadata_field(module, k)?.ok()?;
            Some((k, text(&v)?))
        })
        .collect()
}

/// One field of a module's `output "metadata"` object (`platform`, `os`,
/// `arch`, `base_version`), evaluated on its own: the rest of the object may
/// hold values only known at apply time (`timestamp()`). `None` when the
/// output or the field is absent.
pub fn metadata_field(module: &HclModule, key: &str) -> Option<Result<SValue, NotEvaluable>> {
    let field = module.output("metadata")?.value.object_field(key)?;
    Some(eval(&field, &Scope::new(module)))
}

/// The outputs a Terraform toolchain is read from.
const TOOLCHAIN_OUTPUTS: &[&str] = &[
    "capabilities",
    "image_id",
    "name",
    "version",
    "os",
    "profiles",
];

/// Does a module describe a toolchain (it has `output "capabilities"`)?
pub fn is_toolchain(module: &HclModule) -> bool {
    module.output("capabilities").is_some()
}

/// The variables the toolchain outputs (or the locals) refer to: a
/// caller's argument for any other variable changes nothing wsc checks.
pub fn referenced_variables(module: &HclModule) -> Vec<String> {
    let mut text = String::new();
    for name in TOOLCHAIN_OUTPUTS {
        if let Some(o) = module.output(name) {
            text.push_str(o.value.source_text());
            text.push('\n');
        }
    }
    for l in module.locals() {
        text.push_str(l.value.source_text());
        text.push('\n');
    }
    module
        .variables()
        .filter(|v| {
            let needle = format!("var.{}", v.name);
            text.match_indices(&needle).any(|(i, _)| {
                !text[i + needle.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
            })
        })
        .map(|v| v.name.clone())
        .collect()
}

/// The values a variable is checked with: its validation's list, both
/// values of a bool, otherwise its default.
fn candidate_values(module: &HclModule, name: &str, notes: &mut Vec<NotEvaluated>) -> Vec<SValue> {
    let Some(v) = module.variable(name) else {
        return Vec::new();
    };
    if let Some(allowed) = &v.allowed {
        return allowed.clone();
    }
    if matches!(v.ty.as_ref().map(|(t, _)| t), Some(TfType::Bool)) {
        return [true, false]
            .into_iter()
            .map(|b| SValue::new(Value::Bool(b), v.file.clone(), v.name_span))
            .collect();
    }
    match &v.default {
        Some(d) => match eval(d, &Scope::empty()) {
            Ok(val) => vec![val],
            Err(e) => {
                notes.push(e.into());
                Vec::new()
            }
        },
        None => {
            notes.push(NotEvaluated {
                file: v.file.clone(),
                span: v.name_span,
                message: format!(
                    "variable `{}` has no default and no validation listing its values; outputs that use it are not checked",
                    v.name
                ),
            });
            Vec::new()
        }
    }
}

/// Every assignment of the referenced variables (at most [`MAX_ASSIGNMENTS`]).
fn assignments(module: &HclModule, notes: &mut Vec<NotEvaluated>) -> Vec<Vec<(String, SValue)>> {
    let mut out: Vec<Vec<(String, SValue)>> = vec![Vec::new()];
    let mut truncated = 0usize;
    for name in referenced_variables(module) {
        let values = candidate_values(module, &name, notes);
        if values.is_empty() {
            continue;
        }
        let mut next = Vec::new();
        for base in &out {
            for v in &values {
                if next.len() == MAX_ASSIGNMENTS {
                    truncated += 1;
                    continue;
                }
                let mut a = base.clone();
                a.push((name.clone(), v.clone()));
                next.push(a);
            }
        }
        out = next;
    }
    if truncated > 0
        && let Some(o) = module.output("capabilities")
    {
        notes.push(NotEvaluated {
            file: o.file.clone(),
            span: o.name_span,
            message: format!(
                "the variables allow more than {MAX_ASSIGNMENTS} assignments; {truncated} were left out"
            ),
        });
    }
    out
}

/// An assignment as findings name it (`var.x = "v", …`); `None` when empty.
pub fn describe(assignment: &[(String, SValue)]) -> Option<String> {
    if assignment.is_empty() {
        return None;
    }
    Some(
        assignment
            .iter()
            .map(|(n, v)| format!("var.{n} = {}", v.value.to_json()))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The capabilities output as the typed capability entries of a toolchain.
pub fn capabilities(v: &SValue, cat: &Catalog) -> Capabilities {
    let mut caps = Capabilities {
        key: v.span,
        value: v.span,
        not_a_map: None,
        entries: Vec::new(),
    };
    let Some(entries) = v.value.as_object() else {
        caps.not_a_map = Some(FieldError::new(format!(
            "output capabilities must be an object, found {}",
            v.value.kind()
        )));
        return caps;
    };
    for (key, key_span, value) in entries {
        let parsed = match cat.capability(key) {
            None => {
                let names = cat.capabilities.iter().map(|c| c.name.as_str());
                let help = match suggest::nearest(key, names) {
                    Some(s) if suggest::normalise(s) == suggest::normalise(key) => {
                        format!("capability keys are kebab-case: write `{s}`")
                    }
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "`wsc explain TC001` lists the capabilities".to_string(),
                };
                Err(CapError::Unknown {
                    name: key.clone(),
                    help,
                })
            }
            Some(cap) => {
                let def = &cat.capabilities[cap];
                match (&def.kind, &value.value) {
                    (CapKind::Bool, Value::Bool(b)) => Ok((cap, CapValue::Bool(*b))),
                    (CapKind::Enum(vals), Value::String(s)) => match def.enum_index(s) {
                        Some(i) => Ok((cap, CapValue::Enum(i))),
                        None => Err(CapError::BadValue {
                            cap,
                            message: format!("`{s}` is not a value of {}", def.name),
                            help: format!("{} is one of: {}", def.name, vals.join(", ")),
                        }),
                    },
                    (_, other) => Err(CapError::BadValue {
                        cap,
                        message: format!(
                            "{} must be a {}, found {}",
                            def.name,
                            def.type_name(),
                            other.kind()
                        ),
                        help: format!("write `{} = {}`", def.name, def.value_text(def.default)),
                    }),
                }
            }
        };
        caps.entries.push(CapEntry {
            key: *key_span,
            value: value.span,
            parsed,
        });
    }
    caps
}

pub fn text(v: &SValue) -> Option<Text> {
    v.value.as_str().map(|s| Text {
        value: s.to_string(),
        span: v.span,
    })
}

/// The toolchain instances of a Terraform toolchain, one per assignment, and
/// the values that could not be evaluated.
pub fn toolchains(
    dir: &str,
    module: &HclModule,
    cat: &Catalog,
) -> (Vec<Toolchain>, Vec<NotEvaluated>) {
    let mut notes = Vec::new();
    if module.output("capabilities").is_none() {
        return (Vec::new(), notes);
    }
    let mut seen = BTreeSet::new();
    let out = assignments(module, &mut notes)
        .into_iter()
        .map(|a| {
            let desc = describe(&a);
            instance(dir, module, cat, &a, desc, &mut notes, &mut seen)
        })
        .collect();
    (out, notes)
}

/// Every output of a module that evaluates with an assignment, as one
/// object (what `module.NAME` is to a caller).
pub fn outputs(module: &HclModule, assignment: &[(String, SValue)]) -> SValue {
    let mut scope = Scope::new(module);
    for (name, value) in assignment {
        let _ = scope.assign(name, value.clone());
    }
    let entries = module
        .outputs()
        .filter_map(|o| {
            let v = eval(&o.value, &scope).ok()?;
            Some((o.name.clone(), o.name_span, v))
        })
        .collect();
    let at = module.outputs().next();
    SValue::new(
        Value::Object(entries),
        at.map(|o| o.file.clone()).unwrap_or_default(),
        at.map(|o| o.name_span).unwrap_or_default(),
    )
}

/// One toolchain instance: the outputs evaluated with one assignment of the
/// module's variables (`label` names the assignment in findings).
pub fn instance(
    dir: &str,
    module: &HclModule,
    cat: &Catalog,
    assignment: &[(String, SValue)],
    label: Option<String>,
    notes: &mut Vec<NotEvaluated>,
    seen_notes: &mut BTreeSet<(Arc<str>, Span, String)>,
) -> Toolchain {
    let caps_file = module
        .output("capabilities")
        .map(|o| o.file.clone())
        .unwrap_or_default();
    let mut scope = Scope::new(module);
    for (name, value) in assignment {
        if let Err(e) = scope.assign(name, value.clone()) {
            notes.push(e.into());
        }
    }
    let mut evaluated = |name: &str| -> Option<SValue> {
        let o = module.output(name)?;
        match eval(&o.value, &scope) {
            Ok(v) => Some(v),
            Err(e) => {
                let n: NotEvaluated = e.into();
                if seen_notes.insert((n.file.clone(), n.span, n.message.clone())) {
                    notes.push(NotEvaluated {
                        message: format!("output `{name}`: {}", n.message),
                        ..n
                    });
                }
                None
            }
        }
    };
    let caps = evaluated("capabilities").map(|v| capabilities(&v, cat));
    let image = evaluated("image_id");
    let name = evaluated("name").and_then(|v| text(&v));
    let version = evaluated("version").and_then(|v| text(&v));
    let os = evaluated("os");
    let profiles_value = evaluated("profiles");
    let profiles = profiles_value.as_ref().and_then(|v| {
        v.value
            .as_list()
            .map(|items| items.iter().filter_map(text).collect::<Vec<_>>())
    });
    // Where the first profile is written (findings point at it).
    let profiles_file = profiles_value.as_ref().map_or_else(
        || caps_file.clone(),
        |v| {
            v.value
                .as_list()
                .and_then(|items| items.iter().find(|i| text(i).is_some()))
                .map_or_else(|| v.file.clone(), |first| first.file.clone())
        },
    );
    let mut issues = FileIssues::default();
    let os_value = match os
        .as_ref()
        .map(|o| (o.value.as_str().and_then(Os::parse), o))
    {
        Some((Some(os), o)) => Some((os, o.span)),
        Some((None, o)) => {
            issues.invalid.push((
                "os",
                o.span,
                format!(
                    "output os must be linux or windows, found {}",
                    o.value.to_json()
                ),
            ));
            None
        }
        None => None,
    };
    Toolchain {
        file: caps_file,
        dir: dir.to_string(),
        source: ToolchainSource::Terraform,
        name: name.as_ref().map_or_else(
            || super::source::basename(dir).to_string(),
            |n| n.value.clone(),
        ),
        // Unnamed, the toolchain is where its capabilities are declared.
        name_span: name
            .as_ref()
            .map(|n| n.span)
            .or_else(|| module.output("capabilities").map(|o| o.name_span)),
        version,
        image_id: image.map(|v| image_field(&v)),
        os: os_value.map_or(Os::Linux, |(o, _)| o),
        os_span: os_value.map(|(_, s)| s),
        arch: None,
        effective: effective(caps.as_ref(), cat),
        capabilities: caps,
        optional: Vec::new(),
        profiles,
        profiles_file,
        default_profile: None,
        issues,
        assignment: label,
        description: None,
        display_name: None,
        icon: None,
        variables: module_vars(module),
        outputs: {
            let mut names: Vec<String> = module.outputs().map(|o| o.name.clone()).collect();
            names.sort();
            names.dedup();
            names
        },
    }
}

/// An evaluated `image_id` as the composition's field.
pub fn image_field(v: &SValue) -> Field<ImageRef> {
    Field {
        key: v.span,
        value: v.span,
        parsed: match v.value.as_str() {
            Some(s) => ImageRef::parse(s).map_err(FieldError::new),
            None => Err(FieldError::new(format!(
                "output image_id must be a string, found {}",
                v.value.kind()
            ))),
        },
    }
}
