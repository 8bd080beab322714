//! The Dockerfile parser: instructions, flags, forms, heredocs, directives and
//! the position map of shell text back to the file.

use crate::common::{loc, on_line, span_at};
use proptest::prelude::*;
use wsc::diag::{LineIndex, Loc, Span};
use wsc::ingest::dockerfile::{Args, Dockerfile, Instruction, ShellText, parse};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn ok(src: &str) -> Dockerfile {
    match parse(src) {
        Ok(d) => d,
        Err(e) => panic!("unexpected parse error {e} in\n{src}"),
    }
}

fn parse_err(src: &str) -> wsc::ingest::dockerfile::DockerfileError {
    match parse(src) {
        Ok(d) => panic!("expected an error, got {d:#?}"),
        Err(e) => e,
    }
}

/// The file's lines as characters (columns count characters).
fn file_lines(src: &str) -> Vec<Vec<char>> {
    src.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).chars().collect())
        .collect()
}

/// The text of the file a span covers (line breaks as `\n`).
fn at(src: &str, span: Span) -> String {
    src.get(span.range())
        .unwrap_or_else(|| panic!("{span:?} is not a range of the file"))
        .replace("\r\n", "\n")
}

/// The place of the `nth` (0-based) occurrence of `needle` in `src`.
fn find(src: &str, needle: &str, nth: usize) -> Loc {
    let (byte, _) = src
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in source"));
    let before = &src[..byte];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = src[line_start..byte].chars().count() as u32 + 1;
    Loc::new(line, col)
}

/// The place in `src` of `needle` (its `nth` occurrence) inside a shell text.
fn loc_in(src: &str, t: &ShellText, needle: &str, nth: usize) -> Loc {
    let (byte, _) = t
        .text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in {:?}", t.text));
    loc(src, t.pos_of(byte))
}

/// Every character of `t` maps to the same character of the file; inserted
/// line breaks map at most one past their line's end.
fn check_map(src: &str, t: &ShellText) {
    let lines = file_lines(src);
    for (off, c) in t.text.char_indices() {
        let loc = loc(src, t.pos_of(off));
        assert!(loc.line >= 1 && loc.col >= 1, "{loc:?}");
        let line = lines
            .get(loc.line as usize - 1)
            .unwrap_or_else(|| panic!("line {} of {:?} out of the file", loc.line, t.text));
        if c == '\n' {
            assert!(loc.col as usize <= line.len() + 1, "{loc:?} {c:?}");
        } else {
            assert_eq!(
                line.get(loc.col as usize - 1),
                Some(&c),
                "char {c:?} at byte {off} of {:?} maps to {loc:?}",
                t.text
            );
        }
    }
    let end = loc(src, t.end());
    assert!(end.line as usize <= lines.len(), "{end:?}");
}

fn check_instruction(src: &str, i: &Instruction) {
    let lines = file_lines(src);
    for span in [i.span, i.keyword_span, i.args_span] {
        assert!(span.start <= span.end, "{span:?}");
        assert!(loc(src, span.end).line as usize <= lines.len(), "{span:?}");
    }
    assert!(i.span.start <= i.keyword_span.start && i.keyword_span.end <= i.span.end);
    assert_eq!(
        at(src, i.keyword_span).to_ascii_uppercase(),
        i.keyword,
        "{i:#?}"
    );
    match &i.args {
        Args::Shell(t) => check_map(src, t),
        Args::Exec(items) => {
            for (_, span) in items {
                let lit = at(src, *span);
                assert!(lit.starts_with('"') && lit.ends_with('"'), "{lit:?}");
            }
        }
    }
    for f in &i.flags {
        assert!(at(src, f.span).starts_with("--"), "{f:?}");
    }
    for h in &i.heredocs {
        check_map(src, &h.body);
        let term = at(src, h.terminator_span);
        assert_eq!(term, h.name);
    }
    if let Some(s) = i.run_script() {
        check_map(src, &s);
    }
    for kv in i.key_values() {
        assert!(kv.key_span.start <= kv.key_span.end);
    }
    if let Some(inner) = &i.onbuild {
        check_instruction(src, inner);
    }
}

fn check_all(src: &str, d: &Dockerfile) {
    for i in &d.instructions {
        check_instruction(src, i);
    }
}

fn shell(i: &Instruction) -> &ShellText {
    match &i.args {
        Args::Shell(t) => t,
        Args::Exec(v) => panic!("expected shell form, got {v:?}"),
    }
}

fn exec(i: &Instruction) -> Vec<&str> {
    match &i.args {
        Args::Exec(v) => v.iter().map(|(s, _)| s.as_str()).collect(),
        Args::Shell(t) => panic!("expected exec form, got {:?}", t.text),
    }
}

// ---------------------------------------------------------------------------
// basics
// ---------------------------------------------------------------------------

#[test]
fn keywords_comments_and_blank_lines() {
    let src =
        "\n# a comment\n  # indented comment\nfrom alpine:3.19\n\n\trun echo hi  \nCmd [\"sh\"]\n";
    let d = ok(src);
    check_all(src, &d);
    let kws: Vec<_> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
    assert_eq!(kws, ["FROM", "RUN", "CMD"]);
    let run = &d.instructions[1];
    assert_eq!(run.keyword_span, on_line(src, 6, 2, 3));
    assert_eq!(shell(run).text, "echo hi");
    assert_eq!(run.args_span, on_line(src, 6, 6, 7));
    assert_eq!(run.span, on_line(src, 6, 2, 11));
    assert_eq!(d.escape, '\\');
    assert_eq!(d.by_keyword("CMD").count(), 1);
}

