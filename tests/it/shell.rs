//! The shell-script model (`wsc::ingest::shell`): commands, words, redirects,
//! heredocs, contexts, guards, options and places.

use crate::common::{loc, span_at};
use proptest::prelude::*;
use wsc::diag::{self, Loc, Span};
use wsc::ingest::shell::{
    Command, CommandKind, FrameKind, GuardKind, IfBranch, ListOp, OptionOrigin, Script, parse,
    parse_at, parse_plain,
};

fn names(s: &Script) -> Vec<String> {
    s.commands
        .iter()
        .map(|c| c.name.as_ref().map_or_else(String::new, |w| w.text.clone()))
        .collect()
}

fn named<'s>(s: &'s Script, name: &str) -> &'s Command {
    s.commands_named(name)
        .next()
        .unwrap_or_else(|| panic!("no command {name:?} in {:?}", names(s)))
}

fn args(c: &Command) -> Vec<&str> {
    c.args.iter().map(|w| w.text.as_str()).collect()
}

fn sp(src: &str, l1: u32, c1: u32, l2: u32, c2: u32) -> Span {
    span_at(src, l1, c1, l2, c2)
}

#[test]
fn commands_and_args_with_spans() {
    let src = "echo hello 'big world'\n  git config --global user.name \"$NAME\"\n";
    let s = parse_plain(src);
    assert!(!s.has_errors);
    assert_eq!(names(&s), ["echo", "git"]);
    let echo = &s.commands[0];
    assert_eq!(echo.kind, CommandKind::Simple);
    assert_eq!(args(echo), ["hello", "'big world'"]);
    assert_eq!(echo.args[1].value.as_deref(), Some("big world"));
    assert_eq!(echo.span, sp(src, 1, 1, 1, 23));
    assert_eq!(echo.args[1].span, sp(src, 1, 12, 1, 23));
    let git = &s.commands[1];
    assert_eq!(git.span, sp(src, 2, 3, 2, 40));
    assert_eq!(git.name.as_ref().map(|w| w.span), Some(sp(src, 2, 3, 2, 6)));
    assert_eq!(git.args[3].text, "\"$NAME\"");
    assert_eq!(git.args[3].unquoted, "$NAME");
    assert_eq!(git.args[3].value, None);
    assert_eq!(
        git.flags().map(|w| w.text.as_str()).collect::<Vec<_>>(),
        ["--global"]
    );
    assert_eq!((echo.index, echo.top_level_step), (0, 0));
    assert_eq!((git.index, git.top_level_step), (1, 1));
    assert_eq!(s.steps.len(), 2);
    assert!(echo.context.is_top_level());
}

#[test]
fn columns_count_characters() {
    let src = "echo \"héllo wörld\" x\n";
    let s = parse_plain(src);
    let c = &s.commands[0];
    assert_eq!(c.args[0].span, sp(src, 1, 6, 1, 19));
    assert_eq!(c.args[1].span, sp(src, 1, 20, 1, 21));
}

#[test]
fn trailing_redirect_of_a_list_belongs_to_the_last_command() {
    let src = "mkdir -p d && touch f && echo x >> ~/.bashrc\n";
    let s = parse_plain(src);
    assert_eq!(names(&s), ["mkdir", "touch", "echo"]);
    assert!(
        s.commands[0].redirects.is_empty(),
        "mkdir got {:?}",
        s.commands[0].redirects
    );
    assert!(s.commands[1].redirects.is_empty());
    let echo = &s.commands[2];
    assert_eq!(echo.redirects.len(), 1);
    let r = &echo.redirects[0];
    assert_eq!((r.op.as_str(), r.target.text.as_str()), (">>", "~/.bashrc"));
    assert!(r.appends() && r.writes_file());
    assert_eq!(r.span, sp(src, 1, 33, 1, 45));
    // the command's span covers its own redirect, not the list
    assert_eq!(echo.text, "echo x >> ~/.bashrc");
    assert_eq!(echo.span, sp(src, 1, 26, 1, 45));
    assert!(s.commands.iter().all(|c| c.inherited_redirects.is_empty()));
}

#[test]
fn redirects_of_pipelines_negations_and_compounds() {
    let s = parse_plain(
        "a | b > f 2>&1\n! pgrep -x dockerd >/dev/null\n{ echo 1; echo 2; } >> ~/.profile\nx && { y; } > g\n",
    );
    assert_eq!(names(&s), ["a", "b", "pgrep", "echo", "echo", "x", "y"]);
    assert!(s.commands[0].redirects.is_empty());
    let b = &s.commands[1];
    let ops: Vec<_> = b
        .redirects
        .iter()
        .map(|r| (r.op.as_str(), r.fd.as_deref(), r.target.text.as_str()))
        .collect();
    assert_eq!(ops, [(">", None, "f"), (">&", Some("2"), "1")]);
    assert_eq!(s.commands[2].redirects[0].target.text, "/dev/null");
    assert!(s.commands[2].context.has(|k| *k == FrameKind::Negated));
    for echo in &s.commands[3..5] {
        assert!(echo.redirects.is_empty());
        assert_eq!(echo.inherited_redirects.len(), 1);
        assert_eq!(echo.inherited_redirects[0].target.text, "~/.profile");
        assert!(echo.context.has(|k| *k == FrameKind::BraceGroup));
    }
    assert!(s.commands[5].redirects.is_empty() && s.commands[5].inherited_redirects.is_empty());
    assert_eq!(s.commands[6].inherited_redirects[0].target.text, "g");
}

