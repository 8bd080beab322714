//! Word-level helpers: unquoting, merging the fragments of one shell word,
//! flattening test expressions into operands.

use tree_sitter::Node;

/// Nesting of word structure (strings in concatenations…) that is unquoted;
/// deeper structure is kept as written.
const MAX_WORD_DEPTH: usize = 16;

/// The text of a byte range, empty when it is not valid.
pub(super) fn slice(src: &str, range: std::ops::Range<usize>) -> &str {
    src.get(range).unwrap_or("")
}

/// A node's unquoted form and whether it is a literal (has no expansion).
pub(super) fn unquote(node: Node, src: &str) -> (String, bool) {
    let mut out = String::new();
    let literal = unquote_into(node, src, 0, &mut out);
    (out, literal)
}

fn unquote_into(node: Node, src: &str, depth: usize, out: &mut String) -> bool {
    let text = slice(src, node.byte_range());
    if !node.is_named() {
        out.push_str(text);
        return true;
    }
    if depth > MAX_WORD_DEPTH {
        out.push_str(text);
        return false;
    }
    match node.kind() {
        "word" | "command_name" if node.named_child_count() == 0 => {
            unescape_unquoted(text, out);
            true
        }
        "number" | "extglob_pattern" | "variable_name" | "heredoc_start" | "regex"
        | "test_operator" | "file_descriptor"
            if node.named_child_count() == 0 =>
        {
            out.push_str(text);
            true
        }
        "raw_string" => {
            let inner = text
                .strip_prefix('\'')
                .map_or(text, |t| t.strip_suffix('\'').unwrap_or(t));
            out.push_str(inner);
            true
        }
        "ansi_c_string" => {
            let inner = text
                .strip_prefix("$'")
                .map_or(text, |t| t.strip_suffix('\'').unwrap_or(t));
            ansi_c(inner, out)
        }
        "string" => unquote_string(node, src, depth, out),
        "translated_string" => match node.named_child(0) {
            Some(inner) => unquote_into(inner, src, depth + 1, out),
            None => {
                out.push_str(text);
                false
            }
        },
        "command_name" | "concatenation" => {
            let mut literal = true;
            let mut pos = node.start_byte();
            let mut c = node.walk();
            for child in node.children(&mut c) {
                if child.start_byte() > pos {
                    unescape_unquoted(slice(src, pos..child.start_byte()), out);
                }
                literal &= unquote_into(child, src, depth + 1, out);
                pos = child.end_byte();
            }
            if pos < node.end_byte() {
                unescape_unquoted(slice(src, pos..node.end_byte()), out);
            }
            literal
        }
        "variable_assignment" => {
            let mut literal = true;
            let mut pos = node.start_byte();
            let mut c = node.walk();
            for child in node.children(&mut c) {
                out.push_str(slice(src, pos..child.start_byte()));
                literal &= unquote_into(child, src, depth + 1, out);
                pos = child.end_byte();
            }
            out.push_str(slice(src, pos..node.end_byte()));
            literal
        }
        _ => {
            out.push_str(text);
            false
        }
    }
}

/// `"…"`: escapes removed, expansions kept as written.
fn unquote_string(node: Node, src: &str, depth: usize, out: &mut String) -> bool {
    let range = node.byte_range();
    let text = slice(src, range.clone());
    let open = usize::from(text.starts_with('"'));
    let close = usize::from(text.len() > open && text.ends_with('"'));
    let (start, end) = (range.start + open, range.end - close);
    let mut literal = true;
    let mut pos = start;
    let mut c = node.walk();
    for child in node.children(&mut c) {
        if !child.is_named() {
            continue;
        }
        if child.start_byte() > pos {
            unescape_double(slice(src, pos..child.start_byte()), out);
        }
        if child.kind() == "string_content" {
            unescape_double(slice(src, child.byte_range()), out);
        } else {
            unquote_into(child, src, depth + 1, out);
            literal = false;
        }
        pos = child.end_byte();
    }
    if end > pos {
        unescape_double(slice(src, pos..end), out);
    }
    literal
}

/// Backslash escapes outside quotes: `\x` is `x`, `\<newline>` is nothing.
fn unescape_unquoted(text: &str, out: &mut String) {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\n') => {}
                Some(n) => out.push(n),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
}

