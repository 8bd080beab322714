//! The functions evaluated statically: `tostring tonumber tobool lower upper
//! trimspace format join concat merge coalesce`, with terraform's argument
//! conversions and errors.

use std::sync::Arc;

use hcl_edit::expr::{Expression, FuncCall};

use super::eval::{Ctx, NotEvaluable};
use super::format::format;
use super::types::{TfType, to_primitive, unify};
use super::value::{SValue, Value};

type Func = fn(&Call<'_, '_, '_>, Vec<SValue>) -> Result<SValue, NotEvaluable>;

const FUNCTIONS: &[(&str, Func)] = &[
    ("tostring", |c, a| c.convert(a, &TfType::String)),
    ("tonumber", |c, a| c.convert(a, &TfType::Number)),
    ("tobool", |c, a| c.convert(a, &TfType::Bool)),
    ("lower", |c, a| c.map_chars(a, go_lower)),
    ("upper", |c, a| c.map_chars(a, go_upper)),
    ("trimspace", trimspace),
    ("format", format_fn),
    ("join", join),
    ("concat", concat),
    ("merge", merge),
    ("coalesce", coalesce),
];

/// Evaluate a call of one of the functions above.
pub(crate) fn call(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    f: &FuncCall,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    let name = f.name.name.as_str();
    if f.name.is_namespaced() {
        return Err(ctx.fail(
            e,
            format!(
                "the function `{}` is not evaluated statically",
                ctx.text(&f.name.name)
            ),
        ));
    }
    if ctx.scope.files().is_some() {
        match name {
            "file" => return file_fn(ctx, e, f, d),
            "templatefile" => return templatefile_fn(ctx, e, f, d),
            _ => {}
        }
    }
    let Some((_, func)) = FUNCTIONS.iter().find(|(n, _)| *n == name) else {
        return Err(ctx.fail(
            e,
            format!("the function `{name}` is not evaluated statically"),
        ));
    };
    let mut args: Vec<SValue> = f
        .args
        .iter()
        .map(|a| ctx.eval(a, d))
        .collect::<Result<_, _>>()?;
    let call = Call { ctx, e, name };
    if f.args.expand_final() {
        match args.pop().map(|a| a.value) {
            Some(Value::List(items)) => args.extend(items),
            _ => return Err(call.fail("the argument before `...` must be a list")),
        }
    }
    func(&call, args)
}

/// A call being evaluated: where it is, for results and errors.
struct Call<'c, 's, 'a> {
    ctx: &'c Ctx<'s, 'a>,
    e: &'c Expression,
    name: &'c str,
}

impl Call<'_, '_, '_> {
    fn fail(&self, reason: impl AsRef<str>) -> NotEvaluable {
        self.ctx
            .fail(self.e, format!("`{}`: {}", self.name, reason.as_ref()))
    }

    fn value(&self, value: Value) -> SValue {
        self.ctx.value(self.e, value)
    }

    fn one(&self, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
        let n = args.len();
        let mut args = args.into_iter();
        match (args.next(), n) {
            (Some(a), 1) => Ok(a),
            _ => Err(self.fail(format!("takes exactly one argument, not {n}"))),
        }
    }

    fn at_least_one(&self, args: &[SValue]) -> Result<(), NotEvaluable> {
        if args.is_empty() {
            Err(self.fail("at least one argument is required"))
        } else {
            Ok(())
        }
    }

    /// A string argument (numbers and bools convert; null is refused).
    fn string(&self, arg: SValue) -> Result<SValue, NotEvaluable> {
        if arg.value.is_null() {
            return Err(self.fail("the argument must not be null"));
        }
        let s = to_primitive(arg, &TfType::String).map_err(|e| self.fail(e.reason))?;
        if s.value.as_str().is_some() {
            Ok(s)
        } else {
            Err(self.fail(format!("a string is required, not {}", s.value.kind())))
        }
    }

    /// `tostring`, `tonumber`, `tobool`: null stays null.
    fn convert(&self, args: Vec<SValue>, ty: &TfType) -> Result<SValue, NotEvaluable> {
        let arg = self.one(args)?;
        if !arg.value.is_primitive() {
            return Err(self.fail(format!("cannot convert {} to {ty}", arg.value.kind())));
        }
        to_primitive(arg, ty).map_err(|e| self.fail(e.reason))
    }

    /// `lower`, `upper`: character by character, as Go's `strings` does.
    fn map_chars(&self, args: Vec<SValue>, f: fn(char) -> char) -> Result<SValue, NotEvaluable> {
        let arg = self.string(self.one(args)?)?;
        let text: String = arg
            .value
            .as_str()
            .unwrap_or_default()
            .chars()
            .map(f)
            .collect();
        Ok(self.value(Value::String(text)))
    }
}