#[test]
fn from_with_platform_and_stage_name() {
    let src =
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM build\nFROM scratch as final\n";
    let d = ok(src);
    check_all(src, &d);
    let f = d.instructions[0].from_args().expect("present");
    assert_eq!(f.image.0, "golang:1.22");
    assert_eq!(at(src, f.image.1), "golang:1.22");
    assert_eq!(f.name.as_ref().expect("present").0, "build");
    assert_eq!(f.name.expect("present").1, on_line(src, 1, 47, 5));
    let (p, p_span) = f.platform.expect("present");
    assert_eq!(p, "$BUILDPLATFORM");
    assert_eq!(p_span, on_line(src, 1, 17, 14));
    let flag = d.instructions[0].flag("platform").expect("present");
    assert_eq!(at(src, flag.span), "--platform=$BUILDPLATFORM");
    assert_eq!(d.instructions[1].from_args().expect("present").name, None);
    assert_eq!(
        d.instructions[2]
            .from_args()
            .expect("present")
            .name
            .expect("present")
            .0,
        "final"
    );
}

#[test]
fn user_instruction() {
    let src = "FROM x\nUSER coder\nUSER 1000:1000\nUSER \"co der\"\n";
    let d = ok(src);
    let users: Vec<_> = d.instructions[1..]
        .iter()
        .map(|i| i.user().expect("present"))
        .collect();
    assert_eq!(users[0], ("coder".to_owned(), on_line(src, 2, 6, 5)));
    assert_eq!(users[1].0, "1000:1000");
    assert_eq!(users[2].0, "co der");
    assert_eq!(at(src, users[2].1), "\"co der\"");
    assert!(d.instructions[0].user().is_none());
}

#[test]
fn crlf_bom_and_unicode_columns() {
    let src = "\u{feff}FROM x\r\nRUN echo \"héllo wörld\" && \\\r\n  ls\r\n";
    let d = ok(src);
    check_all(src, &d);
    assert_eq!(d.instructions[0].keyword_span, on_line(src, 1, 2, 4));
    let run = shell(&d.instructions[1]);
    assert_eq!(run.text, "echo \"héllo wörld\" &&   ls");
    // `&&` is after 18 characters (not bytes) of arguments starting at column 5.
    assert_eq!(loc_in(src, run, "&&", 0), Loc::new(2, 24));
    assert_eq!(loc_in(src, run, "ls", 0), Loc::new(3, 3));
    assert_eq!(loc(src, run.span_of(0..run.len()).end), Loc::new(3, 5));
}

// ---------------------------------------------------------------------------
// continuations
// ---------------------------------------------------------------------------

#[test]
fn continuation_with_comment_and_empty_lines_inside() {
    let src = concat!(
        "FROM ubuntu\n",
        "RUN apt-get update \\\n",
        "    # refresh the index first\n",
        "    && apt-get install -y \\\n",
        "\n",
        "        curl   \\   \n",
        "      # trailing comment with a backslash \\\n",
        "    && rm -rf /var/lib/apt/lists/*\n",
        "USER coder\n",
    );
    let d = ok(src);
    check_all(src, &d);
    assert_eq!(d.instructions.len(), 3);
    let run = &d.instructions[1];
    let t = shell(run);
    assert_eq!(
        t.text,
        "apt-get update     && apt-get install -y         curl       && rm -rf /var/lib/apt/lists/*"
    );
    // a word on the third physical line of the instruction points there
    assert_eq!(loc_in(src, t, "install", 0), Loc::new(4, 16));
    assert_eq!(loc_in(src, t, "curl", 0), Loc::new(6, 9));
    assert_eq!(loc_in(src, t, "rm", 0), Loc::new(8, 8));
    let r = t.text.find("curl").expect("present");
    assert_eq!(t.span_of(r..r + 4), on_line(src, 6, 9, 4));
    // a span across the dropped lines starts and ends where its ends are
    let from = t.text.find("-y").expect("present");
    let to = t.text.find("curl").expect("present") + 4;
    assert_eq!(t.span_of(from..to), span_at(src, 4, 24, 6, 13));
    assert_eq!(run.span, span_at(src, 2, 1, 8, 35));
    assert_eq!(d.instructions[2].keyword, "USER");
}

#[test]
fn comment_lines_inside_continuation_join_the_next_instruction_like_docker() {
    // Docker joins across comment lines: the RUN swallows the next line.
    let src = "FROM x\nRUN a \\\n# note\nb\nRUN c\n";
    let d = ok(src);
    assert_eq!(shell(&d.instructions[1]).text, "a b");
    assert_eq!(d.instructions.len(), 3);
}

#[test]
fn continuation_at_end_of_file() {
    let src = "FROM x\nRUN echo a \\\n";
    let d = ok(src);
    check_all(src, &d);
    assert_eq!(shell(&d.instructions[1]).text, "echo a");
}