#[test]
fn pipelines() {
    let s = parse_plain("curl -fsSL https://x | sudo bash -s -- --yes |& tee log\n");
    assert_eq!(names(&s), ["curl", "sudo", "tee"]);
    for (i, c) in s.commands.iter().enumerate() {
        assert_eq!(
            c.context.innermost().map(|f| &f.kind),
            Some(&FrameKind::Pipeline {
                position: i,
                len: 3
            })
        );
    }
    assert!(s.commands[1].invokes("bash"));
    assert_eq!(
        s.commands[0].flags().next().map(|w| w.text.as_str()),
        Some("-fsSL")
    );
    assert!(s.commands[0].has_short_flag('L'));
}

#[test]
fn heredoc_bodies_are_not_commands() {
    let src = "cat > ~/.bash_profile <<'EOF'\n# not a comment here\nsource ~/.bashrc\nexit 0\nEOF\necho done\n";
    let s = parse_plain(src);
    assert!(!s.has_errors);
    assert_eq!(names(&s), ["cat", "echo"]);
    assert_eq!(s.commands_named("exit").count(), 0);
    assert_eq!(s.commands_named("source").count(), 0);
    let cat = &s.commands[0];
    assert_eq!(cat.text, "cat > ~/.bash_profile <<'EOF'");
    assert_eq!(cat.span, sp(src, 1, 1, 1, 30));
    assert_eq!(cat.redirects.len(), 2);
    assert_eq!(cat.redirects[0].target.text, "~/.bash_profile");
    let h = cat.heredoc().unwrap_or_else(|| panic!("no heredoc"));
    assert!(h.quoted && !h.strip_tabs);
    assert_eq!(h.delimiter, "EOF");
    assert_eq!(h.body, "# not a comment here\nsource ~/.bashrc\nexit 0\n");
    assert_eq!(h.body_span, sp(src, 2, 1, 5, 1));
    assert_eq!(cat.redirects[1].op, "<<");
    assert_eq!(cat.redirects[1].target.value.as_deref(), Some("EOF"));
    assert_eq!(s.commands[1].top_level_step, 1);
}

#[test]
fn unquoted_heredoc_substitutions_run_but_body_commands_do_not() {
    let src = "cat <<EOF > /etc/motd\nhost: $(hostname)\nexit 1\nEOF\n";
    let s = parse_plain(src);
    assert_eq!(names(&s), ["cat", "hostname"]);
    let cat = &s.commands[0];
    // tree-sitter nests `> /etc/motd` inside the heredoc redirect
    assert!(
        cat.redirects
            .iter()
            .any(|r| r.writes_file() && r.target.text == "/etc/motd")
    );
    assert_eq!(cat.heredoc().map(|h| h.quoted), Some(false));
    let host = &s.commands[1];
    assert!(
        host.context
            .has(|k| *k == FrameKind::HeredocBody { host: Some(0) })
    );
    assert!(host.context.in_substitution());
    assert_eq!(host.span, sp(src, 2, 9, 2, 17));
}

#[test]
fn heredoc_continuations_are_given_back() {
    let s = parse_plain(
        "cat > /etc/docker/daemon.json <<EOF && echo written\n{}\nEOF\ncat <<'X' | grep -q y\ny\nX\ncat <<E extra\nE\n",
    );
    assert_eq!(names(&s), ["cat", "echo", "cat", "grep", "cat"]);
    let echo = &s.commands[1];
    assert!(echo.redirects.is_empty());
    assert_eq!(
        echo.context.innermost().map(|f| &f.kind),
        Some(&FrameKind::List {
            position: 1,
            len: 2,
            before: Some(ListOp::And),
            after: None
        })
    );
    assert_eq!(echo.guarded_by.len(), 1);
    assert_eq!(echo.guarded_by[0].text, "cat");
    assert_eq!(
        s.commands[0].heredoc().map(|h| h.body.as_str()),
        Some("{}\n")
    );
    assert_eq!(
        s.commands[0].redirects[0].target.text,
        "/etc/docker/daemon.json"
    );
    assert_eq!(
        s.commands[2].context.innermost().map(|f| &f.kind),
        Some(&FrameKind::Pipeline {
            position: 0,
            len: 2
        })
    );
    assert_eq!(
        s.commands[3].context.innermost().map(|f| &f.kind),
        Some(&FrameKind::Pipeline {
            position: 1,
            len: 2
        })
    );
    assert_eq!(args(&s.commands[4]), ["extra"]);
}

#[test]
fn comments_are_not_code() {
    let s = parse_plain("# set -e\n#exit 1\necho a # systemctl start docker\n  # dockerd &\n");
    assert_eq!(names(&s), ["echo"]);
    assert_eq!(args(&s.commands[0]), ["a"]);
    assert!(s.set_options().is_empty());
    assert_eq!(s.steps.len(), 1);
}