fn trimspace(c: &Call<'_, '_, '_>, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
    let arg = c.string(c.one(args)?)?;
    let full = arg.value.as_str().unwrap_or_default();
    let start = full.len() - full.trim_start().len();
    let trimmed = full.trim();
    let mut out = c.value(Value::String(trimmed.to_owned()));
    // The text is still where it was written: keep the map, shifted.
    out.text_map = arg
        .text_map
        .as_ref()
        .map(|m| Arc::new(m.shifted(full, start)));
    Ok(out)
}

fn format_fn(c: &Call<'_, '_, '_>, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
    c.at_least_one(&args)?;
    let mut args = args.into_iter();
    let spec = c.string(args.next().unwrap_or_else(|| c.value(Value::Null)))?;
    let rest: Vec<SValue> = args.collect();
    let text = format(spec.value.as_str().unwrap_or_default(), &rest).map_err(|r| c.fail(r))?;
    Ok(c.value(Value::String(text)))
}

fn join(c: &Call<'_, '_, '_>, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
    if args.len() < 2 {
        return Err(c.fail("takes a separator and at least one list"));
    }
    let mut args = args.into_iter();
    let sep = c.string(args.next().unwrap_or_else(|| c.value(Value::Null)))?;
    let mut parts: Vec<SValue> = Vec::new();
    for list in args {
        let Value::List(items) = list.value else {
            return Err(c.fail(format!("a list is required, not {}", list.value.kind())));
        };
        for (i, item) in items.into_iter().enumerate() {
            if item.value.is_null() {
                return Err(c.fail(format!("element {i} is null; cannot join null values")));
            }
            parts.push(c.string(item)?);
        }
    }
    // The joined text keeps the places of its parts (a boot script joined
    // from files points into them).
    let sep_text = sep.value.as_str().unwrap_or_default();
    let mut text = String::new();
    let mut map = super::value::TextMap::default();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            place(&mut map, text.len(), &sep);
            text.push_str(sep_text);
        }
        place(&mut map, text.len(), p);
        text.push_str(p.value.as_str().unwrap_or_default());
    }
    let mut out = c.value(Value::String(text));
    out.text_map = Some(Arc::new(map));
    Ok(out)
}

/// A string value's places, spliced into a map at `at`.
fn place(map: &mut super::value::TextMap, at: usize, v: &SValue) {
    match &v.text_map {
        Some(m) => map.splice(at, m),
        None => map.push(at, v.file.clone(), v.span.start, false),
    }
}

fn concat(c: &Call<'_, '_, '_>, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
    c.at_least_one(&args)?;
    let mut out = Vec::new();
    for list in args {
        match list.value {
            Value::List(items) => out.extend(items),
            other => return Err(c.fail(format!("a list is required, not {}", other.kind()))),
        }
    }
    Ok(c.value(Value::List(out)))
}

/// Later arguments win; null arguments are skipped.
fn merge(c: &Call<'_, '_, '_>, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
    let mut out: Vec<(String, crate::diag::Span, SValue)> = Vec::new();
    for arg in args {
        match arg.value {
            Value::Null => {}
            Value::Object(entries) => {
                for (k, span, v) in entries {
                    match out.iter_mut().find(|(o, _, _)| *o == k) {
                        Some(slot) => *slot = (k, span, v),
                        None => out.push((k, span, v)),
                    }
                }
            }
            other => {
                return Err(c.fail(format!(
                    "arguments must be maps or objects, not {}",
                    other.kind()
                )));
            }
        }
    }
    Ok(c.value(Value::Object(out)))
}

/// The first argument that is neither null nor an empty string, after the
/// arguments are given their common type.
fn coalesce(c: &Call<'_, '_, '_>, args: Vec<SValue>) -> Result<SValue, NotEvaluable> {
    c.at_least_one(&args)?;
    let args = unify(args).map_err(|e| c.fail(e.reason))?;
    args.into_iter()
        .find(|a| !a.value.is_null() && a.value.as_str() != Some(""))
        .ok_or_else(|| c.fail("no non-null, non-empty-string arguments"))
}

/// Go's `unicode.ToUpper`: the simple (one character) mapping. Rust gives the
/// full mapping; where that is several characters, the simple one is the
/// character itself except for the Greek letters with ypogegrammeni.
fn go_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => {
            let code = c as u32;
            let simple = match code {
                0x1F80..=0x1FAF if code & 0xF < 8 => code + 8,
                0x1FB3 | 0x1FC3 | 0x1FF3 => code + 9,
                _ => code,
            };
            char::from_u32(simple).unwrap_or(c)
        }
    }
}