#[test]
fn escape_directive_backtick() {
    let src = "# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows/servercore\nRUN dir C:\\ `\n    && echo done\nCOPY C:\\src\\app.exe C:\\app\\\n";
    let d = ok(src);
    check_all(src, &d);
    assert_eq!(d.escape, '`');
    assert_eq!(d.directive("escape").expect("present").value, "`");
    assert_eq!(
        d.directive("escape").expect("present").value_span,
        on_line(src, 1, 10, 1)
    );
    assert_eq!(
        d.directive("SYNTAX").expect("present").value,
        "docker/dockerfile:1"
    );
    let run = shell(&d.instructions[1]);
    assert_eq!(run.text, "dir C:\\     && echo done");
    assert_eq!(loc_in(src, run, "echo", 0), Loc::new(5, 8));
    // with a backtick escape, a trailing backslash is not a continuation
    let copy = d.instructions[2].copy_paths().expect("present");
    assert_eq!(copy.sources[0].0, "C:\\src\\app.exe");
    assert_eq!(copy.dest.0, "C:\\app\\");
}

#[test]
fn directives_only_at_the_top() {
    let src = "# hello\n# escape=`\nFROM x\nRUN a \\\n  b\n";
    let d = ok(src);
    assert_eq!(d.escape, '\\');
    assert!(d.directives.is_empty());
    assert_eq!(shell(&d.instructions[1]).text, "a   b");

    let src = "# escape=x\nFROM x\n";
    let e = parse_err(src);
    assert_eq!(e.span, on_line(src, 1, 10, 1));
    assert!(e.message.contains("invalid escape token"), "{}", e.message);
    let src = "# escape=`\n#escape=\\\nFROM x\n";
    let e = parse_err(src);
    assert_eq!(loc(src, e.span.start).line, 2);
    assert!(e.message.contains("only one escape"), "{}", e.message);
    // an unknown directive ends the directives: the escape below is a comment
    let d = ok("# foo=bar\n# escape=`\nFROM x\n");
    assert_eq!(d.escape, '\\');
}

// ---------------------------------------------------------------------------
// exec and shell forms
// ---------------------------------------------------------------------------

#[test]
fn exec_and_shell_forms() {
    let src = r#"FROM x
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT ["/sbin/init"]
CMD echo "hi there"
RUN ["bash", "-c", "echo \"q\" \u00e9\\n"]
RUN [ -f /etc/x ] && echo yes
CMD ["a", ]
CMD  [ "spaced" , "out" ]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
"#;
    let d = ok(src);
    check_all(src, &d);
    let i = &d.instructions;
    assert_eq!(exec(&i[1]), ["nginx", "-g", "daemon off;"]);
    let Args::Exec(items) = &i[1].args else {
        unreachable!()
    };
    assert_eq!(items[2].1, on_line(src, 2, 21, 13));
    assert_eq!(at(src, items[2].1), "\"daemon off;\"");
    assert_eq!(exec(&i[2]), ["/sbin/init"]);
    assert!(i[2].is_exec_form());
    assert_eq!(i[2].args_span, on_line(src, 3, 12, 14));
    assert_eq!(shell(&i[3]).text, "echo \"hi there\"");
    assert_eq!(exec(&i[4]), ["bash", "-c", "echo \"q\" é\\n"]);
    assert!(i[4].run_script().is_none());
    assert_eq!(shell(&i[5]).text, "[ -f /etc/x ] && echo yes");
    // invalid JSON falls back to the shell form, as Docker does
    assert_eq!(shell(&i[6]).text, "[\"a\", ]");
    assert_eq!(exec(&i[7]), ["spaced", "out"]);
    assert_eq!(exec(&i[8]), ["/bin/bash", "-o", "pipefail", "-c"]);
}

#[test]
fn exec_form_across_a_continuation() {
    let src = "FROM x\nENTRYPOINT [\"/usr/bin/tini\", \\\n            \"--\"]\n";
    let d = ok(src);
    check_all(src, &d);
    let Args::Exec(items) = &d.instructions[1].args else {
        panic!()
    };
    assert_eq!(items[1].0, "--");
    assert_eq!(items[1].1, on_line(src, 3, 13, 4));
}

#[test]
fn json_array_of_non_strings_is_an_error() {
    let src = "FROM x\nCMD [1, 2]\n";
    let e = parse_err(src);
    assert_eq!(e.span, on_line(src, 2, 5, 6));
    assert!(e.message.contains("JSON array of strings"), "{}", e.message);
    // not JSON for other instructions: kept as text
    let d = ok("FROM x\nLABEL x=[1]\n");
    assert_eq!(
        d.instructions[1].key_values()[0].value.as_deref(),
        Some("[1]")
    );
}

// ---------------------------------------------------------------------------
// flags, COPY and ADD
// ---------------------------------------------------------------------------

