//! The `kubernetes_manifest` resource (hashicorp/kubernetes): its
//! `manifest` attribute is a Kubernetes object written in Terraform (an
//! object expression in the camelCase shape of YAML, a local holding one, a
//! `merge()` of such, or `yamldecode()` of a heredoc or a file), read into
//! the YAML tree the manifest checks read, so that they check it exactly as
//! they check a YAML manifest.
//!
//! The manifest is evaluated with the module's lenient scope. What does not
//! evaluate as a whole is taken apart as written (object and tuple
//! expressions, locals, `merge()`, `yamldecode()`/`jsondecode()`), and a
//! part that still does not evaluate (`var.x` without a default, a
//! resource's attribute, a string with such an interpolation) is unknown:
//! it is left out of the tree, so it never makes a finding. When the object
//! itself, its kind or its pod spec is unknown, a note says which rules did
//! not check it.
//!
//! The nodes of the tree come from several places (the `.tf` files of the
//! module, the files `file()` reads): a node's span is not a byte range but
//! its index in the manifest's table of places, and [`ResourceManifest::locate`]
//! moves a diagnostic made on the tree to where the node is written.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile, Span, to_u32};
use crate::ingest::hcl::{
    Block, Expr, ExprShape, FileAccess, HclModule, OPAQUE_WORD, ObjectKey, SValue, Scope,
    TraversalPart, Value, eval,
};
use crate::ingest::yaml::{self, Entry, Limits, Node, Scalar};

use super::discover::{NoteKind, Problem};
use super::{pod_spec, pod_spec_path};

/// Deepest nesting of expressions and locals taken apart.
const MAX_DEPTH: usize = 64;

/// A `kubernetes_manifest` resource's manifest.
pub struct ResourceManifest {
    /// The manifest as the YAML tree the manifest checks read (unknown parts
    /// left out); `None` when the object itself is unknown.
    pub doc: Option<Node<'static>>,
    /// The file of the resource (the file the checks are given).
    pub file: Arc<str>,
    /// Where each node is written, by the node's span's start.
    places: Vec<(Arc<str>, Span)>,
    /// Where a finding whose node is not known points: the `manifest`
    /// attribute's value.
    fallback: Span,
    /// The manifest holds a workload (a pod spec the checks read, or one
    /// that is not known: the note says so).
    pub workload: bool,
    /// The files `file()` and `templatefile()` read, for snippets.
    pub files: Vec<SourceFile>,
    /// Notes: what is not evaluated, what terraform itself would refuse.
    pub problems: Vec<Problem>,
}

