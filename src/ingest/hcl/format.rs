//! Terraform's `format`: Go's `fmt` verbs as terraform applies them to its
//! values.
//!
//! Evaluated: `%%`, `%v` (`%#v` is JSON), `%s`, `%q` (a JSON string), `%t`,
//! `%d`, `%b`, `%o`, `%x`, `%X`, `%f`; flags `-`, `+`, space, `0`; width,
//! precision and explicit argument indexes (`%[2]s`). `%e`, `%g` and the
//! rarer flag combinations are not evaluated; a null argument neither (terraform's
//! result is unknown then).

use std::iter::Peekable;
use std::str::CharIndices;

use super::number::Number;
use super::types::{TfType, to_primitive};
use super::value::{SValue, Value, json_quote};

/// Largest width or precision accepted.
const MAX_WIDTH: usize = 10_000;

/// One `%` directive.
#[derive(Debug, Default)]
struct Verb {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: usize,
    prec: Option<usize>,
    letter: char,
}

/// Apply `spec` to `args`; the error says why terraform would fail or why
/// wsc does not evaluate this use.
pub(crate) fn format(spec: &str, args: &[SValue]) -> Result<String, String> {
    let mut out = String::with_capacity(spec.len());
    let mut chars = spec.char_indices().peekable();
    let mut next = 0usize;
    let mut used = 0usize;
    while let Some((at, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.next_if(|&(_, c)| c == '%').is_some() {
            out.push('%');
            continue;
        }
        let (verb, index) = parse_verb(&mut chars, at)?;
        if let Some(i) = index {
            next = i;
        }
        let arg = args.get(next).ok_or_else(|| {
            format!(
                "not enough arguments for the verb at offset {at}: need index {} but have {} total",
                next + 1,
                args.len()
            )
        })?;
        next += 1;
        used = used.max(next);
        out.push_str(&render(&verb, arg)?);
    }
    if used < args.len() {
        return Err(format!(
            "too many arguments; only {used} used by the format string"
        ));
    }
    Ok(out)
}

fn parse_verb(
    chars: &mut Peekable<CharIndices<'_>>,
    at: usize,
) -> Result<(Verb, Option<usize>), String> {
    let mut v = Verb::default();
    while let Some((_, c)) = chars.next_if(|&(_, c)| matches!(c, '-' | '+' | ' ' | '0' | '#')) {
        match c {
            '-' => v.minus = true,
            '+' => v.plus = true,
            ' ' => v.space = true,
            '0' => v.zero = true,
            _ => v.sharp = true,
        }
    }
    let mut index = None;
    if chars.next_if(|&(_, c)| c == '[').is_some() {
        let n = digits(chars).filter(|n| *n > 0);
        match (n, chars.next()) {
            (Some(n), Some((_, ']'))) => index = Some(n - 1),
            _ => return Err(format!("unrecognized argument index at offset {}", at + 2)),
        }
    }
    v.width = digits(chars).unwrap_or(0);
    if chars.next_if(|&(_, c)| c == '.').is_some() {
        v.prec = Some(digits(chars).unwrap_or(0));
    }
    if v.width > MAX_WIDTH || v.prec.is_some_and(|p| p > MAX_WIDTH) {
        return Err("the width or precision is too large to evaluate statically".into());
    }
    match chars.next() {
        Some((i, c)) if c == '%' || c == '*' => {
            Err(format!("unrecognized format character '{c}' at offset {i}"))
        }
        Some((_, c)) => {
            v.letter = c;
            Ok((v, index))
        }
        None => Err(format!(
            "invalid format string starting at offset {}",
            at + 1
        )),
    }
}

fn digits(chars: &mut Peekable<CharIndices<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some((_, c)) = chars.next_if(|&(_, c)| c.is_ascii_digit()) {
        let d = c.to_digit(10).unwrap_or(0) as usize;
        n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
    }
    n
}

fn render(v: &Verb, arg: &SValue) -> Result<String, String> {
    if arg.value.is_null() {
        return Err("a null argument makes terraform's result unknown".into());
    }
    match v.letter {
        'v' => default_format(v, arg),
        's' => Ok(pad_text(truncate(string(arg, 's')?, v.prec), v)),
        'q' => Ok(pad_text(
            json_quote(&truncate(string(arg, 'q')?, v.prec)),
            v,
        )),
        't' => {
            let b = to_primitive(arg.clone(), &TfType::Bool).map_err(|e| e.reason)?;
            Ok(pad_text(
                b.value.as_bool().unwrap_or_default().to_string(),
                v,
            ))
        }
        'd' => integer(v, &number(arg)?, 10),
        'b' => integer(v, &number(arg)?, 2),
        'o' => integer(v, &number(arg)?, 8),
        'x' | 'X' => integer(v, &number(arg)?, 16),
        'f' | 'F' => fixed(v, &number(arg)?),
        'e' | 'E' | 'g' | 'G' => Err(format!(
            "the verb %{} is not evaluated statically",
            v.letter
        )),
        other => Err(format!("unsupported format verb '{other}'")),
    }
}

/// `%v`: strings as they are, numbers like Go's `%g`, collections as JSON;
/// `%#v`: JSON for everything.
fn default_format(v: &Verb, arg: &SValue) -> Result<String, String> {
    if v.sharp {
        return Ok(pad_text(arg.value.to_json_text(), v));
    }
    let text = match &arg.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            if v.plus || v.space || (v.zero && n.is_negative()) {
                return Err("these %v flags on a number are not evaluated statically".into());
            }
            go_shortest_g(n)
        }
        Value::Bool(b) => b.to_string(),
        other => Value::to_json_text(other),
    };
    Ok(pad_text(text, v))
}