#[test]
fn copy_flags_and_paths() {
    let src = "FROM x\n\
COPY --chown=coder:coder --chmod=755 scripts/a.sh \"scripts/b.sh\" /home/coder-files/\n\
COPY --from=build --link /out/app /usr/local/bin/\n\
ADD --chown=\"1000:1000\" --checksum=sha256:abc https://example.com/x.tgz /opt/\n\
COPY [\"dir with space/f\", \"/dst/\"]\n\
COPY -- --weird /dst\n";
    let d = ok(src);
    check_all(src, &d);
    let c = &d.instructions[1];
    assert_eq!(c.flags.len(), 2);
    let chown = c.flag("chown").expect("present");
    assert_eq!(chown.value.as_deref(), Some("coder:coder"));
    assert_eq!(chown.span, on_line(src, 2, 6, 19));
    assert_eq!(chown.value_span, Some(on_line(src, 2, 14, 11)));
    let chmod = c.flag("chmod").expect("present");
    assert_eq!(chmod.value.as_deref(), Some("755"));
    assert_eq!(at(src, chmod.value_span.expect("present")), "755");
    assert_eq!(loc(src, c.args_span.start), Loc::new(2, 38));
    let p = c.copy_paths().expect("present");
    let sources: Vec<_> = p.sources.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(sources, ["scripts/a.sh", "scripts/b.sh"]);
    assert_eq!(p.sources[0].1, on_line(src, 2, 38, 12));
    assert_eq!(at(src, p.sources[1].1), "\"scripts/b.sh\"");
    // the shell form splits at blanks, quotes or not (Docker needs the JSON
    // form for paths with spaces)
    let d2 = ok("FROM x\nCOPY \"a b\" /d\n");
    let p2 = d2.instructions[1].copy_paths().expect("present");
    assert_eq!(p2.sources.len(), 2);
    assert_eq!(p.dest.0, "/home/coder-files/");
    assert_eq!(at(src, p.dest.1), "/home/coder-files/");

    let c = &d.instructions[2];
    assert_eq!(
        c.flag("from").expect("present").value.as_deref(),
        Some("build")
    );
    let link = c.flag("link").expect("present");
    assert_eq!(link.value, None);
    assert_eq!(link.value_span, None);
    assert_eq!(at(src, link.span), "--link");

    let a = &d.instructions[3];
    assert_eq!(a.keyword, "ADD");
    assert_eq!(
        a.flag("chown").expect("present").value.as_deref(),
        Some("1000:1000")
    );
    assert_eq!(
        at(src, a.flag("chown").expect("present").span),
        "--chown=\"1000:1000\""
    );
    let p = a.copy_paths().expect("present");
    assert_eq!(p.sources[0].0, "https://example.com/x.tgz");
    assert_eq!(p.dest.0, "/opt/");

    let p = d.instructions[4].copy_paths().expect("present");
    assert_eq!(p.sources[0].0, "dir with space/f");
    assert_eq!(at(src, p.sources[0].1), "\"dir with space/f\"");
    assert_eq!(p.dest.0, "/dst/");

    // `--` ends the flags
    let w = &d.instructions[5];
    assert!(w.flags.is_empty());
    assert_eq!(w.copy_paths().expect("present").sources[0].0, "--weird");
}

#[test]
fn copy_needs_two_arguments() {
    let src = "FROM x\nCOPY only-one\n";
    let e = parse_err(src);
    assert_eq!(e.span, on_line(src, 2, 6, 8));
    assert!(
        e.message.contains("at least two arguments"),
        "{}",
        e.message
    );
    let e = parse_err("FROM x\nADD --chown=a\n");
    assert!(
        e.message.contains("at least two arguments"),
        "{}",
        e.message
    );
    assert!(
        ok("FROM x\nRUN true\n").instructions[1]
            .copy_paths()
            .is_none()
    );
}

// ---------------------------------------------------------------------------
// ENV, ARG, LABEL
// ---------------------------------------------------------------------------

#[test]
fn env_arg_label_pairs() {
    let src = "ARG BASE=ubuntu:22.04\nARG VERSION\nFROM $BASE\n\
ENV A=1 B=\"two words\" C=x\\ y \\\n    D=\nENV PATH /usr/local/bin:$PATH\n\
LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0\nARG X=1 Y\n";
    let d = ok(src);
    check_all(src, &d);
    let kv = |i: usize| {
        d.instructions[i]
            .key_values()
            .into_iter()
            .map(|kv| (kv.key, kv.value))
            .collect::<Vec<_>>()
    };
    assert_eq!(kv(0), [("BASE".into(), Some("ubuntu:22.04".into()))]);
    assert_eq!(kv(1), [("VERSION".into(), None)]);
    assert_eq!(
        kv(3),
        [
            ("A".into(), Some("1".into())),
            ("B".into(), Some("two words".into())),
            ("C".into(), Some("x y".into())),
            ("D".into(), Some(String::new())),
        ]
    );
    let env = d.instructions[3].key_values();
    assert_eq!(env[1].key_span, on_line(src, 4, 9, 1));
    assert_eq!(env[1].value_span, Some(on_line(src, 4, 11, 11)));
    assert_eq!(env[3].key_span, on_line(src, 5, 5, 1));
    assert_eq!(env[3].value_span, Some(on_line(src, 5, 7, 0)));
    // the legacy form: key, then the rest of the line
    assert_eq!(
        kv(4),
        [("PATH".into(), Some("/usr/local/bin:$PATH".into()))]
    );
    assert_eq!(
        d.instructions[4].key_values()[0].value_span,
        Some(on_line(src, 6, 10, 20))
    );
    assert_eq!(
        kv(5),
        [
            ("com.example.vendor".into(), Some("ACME Inc".into())),
            ("version".into(), Some("1.0".into())),
        ]
    );
    assert_eq!(kv(6), [("X".into(), Some("1".into())), ("Y".into(), None)]);
    assert!(d.instructions[2].key_values().is_empty());
}