impl ResourceManifest {
    /// Reads the `manifest` of a `kubernetes_manifest` resource of a module
    /// in `dir` (files are read below `root` only); `rules` are the rules
    /// that check manifests, named when something is not checked. `None`
    /// when the resource has no `manifest`.
    pub fn read(
        module: &HclModule,
        block: &Block,
        dir: &Path,
        root: &Path,
        max_file_bytes: u64,
        rules: &str,
    ) -> Option<Self> {
        let attr = block.attribute("manifest")?;
        let scope = Scope::lenient(
            module,
            Some(FileAccess::new(
                dir.to_path_buf(),
                root.to_path_buf(),
                max_file_bytes,
            )),
        );
        let mut reader = Reader {
            scope: &scope,
            module,
            places: Vec::new(),
            problems: Vec::new(),
            rules,
        };
        let tree = reader.expr(&attr.value, 0);
        let Reader {
            places,
            mut problems,
            ..
        } = reader;
        // Where the kind or the pod spec is written when it is not known.
        let unknown_at = |path: &[&str]| {
            let mut n = tree.as_ref()?;
            for key in path {
                n = n.get(key)?;
            }
            is_unknown(n)
                .then(|| places.get(n.span.start as usize).cloned())
                .flatten()
        };
        let kind_at = unknown_at(&["kind"]);
        let spec_at = tree
            .as_ref()
            .and_then(|t| t.get("kind"))
            .and_then(Node::as_str)
            .and_then(|k| unknown_at(pod_spec_path(k)?));
        let doc = tree.clone().and_then(strip);
        let read = scope.files().map(FileAccess::read).unwrap_or_default();
        let not_known = |what: String,
                         at: Option<(Arc<str>, Span)>,
                         problems: &mut Vec<Problem>| {
            let (file, span) = at.unwrap_or_else(|| (attr.file.clone(), attr.value.span()));
            problems.push(
                NoteKind::NotEvaluable
                    .diag(&file, Some(span), what)
                    .with_help(
                        "write the manifest in the module (an object, or yamldecode() of a heredoc or a file of the tree), with values that have defaults",
                    ),
            );
        };
        let kind = doc
            .as_ref()
            .and_then(|d| d.get("kind"))
            .and_then(Node::as_str);
        let mut workload = doc.as_ref().and_then(pod_spec).is_some();
        let decode_failed = !problems.is_empty();
        match (&doc, kind) {
            _ if decode_failed => workload = true,
            // Terraform refuses a manifest that is not an object.
            (Some(d), _) if d.as_map().is_none() => problems.push(
                NoteKind::ParseError
                    .diag(
                        &attr.file,
                        Some(attr.value.span()),
                        format!("the manifest of this kubernetes_manifest is {}, not an object", d.kind_name()),
                    )
                    .with_help(format!("terraform fails here too; write the Kubernetes object (not checked: {rules})")),
            ),
            (None, _) if matches!(eval(&attr.value, &scope), Ok(v) if v.value.is_null()) => problems.push(
                NoteKind::ParseError
                    .diag(
                        &attr.file,
                        Some(attr.value.span()),
                        "the manifest of this kubernetes_manifest is null, not an object",
                    )
                    .with_help(format!("terraform fails here too; write the Kubernetes object (not checked: {rules})")),
            ),
            (None, _) => {
                let why = eval(&attr.value, &scope)
                    .err()
                    .map_or_else(String::new, |e| format!(": {}", e.reason));
                not_known(
                    format!(
                        "the manifest of this kubernetes_manifest is not evaluated statically{why}, so {rules} did not check it"
                    ),
                    None,
                    &mut problems,
                );
                workload = true;
            }
            (Some(_), None) => {
                not_known(
                    format!(
                        "the kind of this kubernetes_manifest is not evaluated statically, so {rules} did not check it"
                    ),
                    kind_at,
                    &mut problems,
                );
                workload = true;
            }
            (Some(_), Some(k)) if pod_spec_path(k).is_some() && !workload => {
                not_known(
                    format!(
                        "the pod spec of this kubernetes_manifest ({k}) is not evaluated statically, so {rules} did not check it"
                    ),
                    spec_at,
                    &mut problems,
                );
                workload = true;
            }
            _ => {}
        }
        Some(Self {
            doc,
            file: attr.file.clone(),
            places,
            fallback: attr.value.span(),
            workload,
            files: read
                .into_iter()
                .map(|(path, text)| SourceFile { path, text })
                .collect(),
            problems,
        })
    }

    /// The pod spec the manifest checks read, when the manifest holds a
    /// workload whose pod spec is known.
    pub fn pod_spec(&self) -> Option<&Node<'static>> {
        self.doc.as_ref().and_then(pod_spec)
    }

    /// Moves a diagnostic made on [`ResourceManifest::doc`] (its span the
    /// index of a node) to where that node is written.
    pub fn locate(&self, d: &mut Diagnostic) {
        let place = d
            .span
            .and_then(|s| self.places.get(s.start as usize))
            .cloned();
        let (file, span) = place.unwrap_or_else(|| (self.file.clone(), self.fallback));
        d.file = file;
        d.span = Some(span);
    }
}

/// Reads an expression into YAML nodes.
struct Reader<'s, 'a> {
    scope: &'s Scope<'a>,
    module: &'a HclModule,
    places: Vec<(Arc<str>, Span)>,
    problems: Vec<Problem>,
    rules: &'s str,
}

impl Reader<'_, '_> {
    /// A node placed at `(file, span)`.
    fn node(&mut self, file: &Arc<str>, span: Span, value: yaml::Value<'static>) -> Node<'static> {
        let at = to_u32(self.places.len());
        self.places.push((file.clone(), span));
        Node {
            span: Span::new(at, at + 1),
            value,
        }
    }

    fn scalar(&mut self, file: &Arc<str>, span: Span, text: String, plain: bool) -> Node<'static> {
        self.node(
            file,
            span,
            yaml::Value::Scalar(Scalar {
                text: Cow::Owned(text),
                plain,
            }),
        )
    }