#[test]
fn if_elif_else_guards() {
    let src = "if [ -f /a ]; then\n  one\nelif ! test -d \"$B\"; then\n  two\nelse\n  three\nfi\n";
    let s = parse_plain(src);
    assert_eq!(names(&s), ["[", "one", "test", "two", "three"]);
    let test = &s.commands[0];
    assert_eq!(test.kind, CommandKind::Test);
    assert_eq!(args(test), ["-f", "/a"]);
    assert!(matches!(
        test.context.innermost().map(|f| &f.kind),
        Some(FrameKind::If {
            condition: true,
            branch: IfBranch::If
        })
    ));
    assert!(test.guarded_by.is_empty());

    let one = &s.commands[1];
    assert!(matches!(
        one.context.innermost().map(|f| &f.kind),
        Some(FrameKind::If {
            condition: false,
            branch: IfBranch::If
        })
    ));
    assert_eq!(one.guarded_by.len(), 1);
    let g = &one.guarded_by[0];
    assert_eq!((g.kind, g.on_success, g.test), (GuardKind::If, true, true));
    assert_eq!(g.text, "[ -f /a ]");
    assert_eq!(g.operands, ["-f", "/a"]);
    assert_eq!(g.commands, 0..1);
    assert_eq!(g.span, sp(src, 1, 4, 1, 13));

    // the elif condition runs only when the first failed
    let t = &s.commands[2];
    assert_eq!(t.guarded_by.len(), 1);
    assert!(!t.guarded_by[0].on_success);

    let two = &s.commands[3];
    assert!(matches!(
        two.context.innermost().map(|f| &f.kind),
        Some(FrameKind::If {
            condition: false,
            branch: IfBranch::Elif(1)
        })
    ));
    let ops: Vec<_> = two
        .guarded_by
        .iter()
        .map(|g| (g.operands.clone(), g.on_success))
        .collect();
    assert_eq!(
        ops,
        [
            (vec!["-f".to_owned(), "/a".to_owned()], false),
            (vec!["!".to_owned(), "-d".to_owned(), "$B".to_owned()], true)
        ]
    );
    let ft = two.guarded_by[1]
        .file_test()
        .unwrap_or_else(|| panic!("no file test"));
    assert_eq!(
        (ft.op.as_str(), ft.path.as_str(), ft.when_holds),
        ("-d", "$B", false)
    );

    let three = &s.commands[4];
    assert!(matches!(
        three.context.innermost().map(|f| &f.kind),
        Some(FrameKind::If {
            condition: false,
            branch: IfBranch::Else
        })
    ));
    assert_eq!(three.guarded_by.len(), 2);
    assert!(three.guarded_by.iter().all(|g| !g.on_success));
}

#[test]
fn list_guards_with_operands() {
    let s = parse_plain(
        "[ -f ~/.bashrc ] || cp /etc/skel/.bashrc ~/\n[ ! -e \"$dest\" ] && cp \"$src\" \"$dest\"\ngrep -q 'x' ~/.bashrc || echo 'x' >> ~/.bashrc\n",
    );
    assert_eq!(names(&s), ["[", "cp", "[", "cp", "grep", "echo"]);
    let cp = &s.commands[1];
    assert_eq!(cp.guarded_by.len(), 1);
    let g = &cp.guarded_by[0];
    assert_eq!(
        (g.kind, g.on_success, g.test),
        (GuardKind::List, false, true)
    );
    assert_eq!(g.operands, ["-f", "~/.bashrc"]);
    let ft = g.file_test().unwrap_or_else(|| panic!("no file test"));
    assert_eq!(
        (ft.op.as_str(), ft.path.as_str(), ft.when_holds),
        ("-f", "~/.bashrc", false)
    );
    assert_eq!(
        cp.context.innermost().map(|f| &f.kind),
        Some(&FrameKind::List {
            position: 1,
            len: 2,
            before: Some(ListOp::Or),
            after: None
        })
    );
    assert!(cp.context.is_conditional());

    let g = &s.commands[3].guarded_by[0];
    assert_eq!(g.operands, ["!", "-e", "$dest"]);
    assert!(g.on_success);
    assert_eq!(g.file_test().map(|f| f.when_holds), Some(false));

    let echo = &s.commands[5];
    let g = &echo.guarded_by[0];
    assert_eq!((g.test, g.on_success), (false, false));
    assert_eq!(g.operands, ["grep", "-q", "x", "~/.bashrc"]);
    assert_eq!(s.guard_commands(g).len(), 1);
    assert_eq!(echo.redirects[0].target.text, "~/.bashrc");
    assert!(s.commands[4].redirects.is_empty());
}

#[test]
fn test_commands_are_tests() {
    let src = "[ -S /var/run/docker.sock ]\n[[ -n \"$X\" && $Y == a* ]]\n";
    let s = parse_plain(src);
    let t = &s.commands[0];
    assert_eq!(t.kind, CommandKind::Test);
    assert!(t.is_named("["));
    assert_eq!(args(t), ["-S", "/var/run/docker.sock"]);
    assert_eq!(t.span, sp(src, 1, 1, 1, 28));
    let t2 = &s.commands[1];
    assert!(t2.is_named("[["));
    assert_eq!(t2.arg_strs(), ["-n", "\"$X\"", "&&", "$Y", "==", "a*"]);
    assert_eq!(t2.args[1].unquoted, "$X");
}

