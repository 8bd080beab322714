//! Parsing with workarounds for two places where hcl-edit 0.10 and
//! terraform disagree.
//!
//! **Repeated object keys.** Terraform accepts `{ a = 1, a = 2 }` (the last
//! value wins); hcl-edit refuses it. The second key is replaced, in the text
//! given to the parser only, by a key of the same length that the object does
//! not use, and the text parsed again; the places of the replaced keys are
//! returned. Whoever evaluates a key reads its text from the original source
//! through its span, so the object is evaluated with its real keys and the
//! last value wins, as in terraform.
//!
//! **Empty indented heredocs.**
//! An empty heredoc whose closing marker is on the next line with
//! indentation (`<<-EOT` then `  EOT`) has no line break before its marker,
//! so hcl-edit's body runs on to the next line that closes a heredoc with the
//! same marker, swallowing whatever lies between. Terraform reads it as `""`.
//! Such a heredoc is found after parsing (its first body line is its own
//! closing marker, which terraform never allows), replaced by `""` padded to
//! the same length with line breaks kept (every place stays where it was),
//! and the text parsed again.

use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::structure::Body;
use hcl_edit::template::HeredocTemplate;
use hcl_edit::visit::{Visit, visit_body};

/// The body of a file, and the byte ranges of object keys that repeat an
/// earlier key of their object (terraform keeps the last value).
pub(crate) fn parse_body(text: &str) -> Result<(Body, Vec<Range<usize>>), hcl_edit::parser::Error> {
    // Terraform skips a UTF-8 byte-order mark; hcl-edit refuses it. Three
    // spaces keep every byte offset where it was.
    let mut patched: Option<String> = text
        .strip_prefix('\u{feff}')
        .map(|rest| format!("   {rest}"));
    let mut repeated: Vec<Range<usize>> = Vec::new();
    // Each round removes one heredoc, so this many rounds always suffice.
    let mut rounds = text.matches("<<").count() + 1;
    // At most this many repeated keys are renamed (each costs a parse).
    let mut renames = MAX_RENAMED_KEYS;
    loop {
        let current = patched.as_deref().unwrap_or(text);
        let body = match hcl_edit::parser::parse_body(current) {
            Ok(b) => b,
            Err(e) => {
                let renamed = (renames > 0 && e.message().contains("redefined object key"))
                    .then(|| rename_key(current, e.location().offset()))
                    .flatten();
                match renamed {
                    Some((next, range)) => {
                        renames -= 1;
                        repeated.push(range);
                        patched = Some(next);
                        continue;
                    }
                    None => return Err(e),
                }
            }
        };
        let Some(range) = misread_empty_heredoc(&body, current) else {
            repeated.sort_by_key(|r| r.start);
            return Ok((body, repeated));
        };
        rounds -= 1;
        if rounds == 0 {
            repeated.sort_by_key(|r| r.start);
            return Ok((body, repeated));
        }
        patched = Some(blank(current, range));
    }
}

/// Repeated keys renamed in one file at most (a parse each).
const MAX_RENAMED_KEYS: usize = 256;

/// `text` with the object key at `at` (an identifier or a quoted string
/// without interpolation) replaced by a name of the same length that does not
/// occur in the text, and the key's range.
fn rename_key(text: &str, at: usize) -> Option<(String, Range<usize>)> {
    let rest = text.get(at..)?;
    let len = if let Some(inner) = rest.strip_prefix('"') {
        let mut end = None;
        let mut escaped = false;
        for (i, c) in inner.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                '\n' => return None,
                _ => {}
            }
        }
        let body = &inner[..end?];
        if body.contains("${") || body.contains("%{") {
            return None;
        }
        body.len() + 2
    } else {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len())
    };
    if len == 0 || !rest.is_char_boundary(len) {
        return None;
    }
    let quoted = rest.starts_with('"');
    let inner_len = if quoted { len - 2 } else { len };
    // An identifier (inside quotes too) of the key's length that occurs
    // nowhere in the text as a whole word, so no key of the object is it.
    let first: Vec<char> = ('A'..='Z').chain('a'..='z').chain(['_']).collect();
    let other: Vec<char> = first.iter().copied().chain('0'..='9').collect();
    let fresh = (0..4096usize).find_map(|n| {
        if inner_len == 0 {
            return None;
        }
        let mut name = String::with_capacity(inner_len);
        let mut k = n;
        name.push(first[k % first.len()]);
        k /= first.len();
        while name.len() < inner_len {
            name.push(other[k % other.len()]);
            k /= other.len();
        }
        (k == 0 && !occurs_as_word(text, &name)).then_some(name)
    })?;
    let replacement = if quoted {
        format!("\"{fresh}\"")
    } else {
        fresh
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.push_str(&replacement);
    out.push_str(&text[at + len..]);
    Some((out, at..at + len))
}

/// The range of the first heredoc parsed past its own closing marker, from
/// its `<<` to the end of that marker.
fn misread_empty_heredoc(body: &Body, text: &str) -> Option<Range<usize>> {
    struct Heredocs(Vec<Range<usize>>);
    impl Visit for Heredocs {
        fn visit_heredoc_template(&mut self, node: &HeredocTemplate) {
            self.0.extend(node.span());
        }
    }
    let mut found = Heredocs(Vec::new());
    visit_body(&mut found, body);
    found.0.into_iter().find_map(|r| {
        let raw = text.get(r.clone())?;
        let (header, rest) = raw.split_once('\n')?;
        let delim = header
            .trim_end_matches('\r')
            .trim_start_matches("<<")
            .trim_start_matches('-');
        let first = rest.split('\n').next()?;
        let closes = first.trim_end_matches('\r').trim_start_matches([' ', '\t']) == delim;
        (closes && rest.len() > first.len())
            .then(|| r.start..r.start + header.len() + 1 + first.len())
    })
}

/// `name` occurs in `text` with no identifier character on either side.
fn occurs_as_word(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(name).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + name.len()..].chars().next().is_some_and(ident)
    })
}

/// `text` with `range` turned into `""` and spaces, line breaks kept.
fn blank(text: &str, range: Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..range.start]);
    for (i, c) in text[range.clone()].char_indices() {
        match (i, c) {
            (0 | 1, _) => out.push('"'),
            (_, '\n' | '\r') => out.push(c),
            _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    out.push_str(&text[range.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_indented_heredoc_does_not_swallow_what_follows() {
        let text = "a = <<-EOT\n  EOT\nb = <<EOT\nx\nEOT\n";
        let (body, _) = parse_body(text).expect("parses");
        let keys: Vec<&str> = body.attributes().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(blank(text, 4..16).len(), text.len());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_as_terraform_skips_it() {
        let (body, _) = parse_body("\u{feff}a = 1\n").expect("parses");
        let keys: Vec<&str> = body.attributes().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["a"]);
    }

    #[test]
    fn repeated_object_keys_are_renamed_for_the_parser_only() {
        let text = "x = { a = 1, a = 2, \"b c\" = 3, \"b c\" = 4 }\n";
        let (_, repeated) = parse_body(text).expect("parses");
        let keys: Vec<&str> = repeated.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(keys, ["a", "\"b c\""]);
        // A key with an interpolation is not renamed: the error stays.
        assert!(parse_body("x = { \"${a}\" = 1, \"${a}\" = 2 }\n").is_err());
    }
}