/// Backslash escapes inside `"…"`: only before `$ \` " \ <newline>`.
fn unescape_double(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('\n') => {
                    chars.next();
                }
                Some(&n @ ('$' | '`' | '"' | '\\')) => {
                    chars.next();
                    out.push(n);
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
}

/// `$'…'` escapes; `false` for escapes not decoded here (hex, octal, …).
fn ansi_c(inner: &str, out: &mut String) -> bool {
    let mut literal = true;
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('e' | 'E') => out.push('\u{1b}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some(n @ ('\\' | '\'' | '"' | '?')) => out.push(n),
            Some(n) => {
                out.push('\\');
                out.push(n);
                literal = false;
            }
            None => out.push('\\'),
        }
    }
    literal
}

/// Group nodes into shell words: nodes that touch (no space between them) are
/// fragments of one word.
pub(super) fn group_contiguous<'t>(nodes: &[Node<'t>]) -> Vec<Vec<Node<'t>>> {
    let mut groups: Vec<Vec<Node<'t>>> = Vec::new();
    for &n in nodes {
        match groups.last_mut() {
            Some(g) if g.last().is_some_and(|p| p.end_byte() == n.start_byte()) => g.push(n),
            _ => groups.push(vec![n]),
        }
    }
    groups
}

/// Kinds kept whole as one operand fragment of a test expression.
fn atomic_in_test(kind: &str) -> bool {
    matches!(
        kind,
        "word"
            | "string"
            | "raw_string"
            | "ansi_c_string"
            | "translated_string"
            | "simple_expansion"
            | "expansion"
            | "command_substitution"
            | "process_substitution"
            | "arithmetic_expansion"
            | "concatenation"
            | "number"
            | "test_operator"
            | "regex"
            | "extglob_pattern"
            | "brace_expression"
            | "variable_name"
            | "special_variable_name"
            | "comment"
    )
}

/// The leaf fragments of a test command's expression, in order, without the
/// brackets (`[ ]`, `[[ ]]`). Iterative: expressions may nest deeply.
pub(super) fn test_fragments<'t>(test: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack: Vec<Node<'t>> = Vec::new();
    let mut c = test.walk();
    let top: Vec<Node<'t>> = test.children(&mut c).collect();
    for n in top.into_iter().rev() {
        if !n.is_named() && matches!(n.kind(), "[" | "]" | "[[" | "]]") {
            continue;
        }
        stack.push(n);
    }
    while let Some(n) = stack.pop() {
        if n.kind() == "comment" {
            continue;
        }
        if !n.is_named() || atomic_in_test(n.kind()) || n.child_count() == 0 {
            out.push(n);
            continue;
        }
        let mut c = n.walk();
        let kids: Vec<Node<'t>> = n.children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_arg_unquoted(src: &str) -> (String, bool) {
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_bash::LANGUAGE.into())
            .unwrap_or_else(|e| panic!("{e}"));
        let tree = p.parse(src, None).unwrap_or_else(|| panic!("no tree"));
        let cmd = tree
            .root_node()
            .named_child(0)
            .unwrap_or_else(|| panic!("no command"));
        let arg = cmd
            .child_by_field_name("argument")
            .unwrap_or_else(|| panic!("no argument in {}", cmd.to_sexp()));
        unquote(arg, src)
    }

    #[test]
    fn unquoting() {
        assert_eq!(first_arg_unquoted("e 'a b'"), ("a b".into(), true));
        assert_eq!(
            first_arg_unquoted(r#"e "a \"b\" \x""#),
            (r#"a "b" \x"#.into(), true)
        );
        assert_eq!(
            first_arg_unquoted(r#"e "$HOME/x""#),
            ("$HOME/x".into(), false)
        );
        assert_eq!(
            first_arg_unquoted(r#"e "a $b c""#),
            ("a $b c".into(), false)
        );
        assert_eq!(first_arg_unquoted(r"e a\ b"), ("a b".into(), true));
        assert_eq!(first_arg_unquoted(r#"e x"y"'z'"#), ("xyz".into(), true));
        assert_eq!(first_arg_unquoted(r"e $'a\tb'"), ("a\tb".into(), true));
        assert_eq!(first_arg_unquoted(r"e $'\x41'"), (r"\x41".into(), false));
        assert_eq!(
            first_arg_unquoted("e ${HOME}/x"),
            ("${HOME}/x".into(), false)
        );
        assert_eq!(
            first_arg_unquoted("e ~/.bashrc"),
            ("~/.bashrc".into(), true)
        );
        assert_eq!(first_arg_unquoted("e {1..3}"), ("{1..3}".into(), false));
    }
}
