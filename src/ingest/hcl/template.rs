//! Strings, templates and heredocs, evaluated from their raw text so that
//! every character of the result knows where it was written.
//!
//! Terraform's order is kept: the template is cut into tokens (a heredoc's
//! literal text one line per token), escapes are decoded, strip markers trim
//! the neighbouring tokens, a `<<-` heredoc is dedented over its whole body,
//! then interpolations are evaluated.

use std::sync::Arc;

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::template::{Element, HeredocTemplate, Interpolation, StringTemplate};

use super::eval::{Ctx, NotEvaluable};
use super::value::{SValue, TextMap, Value};

/// Literal text of a template and where its parts were written.
struct Lit {
    text: String,
    map: TextMap,
}

impl Lit {
    fn trim_start(&mut self) {
        let n = self.text.len() - self.text.trim_start().len();
        self.drop_front(n);
    }

    fn trim_end(&mut self) {
        let len = self.text.trim_end().len();
        self.text.truncate(len);
        self.map.truncate(len);
    }

    fn drop_front(&mut self, bytes: usize) {
        self.map = self.map.shifted(&self.text, bytes);
        self.text.drain(..bytes);
    }
}

enum Tok<'e> {
    Lit(Lit),
    Interp(&'e Interpolation),
}

/// A quoted string without interpolations.
pub(crate) fn plain(ctx: &Ctx<'_, '_>, e: &Expression) -> Result<SValue, NotEvaluable> {
    let Some(range) = e.span() else {
        let text = e.as_str().unwrap_or_default().to_owned();
        return Ok(ctx.value(e, Value::String(text)));
    };
    let raw = ctx.src.slice(&range);
    let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
        // An empty heredoc the parser workaround replaced.
        let text = e.as_str().unwrap_or_default().to_owned();
        return Ok(ctx.value(e, Value::String(text)));
    };
    let lit = decode(ctx, e, inner, range.start + 1, Escapes::Quoted)?;
    render(ctx, e, vec![Tok::Lit(lit)], 0)
}

/// `"...${...}..."`. A template that is one interpolation and nothing else
/// is that value itself, whatever its type (terraform's template wrapping).
pub(crate) fn quoted(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    t: &StringTemplate,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    if let Some(Element::Interpolation(only)) = t.as_single_element() {
        return ctx.eval(&only.expr, d);
    }
    let mut toks = tokens(ctx, t.iter(), Escapes::Quoted)?;
    strip(&mut toks);
    render(ctx, e, toks, d)
}

/// `<<EOT` and `<<-EOT`.
pub(crate) fn heredoc(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    h: &HeredocTemplate,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    let flush = e
        .span()
        .is_some_and(|r| ctx.src.slice(&r).starts_with("<<-"));
    let mut toks = tokens(ctx, h.template.iter(), Escapes::Heredoc)?;
    strip(&mut toks);
    if flush {
        dedent(&mut toks);
    }
    render(ctx, e, toks, d)
}

#[derive(Clone, Copy, PartialEq)]
enum Escapes {
    /// Backslash escapes and `$${`, `%%{`.
    Quoted,
    /// `$${` and `%%{` only.
    Heredoc,
}

fn tokens<'e>(
    ctx: &Ctx<'_, '_>,
    elements: impl Iterator<Item = &'e Element>,
    escapes: Escapes,
) -> Result<Vec<Tok<'e>>, NotEvaluable> {
    let mut toks = Vec::new();
    for element in elements {
        match element {
            Element::Literal(l) => {
                let Some(range) = l.span() else {
                    toks.push(Tok::Lit(Lit {
                        text: l.value().clone(),
                        map: TextMap::default(),
                    }));
                    continue;
                };
                let raw = ctx.src.slice(&range);
                if escapes == Escapes::Quoted {
                    toks.push(Tok::Lit(decode(ctx, l, raw, range.start, escapes)?));
                    continue;
                }
                let mut offset = range.start;
                for line in raw.split_inclusive('\n') {
                    toks.push(Tok::Lit(decode(ctx, l, line, offset, escapes)?));
                    offset += line.len();
                }
            }
            Element::Interpolation(i) => toks.push(Tok::Interp(i)),
            Element::Directive(dir) => {
                return Err(ctx.fail(
                    dir,
                    "template directives (`%{if}`, `%{for}`) are not evaluated statically",
                ));
            }
        }
    }
    Ok(toks)
}

