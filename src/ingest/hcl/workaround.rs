//! Parsing with a workaround for an hcl-edit 0.10 misreading.
//!
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

pub(crate) fn parse_body(text: &str) -> Result<Body, hcl_edit::parser::Error> {
    let mut patched: Option<String> = None;
    // Each round removes one heredoc, so this many rounds always suffice.
    let mut rounds = text.matches("<<").count() + 1;
    loop {
        let current = patched.as_deref().unwrap_or(text);
        let body = hcl_edit::parser::parse_body(current)?;
        let Some(range) = misread_empty_heredoc(&body, current) else {
            return Ok(body);
        };
        rounds -= 1;
        if rounds == 0 {
            return Ok(body);
        }
        patched = Some(blank(current, range));
    }
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
        let body = parse_body(text).expect("parses");
        let keys: Vec<&str> = body.attributes().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(blank(text, 4..16).len(), text.len());
    }
}