#[test]
fn loops() {
    let src = "for i in $(seq 1 30); do\n  [ -S /var/run/docker.sock ] && break\n  sleep 1\ndone\nwhile ! pgrep x; do sleep 1; done\nuntil ok; do wait1; done\nfor f in a b; do use \"$f\"; done\nfor ((i=0; i<3; i++)); do c; done\n";
    let s = parse_plain(src);
    assert!(!s.has_errors);
    assert_eq!(
        names(&s),
        [
            "seq", "[", "break", "sleep", "pgrep", "sleep", "ok", "wait1", "use", "c"
        ]
    );
    let seq = &s.commands[0];
    assert!(
        seq.context
            .has(|k| matches!(k, FrameKind::For { header: true, .. }))
    );
    assert!(seq.context.has(|k| *k
        == FrameKind::CommandSubstitution {
            host: None,
            assigned_to: None
        }));
    assert!(!seq.context.in_loop());
    let brk = &s.commands[2];
    assert!(brk.context.in_loop());
    match &brk.context.frames[0].kind {
        FrameKind::For {
            variable,
            items,
            header,
        } => {
            assert_eq!(
                (variable.as_str(), items.as_slice(), *header),
                ("i", &["$(seq 1 30)".to_owned()][..], false)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(brk.guarded_by[0].operands, ["-S", "/var/run/docker.sock"]);
    assert!(s.commands[3].guarded_by.is_empty());

    let pgrep = &s.commands[4];
    assert!(pgrep.context.in_condition());
    let sleep = &s.commands[5];
    assert_eq!(
        sleep.context.innermost().map(|f| &f.kind),
        Some(&FrameKind::While { condition: false })
    );
    let g = &sleep.guarded_by[0];
    assert_eq!((g.kind, g.on_success), (GuardKind::Loop, true));
    assert_eq!(g.operands, ["!", "pgrep", "x"]);
    let w = &s.commands[7];
    assert_eq!(
        w.context.innermost().map(|f| &f.kind),
        Some(&FrameKind::Until { condition: false })
    );
    assert!(!w.guarded_by[0].on_success);
    assert!(s.commands[9].context.has(|k| *k == FrameKind::CFor));
}

#[test]
fn functions() {
    let s = parse_plain(
        "log() { echo \"$*\" >> /tmp/boot.log; }\nfunction main {\n  log start\n}\nmain \"$@\"\n",
    );
    assert_eq!(names(&s), ["echo", "log", "main"]);
    assert_eq!(s.commands[0].context.function(), Some("log"));
    assert_eq!(s.commands[0].redirects[0].target.text, "/tmp/boot.log");
    assert_eq!(s.commands[1].context.function(), Some("main"));
    assert!(s.commands[1].context.is_conditional());
    assert!(s.commands[2].context.is_top_level());
    assert_eq!(s.commands[2].top_level_step, 2);
}

#[test]
fn subshells_and_background() {
    let s = parse_plain("(cd /src && make) &\nsudo dockerd > /tmp/dockerd.log 2>&1 &\nwait\n");
    assert_eq!(names(&s), ["cd", "make", "sudo", "wait"]);
    assert!(s.commands[0].context.has(|k| *k == FrameKind::Subshell));
    assert!(s.commands[1].background());
    let d = &s.commands[2];
    assert!(d.background());
    assert!(d.invokes("dockerd"));
    assert_eq!(d.redirects.len(), 2);
    assert_eq!(d.redirects[0].target.text, "/tmp/dockerd.log");
    assert!(!s.commands[3].background());
}

#[test]
fn command_substitution_is_a_command() {
    let src = "NAME=$(hostname)\necho \"$(hostname -s)\"\nexport WS=`hostname`\n[ \"$(id -u)\" = 0 ] || exit 1\n";
    let s = parse_plain(src);
    assert_eq!(
        names(&s),
        [
            "", "hostname", "echo", "hostname", "export", "hostname", "[", "id", "exit"
        ]
    );
    assert_eq!(s.commands[0].kind, CommandKind::Assignment);
    assert_eq!(s.commands[0].assignments[0].name, "NAME");
    assert_eq!(
        s.commands[1].context.innermost().map(|f| &f.kind),
        Some(&FrameKind::CommandSubstitution {
            host: Some(0),
            assigned_to: Some("NAME".into())
        })
    );
    assert_eq!(s.commands[1].span, sp(src, 1, 8, 1, 16));
    assert_eq!(
        s.commands[3].context.innermost().map(|f| &f.kind),
        Some(&FrameKind::CommandSubstitution {
            host: Some(2),
            assigned_to: None
        })
    );
    let export = &s.commands[4];
    assert_eq!(export.kind, CommandKind::Declaration);
    assert_eq!(export.assignments[0].name, "WS");
    assert_eq!(
        s.commands[5].context.innermost().map(|f| &f.kind),
        Some(&FrameKind::CommandSubstitution {
            host: Some(4),
            assigned_to: Some("WS".into())
        })
    );
    assert!(s.commands[7].context.in_substitution());
    assert_eq!(s.commands_named("hostname").count(), 3);
    let exit = &s.commands[8];
    assert_eq!(exit.guarded_by[0].operands, ["$(id -u)", "=", "0"]);
}

#[test]
fn declarations_and_assignments() {
    let s =
        parse_plain("export GIT_SSH_COMMAND=\"ssh -i ~/.ssh/k\" PATH\nlocal -r x=1\nA=1 B=2 env\n");
    let e = &s.commands[0];
    assert!(e.is_named("export"));
    assert_eq!(e.assignments[0].name, "GIT_SSH_COMMAND");
    assert_eq!(
        e.assignments[0]
            .value
            .as_ref()
            .and_then(|v| v.value.as_deref()),
        Some("ssh -i ~/.ssh/k")
    );
    assert_eq!(e.arg_strs(), ["GIT_SSH_COMMAND=ssh -i ~/.ssh/k", "PATH"]);
    assert_eq!(s.commands[1].arg_strs(), ["-r", "x=1"]);
    let env = &s.commands[2];
    assert_eq!(
        env.assignments
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert!(env.is_named("env"));
}

#[test]
fn case_statements() {
    let s = parse_plain("case \"$1\" in\n  start|up) dockerd ;;\n  *) echo usage ;;\nesac\n");
    assert_eq!(names(&s), ["dockerd", "echo"]);
    match &s.commands[0].context.frames[0].kind {
        FrameKind::Case { subject, patterns } => {
            assert_eq!(subject, "\"$1\"");
            assert_eq!(patterns, &["start".to_owned(), "up".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn set_options_in_all_forms() {
    let src = "#!/bin/bash -e\nset -eu\nset -euxo pipefail\nset -o errexit\nset +e\nset +o errexit\nset -x\nf() { set -e; }\n";
    let s = parse_plain(src);
    let got: Vec<_> = s
        .set_options()
        .into_iter()
        .map(|o| (o.enabled, o.text, o.span, o.origin))
        .collect();
    assert_eq!(
        got,
        [
            (
                true,
                "-e".to_owned(),
                sp(src, 1, 13, 1, 15),
                OptionOrigin::Shebang
            ),
            (
                true,
                "-eu".to_owned(),
                sp(src, 2, 5, 2, 8),
                OptionOrigin::Command(0)
            ),
            (
                true,
                "-euxo".to_owned(),
                sp(src, 3, 5, 3, 10),
                OptionOrigin::Command(1)
            ),
            (
                true,
                "-o errexit".to_owned(),
                sp(src, 4, 5, 4, 15),
                OptionOrigin::Command(2)
            ),
            (
                false,
                "+e".to_owned(),
                sp(src, 5, 5, 5, 7),
                OptionOrigin::Command(3)
            ),
            (
                false,
                "+o errexit".to_owned(),
                sp(src, 6, 5, 6, 15),
                OptionOrigin::Command(4)
            ),
            (
                true,
                "-e".to_owned(),
                sp(src, 8, 11, 8, 13),
                OptionOrigin::Command(6)
            ),
        ]
    );
    let src = "#!/usr/bin/env -S bash -e\nset +e\n";
    let env = parse_plain(src);
    let got: Vec<_> = env
        .set_options()
        .into_iter()
        .map(|o| (o.enabled, o.origin))
        .collect();
    assert_eq!(
        got,
        [
            (true, OptionOrigin::Shebang),
            (false, OptionOrigin::Command(0))
        ]
    );
    let sb = env.shebang.unwrap_or_else(|| panic!("no shebang"));
    assert_eq!(sb.interpreter.as_deref(), Some("bash"));
    assert_eq!(sb.text, "#!/usr/bin/env -S bash -e");
    assert_eq!(sb.span, sp(src, 1, 1, 1, 26));
    assert!(
        parse_plain("#!/bin/bash\nset +e\n")
            .set_options()
            .iter()
            .all(|o| !o.enabled)
    );
}

#[test]
fn position_mapper_shifts_into_the_host_file() {
    // A boot script embedded in a .tf heredoc whose body starts on line 40.
    let script = "set +e\nsudo chown coder:coder /home/coder\nexit 0\n";
    let src = "\n".repeat(39) + script;
    let body = src.len() - script.len();
    let map = |r: std::ops::Range<usize>| Span::of(r.start + body..r.end + body);
    let s = parse(script, &map);
    let src = src.as_str();
    let chown = s
        .commands_invoking("chown")
        .next()
        .unwrap_or_else(|| panic!("no chown"));
    assert_eq!(chown.span, sp(src, 41, 1, 41, 35));
    assert_eq!(chown.args[2].span, sp(src, 41, 24, 41, 35));
    assert_eq!(s.set_options()[0].span, sp(src, 40, 5, 40, 7));
    assert_eq!(loc(src, named(&s, "exit").span.start), Loc::new(42, 1));

    // A Dockerfile `RUN` whose script starts at column 5 of line 7.
    let script = "apt-get update && \\\n    apt-get install -y git";
    let src = format!("{}    {script}", "\n".repeat(6));
    let s = parse_at(script, diag::to_u32(src.len() - script.len()));
    let src = src.as_str();
    assert_eq!(s.commands[0].span, sp(src, 7, 5, 7, 19));
    assert_eq!(s.commands[1].span, sp(src, 8, 5, 8, 27));
}

#[test]
fn syntax_errors_are_reported() {
    let s = parse_plain("echo ok\nif then fi\necho $(\n");
    assert!(s.has_errors);
    assert!(!s.error_spans.is_empty());
    assert!(s.commands_named("echo").count() >= 1);
    let clean = parse_plain("echo ok\n");
    assert!(!clean.has_errors && clean.error_spans.is_empty());
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = |open: &str, inner: &str, close: &str, n: usize| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    let cases = [
        (deep("echo $(", "x", ")", 5000), true),
        (deep("( ", "x", " )", 5000), true),
        (deep("(", "x", ")", 5000), false), // `((…))` is arithmetic: no command
        (deep("echo \"$(", "x", ")\"", 3000), true),
        (deep("if a; then ", "x; ", "fi; ", 3000), true),
        (deep("{ ", "x", "; }", 3000), true),
        (deep("a | (", "x", ")", 3000), true),
        (
            format!("[ {}-f x{} ]", "( ".repeat(5000), " )".repeat(5000)),
            false,
        ),
        ("a && ".repeat(20_000) + "b", false),
        ("a | ".repeat(20_000) + "b", false),
    ];
    for (src, truncated) in cases {
        // a small (2 MiB) stack, like test and rayon worker threads
        let s = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || parse_plain(&src))
            .unwrap_or_else(|e| panic!("{e}"))
            .join()
            .unwrap_or_else(|_| panic!("parse panicked"));
        assert_eq!(s.truncated, truncated);
        assert_eq!(s.has_errors, truncated);
    }
    let s = parse_plain(&deep("echo $(", "x", ")", 300));
    assert!(s.truncated && s.has_errors && s.error_spans.len() == 1);
    assert_eq!(s.commands.len(), wsc::ingest::shell::MAX_DEPTH);
    let long = parse_plain(&("a && ".repeat(2000) + "b"));
    assert_eq!(long.commands.len(), 2001);
    assert!(!long.truncated);
    assert_eq!(
        long.commands[2000].guarded_by.len(),
        wsc::ingest::shell::MAX_LIST_GUARDS
    );
}

const BOOT: &str = r#"#!/bin/bash
# Coder workspace boot script
set +e

# 1. repair home ownership
sudo chown coder:coder /home/coder

# 2. first boot: seed the skeleton
if [ ! -f ~/.bashrc ]; then
  cp -rT /etc/skel ~
fi

# 4. hydrate from the image (never overwrite)
if [ -d /home/coder-files ]; then
  cp -rn /home/coder-files/. /home/coder/
else
  echo "warning: /home/coder-files missing" >&2
fi

# 5. git identity
git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"
git config --global user.email "$CODER_WORKSPACE_OWNER_EMAIL"

# 6. registry mirror
if [ -n "$REGISTRY_MIRROR" ]; then
  sudo mkdir -p /etc/docker
  sudo tee /etc/docker/daemon.json > /dev/null <<EOF
{"registry-mirrors": ["$REGISTRY_MIRROR"]}
EOF
fi

# 7. docker daemon
if ! pgrep -x dockerd >/dev/null; then sudo dockerd > /tmp/dockerd.log 2>&1 & fi
for i in $(seq 1 30); do [ -S /var/run/docker.sock ] && break; sleep 1; done
sudo chgrp docker /var/run/docker.sock

# 10. shell profile
grep -q 'WELCOME' ~/.bash_profile 2>/dev/null || cat > ~/.bash_profile <<'EOF'
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
[ -f ~/.bashrc ] && . ~/.bashrc
cat ~/WELCOME.txt
exit 0
EOF

exit 0
"#;

#[test]
fn coder_boot_script() {
    let s = parse_plain(BOOT);
    assert!(!s.has_errors, "{:?}", s.error_spans);
    assert_eq!(
        s.shebang.as_ref().map(|b| b.text.as_str()),
        Some("#!/bin/bash")
    );

    // set +e only
    let opts = s.set_options();
    assert_eq!(opts.len(), 1);
    assert!(!opts[0].enabled);
    assert_eq!(opts[0].span, sp(BOOT, 3, 5, 3, 7));

    // ownership first, with names, not numbers
    let chown = s
        .commands_invoking("chown")
        .next()
        .unwrap_or_else(|| panic!("no chown"));
    assert_eq!(chown.top_level_step, 1);
    assert_eq!(
        chown.invoked().map(|(_, a)| a[0].text.as_str()),
        Some("coder:coder")
    );

    // first-boot seed guarded by `[ ! -f ~/.bashrc ]`
    let seed = s
        .commands_named("cp")
        .next()
        .unwrap_or_else(|| panic!("no cp"));
    let ft = seed.guarded_by[0]
        .file_test()
        .unwrap_or_else(|| panic!("no file test"));
    assert_eq!(
        (ft.op.as_str(), ft.path.as_str(), ft.when_holds),
        ("-f", "~/.bashrc", false)
    );
    assert_eq!(seed.guarded_by[0].operands, ["!", "-f", "~/.bashrc"]);

    // hydration with cp -n, and the warning in the else branch
    let hydrate = s
        .commands_named("cp")
        .nth(1)
        .unwrap_or_else(|| panic!("no hydration"));
    assert!(hydrate.has_short_flag('n'));
    assert_eq!(
        hydrate.args[1].value.as_deref(),
        Some("/home/coder-files/.")
    );
    let warn = s
        .commands_named("echo")
        .find(|c| c.text.contains("warning"))
        .unwrap_or_else(|| panic!("no warning"));
    assert!(matches!(
        warn.context.innermost().map(|f| &f.kind),
        Some(FrameKind::If {
            condition: false,
            branch: IfBranch::Else
        })
    ));
    assert_eq!(warn.redirects[0].op, ">&");

    // git identity from the environment
    let git: Vec<_> = s
        .commands_named("git")
        .map(|c| c.args[3].unquoted.clone())
        .collect();
    assert_eq!(
        git,
        [
            "$CODER_WORKSPACE_OWNER_NAME",
            "$CODER_WORKSPACE_OWNER_EMAIL"
        ]
    );

    // daemon.json written (through sudo tee) before dockerd starts
    let tee = s
        .commands_invoking("tee")
        .next()
        .unwrap_or_else(|| panic!("no tee"));
    assert_eq!(
        tee.invoked().map(|(_, a)| a[0].text.as_str()),
        Some("/etc/docker/daemon.json")
    );
    assert!(
        tee.heredoc()
            .is_some_and(|h| h.body.contains("registry-mirrors"))
    );
    let dockerd = s
        .commands_invoking("dockerd")
        .next()
        .unwrap_or_else(|| panic!("no dockerd"));
    assert!(tee.index < dockerd.index && tee.top_level_step < dockerd.top_level_step);

    // dockerd started in the background, guarded by `! pgrep -x dockerd`
    assert!(dockerd.background());
    assert_eq!(
        dockerd
            .redirects
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>(),
        ["> /tmp/dockerd.log", "2>&1"]
    );
    let g = &dockerd.guarded_by[0];
    assert_eq!(g.kind, GuardKind::If);
    assert_eq!(g.operands, ["!", "pgrep", "-x", "dockerd"]);
    let pgrep = &s.guard_commands(g)[0];
    assert!(pgrep.is_named("pgrep"));
    assert_eq!(pgrep.redirects[0].target.text, "/dev/null");
    assert!(pgrep.context.has(|k| *k == FrameKind::Negated));

    // bounded socket wait
    let wait = s
        .commands
        .iter()
        .find(|c| c.is_named("[") && c.arg_strs() == ["-S", "/var/run/docker.sock"])
        .unwrap_or_else(|| panic!("no socket test"));
    assert!(wait.context.has(
        |k| matches!(k, FrameKind::For { items, .. } if items == &["$(seq 1 30)".to_owned()])
    ));
    assert!(wait.top_level_step > dockerd.top_level_step);

    // the profile heredoc's `exit 0` and `cat` are not commands of the script
    let exits: Vec<_> = s.commands_named("exit").collect();
    assert_eq!(exits.len(), 1);
    assert_eq!(exits[0].arg_strs(), ["0"]);
    assert!(exits[0].context.is_top_level());
    assert_eq!(exits[0].top_level_step, s.steps.len() - 1);
    assert_eq!(
        loc(BOOT, exits[0].span.start).line,
        BOOT.lines().count() as u32
    );
    let profile = s
        .commands
        .iter()
        .find(|c| c.heredoc().is_some_and(|h| h.quoted))
        .unwrap_or_else(|| panic!("no profile heredoc"));
    assert!(profile.is_named("cat"));
    assert_eq!(profile.redirects[0].target.text, "~/.bash_profile");
    assert_eq!(
        profile.guarded_by[0].operands,
        ["grep", "-q", "WELCOME", "~/.bash_profile"]
    );
    assert!(!profile.guarded_by[0].on_success);
    assert!(s.commands_named("cat").all(|c| c.index == profile.index));
    assert!(
        profile
            .heredoc()
            .is_some_and(|h| h.body.ends_with("exit 0\n"))
    );

    // no hostname, no systemctl, no set -e
    assert_eq!(s.commands_invoking("hostname").count(), 0);
    assert_eq!(s.commands_invoking("systemctl").count(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parse_never_panics(src in "\\PC{0,200}") {
        let s = parse_plain(&src);
        for (i, c) in s.commands.iter().enumerate() {
            prop_assert_eq!(c.index, i);
            prop_assert!(c.span.start <= c.span.end);
        }
    }

    #[test]
    fn parse_never_panics_on_shell_like_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("if "), Just("then "), Just("fi"), Just("; "), Just("\n"), Just("&& "),
                Just("|| "), Just("| "), Just("$("), Just(")"), Just("<<EOF"), Just("<<'E'\n"),
                Just("EOF\n"), Just("\"$x\" "), Just("'q' "), Just("> f "), Just("2>&1 "),
                Just("[ -f x ] "), Just("{ "), Just("} "), Just("( "), Just("for i in a; do "),
                Just("done "), Just("case $x in a) "), Just(";; esac "), Just("echo "), Just("#c\n"),
                Just("`"), Just("\\"), Just("é "), Just("& "), Just("! "), Just("set -e "),
            ],
            0..60,
        )
    ) {
        let src: String = parts.concat();
        let s = parse_plain(&src);
        for (i, c) in s.commands.iter().enumerate() {
            prop_assert_eq!(c.index, i);
            prop_assert!(c.top_level_step < s.steps.len().max(1));
        }
        let _ = s.set_options();
    }
}

/// tree-sitter-bash passes the lookahead to C's `isdigit`, undefined above
/// 255; characters beyond ASCII right where the scanner reads digits
/// (redirect numbers, heredoc starts) must neither crash nor lose their
/// text.
#[test]
fn characters_beyond_ascii_in_scanner_positions() {
    let chars = ['é', '€', '😀', '\u{10FFFF}', '\u{a0}', '中'];
    for c in chars {
        for template in [
            "echo 1{c}",
            "cat 2>{c}",
            "exec 3<&{c}",
            "cat <<{c}\nx\n{c}\n",
            "a{c}=1 b",
            "[ {c} -eq 1 ]",
            "echo $(({c}))",
            "x=\"{c}\"; echo ${{x}}{c}",
            "{c}{c}{c} 1>&2",
        ] {
            let src = template.replace("{c}", &c.to_string());
            let s = parse_plain(&src);
            for cmd in &s.commands {
                assert!(cmd.span.start <= cmd.span.end, "{src:?}");
            }
        }
    }
    let src = "echo 😀 'é' \"中文\"";
    let s = parse_plain(src);
    let args: Vec<&str> = s.commands[0]
        .args
        .iter()
        .map(wsc::ingest::shell::Word::value_or_text)
        .collect();
    assert_eq!(args, ["😀", "é", "中文"]);
    assert_eq!(loc(src, s.commands[0].args[2].span.start).col, 12);
}

/// The file tests certain when a command runs, from every guard: list
/// conditions are decomposed when their outcome fixes every member, and say
/// nothing otherwise.
#[test]
fn file_conditions_of_list_guards_and_nested_ifs() {
    let conds = |src: &str| -> Vec<(String, bool)> {
        let s = parse_plain(src);
        let c = named(&s, "cp");
        c.file_conditions()
            .into_iter()
            .map(|f| (f.path, f.when_holds))
            .collect()
    };
    let absent_dest_present_src = vec![("~/x".to_string(), false), ("/src/x".to_string(), true)];
    assert_eq!(
        conds("if [ ! -f ~/x ] && [ -f /src/x ]; then cp /src/x ~/x; fi\n"),
        absent_dest_present_src
    );
    assert_eq!(
        conds("if [ -f /src/x ] && ! [ -e ~/x ]; then cp /src/x ~/x; fi\n"),
        vec![("/src/x".to_string(), true), ("~/x".to_string(), false)]
    );
    // `||` in an `if`: either may have held.
    assert!(conds("if [ ! -f ~/x ] || [ -f /src/x ]; then cp /src/x ~/x; fi\n").is_empty());
    // The else branch of an `&&` condition: which member failed is unknown.
    assert!(conds("if [ -f ~/x ] && [ -f /y ]; then :; else cp /src/x ~/x; fi\n").is_empty());
    // The else branch of an `||` condition: every member failed.
    assert_eq!(
        conds("if [ -e ~/x ] || [ -e ~/y ]; then :; else cp /src/x ~/x; fi\n"),
        vec![("~/x".to_string(), false), ("~/y".to_string(), false)]
    );
    // List operands before the command, and nested ifs, all count.
    assert_eq!(
        conds("if [ -d /src ]; then\n  [ -e \"$HOME/x\" ] || cp /src/x \"$HOME/x\"\nfi\n"),
        vec![("/src".to_string(), true), ("$HOME/x".to_string(), false)]
    );
    assert_eq!(
        conds("test ! -f ~/x && [[ -s /src/x ]] && cp /src/x ~/x\n"),
        vec![("~/x".to_string(), false), ("/src/x".to_string(), true)]
    );
}

/// A sourced script spliced in after its `source` command: indices stay
/// consistent, its commands take the source command's statement, guards
/// and constructs, and its byte ranges move past the host's text.
#[test]
fn splice_runs_a_sourced_script_in_place() {
    let mut host = parse_plain("echo a\nif [ -f lib.sh ]; then . lib.sh; fi\necho b $(date)\n");
    let lib = parse_plain("set -e\nmkdir -p /x && touch /x/y\n");
    let at = host
        .commands
        .iter()
        .position(|c| c.is_named("."))
        .expect("a source command");
    let len = 100;
    host.splice(at, lib, len);
    for (i, c) in host.commands.iter().enumerate() {
        assert_eq!(c.index, i, "{}", c.text);
    }
    let names = names(&host);
    assert_eq!(
        names,
        ["echo", "[", ".", "set", "mkdir", "touch", "echo", "date"]
    );
    let mkdir = named(&host, "mkdir");
    assert_eq!(mkdir.top_level_step, 1);
    assert!(mkdir.bytes.start >= len, "moved past the host's text");
    assert!(
        mkdir.guarded_by.iter().any(|g| g.text == "[ -f lib.sh ]"),
        "the source command's guard holds for the sourced commands"
    );
    assert!(mkdir.context.is_conditional());
    // The sourced `touch` keeps its own `&&` guard, renumbered.
    let touch = named(&host, "touch");
    let g = touch.guarded_by.last().expect("the && guard");
    assert_eq!(host.guard_commands(g)[0].text, "mkdir -p /x");
    // Steps cover every command once, in order.
    let covered: Vec<usize> = host.steps.iter().flat_map(|s| s.commands.clone()).collect();
    assert_eq!(covered, (0..host.commands.len()).collect::<Vec<_>>());
    // A substitution's host index moved with its command.
    let date = named(&host, "date");
    let host_of = date.context.frames.iter().find_map(|f| match f.kind {
        FrameKind::CommandSubstitution { host, .. } => host,
        _ => None,
    });
    assert_eq!(host_of, Some(6));
    // The errexit of the sourced file is seen in order.
    let opts = host.set_options();
    assert!(matches!(opts[0].origin, OptionOrigin::Command(3)));
}

/// A sourced script runs after the command substitutions of the `source`
/// command's words (`. "$(dirname "$0")/lib.sh"` runs `dirname` first).
#[test]
fn splice_goes_after_the_source_commands_substitutions() {
    let mut host = parse_plain(". \"$(dirname \"$0\")/lib.sh\"\nset +e\n");
    let lib = parse_plain("set -e\n");
    host.splice(0, lib, 100);
    assert_eq!(names(&host), [".", "dirname", "set", "set"]);
    assert_eq!(host.commands[2].bytes.start, 100);
}
