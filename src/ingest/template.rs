//! Coder templates as pairings (interface.md section 4b): a directory whose
//! Terraform calls a toolchain module and a base module. The toolchain and
//! the base are paired by what flows between them (`module.T.capabilities`,
//! `module.T.image_id`); the profiles offered are read from the
//! `coder_parameter` (or variable) that selects the base's `compute_profile`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::contract::catalog::Catalog;
use crate::contract::composition::Capabilities;
use crate::contract::repo::{
    MapEntry, MapField, Pairing, PresetValue, ProfileMap, Repo, TemplateFacts, Text, Toolchain,
};
use crate::diag::Span;

use super::composition::effective;
use super::hcl::{Block, Expr, ExprShape, HclModule, SValue, Scope, TraversalPart, Value, eval};
use super::source::{self, basename, rel_dir};
use super::terraform::{self, NotEvaluated};

/// Arguments of a module call that are not the module's variables.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "providers",
    "depends_on",
    "count",
    "for_each",
];

/// Follow references at most this deep (`local.a` → `local.b` → …).
const MAX_FOLLOW: usize = 8;

/// What a template's module call resolves to.
enum Callee {
    /// A directory of the repository (relative to the root).
    Dir(String),
    /// A remote source with no local checkout named in `[sources]`.
    Remote(String),
}

struct Call<'a> {
    name: String,
    span: Span,
    block: &'a Block,
    callee: Option<Callee>,
}

/// Every pairing the templates of a repository compose.
pub fn pairings(
    root: &Path,
    templates: &[(&str, &HclModule)],
    modules: &std::collections::BTreeMap<String, HclModule>,
    repo: &Repo,
    sources: &[(String, PathBuf)],
    cat: &Catalog,
) -> (Vec<Pairing>, Vec<NotEvaluated>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (dir, module) in templates {
        let cx = Template {
            root,
            dir,
            module,
            modules,
            repo,
            sources,
            cat,
        };
        cx.read(&mut out, &mut notes);
    }
    (out, notes)
}

struct Template<'a> {
    root: &'a Path,
    dir: &'a str,
    module: &'a HclModule,
    modules: &'a std::collections::BTreeMap<String, HclModule>,
    repo: &'a Repo,
    sources: &'a [(String, PathBuf)],
    cat: &'a Catalog,
}

/// The module names an expression reads outputs of (`module.T.x` anywhere
/// inside it).
fn referenced_modules(e: &Expr, out: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_FOLLOW * 4 {
        return;
    }
    match e.parts() {
        ExprShape::Traversal(path) => {
            if let [TraversalPart::Name(root), TraversalPart::Name(name), ..] = path.as_slice()
                && root == "module"
            {
                out.insert(name.clone());
            }
            for p in &path {
                if let TraversalPart::Index(ix) | TraversalPart::Expr(ix) = p {
                    referenced_modules(ix, out, depth + 1);
                }
            }
        }
        ExprShape::Call(_, args) => {
            for a in &args {
                referenced_modules(a, out, depth + 1);
            }
        }
        ExprShape::Object => {
            for (_, _, v) in e.object_entries().unwrap_or_default() {
                referenced_modules(&v, out, depth + 1);
            }
        }
        ExprShape::Other => {}
    }
}

/// `module.T.<output>` exactly (no override).
fn is_output_of(e: &Expr, module: &str, output: &str) -> bool {
    matches!(e.parts(), ExprShape::Traversal(path) if matches!(
        path.as_slice(),
        [TraversalPart::Name(r), TraversalPart::Name(m), TraversalPart::Name(o)]
            if r == "module" && m == module && o == output
    ))
}

fn literal_string(e: &Expr) -> Option<String> {
    eval(e, &Scope::empty())
        .ok()
        .and_then(|v| v.value.as_str().map(str::to_string))
}