#[test]
fn env_syntax_errors() {
    let src = "FROM x\nENV A=1 B\n";
    let e = parse_err(src);
    assert_eq!(e.span, on_line(src, 2, 9, 1));
    assert!(e.message.contains("can't find ="), "{}", e.message);
    let e = parse_err("FROM x\nENV ONLYKEY\n");
    assert!(e.message.contains("two arguments"), "{}", e.message);
    let e = parse_err("FROM x\nLABEL\n");
    assert!(e.message.contains("at least one argument"), "{}", e.message);
    let e = parse_err("FROM x\nENV =v\n");
    assert!(e.message.contains("blank"), "{}", e.message);
}

// ---------------------------------------------------------------------------
// heredocs
// ---------------------------------------------------------------------------

#[test]
fn heredoc_run_alone_runs_its_body() {
    let src = "FROM alpine\nRUN <<EOF\nset -eux\napk add --no-cache curl\nEOF\nRUN echo after\n";
    let d = ok(src);
    check_all(src, &d);
    let run = &d.instructions[1];
    assert_eq!(shell(run).text, "<<EOF");
    assert_eq!(run.heredocs.len(), 1);
    let h = &run.heredocs[0];
    assert_eq!(h.name, "EOF");
    assert!(h.expand && !h.chomp && h.fd.is_none());
    assert_eq!(h.word_span, on_line(src, 2, 5, 5));
    assert_eq!(h.terminator_span, on_line(src, 5, 1, 3));
    assert_eq!(h.body.text, "set -eux\napk add --no-cache curl\n");
    let script = run.run_script().expect("present");
    assert_eq!(script.text, h.body.text);
    assert_eq!(loc_in(src, &script, "apk", 0), Loc::new(4, 1));
    assert_eq!(loc_in(src, &script, "curl", 0), Loc::new(4, 20));
    assert_eq!(loc_in(src, &script, "\n", 0), Loc::new(3, 9));
    assert_eq!(run.span, span_at(src, 2, 1, 5, 4));
    assert_eq!(shell(&d.instructions[2]).text, "echo after");
}

#[test]
fn heredoc_with_a_command_is_handed_to_the_shell() {
    let src = "FROM x\nRUN cat <<-'EOT' > /etc/motd && \\\n    chmod 644 /etc/motd\n\tHello $USER\n\t\tindented\n\tEOT\n";
    let d = ok(src);
    check_all(src, &d);
    let run = &d.instructions[1];
    let h = &run.heredocs[0];
    assert!(h.chomp);
    assert!(!h.expand);
    assert_eq!(h.body.text, "\tHello $USER\n\t\tindented\n");
    assert_eq!(h.terminator_span, on_line(src, 6, 2, 3));
    let script = run.run_script().expect("present");
    assert_eq!(
        script.text,
        "cat <<-'EOT' > /etc/motd &&     chmod 644 /etc/motd\n\tHello $USER\n\t\tindented\nEOT"
    );
    assert_eq!(loc_in(src, &script, "chmod", 0), Loc::new(3, 5));
    assert_eq!(loc_in(src, &script, "Hello", 0), Loc::new(4, 2));
    assert_eq!(loc_in(src, &script, "EOT", 1), Loc::new(6, 2));
}

#[test]
fn heredoc_chomp_alone_strips_tabs() {
    let src = "FROM x\nRUN <<-EOF\n\techo one\n\t\techo two\n\tEOF\n";
    let d = ok(src);
    check_all(src, &d);
    let script = d.instructions[1].run_script().expect("present");
    assert_eq!(script.text, "echo one\necho two\n");
    assert_eq!(loc_in(src, &script, "one", 0), Loc::new(3, 7));
    assert_eq!(loc_in(src, &script, "two", 0), Loc::new(4, 8));
}

#[test]
fn several_heredocs_copy_heredoc_and_onbuild() {
    let src = "FROM x\n\
RUN <<A 3<<\"B C\" python3 -\n\
print(1)\n\
A\n\
fd three\n\
B C\n\
COPY <<EOF /etc/app.conf\n\
key=value\n\
EOF\n\
ONBUILD RUN <<EOF\n\
echo child\n\
EOF\n\
RUN echo '<<NOT' \"<<NOR\" a<<b\n";
    let d = ok(src);
    check_all(src, &d);
    let run = &d.instructions[1];
    let names: Vec<_> = run.heredocs.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["A", "B C"]);
    assert_eq!(run.heredocs[1].fd, Some(3));
    assert_eq!(run.heredocs[1].body.text, "fd three\n");
    assert_eq!(
        run.run_script().expect("present").text,
        "<<A 3<<\"B C\" python3 -\nprint(1)\nA\nfd three\nB C"
    );
    let copy = &d.instructions[2];
    assert_eq!(copy.heredocs[0].body.text, "key=value\n");
    let p = copy.copy_paths().expect("present");
    assert_eq!(p.sources[0].0, "<<EOF");
    assert_eq!(p.dest.0, "/etc/app.conf");
    let onbuild = &d.instructions[3];
    assert_eq!(onbuild.keyword, "ONBUILD");
    let inner = onbuild.onbuild.as_deref().expect("present");
    assert_eq!(inner.keyword, "RUN");
    assert_eq!(inner.keyword_span, on_line(src, 10, 9, 3));
    assert_eq!(inner.run_script().expect("present").text, "echo child\n");
    assert_eq!(loc(src, onbuild.span.end), Loc::new(12, 4));
    assert!(onbuild.run_script().is_none());
    // quoted or glued `<<` is no heredoc
    let last = &d.instructions[4];
    assert!(last.heredocs.is_empty());
    assert_eq!(last.keyword, "RUN");
}

