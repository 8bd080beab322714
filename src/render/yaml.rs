//! A YAML writer for JSON-shaped values (the Kubernetes objects), block
//! style, keys in order (`apiVersion` and `kind` first), strings plain only
//! where YAML reads them back as the same string and quoted (JSON escapes,
//! valid YAML double quotes) everywhere else.

use serde_json::Value;

/// One document, without the `---` line.
pub fn document(v: &Value) -> String {
    let mut out = String::with_capacity(2048);
    match v {
        Value::Object(m) if !m.is_empty() => map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => seq(&mut out, a, 0),
        other => {
            scalar(&mut out, other);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// Keys in order, `apiVersion` and `kind` first (as Kubernetes writes them).
const FIRST: [&str; 2] = ["apiVersion", "kind"];

fn ordered(m: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    FIRST
        .iter()
        .filter_map(|k| m.get_key_value(*k))
        .chain(m.iter().filter(|(k, _)| !FIRST.contains(&k.as_str())))
}

fn map(out: &mut String, m: &serde_json::Map<String, Value>, level: usize) {
    for (k, v) in ordered(m) {
        indent(out, level);
        string(out, k);
        out.push(':');
        value_after_key(out, v, level);
    }
}

/// A value after `key:` (or after `- `): a scalar or empty collection on the
/// same line, a collection below it.
fn value_after_key(out: &mut String, v: &Value, level: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            map(out, m, level + 2);
        }
        // A sequence in a mapping is not indented further (as kubectl writes).
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            seq(out, a, level);
        }
        other => {
            out.push(' ');
            scalar(out, other);
            out.push('\n');
        }
    }
}

fn seq(out: &mut String, a: &[Value], level: usize) {
    for v in a {
        indent(out, level);
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => {
                // The first key on the dash's line, the others below it.
                let mut first = true;
                for (k, x) in ordered(m) {
                    if !first {
                        indent(out, level + 2);
                    }
                    first = false;
                    string(out, k);
                    out.push(':');
                    value_after_key(out, x, level + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                seq(out, inner, level + 2);
            }
            other => {
                scalar(out, other);
                out.push('\n');
            }
        }
    }
}

fn scalar(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            use std::fmt::Write;
            let _ = write!(out, "{n}");
        }
        Value::String(s) => string(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// Words YAML 1.1 or 1.2 readers take for something other than a string.
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// Whether `s` reads back as the same string when written plain.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphanumeric() || matches!(first, '/' | '.' | '_' | '$' | '(')) {
        return false;
    }
    if s.ends_with(' ') || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if !s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '/' | '.' | '_' | '-' | ':' | '@' | '=' | '+' | ' ' | '$' | '(' | ')' | ','
            )
    }) {
        return false;
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s)) {
        return false;
    }
    // `.5`, `.inf`, `.nan` are numbers.
    if first == '.' {
        return false;
    }
    if !first.is_ascii_digit() {
        return true;
    }
    // Something that starts with a digit may read as a number (`4`, `1.0`,
    // `1e3`, `0x1f`, `0o17`, `1_000`), a time (`12:30`) or a date: plain
    // only with a character no number has (`50Gi`, `10.0.0.0/8`).
    !s.contains(':')
        && s.chars().any(|c| {
            matches!(c, '/' | '@' | '=' | ' ' | ',' | '(' | ')' | '$')
                || (c.is_ascii_alphabetic() && !"abcdefABCDEFxXoOeE".contains(c))
        })
}

fn string(out: &mut String, s: &str) {
    if plain_ok(s) {
        out.push_str(s);
    } else {
        // JSON's escapes are YAML's double-quoted escapes.
        quoted(out, s);
    }
}

/// `s` in double quotes, with JSON's escapes (which YAML reads the same).
fn quoted(out: &mut String, s: &str) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // What YAML does not print: C0 and C1 controls, DEL, BOM, U+FFFE/F.
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
