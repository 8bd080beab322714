//! One `.tf` file's text and its path; hcl-edit's byte ranges are the
//! crate's spans as they are.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::{LineIndex, Loc, Span};

/// A parsed file's text, shared by every [`super::Expr`] of the
/// file so that places and heredoc bodies can be recovered from spans.
pub(crate) struct Source {
    pub(crate) path: Arc<str>,
    pub(crate) text: String,
    /// Built on the first [`Source::loc`] (only messages that name another
    /// place print lines).
    index: std::sync::OnceLock<LineIndex>,
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
            index: std::sync::OnceLock::new(),
        }
    }

    /// The printed place of byte `offset` (for a message that names it).
    pub(crate) fn loc(&self, offset: u32) -> Loc {
        self.index
            .get_or_init(|| LineIndex::new(&self.text))
            .loc(&self.text, offset as usize)
    }

    /// The span of a byte range (a method so that every place of a file is
    /// made through its source).
    #[allow(clippy::unused_self)]
    pub(crate) fn span(&self, range: &Range<usize>) -> Span {
        Span::of(range.clone())
    }

    /// The text of a byte range, empty when the range is not valid.
    pub(crate) fn slice(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or("")
    }
}