#[test]
fn heredoc_errors_and_json_form() {
    let src = "FROM x\nRUN <<EOF\necho never ends\n";
    let e = parse_err(src);
    assert_eq!(loc(src, e.span.start), Loc::new(2, 5));
    assert!(e.message.contains("unterminated heredoc"), "{}", e.message);
    // the JSON form has no heredocs
    let d = ok("FROM x\nRUN [\"sh\", \"<<EOF\"]\nUSER me\n");
    assert!(d.instructions[1].heredocs.is_empty());
    assert_eq!(d.instructions[2].keyword, "USER");
    // instructions other than RUN/COPY/ADD do not open heredocs
    let d = ok("FROM x\nLABEL a=<<EOF\nUSER me\n");
    assert_eq!(d.instructions[2].keyword, "USER");
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

#[test]
fn structural_errors() {
    let src = "FROM x\nRUNN echo\n";
    let e = parse_err(src);
    assert_eq!(e.span, on_line(src, 2, 1, 4));
    assert!(
        e.message.contains("unknown instruction: RUNN"),
        "{}",
        e.message
    );
    assert!(e.message.contains("RUN"), "{}", e.message);
    let e = parse_err("RUN echo\nFROM x\n");
    assert!(e.message.contains("no build stage"), "{}", e.message);
    let e = parse_err("FROM a b\n");
    assert!(e.message.contains("one or three"), "{}", e.message);
    let e = parse_err("FROM a AS 1st\n");
    assert!(
        e.message.contains("invalid name for build stage"),
        "{}",
        e.message
    );
    let e = parse_err("FROM x\nSHELL /bin/bash -c\n");
    assert!(e.message.contains("JSON form"), "{}", e.message);
    let e = parse_err("FROM x\nONBUILD ONBUILD RUN x\n");
    assert!(e.message.contains("ONBUILD ONBUILD"), "{}", e.message);
    let e = parse_err("FROM x\nONBUILD FROM y\n");
    assert!(e.message.contains("ONBUILD trigger"), "{}", e.message);
    let e = parse_err("FROM x\nRUN\n");
    assert!(
        e.message.contains("RUN requires at least one argument"),
        "{}",
        e.message
    );
    // empty files and files of comments are fine
    assert!(ok("").instructions.is_empty());
    assert!(ok("# only\n\n  \n").instructions.is_empty());
    // a lone continuation makes no instruction
    assert!(ok("\\\n\n").instructions.is_empty());
    // CMD and ENTRYPOINT may be empty
    ok("FROM x\nCMD\nENTRYPOINT []\n");
}

// ---------------------------------------------------------------------------
// a realistic image: a Coder workspace for Sysbox hosts
// ---------------------------------------------------------------------------

const SYSBOX_IMAGE: &str = r#"# syntax=docker/dockerfile:1.7
# Coder workspace image for Sysbox (Docker-in-Docker) hosts.
FROM ubuntu:22.04

ARG DEBIAN_FRONTEND=noninteractive
ENV LANG=C.UTF-8 \
    LC_ALL=C.UTF-8

# Base packages, the Docker engine and systemd.
RUN apt-get update \
    # core tools first
    && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        git \
        # editors
        vim \
        sudo \

        systemd \
        systemd-sysv \
        docker.io \
    && rm -rf /var/lib/apt/lists/*

# The stock UID-1000 user (ubuntu) becomes coder and keeps UID 1000.
RUN usermod --login coder --move-home --home /home/coder ubuntu \
    && groupmod --new-name coder ubuntu \
    && usermod -aG docker coder

# Passwordless sudo for coder; keep DEBIAN_FRONTEND through sudo.
RUN printf '%s\n' 'coder ALL=(ALL) NOPASSWD:ALL' 'Defaults env_keep += "DEBIAN_FRONTEND"' \
        > /etc/sudoers.d/coder \
    && chmod 0440 /etc/sudoers.d/coder

# Files hydrated into /home/coder at boot.
COPY --chown=coder:coder scripts/bashrc scripts/WELCOME.txt /home/coder-files/
COPY --chown=coder:coder --chmod=755 scripts/ddev/launch scripts/ddev/coder-routes /home/coder-files/.ddev/commands/host/
COPY --chown=coder:coder ["scripts/coder setup", "/home/coder-files/bin/"]

RUN chmod 755 /home/coder-files/.ddev/commands/host/launch \
        /home/coder-files/.ddev/commands/host/coder-routes

# The image's docker unit (dormant: the boot script starts dockerd).
RUN systemctl enable docker

USER coder
WORKDIR /home/coder
ENTRYPOINT ["/sbin/init"]
"#;

#[test]
fn realistic_sysbox_workspace_image() {
    let src = SYSBOX_IMAGE;
    let d = ok(src);
    check_all(src, &d);
    assert_eq!(
        d.directive("syntax").expect("present").value,
        "docker/dockerfile:1.7"
    );
    let kws: Vec<_> = d.instructions.iter().map(|i| i.keyword.as_str()).collect();
    assert_eq!(
        kws,
        [
            "FROM",
            "ARG",
            "ENV",
            "RUN",
            "RUN",
            "RUN",
            "COPY",
            "COPY",
            "COPY",
            "RUN",
            "RUN",
            "USER",
            "WORKDIR",
            "ENTRYPOINT"
        ]
    );
    let i = &d.instructions;
    assert_eq!(i[0].from_args().expect("present").image.0, "ubuntu:22.04");
    assert_eq!(
        i[1].key_values()[0].value.as_deref(),
        Some("noninteractive")
    );
    let env = i[2].key_values();
    assert_eq!(env[1].key, "LC_ALL");
    assert_eq!(loc(src, env[1].key_span.start), find(src, "LC_ALL", 0));

    // apt-get: comment and empty lines inside the continuation are dropped
    let apt = i[3].run_script().expect("present");
    assert!(!apt.text.contains('#'), "{}", apt.text);
    assert!(apt.text.contains("sudo         systemd "), "{}", apt.text);
    assert_eq!(loc_in(src, &apt, "docker.io", 0), find(src, "docker.io", 0));
    assert_eq!(loc_in(src, &apt, "vim", 0), Loc::new(17, 9));
    assert_eq!(loc_in(src, &apt, "systemd", 0), Loc::new(20, 9));
    assert_eq!(loc(src, i[3].span.start), Loc::new(10, 1));
    assert_eq!(loc(src, i[3].span.end).line, 23);

    // the UID-1000 rename
    let rename = i[4].run_script().expect("present");
    assert!(rename.text.starts_with("usermod --login coder"));
    let r = rename.text.find("ubuntu").expect("present");
    assert_eq!(rename.span_of(r..r + 6), on_line(src, 26, 58, 6));
    assert_eq!(loc_in(src, &rename, "groupmod", 0), Loc::new(27, 8));

    // sudoers written with printf, mode 0440
    let sudo = i[5].run_script().expect("present");
    assert!(sudo.text.contains("'coder ALL=(ALL) NOPASSWD:ALL'"));
    assert!(sudo.text.contains("env_keep += \"DEBIAN_FRONTEND\""));
    assert_eq!(loc_in(src, &sudo, "0440", 0), find(src, "0440", 0));
    assert_eq!(
        loc_in(src, &sudo, "> /etc/sudoers.d/coder", 0),
        Loc::new(32, 9)
    );

    // files staged into /home/coder-files
    let c1 = i[6].copy_paths().expect("present");
    assert_eq!(
        i[6].flag("chown").expect("present").value.as_deref(),
        Some("coder:coder")
    );
    assert_eq!(c1.dest.0, "/home/coder-files/");
    assert_eq!(
        c1.sources.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["scripts/bashrc", "scripts/WELCOME.txt"]
    );
    assert_eq!(
        loc(src, c1.sources[1].1.start),
        find(src, "scripts/WELCOME.txt", 0)
    );
    let c2 = i[7].copy_paths().expect("present");
    assert_eq!(
        i[7].flag("chmod").expect("present").value.as_deref(),
        Some("755")
    );
    assert_eq!(c2.dest.0, "/home/coder-files/.ddev/commands/host/");
    assert_eq!(c2.sources[1].0, "scripts/ddev/coder-routes");
    let c3 = i[8].copy_paths().expect("present");
    assert!(i[8].is_exec_form());
    assert_eq!(c3.sources[0].0, "scripts/coder setup");
    assert_eq!(c3.dest.0, "/home/coder-files/bin/");

    // the chmod 755 list, over two lines
    let chmod = i[9].run_script().expect("present");
    let words: Vec<_> = chmod.text.split_whitespace().collect();
    assert_eq!(
        words,
        [
            "chmod",
            "755",
            "/home/coder-files/.ddev/commands/host/launch",
            "/home/coder-files/.ddev/commands/host/coder-routes"
        ]
    );
    assert_eq!(
        loc_in(
            src,
            &chmod,
            "/home/coder-files/.ddev/commands/host/coder-routes",
            0
        ),
        Loc::new(41, 9)
    );

    // the dormant docker unit
    let enable = i[10].run_script().expect("present");
    assert_eq!(enable.text, "systemctl enable docker");
    assert_eq!(enable.span(), on_line(src, 44, 5, 23));

    assert_eq!(i[11].user().expect("present").0, "coder");
    assert_eq!(exec(&i[13]), ["/sbin/init"]);
    let Args::Exec(items) = &i[13].args else {
        unreachable!()
    };
    assert_eq!(items[0].1, on_line(src, 48, 13, 12));
}

// ---------------------------------------------------------------------------
// robustness
// ---------------------------------------------------------------------------

#[test]
fn large_inputs_stay_linear() {
    // a RUN continued over 100 000 lines, with a comment every tenth line
    let mut src = String::from("FROM x\nRUN true");
    for k in 0..100_000 {
        if k % 10 == 0 {
            src.push_str(" \\\n  # comment");
        }
        src.push_str(&format!(" \\\n  && echo w{k}"));
    }
    src.push('\n');
    let d = ok(&src);
    let t = d.instructions[1].run_script().expect("present");
    let index = LineIndex::new(&src);
    let mut n = 0;
    for (off, _) in t.text.match_indices("echo") {
        let loc = index.loc(&src, t.pos_of(off) as usize);
        assert_eq!(loc.col, 6);
        n += 1;
    }
    assert_eq!(n, 100_000);
    assert_eq!(
        index
            .loc(
                &src,
                t.pos_of(t.text.rfind("echo").expect("present")) as usize
            )
            .line,
        110_002
    );

    // one 2 MB line of multi-byte characters
    let line = "é ".repeat(1_000_000);
    let src = format!("FROM x\nRUN {line}\n");
    let d = ok(&src);
    let t = d.instructions[1].run_script().expect("present");
    // columns counted on along the line as the offsets grow (counting each
    // from the line's start would make the check itself quadratic)
    let index = LineIndex::new(&src);
    let line_2 = index.line_start(2).expect("present")..index.line_start(3).expect("present");
    let (mut at, mut col) = (line_2.start, 1);
    for (k, off) in (0..t.len()).step_by(3).take(200_000).enumerate() {
        let pos = t.pos_of(off) as usize;
        assert!(line_2.contains(&pos) && pos >= at, "{pos} after {at}");
        col += src[at..pos].chars().count();
        at = pos;
        assert!(col <= 5 + 2 * (k + 1));
    }

    // deeply nested JSON in an exec form
    let src = format!(
        "FROM x\nCMD [{}]\n",
        "[".repeat(100_000) + &"]".repeat(100_000)
    );
    assert!(parse(&src).is_err());
    // many heredocs
    let mut src = String::from("FROM x\n");
    for k in 0..20_000 {
        src.push_str(&format!("RUN <<E{k}\necho {k}\nE{k}\n"));
    }
    assert_eq!(ok(&src).instructions.len(), 20_001);
}

const HEADS: &[&str] = &[
    "FROM x",
    "FROM a AS b",
    "RUN",
    "run",
    "COPY",
    "ADD",
    "ENV",
    "ARG",
    "LABEL",
    "ONBUILD RUN",
    "CMD",
    "ENTRYPOINT",
    "SHELL",
    "USER",
    "  RUN",
    "# comment",
    "  # indented",
    "# escape=`",
    "# syntax=x",
    "",
    "EOF",
    "\tEOF",
    "E",
    "echo hi",
    "\u{feff}RUN",
];

const ARGS: &[&str] = &[
    "echo hi",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "3<<E",
    "[\"a\", \"b\"]",
    "[\"a\",",
    "\"b\"]",
    "[1]",
    "[\"\\u00e9\"]",
    "[",
    "]",
    "\"",
    "'",
    "=",
    "a=b",
    "k=\"v w\"",
    "--chown=a:b",
    "--link",
    "--",
    "\\",
    "`",
    "é",
    "😀",
    "\t",
    "/dst",
    "$X",
];

const ENDS: &[&str] = &["\n", "\n", "\n", " \\\n", "\\\n", " ` \n", "\r\n", ""];

fn fragment_line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(HEADS),
        prop::collection::vec(prop::sample::select(ARGS), 0..5),
        prop::sample::select(ENDS),
    )
        .prop_map(|(head, args, end)| {
            let mut line = head.to_owned();
            let bare = head.starts_with("FROM")
                || head.trim_start().starts_with('#')
                || head.contains("EOF");
            if !bare {
                for a in args {
                    line.push(' ');
                    line.push_str(a);
                }
            }
            line.push_str(end);
            line
        })
}

fn fragment_doc() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(fragment_line(), 0..12)).prop_map(|(from, lines)| {
        let body = lines.concat();
        if from {
            format!("FROM x\n{body}")
        } else {
            body
        }
    })
}

const BODY_LINES: &[&str] = &[
    "echo one\n",
    "\techo tab\n",
    "\n",
    "# not a comment here\n",
    "EOF \n",
    "\tEOF\n",
    "EOF\n",
    "E\n",
    "é😀 \\\n",
    "RUN inner\n",
    "\r\n",
];

/// Instructions opening heredocs, followed by body-like lines.
fn heredoc_doc() -> impl Strategy<Value = String> {
    (
        prop::sample::select(
            &[
                "RUN <<EOF",
                "RUN <<-EOF",
                "RUN cat <<'EOF' > /x",
                "RUN <<EOF 3<<E python3",
                "COPY <<EOF /dst",
                "ONBUILD RUN <<-EOF",
                "RUN a \\\n  # c\n  <<EOF",
            ][..],
        ),
        prop::collection::vec(prop::sample::select(BODY_LINES), 0..8),
        prop::collection::vec(prop::sample::select(BODY_LINES), 0..8),
    )
        .prop_map(|(head, a, b)| format!("FROM x\n{head}\n{}{}", a.concat(), b.concat()))
}

fn check_any(src: &str) {
    match parse(src) {
        Ok(d) => check_all(src, &d),
        Err(e) => {
            assert!(e.span.start <= e.span.end, "{e:?}");
            assert!(!e.message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parse_never_panics_on_arbitrary_text(src in "(?s).{0,300}") {
        check_any(&src);
    }

    #[test]
    fn parse_never_panics_and_maps_exactly_on_dockerfile_like_text(src in fragment_doc()) {
        check_any(&src);
    }

    #[test]
    fn heredoc_bodies_map_exactly(src in heredoc_doc()) {
        check_any(&src);
    }

    #[test]
    fn loc_of_and_span_of_accept_any_offset(src in fragment_doc(), a in 0usize..400, b in 0usize..400) {
        if let Ok(d) = parse(&src) {
            for i in &d.instructions {
                if let Some(t) = i.run_script().or_else(|| i.shell_text().cloned()) {
                    let _ = t.pos_of(a);
                    let s = t.span_of(a..b);
                    prop_assert!(s.start <= s.end || b < a);
                    let sub = t.slice(a..b);
                    check_map(&src, &sub);
                }
            }
        }
    }
}