fn string(arg: &SValue, verb: char) -> Result<String, String> {
    match to_primitive(arg.clone(), &TfType::String) {
        Ok(SValue {
            value: Value::String(s),
            ..
        }) => Ok(s),
        _ => Err(format!(
            "%{verb} requires a string, not {}",
            arg.value.kind()
        )),
    }
}

fn number(arg: &SValue) -> Result<Number, String> {
    match to_primitive(arg.clone(), &TfType::Number) {
        Ok(SValue {
            value: Value::Number(n),
            ..
        }) => Ok(n),
        Ok(other) => Err(format!("a number is required, not {}", other.value.kind())),
        Err(e) => Err(e.reason),
    }
}

fn truncate(s: String, prec: Option<usize>) -> String {
    match prec {
        Some(p) if s.chars().count() > p => s.chars().take(p).collect(),
        _ => s,
    }
}

/// Pad to the width in characters; Go pads strings with zeros under `0`,
/// on the right under `-`.
fn pad_text(text: String, v: &Verb) -> String {
    let len = text.chars().count();
    if len >= v.width {
        return text;
    }
    let fill = if v.zero { "0" } else { " " }.repeat(v.width - len);
    if v.minus { text + &fill } else { fill + &text }
}

/// Pad a number: zeros go between the sign and the digits.
fn pad_number(sign: &str, body: &str, v: &Verb) -> String {
    let len = sign.chars().count() + body.chars().count();
    let gap = v.width.saturating_sub(len);
    if v.minus {
        format!("{sign}{body}{}", " ".repeat(gap))
    } else if v.zero {
        format!("{sign}{}{body}", "0".repeat(gap))
    } else {
        format!("{}{sign}{body}", " ".repeat(gap))
    }
}

fn sign(n: &Number, v: &Verb, keep_negative_zero: bool) -> &'static str {
    if n.is_negative() && (keep_negative_zero || !n.is_zero()) {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    }
}

fn integer(v: &Verb, n: &Number, base: u32) -> Result<String, String> {
    if !n.is_integer() {
        return Err(format!("%{} requires an integer", v.letter));
    }
    if v.prec.is_some() || v.sharp {
        return Err(format!(
            "this %{} form is not evaluated statically",
            v.letter
        ));
    }
    let body = if base == 10 {
        n.integer_digits()
    } else {
        n.integer_radix(base)
            .ok_or("the integer is too large to evaluate statically")?
    };
    let body = if v.letter == 'X' {
        body.to_uppercase()
    } else {
        body
    };
    Ok(pad_number(sign(n, v, false), &body, v))
}