    /// The node, or one placed at `(file, span)` that stands for an unknown
    /// (or null) value inside an object or a list until [`strip`] leaves it
    /// out: it still overrides an earlier key in `merge()`, and says where
    /// a pod spec that is not known is written.
    fn or_unknown(
        &mut self,
        n: Option<Node<'static>>,
        file: &Arc<str>,
        span: Span,
    ) -> Node<'static> {
        match n {
            Some(n) => n,
            None => self.scalar(file, span, OPAQUE_WORD.to_string(), false),
        }
    }

    /// An expression: an object or tuple expression entry by entry, a local
    /// as its expression, else its value when it evaluates, else its parts
    /// as written (`merge()`, `yamldecode()`); `None` when unknown.
    fn expr(&mut self, e: &Expr, depth: usize) -> Option<Node<'static>> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(items) = e.object_items() {
            let mut entries = Vec::with_capacity(items.len());
            for (key, value) in items {
                let (name, file, span) = match key {
                    ObjectKey::Name(name, span) => (name, value.file().clone(), span),
                    ObjectKey::Computed(k) => match eval(&k, self.scope).ok().map(|v| v.value) {
                        Some(Value::String(s)) => (s, k.file().clone(), k.span()),
                        _ => continue,
                    },
                };
                let known = self.expr(&value, depth + 1);
                let value = self.or_unknown(known, value.file(), value.span());
                let key = self.scalar(&file, span, name, false);
                // A repeated key keeps the last value, as terraform does.
                entries.retain(|e: &Entry<'static>| e.key.as_str() != key.as_str());
                entries.push(Entry { key, value });
            }
            return Some(self.node(e.file(), e.span(), yaml::Value::Map(entries)));
        }
        if let Some(items) = e.array_items() {
            let items = items
                .iter()
                .map(|i| {
                    let item = self.expr(i, depth + 1);
                    self.or_unknown(item, i.file(), i.span())
                })
                .collect();
            return Some(self.node(e.file(), e.span(), yaml::Value::Seq(items)));
        }
        if let ExprShape::Traversal(path) = e.parts()
            && matches!(path.first(), Some(TraversalPart::Name(root)) if root == "local")
        {
            return self.traversal(&path, depth);
        }
        match eval(e, self.scope) {
            // A value written elsewhere (a variable's default) is placed
            // where it is used; an object or a list keeps its entries' places.
            Ok(mut v) => {
                if v.value.is_primitive() {
                    v.file = e.file().clone();
                    v.span = e.span();
                }
                return self.value(&v);
            }
            Err(err) if err.is_limit() => return None,
            Err(_) => {}
        }
        match e.parts() {
            ExprShape::Call(name, args) => match (name.as_str(), args.as_slice()) {
                ("yamldecode" | "jsondecode", [arg]) => self.decode(&name, arg, depth),
                ("merge", _) => self.merge(e, &args, depth),
                _ => None,
            },
            _ => None,
        }
    }

    /// An evaluated value; `None` for null and for a string that holds an
    /// unknown interpolation.
    fn value(&mut self, v: &SValue) -> Option<Node<'static>> {
        match &v.value {
            Value::Null => None,
            Value::Bool(b) => Some(self.scalar(&v.file, v.span, b.to_string(), true)),
            Value::Number(n) => Some(self.scalar(&v.file, v.span, n.to_string(), true)),
            Value::String(s) => v
                .opaque_ranges()
                .is_empty()
                .then(|| self.scalar(&v.file, v.span, s.clone(), false)),
            Value::List(items) => {
                let items = items
                    .iter()
                    .map(|i| {
                        let item = self.value(i);
                        self.or_unknown(item, &i.file, i.span)
                    })
                    .collect();
                Some(self.node(&v.file, v.span, yaml::Value::Seq(items)))
            }
            Value::Object(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, span, val) in entries {
                    let value = self.value(val);
                    let value = self.or_unknown(value, &val.file, val.span);
                    let key = self.scalar(&val.file, *span, k.clone(), false);
                    out.push(Entry { key, value });
                }
                Some(self.node(&v.file, v.span, yaml::Value::Map(out)))
            }
        }
    }

    /// `merge(a, b, …)` of objects, some of them unknown: the later keys
    /// win, so the keys of the arguments before an unknown one are unknown.
    fn merge(&mut self, e: &Expr, args: &[Expr], depth: usize) -> Option<Node<'static>> {
        let mut entries: Vec<Entry<'static>> = Vec::new();
        for a in args {
            match self.expr(a, depth + 1) {
                Some(Node {
                    value: yaml::Value::Map(more),
                    ..
                }) => {
                    for m in more {
                        entries.retain(|x| x.key.as_str() != m.key.as_str());
                        entries.push(m);
                    }
                }
                Some(_) => return None,
                None => entries.clear(),
            }
        }
        Some(self.node(e.file(), e.span(), yaml::Value::Map(entries)))
    }

    /// `local.NAME…`: the local's expression taken apart (so that its
    /// values are placed where the local writes them), then the attributes
    /// and indexes after it.
    fn traversal(&mut self, path: &[TraversalPart], depth: usize) -> Option<Node<'static>> {
        let (Some(TraversalPart::Name(root)), Some(TraversalPart::Name(name))) =
            (path.first(), path.get(1))
        else {
            return None;
        };
        if root != "local" {
            return None;
        }
        let local = self.module.local(name)?;
        let mut node = self.expr(&local.value, depth + 1)?;
        for step in &path[2..] {
            let next = match step {
                TraversalPart::Name(n) => node.get(n),
                TraversalPart::Index(ix) => match eval(ix, self.scope).ok()?.value {
                    Value::String(k) => node.get(&k),
                    Value::Number(n) => {
                        let i = usize::try_from(n.as_i64()?).ok()?;
                        node.as_seq()?.get(i)
                    }
                    _ => None,
                },
                TraversalPart::Expr(_) | TraversalPart::Other => None,
            };
            node = next?.clone();
        }
        Some(node)
    }

    /// `yamldecode(text)` / `jsondecode(text)`: the text parsed, each node
    /// placed where its text is written (the heredoc, the file `file()`
    /// reads). Text terraform would refuse, and text that is not known, are
    /// notes.
    fn decode(&mut self, func: &str, arg: &Expr, depth: usize) -> Option<Node<'static>> {
        // `jsondecode(jsonencode(x))` is `x`.
        if let ExprShape::Call(inner, args) = arg.parts()
            && inner == "jsonencode"
            && let [x] = args.as_slice()
        {
            return self.expr(x, depth + 1);
        }
        let rules = self.rules;
        let text = match eval(arg, self.scope) {
            Ok(v) if v.value.as_str().is_some() => v,
            Ok(v) => {
                self.problems.push(
                    NoteKind::ParseError
                        .diag(
                            &v.file,
                            Some(v.span),
                            format!("`{func}` needs a string, not {}", v.value.kind()),
                        )
                        .with_help(format!("terraform fails here too (not checked: {rules})")),
                );
                return None;
            }
            Err(e) if e.is_file_error() => {
                self.problems.push(
                    NoteKind::ParseError
                        .diag(
                            &e.file,
                            Some(e.span),
                            format!("the manifest cannot be read: {}", e.reason),
                        )
                        .with_help(format!(
                            "terraform fails here too; fix it (not checked: {rules})"
                        )),
                );
                return None;
            }
            Err(e) => {
                self.problems.push(
                    NoteKind::NotEvaluable
                        .diag(
                            &e.file,
                            Some(e.span),
                            format!(
                                "the text `{func}` reads is not evaluated statically ({}), so {rules} did not check this manifest",
                                e.reason
                            ),
                        )
                        .with_help("write the manifest's text in the module (a heredoc) or in a file of the audited tree"),
                );
                return None;
            }
        };
        let s = text.value.as_str().unwrap_or_default();
        let opaque = text.opaque_ranges();
        let read = self.scope.files().map(FileAccess::read).unwrap_or_default();
        let fallback = (text.file.clone(), text.span.start);
        let locator = text.locator();
        let place = |r: std::ops::Range<usize>| {
            let file = locator
                .origin(r.start)
                .map_or_else(|| fallback.0.clone(), |(f, _)| f);
            let span = locator.span(r, &fallback, |f| self.module.text_of(f, &read));
            (file, span)
        };
        let doc = match yaml::parse(s, Limits::default()) {
            Ok(d) => d,
            Err(e) => {
                let (file, span) = place(e.span.range());
                let (kind, help) = if opaque.is_empty() {
                    (
                        NoteKind::ParseError,
                        format!(
                            "terraform's `{func}` fails here too; fix it (not checked: {rules})"
                        ),
                    )
                } else {
                    (
                        NoteKind::NotEvaluable,
                        format!(
                            "the text holds values not evaluated statically (not checked: {rules})"
                        ),
                    )
                };
                self.problems.push(
                    kind.diag(
                        &file,
                        Some(span),
                        format!("the manifest `{func}` reads does not parse: {}", e.message),
                    )
                    .with_help(help),
                );
                return None;
            }
        };
        let places = &mut self.places;
        doc.root.as_ref().map(|r| {
            owned(r, &opaque, &mut |range| {
                let at = to_u32(places.len());
                places.push(place(range));
                Span::new(at, at + 1)
            })
        })
    }
}