/// Decode literal text written at byte `base` of the file.
fn decode(
    ctx: &Ctx<'_, '_>,
    node: &impl hcl_edit::Span,
    raw: &str,
    base: usize,
    escapes: Escapes,
) -> Result<Lit, NotEvaluable> {
    let file = &ctx.src.path;
    let mut loc = crate::diag::to_u32(base);
    let mut lit = Lit {
        text: String::with_capacity(raw.len()),
        map: TextMap::default(),
    };
    lit.map.push(0, file.clone(), loc, true);
    let mut i = 0;
    while let Some(rest) = raw.get(i..).filter(|r| !r.is_empty()) {
        let (out, len, exact_from) = if rest.starts_with("$${") || rest.starts_with("%%{") {
            // `${` as written one character later.
            (rest[1..3].to_owned(), 3, Some(1))
        } else if escapes == Escapes::Quoted && rest.starts_with('\\') {
            let (c, len) =
                escape(rest).ok_or_else(|| ctx.fail(node, "an invalid escape sequence"))?;
            (c.to_string(), len, None)
        } else {
            let c = rest.chars().next().unwrap_or_default();
            lit.text.push(c);
            loc += c.len_utf8() as u32;
            i += c.len_utf8();
            continue;
        };
        let at = match exact_from {
            Some(skip) => loc + skip,
            None => loc,
        };
        lit.map
            .push(lit.text.len(), file.clone(), at, exact_from.is_some());
        lit.text.push_str(&out);
        loc += len as u32;
        i += len;
        lit.map.push(lit.text.len(), file.clone(), loc, true);
    }
    if needs_normalization(&lit.text) {
        return Err(ctx.fail(
            node,
            "the text has combining characters: terraform normalises strings to NFC, which is not evaluated statically",
        ));
    }
    Ok(lit)
}

/// A backslash escape at the start of `s`: the character and the bytes read.
fn escape(s: &str) -> Option<(char, usize)> {
    let hex = |n: usize| {
        let digits = s.get(2..2 + n)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(digits, 16).ok()?)?;
        Some((c, 2 + n))
    };
    match s.as_bytes().get(1)? {
        b'n' => Some(('\n', 2)),
        b'r' => Some(('\r', 2)),
        b't' => Some(('\t', 2)),
        b'\\' => Some(('\\', 2)),
        b'"' => Some(('"', 2)),
        b'u' => hex(4),
        b'U' => hex(8),
        _ => None,
    }
}

/// Characters that NFC could compose with what precedes them.
fn needs_normalization(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x0300..=0x036F | 0x1100..=0x11FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
    })
}

