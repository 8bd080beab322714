//! Shell options: the shebang line and `set` commands, read for errexit.

use crate::diag::Span;

use super::{CommandKind, Script, Shebang, Word};

/// One change of the errexit option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetOption {
    /// `true` for `-e`/`-o errexit`, `false` for `+e`/`+o errexit`.
    pub enabled: bool,
    /// The option word(s) as written: `-euxo`, `-o errexit`, `+e`.
    pub text: String,
    /// The option word(s).
    pub span: Span,
    pub origin: OptionOrigin,
}

/// Where an option change is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptionOrigin {
    /// The `#!` line.
    Shebang,
    /// The `set` command with this index.
    Command(usize),
}

/// Interpreters whose shebang options are read.
const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "posh"];

pub(super) fn set_options(script: &Script) -> Vec<SetOption> {
    let mut out = Vec::new();
    if let Some(sb) = &script.shebang {
        let shell = sb
            .interpreter
            .as_deref()
            .map(|i| i.rsplit('/').next().unwrap_or(i))
            .is_some_and(|i| SHELLS.contains(&i));
        if shell {
            errexit_changes(&sb.args, OptionOrigin::Shebang, &mut out);
        }
    }
    for c in &script.commands {
        if c.kind == CommandKind::Simple && c.is_named("set") {
            errexit_changes(&c.args, OptionOrigin::Command(c.index), &mut out);
        }
    }
    out
}

/// The errexit changes among option words (`set`'s or a shell's).
fn errexit_changes(args: &[Word], origin: OptionOrigin, out: &mut Vec<SetOption>) {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let Some(t) = w.value.as_deref() else { break };
        if t == "--" || t == "-" || t == "+" {
            break;
        }
        let (enabled, cluster) = match (t.strip_prefix('-'), t.strip_prefix('+')) {
            (Some(c), _) => (true, c),
            (_, Some(c)) => (false, c),
            _ => break,
        };
        if cluster.starts_with('-') {
            // a long shell option (`--norc`)
            i += 1;
            continue;
        }
        let mut consumed = 0;
        for ch in cluster.chars() {
            match ch {
                'e' => out.push(SetOption {
                    enabled,
                    text: w.text.clone(),
                    span: w.span,
                    origin,
                }),
                'o' => {
                    consumed += 1;
                    if let Some(name) = args.get(i + consumed)
                        && name.value.as_deref() == Some("errexit")
                    {
                        out.push(SetOption {
                            enabled,
                            text: format!("{} {}", w.text, name.text),
                            span: Span::new(w.span.start, name.span.end),
                            origin,
                        });
                    }
                }
                _ => {}
            }
        }
        i += 1 + consumed;
    }
}

/// The `#!` line of `text`, when it starts with one.
pub(super) fn shebang(text: &str, map: &super::MapRange<'_>) -> Option<Shebang> {
    if !text.starts_with("#!") {
        return None;
    }
    let end = text.find('\n').unwrap_or(text.len());
    let line = text[..end].strip_suffix('\r').unwrap_or(&text[..end]);
    // Tokens (byte range within `text`) after `#!`.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, ch) in line.char_indices().skip(2) {
        match (ch.is_whitespace(), start) {
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, line.len()));
    }
    let tok = |(s, e): (usize, usize)| &line[s..e];
    let mut rest = tokens.as_slice();
    let mut interpreter = None;
    if let Some((&first, after)) = rest.split_first() {
        interpreter = Some(tok(first).to_owned());
        rest = after;
        if tok(first).rsplit('/').next() == Some("env") {
            interpreter = None;
            while let Some((&t, after)) = rest.split_first() {
                let t = tok(t);
                rest = after;
                if matches!(t, "-u" | "--unset" | "-C" | "--chdir") {
                    rest = rest.get(1..).unwrap_or(&[]);
                } else if t.starts_with('-') || t.contains('=') {
                    // `-S`, `-i`, `VAR=value`
                } else {
                    interpreter = Some(t.to_owned());
                    break;
                }
            }
        }
    }
    let args = rest
        .iter()
        .map(|&(s, e)| {
            let t = tok((s, e)).to_owned();
            Word {
                text: t.clone(),
                unquoted: t.clone(),
                value: Some(t),
                span: map(s..e),
                bytes: s..e,
            }
        })
        .collect();
    Some(Shebang {
        text: line.to_owned(),
        span: map(0..line.len()),
        interpreter,
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse_plain;
    use super::*;

    fn changes(src: &str) -> Vec<(bool, String)> {
        parse_plain(src)
            .set_options()
            .into_iter()
            .map(|o| (o.enabled, o.text))
            .collect()
    }

    #[test]
    fn shebang_forms() {
        assert_eq!(changes("#!/bin/bash -e\n"), [(true, "-e".into())]);
        assert_eq!(
            changes("#!/usr/bin/env -S bash -ex\n"),
            [(true, "-ex".into())]
        );
        assert_eq!(changes("#!/usr/bin/env bash\n"), []);
        assert_eq!(
            changes("#! /bin/sh -o errexit\n"),
            [(true, "-o errexit".into())]
        );
        assert_eq!(changes("#!/usr/bin/python3 -e\n"), []);
        assert_eq!(changes("#!/bin/bash\r\nset +e\r\n"), [(false, "+e".into())]);
        assert_eq!(changes(" #!/bin/bash -e\n"), []);
    }

    #[test]
    fn set_forms() {
        assert_eq!(
            changes(
                "set -euxo pipefail\nset -o pipefail -o errexit\nset +o errexit\nset -- -e\nset -u\n"
            ),
            [
                (true, "-euxo".into()),
                (true, "-o errexit".into()),
                (false, "+o errexit".into())
            ]
        );
        assert_eq!(changes("set \"$@\" -e\n"), []);
    }

    #[test]
    fn shebang_interpreter() {
        let s = parse_plain("#!/usr/bin/env -u X -S bash -e\necho\n");
        let sb = s.shebang.unwrap_or_else(|| panic!("no shebang"));
        assert_eq!(sb.interpreter.as_deref(), Some("bash"));
        assert_eq!(sb.args.len(), 1);
        assert_eq!(sb.args[0].span, Span::new(28, 30));
    }
}
