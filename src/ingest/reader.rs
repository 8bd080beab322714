//! Small helpers to read typed values out of a spanned YAML tree while
//! collecting located problems (used for the catalog and other schema-checked
//! inputs).

use crate::diag::Span;

use super::yaml::{Entry, Node, Typed, Value};

/// A located problem in a schema-checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Default)]
pub struct Reader {
    pub problems: Vec<Problem>,
}

impl Reader {
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(Problem {
            span,
            message: message.into(),
            help: None,
        });
    }

    pub fn error_help(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem {
            span,
            message: message.into(),
            help: Some(help.into()),
        });
    }

    pub fn map<'n, 'a>(&mut self, n: &'n Node<'a>, what: &str) -> Option<&'n [Entry<'a>]> {
        if let Some(m) = n.as_map() {
            return Some(m);
        }
        if n.is_null() {
            return Some(&[]);
        }
        self.error(
            n.span,
            format!("{what} must be a mapping, found {}", n.kind_name()),
        );
        None
    }

    pub fn seq<'n, 'a>(&mut self, n: &'n Node<'a>, what: &str) -> Option<&'n [Node<'a>]> {
        if let Some(s) = n.as_seq() {
            return Some(s);
        }
        self.error(
            n.span,
            format!("{what} must be a list, found {}", n.kind_name()),
        );
        None
    }

    /// A string; plain scalars that look like numbers or booleans are accepted
    /// as their text (a catalog writes `memory: 8Gi` and `contract: 1.0`).
    pub fn text<'n>(&mut self, n: &'n Node<'_>, what: &str) -> Option<&'n str> {
        match &n.value {
            Value::Scalar(s) if s.typed() != Typed::Null => Some(&s.text),
            _ => {
                self.error(
                    n.span,
                    format!("{what} must be a string, found {}", n.kind_name()),
                );
                None
            }
        }
    }

    pub fn key<'n>(&mut self, e: &'n Entry<'_>, what: &str) -> Option<&'n str> {
        match e.key.as_scalar() {
            Some(s) => Some(&s.text),
            None => {
                self.error(e.key.span, format!("{what} keys must be strings"));
                None
            }
        }
    }

    pub fn bool(&mut self, n: &Node<'_>, what: &str) -> Option<bool> {
        match n.as_scalar().map(super::yaml::Scalar::typed) {
            Some(Typed::Bool(b)) => Some(b),
            _ => {
                self.error(
                    n.span,
                    format!("{what} must be true or false, found {}", n.kind_name()),
                );
                None
            }
        }
    }

    pub fn uint(&mut self, n: &Node<'_>, what: &str) -> Option<u64> {
        match n.as_scalar().map(super::yaml::Scalar::typed) {
            Some(Typed::Int(i)) if i >= 0 => Some(i as u64),
            _ => {
                self.error(
                    n.span,
                    format!(
                        "{what} must be a non-negative integer, found {}",
                        n.kind_name()
                    ),
                );
                None
            }
        }
    }

    pub fn number(&mut self, n: &Node<'_>, what: &str) -> Option<f64> {
        match n.as_scalar().map(super::yaml::Scalar::typed) {
            Some(Typed::Int(i)) => Some(i as f64),
            Some(Typed::Float(f)) if f.is_finite() => Some(f),
            _ => {
                self.error(
                    n.span,
                    format!("{what} must be a number, found {}", n.kind_name()),
                );
                None
            }
        }
    }

    /// A list of strings (a single string is not accepted).
    pub fn strings(&mut self, n: &Node<'_>, what: &str) -> Vec<(String, Span)> {
        let Some(items) = self.seq(n, what) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|i| self.text(i, what).map(|s| (s.to_string(), i.span)))
            .collect()
    }

    /// Report keys not in `allowed`, with a did-you-mean.
    pub fn only_keys(&mut self, entries: &[Entry<'_>], allowed: &[&str], what: &str) {
        for e in entries {
            let Some(k) = e.key.as_str() else { continue };
            if !allowed.contains(&k) {
                let help = match crate::suggest::nearest(k, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("allowed keys: {}", allowed.join(", ")),
                };
                self.error_help(e.key.span, format!("unknown key `{k}` in {what}"), help);
            }
        }
    }

    /// Report required keys that are missing.
    pub fn require(&mut self, at: Span, entries: &[Entry<'_>], keys: &[&str], what: &str) {
        for k in keys {
            if !entries.iter().any(|e| e.key.as_str() == Some(k)) {
                self.error(at, format!("{what} lacks the required key `{k}`"));
            }
        }
    }
}
