//! One `.tf` file's text, its path, and the index that turns byte offsets
//! (what hcl-edit reports) into the crate's line/character places.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::{LineIndex, Loc, Span};

/// A parsed file's text and line index, shared by every [`super::Expr`] of the
/// file so that places and heredoc bodies can be recovered from spans.
pub(crate) struct Source {
    pub(crate) path: Arc<str>,
    pub(crate) text: String,
    index: LineIndex,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Source {
    pub(crate) fn new(path: Arc<str>, text: &str) -> Self {
        Self {
            path,
            text: text.to_owned(),
            index: LineIndex::new(text),
        }
    }

    /// The place of byte `offset`: 1-based line, 1-based column in characters.
    /// Offsets past the end or inside a character are moved back to a boundary.
    pub(crate) fn loc(&self, offset: usize) -> Loc {
        self.index.loc(&self.text, offset)
    }

    /// The place of a byte range.
    pub(crate) fn span(&self, range: &Range<usize>) -> Span {
        self.index.span(&self.text, range.clone())
    }

    /// The text of a byte range, empty when the range is not valid.
    pub(crate) fn slice(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or("")
    }
}

/// Move `loc` over `text` (which was copied verbatim from the source).
pub(crate) fn advance(mut loc: Loc, text: &str) -> Loc {
    for c in text.chars() {
        if c == '\n' {
            loc.line += 1;
            loc.col = 1;
        } else {
            loc.col += 1;
        }
    }
    loc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_characters_and_lines() {
        let s = Source::new("f.tf".into(), "ab\néx = 1\n\nz");
        assert_eq!(s.loc(0), Loc::new(1, 1));
        assert_eq!(s.loc(2), Loc::new(1, 3));
        assert_eq!(s.loc(3), Loc::new(2, 1));
        // `x` follows the two-byte `é`.
        assert_eq!(s.loc(5), Loc::new(2, 2));
        // inside `é`: moved back to its start
        assert_eq!(s.loc(4), Loc::new(2, 1));
        assert_eq!(s.loc(11), Loc::new(3, 1));
        assert_eq!(s.loc(12), Loc::new(4, 1));
        assert_eq!(s.loc(999), Loc::new(4, 2));
    }

    #[test]
    fn advance_follows_newlines() {
        assert_eq!(advance(Loc::new(3, 5), "ab\ncd"), Loc::new(4, 3));
    }
}