/// A parsed YAML node as an owned tree, each span replaced by what `place`
/// makes of its byte range; a scalar written over an unknown interpolation
/// (`opaque`) is unknown (an entry whose key is, is left out).
fn owned(
    n: &Node<'_>,
    opaque: &[std::ops::Range<usize>],
    place: &mut impl FnMut(std::ops::Range<usize>) -> Span,
) -> Node<'static> {
    let r = n.span.range();
    let value = match &n.value {
        yaml::Value::Scalar(s) => {
            let unknown = opaque.iter().any(|o| o.start < r.end && r.start < o.end);
            yaml::Value::Scalar(Scalar {
                text: if unknown {
                    Cow::Borrowed(OPAQUE_WORD)
                } else {
                    Cow::Owned(s.text.to_string())
                },
                plain: s.plain && !unknown,
            })
        }
        yaml::Value::Seq(items) => {
            yaml::Value::Seq(items.iter().map(|i| owned(i, opaque, place)).collect())
        }
        yaml::Value::Map(entries) => yaml::Value::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: owned(&e.key, opaque, place),
                    value: owned(&e.value, opaque, place),
                })
                .filter(|e| !is_unknown(&e.key))
                .collect(),
        ),
    };
    Node {
        span: place(r),
        value,
    }
}

/// Whether a node stands for an unknown value (see [`Reader::or_unknown`]).
fn is_unknown(n: &Node<'_>) -> bool {
    n.as_scalar()
        .is_some_and(|s| !s.plain && s.text == OPAQUE_WORD)
}