impl Template<'_> {
    fn resolve(&self, source: &str) -> Callee {
        if source.starts_with("./") || source.starts_with("../") {
            let here = self.root.join(self.dir);
            let path = source::normalize(&here.join(source));
            return Callee::Dir(rel_dir(self.root, &path));
        }
        for (prefix, local) in self.sources {
            if let Some(rest) = source.strip_prefix(prefix.as_str()) {
                let rest = rest.split('?').next().unwrap_or("");
                let sub = rest.trim_start_matches('/');
                let path = if sub.is_empty() {
                    local.clone()
                } else {
                    local.join(sub)
                };
                // `[sources]` paths are absolute (resolved against wsc.toml).
                let root =
                    std::path::absolute(self.root).unwrap_or_else(|_| self.root.to_path_buf());
                let path = std::path::absolute(&path).unwrap_or(path);
                return Callee::Dir(rel_dir(&root, &source::normalize(&path)));
            }
        }
        Callee::Remote(source.to_string())
    }

    fn calls(&self) -> Vec<Call<'_>> {
        self.module
            .blocks()
            .filter(|b| b.kind == "module")
            .filter_map(|b| {
                let (name, span) = b.labels.first()?.clone();
                let callee = b
                    .attribute("source")
                    .and_then(|a| literal_string(&a.value))
                    .map(|s| self.resolve(&s));
                Some(Call {
                    name,
                    span,
                    block: b,
                    callee,
                })
            })
            .collect()
    }

    fn read(&self, out: &mut Vec<Pairing>, notes: &mut Vec<NotEvaluated>) {
        let calls = self.calls();
        let toolchain_dir = |c: &Call<'_>| match &c.callee {
            Some(Callee::Dir(d)) if self.repo.toolchains_in(d).next().is_some() => Some(d.clone()),
            _ => None,
        };
        let base_dir = |c: &Call<'_>| match &c.callee {
            Some(Callee::Dir(d)) if self.repo.base_in(d).is_some() => Some(d.clone()),
            _ => None,
        };
        let contract_args = |c: &Call<'_>| {
            self.cat
                .inputs
                .iter()
                .filter(|i| c.block.attribute(&i.name).is_some())
                .count()
        };
        let mut pairs = Vec::new();
        let mut noted = BTreeSet::new();
        for b in &calls {
            let is_base = base_dir(b).is_some() || contract_args(b) >= 3;
            if !is_base {
                continue;
            }
            let mut fed = BTreeSet::new();
            for arg in ["capabilities", "image_id"] {
                if let Some(a) = b.block.attribute(arg) {
                    referenced_modules(&a.value, &mut fed, 0);
                }
            }
            let feeders: Vec<&Call<'_>> = calls.iter().filter(|t| fed.contains(&t.name)).collect();
            if feeders.is_empty() && base_dir(b).is_some() {
                notes.push(NotEvaluated {
                    file: b.block.file.clone(),
                    span: b.span,
                    message: format!(
                        "module {} is a base, but no toolchain module's outputs reach its capabilities or image_id, so this composition is not checked as a pairing: pass `capabilities = module.<toolchain>.capabilities`",
                        b.name
                    ),
                });
            }
            for t in feeders {
                for c in [t, b] {
                    if let Some(Callee::Remote(src)) = &c.callee
                        && noted.insert(c.name.clone())
                    {
                        notes.push(NotEvaluated {
                            file: c.block.file.clone(),
                            span: c.span,
                            message: format!(
                                "module {} comes from `{src}`, which wsc does not fetch, so this template's pairing is not checked: map the source to a local checkout in wsc.toml's [sources]",
                                c.name
                            ),
                        });
                    }
                }
                if let (Some(Callee::Dir(d)), None) = (&t.callee, toolchain_dir(t))
                    && noted.insert(t.name.clone())
                {
                    notes.push(NotEvaluated {
                        file: t.block.file.clone(),
                        span: t.span,
                        message: format!(
                            "module {} feeds base {} but `{d}` holds no toolchain (no readable module with output \"capabilities\", and no toolchain.yaml), so this pairing is not checked",
                            t.name, b.name
                        ),
                    });
                }
                if let (Some(td), Some(bd)) = (toolchain_dir(t), base_dir(b)) {
                    pairs.push((t, td, b, bd));
                }
            }
        }
        let several = pairs.len() > 1;
        for (t, td, b, bd) in pairs {
            let name = if several {
                format!("{}/{}", basename(self.dir), b.name)
            } else {
                basename(self.dir).to_string()
            };
            if let Some(p) = self.pairing(name, t, &td, b, &bd, notes) {
                out.push(p);
            }
        }
    }

    /// The toolchain instance the template calls: the outputs evaluated with
    /// the call's arguments.
    fn instance(
        &self,
        t: &Call<'_>,
        dir: &str,
        notes: &mut Vec<NotEvaluated>,
    ) -> Option<(Toolchain, SValue)> {
        let yaml = self
            .repo
            .toolchains_in(dir)
            .find(|x| x.source == crate::contract::repo::ToolchainSource::Yaml);
        let Some(module) = self.modules.get(dir) else {
            return yaml.map(|y| {
                (
                    y.clone(),
                    SValue::new(Value::Object(Vec::new()), y.file.clone(), Span::default()),
                )
            });
        };
        let read = terraform::referenced_variables(module);
        let scope = Scope::new(self.module);
        let mut assignment = Vec::new();
        for a in t.block.attributes() {
            if META_ARGUMENTS.contains(&a.name.as_str()) || module.variable(&a.name).is_none() {
                continue;
            }
            match eval(&a.value, &scope) {
                Ok(v) => assignment.push((a.name.clone(), v)),
                Err(e) if read.contains(&a.name) => notes.push(NotEvaluated {
                    file: e.file,
                    span: e.span,
                    message: format!(
                        "argument `{}` of module {} is not evaluated statically ({}); the toolchain is checked with the variable's default",
                        a.name, t.name, e.reason
                    ),
                }),
                Err(_) => {}
            }
        }
        let outputs = terraform::outputs(module, &assignment);
        let instance = match yaml {
            Some(y) => y.clone(),
            None => {
                let used: Vec<(String, SValue)> = assignment
                    .iter()
                    .filter(|(n, _)| read.contains(n))
                    .cloned()
                    .collect();
                let mut seen = BTreeSet::new();
                let mut inst_notes = Vec::new();
                let i = terraform::instance(
                    dir,
                    module,
                    self.cat,
                    &assignment,
                    terraform::describe(&used),
                    &mut inst_notes,
                    &mut seen,
                );
                // The toolchain's own notes are reported on the toolchain.
                notes.extend(
                    inst_notes
                        .into_iter()
                        .filter(|n| n.file.as_ref() != i.file.as_ref()),
                );
                i
            }
        };
        Some((instance, outputs))
    }

    fn pairing(
        &self,
        name: String,
        t: &Call<'_>,
        tdir: &str,
        b: &Call<'_>,
        bdir: &str,
        notes: &mut Vec<NotEvaluated>,
    ) -> Option<Pairing> {
        let base = self.repo.base_in(bdir)?;
        let (mut toolchain, outputs) = self.instance(t, tdir, notes)?;
        let mut scope = Scope::new(self.module);
        scope.set_module(&t.name, outputs);
        let file = b.block.file.clone();
        // The capabilities that reach the base.
        let mut caps_override = None;
        if let Some(arg) = b.block.attribute("capabilities")
            && !is_output_of(&arg.value, &t.name, "capabilities")
        {
            match eval(&arg.value, &scope) {
                Ok(v) => {
                    let caps = place_in_template(terraform::capabilities(&v, self.cat), &v, &file, arg.value.span());
                    toolchain.effective = effective(Some(&caps), self.cat);
                    toolchain.capabilities = Some(caps.clone());
                    toolchain.file = file.clone();
                    toolchain.name_span = Some(arg.value.span());
                    caps_override = Some((file.clone(), caps));
                }
                Err(e) => notes.push(NotEvaluated {
                    file: e.file,
                    span: e.span,
                    message: format!(
                        "the capabilities module {} gets are not evaluated statically ({}); the toolchain's own are checked",
                        b.name, e.reason
                    ),
                }),
            }
        }
        if let Some(arg) = b.block.attribute("image_id")
            && !is_output_of(&arg.value, &t.name, "image_id")
            && let Ok(v) = eval(&arg.value, &scope)
            && v.file == file
        {
            toolchain.image_id = Some(terraform::image_field(&v));
        }
        let mut facts = TemplateFacts {
            dir: self.dir.to_string(),
            toolchain,
            base_dir: bdir.to_string(),
            toolchain_call: t.name.clone(),
            base_call: b.name.clone(),
            profiles_file: file.clone(),
            capabilities: caps_override,
            profile_map: None,
            presets: Vec::new(),
            option_names: Vec::new(),
            agent: self.agent(),
        };
        let mut pairing = Pairing {
            name,
            file: file.clone(),
            span: b.span,
            toolchain: Some(Text {
                value: facts.toolchain.name.clone(),
                span: t.span,
            }),
            base: Some(Text {
                value: base.name.clone(),
                span: b.span,
            }),
            profiles: Some(Vec::new()),
            default_profile: None,
            display_name: None,
            description: None,
            icon: None,
            template: None,
        };
        match b.block.attribute("compute_profile") {
            Some(arg) => self.profiles(&arg.value, &mut pairing, &mut facts, notes),
            None => notes.push(NotEvaluated {
                file: file.clone(),
                span: b.span,
                message: format!(
                    "module {} gets no compute_profile, so no profile is checked",
                    b.name
                ),
            }),
        }
        pairing.template = Some(Box::new(facts));
        Some(pairing)
    }

    /// Follow `local.X` to what it holds, while the expression is exactly
    /// one (at most [`MAX_FOLLOW`] steps).
    fn through_locals(&self, e: &Expr) -> Expr {
        let mut e = e.clone();
        for _ in 0..MAX_FOLLOW {
            let next = match e.parts() {
                ExprShape::Traversal(path) => match path.as_slice() {
                    [TraversalPart::Name(r), TraversalPart::Name(l)] if r == "local" => {
                        self.module.local(l).map(|x| x.value.clone())
                    }
                    _ => None,
                },
                _ => None,
            };
            match next {
                Some(n) => e = n,
                None => break,
            }
        }
        e
    }

    /// What `local.NAME` holds, or `var.NAME`'s default.
    fn named_value(&self, root: &str, name: &str) -> Option<Expr> {
        match root {
            "local" => self.module.local(name).map(|x| x.value.clone()),
            "var" => self.module.variable(name).and_then(|v| v.default.clone()),
            _ => None,
        }
    }

    /// Where the profile comes from: a map indexed by a selector, or the
    /// selector's value itself.
    fn profiles(
        &self,
        arg: &Expr,
        pairing: &mut Pairing,
        facts: &mut TemplateFacts,
        notes: &mut Vec<NotEvaluated>,
    ) {
        let e = self.through_locals(arg);
        match e.parts() {
            ExprShape::Traversal(path) => {
                if let [
                    TraversalPart::Name(r),
                    TraversalPart::Name(m),
                    TraversalPart::Index(ix),
                ] = path.as_slice()
                    && (r == "local" || r == "var")
                {
                    if let Some(map) = self.named_value(r, m) {
                        facts.profile_map = self.profile_map(&map, notes);
                    }
                    self.selector(ix, pairing, facts, notes);
                } else {
                    self.selector(&e, pairing, facts, notes);
                }
                return;
            }
            ExprShape::Call(f, args) if f == "lookup" && args.len() >= 2 => {
                facts.profile_map = self.follow_map(&args[0], notes).map(|mut m| {
                    m.fallback = args.len() > 2;
                    m
                });
                self.selector(&args[1], pairing, facts, notes);
                return;
            }
            _ => {}
        }
        notes.push(NotEvaluated {
            file: e.file().clone(),
            span: e.span(),
            message: "the compute profile here is not chosen from named profiles (a coder_parameter, or a map indexed by one), so the profiles this template offers are not checked".to_string(),
        });
    }

    /// The map a `lookup()` reads: a literal, a local holding one, or a
    /// variable's default.
    fn follow_map(&self, e: &Expr, notes: &mut Vec<NotEvaluated>) -> Option<ProfileMap> {
        let e = self.through_locals(e);
        if let ExprShape::Traversal(path) = e.parts()
            && let [TraversalPart::Name(r), TraversalPart::Name(m)] = path.as_slice()
        {
            return self.profile_map(&self.named_value(r, m)?, notes);
        }
        self.profile_map(&e, notes)
    }

    /// A literal profile map: each entry's name and fields, as written.
    fn profile_map(&self, e: &Expr, notes: &mut Vec<NotEvaluated>) -> Option<ProfileMap> {
        let v = match eval(e, &Scope::new(self.module)) {
            Ok(v) => v,
            Err(err) => {
                notes.push(NotEvaluated {
                    file: err.file,
                    span: err.span,
                    message: format!(
                        "the profile map is not evaluated statically ({}); its entries are not compared with the catalog",
                        err.reason
                    ),
                });
                return None;
            }
        };
        let entries = v.value.as_object()?;
        Some(ProfileMap {
            file: e.file().clone(),
            span: e.span(),
            fallback: false,
            entries: entries
                .iter()
                .map(|(k, ks, val)| MapEntry {
                    name: Text {
                        value: k.clone(),
                        span: *ks,
                    },
                    fields: val
                        .value
                        .as_object()
                        .unwrap_or_default()
                        .iter()
                        .filter(|(_, _, f)| !f.value.is_null())
                        .map(|(n, _, f)| MapField {
                            name: n.clone(),
                            value: match &f.value {
                                Value::String(s) => s.clone(),
                                other => other.to_json().to_string(),
                            },
                            span: f.span,
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// What chooses the profile: a `coder_parameter`, a variable, or a local
    /// that is one of them.
    fn selector(
        &self,
        e: &Expr,
        pairing: &mut Pairing,
        facts: &mut TemplateFacts,
        notes: &mut Vec<NotEvaluated>,
    ) {
        let e = self.through_locals(e);
        if let ExprShape::Traversal(path) = e.parts() {
            match path.as_slice() {
                [
                    TraversalPart::Name(d),
                    TraversalPart::Name(k),
                    TraversalPart::Name(p),
                    TraversalPart::Name(v),
                ] if d == "data" && k == "coder_parameter" && v == "value" => {
                    if let Some(block) = self.module.blocks().find(|b| {
                        b.kind == "data"
                            && b.labels.first().is_some_and(|l| l.0 == "coder_parameter")
                            && b.labels.get(1).is_some_and(|l| &l.0 == p)
                    }) {
                        self.parameter(block, p, pairing, facts, notes);
                        return;
                    }
                }
                [TraversalPart::Name(r), TraversalPart::Name(name)] if r == "var" => {
                    if let Some(v) = self.module.variable(name) {
                        facts.profiles_file = v.file.clone();
                        pairing.default_profile = v
                            .default
                            .as_ref()
                            .and_then(|d| eval(d, &Scope::empty()).ok())
                            .and_then(|d| terraform::text(&d));
                        match &v.allowed {
                            Some(list) => {
                                pairing.profiles =
                                    Some(list.iter().filter_map(terraform::text).collect());
                            }
                            None => {
                                notes.push(NotEvaluated {
                                    file: v.file.clone(),
                                    span: v.name_span,
                                    message: format!(
                                        "variable `{name}` chooses the compute profile but no validation lists its values (`contains([...], var.{name})`), so only its default is checked"
                                    ),
                                });
                                pairing.profiles =
                                    Some(pairing.default_profile.iter().cloned().collect());
                            }
                        }
                        return;
                    }
                }
                _ => {}
            }
        }
        notes.push(NotEvaluated {
            file: e.file().clone(),
            span: e.span(),
            message: "the compute profile is chosen by something other than a coder_parameter or a variable, so the profiles this template offers are not checked".to_string(),
        });
    }

    /// A `coder_parameter`'s options (static and `dynamic "option"`) and
    /// default, and the presets that set it.
    fn parameter(
        &self,
        block: &Block,
        label: &str,
        pairing: &mut Pairing,
        facts: &mut TemplateFacts,
        notes: &mut Vec<NotEvaluated>,
    ) {
        facts.profiles_file = block.file.clone();
        let scope = Scope::new(self.module);
        let mut options = Vec::new();
        let mut unread = false;
        for o in block.blocks() {
            if o.kind == "option" {
                match o.attribute("value").map(|a| eval(&a.value, &scope)) {
                    Some(Ok(v)) => {
                        let value = terraform::text(&v);
                        if let (Some(value), Some(name)) = (
                            &value,
                            o.attribute("name").and_then(|a| literal_string(&a.value)),
                        ) {
                            facts.option_names.push((name, value.value.clone()));
                        }
                        options.extend(value);
                    }
                    _ => unread = true,
                }
            } else if o.kind == "dynamic" && o.labels.first().is_some_and(|l| l.0 == "option") {
                match Self::dynamic_options(&o, &scope) {
                    Some(list) => options.extend(list),
                    None => unread = true,
                }
            }
        }
        if unread {
            let message = if options.is_empty() {
                format!(
                    "the options of coder_parameter {label} are not evaluated statically, so none of them is checked"
                )
            } else {
                format!(
                    "some options of coder_parameter {label} are not evaluated statically; only the others are checked"
                )
            };
            notes.push(NotEvaluated {
                file: block.file.clone(),
                span: block.labels.get(1).map_or(block.span, |l| l.1),
                message,
            });
        }
        if options.is_empty() && !unread {
            notes.push(NotEvaluated {
                file: block.file.clone(),
                span: block.labels.get(1).map_or(block.span, |l| l.1),
                message: format!(
                    "coder_parameter {label} has no options, so any text can be entered as the compute profile and none is checked: list the profiles as `option` blocks"
                ),
            });
        }
        pairing.profiles = Some(options);
        pairing.default_profile = block
            .attribute("default")
            .and_then(|a| eval(&a.value, &scope).ok())
            .and_then(|v| terraform::text(&v));
        let param_name = block
            .attribute("name")
            .and_then(|a| literal_string(&a.value))
            .unwrap_or_else(|| label.to_string());
        let reference = format!("data.coder_parameter.{label}.name");
        for preset in self.module.blocks().filter(|b| {
            b.kind == "data"
                && b.labels
                    .first()
                    .is_some_and(|l| l.0 == "coder_workspace_preset")
        }) {
            let preset_name = preset
                .attribute("name")
                .and_then(|a| literal_string(&a.value))
                .or_else(|| preset.labels.get(1).map(|l| l.0.clone()))
                .unwrap_or_default();
            let Some(entries) = preset
                .attribute("parameters")
                .and_then(|a| a.value.object_entries())
            else {
                continue;
            };
            for (key, _, value) in entries {
                // `(data.coder_parameter.p.name)`, `"${data.coder_parameter.p.name}"`,
                // `compute_profile` and `"compute_profile"` all name it.
                let key = key
                    .trim_start_matches(['(', '"'])
                    .trim_end_matches([')', '"'])
                    .trim();
                let key = key
                    .strip_prefix("${")
                    .and_then(|k| k.strip_suffix('}'))
                    .unwrap_or(key)
                    .trim();
                if key != param_name && key != reference {
                    continue;
                }
                if let Some(v) = eval(&value, &scope).ok().and_then(|v| terraform::text(&v)) {
                    facts.presets.push(PresetValue {
                        file: preset.file.clone(),
                        preset: preset_name.clone(),
                        value: v,
                    });
                }
            }
        }
    }

    /// `dynamic "option" { for_each = …; content { value = option.key } }`:
    /// the values the iteration gives `value`.
    fn dynamic_options(o: &Block, scope: &Scope<'_>) -> Option<Vec<Text>> {
        let each = eval(&o.attribute("for_each")?.value, scope).ok()?;
        let content = o.blocks().into_iter().find(|b| b.kind == "content")?;
        let value = content.attribute("value")?.value;
        let ExprShape::Traversal(path) = value.parts() else {
            return None;
        };
        let iter = o
            .attribute("iterator")
            .and_then(|a| match a.value.parts() {
                ExprShape::Traversal(p) => match p.as_slice() {
                    [TraversalPart::Name(n)] => Some(n.clone()),
                    _ => None,
                },
                _ => None,
            })
            .unwrap_or_else(|| "option".to_string());
        let names: Vec<&str> = path
            .iter()
            .map(|p| match p {
                TraversalPart::Name(n) => n.as_str(),
                _ => "",
            })
            .collect();
        let items: Vec<(String, Span, SValue)> = match &each.value {
            Value::Object(entries) => entries.clone(),
            Value::List(items) => items
                .iter()
                .map(|i| (String::new(), i.span, i.clone()))
                .collect(),
            _ => return None,
        };
        let mut out = Vec::new();
        for (key, key_span, item) in items {
            let got = match names.as_slice() {
                [i, "key"] if *i == iter => Some(Text {
                    value: if key.is_empty() {
                        item.value.as_str()?.to_string()
                    } else {
                        key
                    },
                    span: key_span,
                }),
                [i, "value"] if *i == iter => terraform::text(&item),
                [i, "value", field] if *i == iter => {
                    item.value.get(field).and_then(terraform::text)
                }
                _ => return None,
            };
            out.extend(got);
        }
        Some(out)
    }

    /// Literal `os` and `arch` of the template's `coder_agent`s.
    fn agent(&self) -> Vec<(Arc<str>, &'static str, Text)> {
        let scope = Scope::new(self.module);
        let mut out = Vec::new();
        for b in self.module.blocks().filter(|b| {
            b.kind == "resource" && b.labels.first().is_some_and(|l| l.0 == "coder_agent")
        }) {
            for key in ["os", "arch"] {
                if let Some(t) = b
                    .attribute(key)
                    .and_then(|a| eval(&a.value, &scope).ok())
                    .and_then(|v| terraform::text(&v))
                {
                    out.push((b.file.clone(), key, t));
                }
            }
        }
        out
    }
}

/// Capabilities that reach a base, placed in the template: entries the
/// template writes keep their places; those that come from the toolchain
/// are placed at the argument.
fn place_in_template(
    mut caps: Capabilities,
    v: &SValue,
    file: &Arc<str>,
    at: Span,
) -> Capabilities {
    caps.key = at;
    caps.value = at;
    let from_template: Vec<bool> = v
        .value
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|(_, _, e)| e.file == *file)
        .collect();
    for (entry, mine) in caps.entries.iter_mut().zip(from_template) {
        if !mine {
            entry.key = at;
            entry.value = at;
        }
    }
    caps
}