/// Go's `unicode.ToLower` (only `İ` has a longer full mapping).
fn go_lower(c: char) -> char {
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

/// The path argument of `file`/`templatefile`, evaluated.
fn path_arg(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    f: &FuncCall,
    d: usize,
) -> Result<String, NotEvaluable> {
    let name = f.name.name.as_str();
    let Some(arg) = f.args.iter().next() else {
        return Err(ctx.fail(e, format!("`{name}`: a path is required")));
    };
    let v = ctx.eval(arg, d)?;
    match v.value {
        Value::String(s) => Ok(s),
        other => Err(ctx.fail(
            arg,
            format!("`{name}`: the path must be a string, not {}", other.kind()),
        )),
    }
}

/// `file(path)` in a scope with file access: the file's text, its places in
/// the file.
fn file_fn(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    f: &FuncCall,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    if f.args.len() != 1 {
        return Err(ctx.fail(e, "`file`: takes exactly one argument"));
    }
    let rel = path_arg(ctx, e, f, d)?;
    let files = ctx
        .scope
        .files()
        .ok_or_else(|| ctx.fail(e, "`file` is not evaluated here"))?;
    let (shown, text) = files
        .load(&rel)
        .map_err(|why| NotEvaluable::unread_file(ctx.src.path.clone(), ctx.span(e), why))?;
    Ok(whole_file(&shown, &text))
}

/// A file's whole text as a string value written in that file.
fn whole_file(shown: &Arc<str>, text: &str) -> SValue {
    let mut v = SValue::new(
        Value::String(text.to_owned()),
        shown.clone(),
        crate::diag::Span::of(0..text.len()),
    );
    let mut map = super::value::TextMap::default();
    map.push(0, shown.clone(), 0, true);
    v.text_map = Some(Arc::new(map));
    v
}

/// `templatefile(path, vars)` in a scope with file access: the file parsed as
/// a template and rendered with the variables that evaluate; in a lenient
/// scope the others are opaque words.
fn templatefile_fn(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    f: &FuncCall,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    if f.args.len() != 2 {
        return Err(ctx.fail(e, "`templatefile`: takes a path and a map of variables"));
    }
    let rel = path_arg(ctx, e, f, d)?;
    let files = ctx
        .scope
        .files()
        .ok_or_else(|| ctx.fail(e, "`templatefile` is not evaluated here"))?;
    let (shown, text) = files
        .load(&rel)
        .map_err(|why| NotEvaluable::unread_file(ctx.src.path.clone(), ctx.span(e), why))?;
    let src = Arc::new(super::source::Source::new(shown.clone(), &text));
    let template: hcl_edit::template::Template =
        text.parse().map_err(|err: hcl_edit::parser::Error| {
            let at = err.location().offset().min(text.len());
            NotEvaluable::file_error(
                shown.clone(),
                src.span(&(at..at)),
                format!("the template `{shown}` does not parse: {}", err.message()),
            )
        })?;
    let vars = template_vars(ctx, f, d)?;
    let inner = ctx.in_template(&src, &vars);
    super::template::file(&inner, &template, d)
}

/// The second argument of `templatefile`: each entry of a literal object
/// evaluated on its own (in a lenient scope, one that fails is unknown).
fn template_vars(
    ctx: &Ctx<'_, '_>,
    f: &FuncCall,
    d: usize,
) -> Result<super::eval::TemplateVars, NotEvaluable> {
    let mut vars = super::eval::TemplateVars::default();
    let Some(arg) = f.args.iter().nth(1) else {
        return Ok(vars);
    };
    let keep = |r: Result<SValue, NotEvaluable>| -> Result<Option<SValue>, NotEvaluable> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(err) if ctx.lenient() && !err.is_limit() && !err.is_file_error() => Ok(None),
            Err(err) => Err(err),
        }
    };
    if let Expression::Object(obj) = arg {
        for (key, value) in obj {
            let name = match key {
                hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_owned(),
                hcl_edit::expr::ObjectKey::Expression(k) => match ctx.eval(k, d)?.value {
                    Value::String(s) => s,
                    _ => continue,
                },
            };
            vars.values.insert(name, keep(ctx.eval(value.expr(), d))?);
        }
        vars.complete = true;
        return Ok(vars);
    }
    match keep(ctx.eval(arg, d))? {
        Some(v) => {
            if let Some(entries) = v.value.as_object() {
                for (k, _, val) in entries {
                    vars.values.insert(k.clone(), Some(val.clone()));
                }
                vars.complete = true;
            }
            Ok(vars)
        }
        // Nothing known about the variables (a lenient scope): every
        // reference is an opaque word.
        None => Ok(vars),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_mapping_is_gos() {
        let up: String = "straße ᾳǆ".chars().map(go_upper).collect();
        assert_eq!(up, "STRAßE ᾼǄ");
        let low: String = "ΣΑΣ İ".chars().map(go_lower).collect();
        assert_eq!(low, "σασ i");
    }
}
