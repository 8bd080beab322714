//! Markdown (CommonMark via pulldown-cmark) with places.

use pulldown_cmark::{Event, Parser, Tag};

use crate::diag::Span;

/// The texts of inline code spans and link destinations that look like
/// relative file paths (`image/scripts/x.sh`, `./files/.bashrc`), with their
/// places. URLs, absolute paths, home and variable paths, anchors and
/// options are left out: only a path relative to the document can name a
/// file of its tree.
pub fn relative_paths(text: &str) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        let candidate = match &event {
            Event::Code(code) => code.to_string(),
            Event::Start(Tag::Link { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        if looks_like_relative_path(&candidate) {
            let span = Span::of(range);
            out.push((candidate, span));
        }
    }
    out
}

fn looks_like_relative_path(s: &str) -> bool {
    !s.is_empty()
        && s.len() < 512
        && s.contains('/')
        && !s.contains("://")
        && !s.starts_with(['/', '~', '$', '#', '-', '<'])
        && !s.contains(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '{' | '}' | '*' | '?' | '`' | '"' | '\'' | '|' | '&' | ';'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_links_that_are_relative_paths() {
        let md = "# Image\n\nSee `image/files/x.yaml` and [the script](scripts/boot.sh).\n\
                  Not `/etc/skel`, `~/.bashrc`, `docker ps -a`, [site](https://x.y/z) or `a/*`.\n";
        let got: Vec<(String, &str)> = relative_paths(md)
            .into_iter()
            .map(|(p, s)| (p, &md[s.range()]))
            .collect();
        assert_eq!(
            got,
            [
                ("image/files/x.yaml".to_string(), "`image/files/x.yaml`"),
                (
                    "scripts/boot.sh".to_string(),
                    "[the script](scripts/boot.sh)"
                )
            ]
        );
    }

    #[test]
    fn code_blocks_are_not_references() {
        let md = "```sh\ncat image/files/x.yaml\n```\n";
        assert!(relative_paths(md).is_empty());
    }
}