fn fixed(v: &Verb, n: &Number) -> Result<String, String> {
    if v.sharp {
        return Err("%#f is not evaluated statically".into());
    }
    let body = n.fixed(v.prec.unwrap_or(6)).ok_or(
        "the number is half way between two results; terraform's binary rounding decides, which is not evaluated statically",
    )?;
    Ok(pad_number(sign(n, v, true), &body, v))
}

/// Go's shortest `%g`: exponent form when the decimal exponent is below -4
/// or at least 6 (`1e+06`, `1e-05`), plain decimal otherwise.
fn go_shortest_g(n: &Number) -> String {
    let sign = if n.is_negative() { "-" } else { "" };
    let (digits, point) = n.decimal_parts();
    let exp = point - 1;
    if n.is_zero() || (-4..6).contains(&exp) {
        return n.to_string();
    }
    let (first, rest) = digits.split_at(1);
    let mantissa = if rest.is_empty() {
        first.to_owned()
    } else {
        format!("{first}.{rest}")
    };
    let exp_sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{exp_sign}{:02}", exp.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn s(v: Value) -> SValue {
        SValue::new(v, "t.tf".into(), Span::default())
    }

    fn num(t: &str) -> SValue {
        s(Value::Number(Number::parse(t).expect("number")))
    }

    fn text(t: &str) -> SValue {
        s(Value::String(t.into()))
    }

    #[test]
    fn verbs_as_terraform_prints_them() {
        let cases: Vec<(&str, Vec<SValue>, &str)> = vec![
            (
                "%v|%s|%d|%q",
                vec![num("1.5"), num("2"), text("3"), text("a\"b")],
                "1.5|2|3|\"a\\\"b\"",
            ),
            (
                "%5s|%-5s|%05d|%.2f|%t",
                vec![
                    text("a"),
                    text("b"),
                    num("42"),
                    num("3.14159"),
                    s(Value::Bool(true)),
                ],
                "    a|b    |00042|3.14|true",
            ),
            (
                "%05s|%+d|% d|%.2s|%-5d|",
                vec![text("a"), num("5"), num("5"), text("héllo"), num("3")],
                "0000a|+5| 5|hé|3    |",
            ),
            (
                "%v|%v|%v|%v|%v|%v",
                vec![
                    num("1000000"),
                    num("123456"),
                    num("0.0001"),
                    num("0.00001"),
                    num("1234567.5"),
                    num("-2.5e-7"),
                ],
                "1e+06|123456|0.0001|1e-05|1.2345675e+06|-2.5e-07",
            ),
            (
                "%05d|%+05d|%x|%08.2f|%.f",
                vec![num("-42"), num("42"), num("1e30"), num("2.5"), num("2.5")],
                "-0042|+0042|c9f2c9cd04674edea40000000|00002.50|2",
            ),
            (
                "%-08d|%08.3f|%+.1f|% 5d",
                vec![num("3"), num("-3.14159"), num("2.25"), num("-4")],
                "3       |-003.142|+2.2|   -4",
            ),
            ("%3.1s|%05q|", vec![text("abc"), text("a")], "  a|00\"a\"|"),
            (
                "%08s|%-08s|",
                vec![text("ab"), text("ab")],
                "000000ab|ab000000|",
            ),
            ("%s %[1]s %s", vec![text("a"), text("b")], "a a b"),
            (
                "%x|%X|%o|%b|%%",
                vec![num("-255"), num("255"), num("8"), num("5")],
                "-ff|FF|10|101|%",
            ),
        ];
        for (spec, args, want) in cases {
            assert_eq!(format(spec, &args).as_deref(), Ok(want), "{spec}");
        }
    }

    #[test]
    fn failures() {
        for (spec, args) in [
            ("%", vec![]),
            ("%s", vec![]),
            ("%s", vec![text("a"), text("b")]),
            ("%d", vec![num("1.5")]),
            ("%z", vec![num("1")]),
            ("%3%", vec![]),
            ("%*d", vec![num("5"), num("3")]),
            ("%[0]s", vec![text("a")]),
            ("%e", vec![num("1")]),
            ("%s", vec![s(Value::Null)]),
            ("%.1f", vec![num("0.35")]),
            ("%s", vec![s(Value::List(vec![]))]),
        ] {
            assert!(format(spec, &args).is_err(), "{spec}");
        }
    }
}