/// The tree without its unknown values: entries and items whose value is
/// unknown are left out; `None` when the root itself is unknown.
fn strip(mut n: Node<'static>) -> Option<Node<'static>> {
    if is_unknown(&n) {
        return None;
    }
    let mut stack = vec![&mut n];
    while let Some(n) = stack.pop() {
        match &mut n.value {
            yaml::Value::Scalar(_) => {}
            yaml::Value::Seq(items) => {
                items.retain(|i| !is_unknown(i));
                stack.extend(items.iter_mut());
            }
            yaml::Value::Map(entries) => {
                entries.retain(|e| !is_unknown(&e.value));
                stack.extend(entries.iter_mut().map(|e| &mut e.value));
            }
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(files: &[(&str, &str)]) -> (ResourceManifest, HclModule) {
        let module =
            HclModule::from_files(files.iter().map(|(p, t)| (Arc::from(*p), *t))).expect("parses");
        let block = module
            .blocks()
            .find(|b| b.kind == "resource")
            .expect("a resource")
            .clone();
        let dir = std::env::temp_dir();
        let m = ResourceManifest::read(&module, &block, &dir, &dir, 1 << 20, "F-2")
            .expect("a manifest");
        (m, module)
    }

    /// The place of the node at `path` under the pod spec.
    fn place(m: &ResourceManifest, path: &[&str]) -> Option<(Arc<str>, Span)> {
        let mut n = m.pod_spec()?;
        for key in path {
            n = match key.parse::<usize>() {
                Ok(i) => n.as_seq()?.get(i)?,
                Err(_) => n.get(key)?,
            };
        }
        m.places.get(n.span.start as usize).cloned()
    }

    #[test]
    fn values_of_a_local_are_placed_in_its_file() {
        let locals = "locals {\n  c = { securityContext = { privileged = true } }\n}\n";
        let main = "resource \"kubernetes_manifest\" \"p\" {\n  manifest = { kind = \"Pod\", spec = { containers = [local.c] } }\n}\n";
        let (m, _) = read(&[("locals.tf", locals), ("main.tf", main)]);
        let (file, span) =
            place(&m, &["containers", "0", "securityContext", "privileged"]).expect("placed");
        assert_eq!(&*file, "locals.tf");
        assert_eq!(&locals[span.range()], "true");
    }

    #[test]
    fn an_unknown_later_merge_argument_hides_the_keys_before_it() {
        let main = "variable \"o\" {}\nresource \"kubernetes_manifest\" \"p\" {\n  manifest = { kind = \"Pod\", spec = merge({ hostNetwork = true }, var.o, { dnsPolicy = \"None\" }) }\n}\n";
        let (m, _) = read(&[("main.tf", main)]);
        let spec = m.pod_spec().expect("a pod spec");
        assert!(spec.get("hostNetwork").is_none());
        assert_eq!(spec.get("dnsPolicy").and_then(Node::as_str), Some("None"));
    }

    #[test]
    fn an_unknown_value_overrides_a_known_one() {
        let main = "variable \"h\" {}\nresource \"kubernetes_manifest\" \"p\" {\n  manifest = { kind = \"Pod\", spec = merge({ hostNetwork = true }, { hostNetwork = var.h }) }\n}\n";
        let (m, _) = read(&[("main.tf", main)]);
        let spec = m.pod_spec().expect("a pod spec");
        assert!(spec.get("hostNetwork").is_none());
        assert!(m.problems.is_empty());
    }
}