/// Apply strip markers: `${~` trims the whitespace ending the token before,
/// `~}` the whitespace starting the token after.
fn strip(toks: &mut [Tok<'_>]) {
    for i in 0..toks.len() {
        let Tok::Interp(interp) = &toks[i] else {
            continue;
        };
        let marks = interp.strip;
        if marks.strip_start()
            && let Some(Tok::Lit(before)) = i.checked_sub(1).and_then(|j| toks.get_mut(j))
        {
            before.trim_end();
        }
        if marks.strip_end()
            && let Some(Tok::Lit(after)) = toks.get_mut(i + 1)
        {
            after.trim_start();
        }
    }
}

/// Terraform's `<<-` rule over the whole body: the smallest leading
/// whitespace (in characters) of the tokens that start a line is removed
/// from each of them. A whitespace-only line does not count and is left as
/// it is; a line starting with an interpolation counts as 0.
fn dedent(toks: &mut [Tok<'_>]) {
    let mut width = usize::MAX;
    let mut at_line_start = true;
    let mut adjust = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        if at_line_start {
            at_line_start = false;
            let spaces = match tok {
                Tok::Lit(l) => {
                    let rest = l.text.trim_start();
                    if rest.is_empty() && l.text.ends_with('\n') {
                        usize::MAX
                    } else {
                        adjust.push(i);
                        l.text[..l.text.len() - rest.len()].chars().count()
                    }
                }
                Tok::Interp(_) => 0,
            };
            width = width.min(spaces);
        }
        if let Tok::Lit(l) = tok {
            at_line_start = l.text.ends_with('\n');
        }
    }
    for i in adjust {
        if let Some(Tok::Lit(l)) = toks.get_mut(i) {
            let bytes: usize = l.text.chars().take(width).map(char::len_utf8).sum();
            l.drop_front(bytes);
        }
    }
}

/// The word that stands in a lenient evaluation for an interpolation that
/// could not be evaluated: a plain identifier, so it is one word wherever the
/// text is shell, and it names nothing a check looks for.
pub const OPAQUE_WORD: &str = "__wsc_unknown__";

fn render(
    ctx: &Ctx<'_, '_>,
    e: &Expression,
    toks: Vec<Tok<'_>>,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    let (out, map) = render_parts(ctx, toks, d)?;
    let mut value = ctx.value(e, Value::String(out));
    value.text_map = Some(Arc::new(map));
    Ok(value)
}

fn render_parts(
    ctx: &Ctx<'_, '_>,
    toks: Vec<Tok<'_>>,
    d: usize,
) -> Result<(String, TextMap), NotEvaluable> {
    let mut out = String::new();
    let mut map = TextMap::default();
    for tok in toks {
        match tok {
            Tok::Lit(l) => {
                map.splice(out.len(), &l.map);
                out.push_str(&l.text);
            }
            Tok::Interp(i) => {
                let v = match ctx.eval(&i.expr, d) {
                    Ok(v) => v,
                    // A value only known when the workspace is built: an
                    // opaque word, placed where the interpolation is written.
                    Err(err) if ctx.lenient() && !err.is_limit() && !err.is_file_error() => {
                        map.push_opaque(out.len(), ctx.src.path.clone(), ctx.span(&i.expr).start);
                        out.push_str(OPAQUE_WORD);
                        continue;
                    }
                    Err(err) => return Err(err),
                };
                let text = interpolated(ctx, &i.expr, &v)?;
                match &v.text_map {
                    Some(m) if v.value.as_str().is_some() => map.splice_interpolated(out.len(), m),
                    _ => map.push_interpolated(out.len(), v.file.clone(), v.span.start),
                }
                out.push_str(&text);
            }
        }
    }
    Ok((out, map))
}

/// A template file (`templatefile`): no backslash escapes, no dedent; its
/// places are in the file `ctx` reads.
pub(crate) fn file(
    ctx: &Ctx<'_, '_>,
    t: &hcl_edit::template::Template,
    d: usize,
) -> Result<SValue, NotEvaluable> {
    let mut toks = tokens(ctx, t.iter(), Escapes::Heredoc)?;
    strip(&mut toks);
    let (out, map) = render_parts(ctx, toks, d)?;
    let mut value = SValue::new(
        Value::String(out),
        ctx.src.path.clone(),
        crate::diag::Span::of(0..ctx.src.text.len()),
    );
    value.text_map = Some(Arc::new(map));
    Ok(value)
}

/// A value's text inside a template.
fn interpolated(ctx: &Ctx<'_, '_>, e: &Expression, v: &SValue) -> Result<String, NotEvaluable> {
    match &v.value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err(ctx.fail(
            e,
            "the value is null, and terraform cannot include null in a string template",
        )),
        other => Err(ctx.fail(
            e,
            format!("cannot include a {} in a string template", other.kind()),
        )),
    }
}
