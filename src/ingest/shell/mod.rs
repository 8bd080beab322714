//! Shell scripts (boot scripts, Dockerfile `RUN` bodies, heredocs of `.tf`
//! files) parsed with tree-sitter-bash into a small model that audit rules can
//! query precisely.
//!
//! The model is a flat list of [`Command`]s in order of appearance, each with
//! its own words, its own redirects, the constructs that enclose it
//! ([`Context`]) and the tests that guard its execution ([`GuardRef`]).
//! Places are [`Span`]s computed by a caller-supplied position mapper, so a
//! script embedded in another file (a Terraform heredoc, a Dockerfile) reports
//! places in the file the user edits.
//!
//! What the model corrects in tree-sitter-bash's tree:
//! - a trailing redirect of `a && b > f` or `a | b > f` is attached by
//!   tree-sitter to the whole list or pipeline; here it belongs to the last
//!   command (`b`), as in bash. Redirects of compound commands
//!   (`{ …; } > f`, `while …; done < f`) are kept as
//!   [`Command::inherited_redirects`] of every command inside.
//! - a heredoc redirect swallows the rest of its line (`cat <<EOF | grep x`,
//!   `cat > f <<EOF && echo ok`, `cat <<EOF > f`); those pipelines, list
//!   members, redirects and arguments are given back to the commands they
//!   belong to.
//! - contiguous fragments of one shell word (`$"…"`, `~/.bashrc` inside `[ ]`)
//!   are merged into one [`Word`].
//! - heredoc bodies are text, never commands; only the command substitutions
//!   of an unquoted body (which bash does run) appear, in a
//!   [`FrameKind::HeredocBody`] context.
//! - comments are not code.
//!
//! Nesting deeper than [`MAX_DEPTH`] is not walked (the script is marked
//! [`Script::has_errors`] and [`Script::truncated`]), so hostile input cannot
//! overflow the stack.

pub mod effects;
mod options;
mod walk;
mod words;

use std::ops::Range;

use crate::diag::Span;

pub use options::{OptionOrigin, SetOption};

/// Constructs nested deeper than this are not walked.
pub const MAX_DEPTH: usize = 256;

/// At most this many earlier operands of an `&&`/`||` list guard a command.
pub const MAX_LIST_GUARDS: usize = 32;

/// A parsed shell script.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    /// Every command, in order of appearance (a command comes before the
    /// commands of its own command substitutions). `commands[i].index == i`.
    pub commands: Vec<Command>,
    /// The top-level statements, in order; `Command::top_level_step` indexes
    /// this list.
    pub steps: Vec<Step>,
    /// The `#!` line when the text starts with one.
    pub shebang: Option<Shebang>,
    /// tree-sitter found a syntax error (an `ERROR` or missing node), or the
    /// nesting was too deep to walk.
    pub has_errors: bool,
    /// Places of the syntax errors (zero-width for missing tokens).
    pub error_spans: Vec<Span>,
    /// Some construct was nested deeper than [`MAX_DEPTH`] and not walked.
    pub truncated: bool,
}

/// One top-level statement (a line of a boot script, a whole `if … fi`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub span: Span,
    pub bytes: Range<usize>,
    /// The indices of the commands of this statement (they are contiguous).
    pub commands: Range<usize>,
}

/// The `#!` line of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shebang {
    /// The whole line, `#!` included.
    pub text: String,
    pub span: Span,
    /// The interpreter as written (`/bin/bash`; `bash` for `/usr/bin/env bash`).
    pub interpreter: Option<String>,
    /// The interpreter's arguments (`-e`, `-o errexit`), one word each.
    pub args: Vec<Word>,
}

/// What kind of statement a [`Command`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// A simple command: `name args…`, possibly with `VAR=value` prefixes.
    Simple,
    /// `[ … ]` or `[[ … ]]` (name `[` or `[[`, the operands as arguments,
    /// without the closing bracket). `test …` is a `Simple` command.
    Test,
    /// `export`, `local`, `declare`, `readonly`, `typeset` (and `unset`).
    Declaration,
    /// Assignments only: `VAR=value` (no name).
    Assignment,
    /// Redirects only: `> file`, `$(< file)` (no name).
    Redirection,
}

/// One command of the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub kind: CommandKind,
    /// The command name; `None` for assignments and redirect-only statements.
    pub name: Option<Word>,
    /// The arguments in order (for a test: its operands).
    pub args: Vec<Word>,
    /// `VAR=value` prefixes of a simple command, the assignments of a
    /// declaration command, or the assignments of an assignment statement.
    pub assignments: Vec<Assignment>,
    /// This command's own redirects, in order, heredocs included.
    pub redirects: Vec<Redirect>,
    /// Redirects of enclosing compound commands (`{ …; } >> f`, `done < f`),
    /// innermost first.
    pub inherited_redirects: Vec<Redirect>,
    /// The command's words and own redirects (not heredoc bodies).
    pub span: Span,
    pub bytes: Range<usize>,
    /// The source text of `bytes`.
    pub text: String,
    /// The enclosing constructs, outermost first.
    pub context: Context,
    /// The tests that decide whether this command runs, outermost first.
    pub guarded_by: Vec<GuardRef>,
    /// The position in [`Script::commands`].
    pub index: usize,
    /// The index of the top-level statement (in [`Script::steps`]).
    pub top_level_step: usize,
}

/// A shell word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// As written, quotes and escapes kept.
    pub text: String,
    /// Quotes and escapes removed, expansions kept as written
    /// (`"$HOME/.bashrc"` → `$HOME/.bashrc`, `'a b'` → `a b`).
    pub unquoted: String,
    /// The literal value when the word has no expansion (`~` and glob
    /// characters are kept as they are); `None` otherwise.
    pub value: Option<String>,
    pub span: Span,
    /// Byte range in the parsed text.
    pub bytes: Range<usize>,
}

/// `NAME=value` or `NAME+=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// `=` or `+=`.
    pub op: String,
    pub value: Option<Word>,
    pub span: Span,
}

/// A redirect: `> f`, `2>&1`, `&>> log`, `<<'EOF'`, `<<< word`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator: `>`, `>>`, `<`, `<>`, `>|`, `&>`, `&>>`, `>&`, `<&`,
    /// `>&-`, `<&-`, `<<`, `<<-`, `<<<`.
    pub op: String,
    /// The explicit descriptor (`2` in `2>`), if written.
    pub fd: Option<String>,
    /// The file, descriptor number, heredoc delimiter or here-string word
    /// (empty when there is none, as in `2>&-`).
    pub target: Word,
    /// The operator and its target (for a heredoc, `<<'EOF'`, not the body).
    pub span: Span,
    pub bytes: Range<usize>,
    /// The source text of `bytes`.
    pub text: String,
    pub heredoc: Option<Heredoc>,
}

/// A heredoc's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter without its quotes.
    pub delimiter: String,
    /// The delimiter was quoted (`'EOF'`, `"EOF"`, `\EOF`): no expansion.
    pub quoted: bool,
    /// `<<-`: leading tabs are removed from the body's lines.
    pub strip_tabs: bool,
    /// The body exactly as in the script (every line up to, not including,
    /// the delimiter line).
    pub body: String,
    pub body_span: Span,
    pub body_bytes: Range<usize>,
}

/// The enclosing constructs of a command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// Outermost first, innermost last.
    pub frames: Vec<Frame>,
}

/// One enclosing construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub kind: FrameKind,
    /// The whole construct.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameKind {
    /// In an `if` statement: its condition part or its body, of one branch.
    If { condition: bool, branch: IfBranch },
    /// In a `while` loop: its condition or its body.
    While { condition: bool },
    /// In an `until` loop: its condition or its body.
    Until { condition: bool },
    /// In a `for`/`select` loop: `header` for the words after `in`.
    For {
        variable: String,
        items: Vec<String>,
        header: bool,
    },
    /// In an arithmetic `for ((…))` loop.
    CFor,
    /// In a `case` item (`patterns` empty for the subject word).
    Case {
        subject: String,
        patterns: Vec<String>,
    },
    /// In a function body.
    Function { name: String },
    /// In `( … )`.
    Subshell,
    /// In `{ …; }` (not a function body).
    BraceGroup,
    /// In `$( … )` or backquotes. `host` is the index of the command whose
    /// word holds the substitution (`None` in a loop header, case subject,
    /// or a heredoc body of a compound command); `assigned_to` the variable
    /// when the substitution is in an assignment's value.
    CommandSubstitution {
        host: Option<usize>,
        assigned_to: Option<String>,
    },
    /// In `<( … )` or `>( … )`.
    ProcessSubstitution { host: Option<usize> },
    /// In an unquoted heredoc body (only its command substitutions run).
    HeredocBody { host: Option<usize> },
    /// A member of a pipeline `a | b | c` (0-based position).
    Pipeline { position: usize, len: usize },
    /// A member of an `&&`/`||` list (0-based position) with the operators
    /// around it.
    List {
        position: usize,
        len: usize,
        before: Option<ListOp>,
        after: Option<ListOp>,
    },
    /// Under `!`.
    Negated,
    /// Run in the background (`cmd &`).
    Background,
    /// Inside a tree-sitter `ERROR` node (a syntax error).
    Error,
}

/// Which branch of an `if` statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IfBranch {
    If,
    /// The n-th `elif` (1-based).
    Elif(usize),
    Else,
}

/// `&&` or `||`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListOp {
    And,
    Or,
}

impl ListOp {
    pub fn as_str(self) -> &'static str {
        match self {
            ListOp::And => "&&",
            ListOp::Or => "||",
        }
    }
}

/// Where a guard comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuardKind {
    /// The (last) condition statement of an `if`/`elif`.
    If,
    /// The (last) condition statement of a `while`/`until` loop.
    Loop,
    /// An earlier operand of an `&&`/`||` list.
    List,
}

/// A test that decides whether a command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardRef {
    pub kind: GuardKind,
    /// The condition statement as written.
    pub text: String,
    pub span: Span,
    /// The guarded command runs when the condition succeeds (`true`: an `if`
    /// body, the right of `&&`, a `while` body) or fails (`false`: `else`, a
    /// later `elif`, the right of `||`, an `until` body). In mixed lists
    /// (`a || b && c`) it is the operator right after the operand.
    pub on_success: bool,
    /// The condition's words, unquoted: a test's operands without brackets
    /// (`["!", "-f", "~/.bashrc"]`, also for `test …`), otherwise the command
    /// name and arguments; a `!` before the statement comes first; members of
    /// a list or pipeline are joined by their operators.
    pub operands: Vec<String>,
    /// The condition is one test command (`[`, `[[`, `test`), maybe negated.
    pub test: bool,
    /// The indices of the condition's commands.
    pub commands: Range<usize>,
    /// When the condition is an `&&`/`||` list: its members (each as
    /// [`GuardRef::operands`] and [`GuardRef::test`] would describe it alone)
    /// and the operators between them.
    pub members: Vec<GuardMember>,
    pub ops: Vec<ListOp>,
}

/// One member of a list condition (`[ ! -f ~/x ]` in
/// `if [ ! -f ~/x ] && [ -f /src/x ]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardMember {
    pub operands: Vec<String>,
    pub test: bool,
}

/// A unary file test of a guard: `[ -f path ]`, `! test -e path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTest {
    /// `-e`, `-f`, `-d`, `-S`, …
    pub op: String,
    /// The unquoted path operand (`~/.bashrc`, `$dest`).
    pub path: String,
    /// The guarded command runs when the file test holds (`[ -f x ] && cmd`)
    /// rather than when it does not (`[ -f x ] || cmd`, `if [ ! -f x ]`).
    pub when_holds: bool,
}

/// A mapper of byte ranges of a script's text to spans of the file the
/// user edits (see [`parse`]).
pub type MapRange<'a> = dyn Fn(Range<usize>) -> Span + 'a;

/// Parse `text` with a mapper from byte ranges of `text` to spans of the
/// file the user edits.
pub fn parse(text: &str, map: &MapRange<'_>) -> Script {
    walk::parse(text, map)
}

/// Parse `text` with spans in `text` itself.
pub fn parse_plain(text: &str) -> Script {
    parse(text, &Span::of)
}

/// Parse `text` that starts at byte `origin` of another file and is copied
/// verbatim from it (a Dockerfile `RUN` line, an unindented heredoc body).
pub fn parse_at(text: &str, origin: u32) -> Script {
    parse(text, &|r| Span::of(r).shift(origin))
}

/// Commands that run the command given as their arguments.
const WRAPPERS: &[&str] = &[
    "sudo", "doas", "env", "nohup", "exec", "command", "builtin", "time", "nice", "setsid",
    "timeout", "stdbuf", "ionice",
];

impl Script {
    /// Commands whose name is `name` (or a path ending in `/name`).
    pub fn commands_named<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s Command> {
        self.commands.iter().filter(move |c| c.is_named(name))
    }

    /// Commands that run `name`, directly or through wrappers such as
    /// `sudo`, `env`, `nohup`, `exec` (see [`Command::invoked`]).
    pub fn commands_invoking<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s Command> {
        self.commands.iter().filter(move |c| c.invokes(name))
    }

    /// Every errexit change, in order: the shebang's `-e`, then `set -e`,
    /// `set -eu`, `set -euxo pipefail`, `set -o errexit`, `set +e`,
    /// `set +o errexit`, … by command index.
    pub fn set_options(&self) -> Vec<SetOption> {
        options::set_options(self)
    }

    /// Words that overlap `ranges` (byte ranges of the parsed text that stand
    /// for values not known before the workspace is built) lose their
    /// literal value: they are expansions, never equal to anything a check
    /// looks for.
    pub fn mark_opaque(&mut self, ranges: &[Range<usize>]) {
        if ranges.is_empty() {
            return;
        }
        let hit = |w: &Word| {
            ranges
                .iter()
                .any(|r| r.start < w.bytes.end.max(w.bytes.start + 1) && w.bytes.start < r.end)
        };
        let mark = |w: &mut Word| {
            if hit(w) {
                w.value = None;
            }
        };
        for c in &mut self.commands {
            if let Some(n) = c.name.as_mut() {
                mark(n);
            }
            c.args.iter_mut().for_each(mark);
            for a in &mut c.assignments {
                if let Some(v) = a.value.as_mut() {
                    mark(v);
                }
            }
            for r in c
                .redirects
                .iter_mut()
                .chain(c.inherited_redirects.iter_mut())
            {
                mark(&mut r.target);
            }
        }
        if let Some(sb) = self.shebang.as_mut() {
            sb.args.iter_mut().for_each(mark);
        }
    }

    /// Run `other` (a script this one sources with `.`/`source`) as part of
    /// this one, as command `at` runs: its commands are inserted after that
    /// command and the command substitutions of its words (which run
    /// first), in the same top-level statement, under the constructs and
    /// guards that enclose the `source` command; its byte ranges move by
    /// `byte_offset` (so they stay apart from this script's text and a
    /// caller can tell which file a command was written in). Its shebang is
    /// ignored: a sourced file runs in the sourcing shell.
    pub fn splice(&mut self, at: usize, mut other: Script, byte_offset: usize) {
        let Some(host) = self.commands.get(at).cloned() else {
            return;
        };
        let n = other.commands.len();
        if n == 0 {
            return;
        }
        // After the substitutions hosted (directly or not) by the command.
        let mut last = at;
        while self.commands.get(last + 1).is_some_and(|c| {
            c.context.frames.iter().any(|f| match f.kind {
                FrameKind::CommandSubstitution { host: Some(h), .. }
                | FrameKind::ProcessSubstitution { host: Some(h) } => (at..=last).contains(&h),
                _ => false,
            })
        }) {
            last += 1;
        }
        let insert = last + 1;
        // Shift this script's indices at or after the insertion point.
        let shift = |i: usize| if i >= insert { i + n } else { i };
        let shift_range = |r: &Range<usize>| {
            let start = shift(r.start);
            let end = if r.end > insert || (r.end == insert && r.start >= insert) {
                r.end + n
            } else {
                r.end
            };
            start..end
        };
        for c in &mut self.commands {
            c.index = shift(c.index);
            for g in &mut c.guarded_by {
                g.commands = shift_range(&g.commands);
            }
            for f in &mut c.context.frames {
                shift_host(&mut f.kind, &shift);
            }
        }
        for (i, step) in self.steps.iter_mut().enumerate() {
            if i == host.top_level_step {
                step.commands = step.commands.start..step.commands.end + n;
            } else {
                step.commands = shift_range(&step.commands);
            }
        }
        // The sourced commands: renumbered, moved in bytes, and under the
        // source command's constructs and guards.
        for c in &mut other.commands {
            c.index += insert;
            c.top_level_step = host.top_level_step;
            for g in &mut c.guarded_by {
                g.commands = g.commands.start + insert..g.commands.end + insert;
            }
            for f in &mut c.context.frames {
                shift_host(&mut f.kind, &|i| i + insert);
            }
            let mut frames = host.context.frames.clone();
            frames.append(&mut c.context.frames);
            c.context.frames = frames;
            let mut guards = host.guarded_by.clone();
            guards.append(&mut c.guarded_by);
            c.guarded_by = guards;
            shift_command_bytes(c, byte_offset);
        }
        let tail = self.commands.split_off(insert);
        self.commands.append(&mut other.commands);
        self.commands.extend(tail);
        self.has_errors |= other.has_errors;
        self.truncated |= other.truncated;
        self.error_spans.append(&mut other.error_spans);
    }

    /// The commands of a guard's condition.
    pub fn guard_commands(&self, guard: &GuardRef) -> &[Command] {
        self.commands.get(guard.commands.clone()).unwrap_or(&[])
    }

    /// The commands of a top-level statement.
    pub fn step_commands(&self, step: usize) -> &[Command] {
        self.steps
            .get(step)
            .and_then(|s| self.commands.get(s.commands.clone()))
            .unwrap_or(&[])
    }
}

impl Command {
    /// The name's value or text.
    pub fn name_str(&self) -> Option<&str> {
        self.name.as_ref().map(Word::value_or_text)
    }

    /// The name is `name`, or a path ending in `/name` (`/usr/bin/git`).
    pub fn is_named(&self, name: &str) -> bool {
        self.name.as_ref().is_some_and(|w| word_is(w, name))
    }

    /// The arguments that are options: words starting with `-` (not `-`
    /// alone), up to a `--`.
    pub fn flags(&self) -> impl Iterator<Item = &Word> {
        self.args
            .iter()
            .take_while(|w| w.value_or_text() != "--")
            .filter(|w| {
                let t = w.value_or_text();
                t.starts_with('-') && t.len() > 1
            })
    }

    /// A short option is given, alone or in a cluster (`-n`, `-rn`).
    pub fn has_short_flag(&self, flag: char) -> bool {
        self.flags().any(|w| {
            let t = w.value_or_text();
            !t.starts_with("--") && t[1..].contains(flag)
        })
    }

    /// A long option is given (`--no-clobber`, `--file=x`); `flag` without
    /// dashes.
    pub fn has_long_flag(&self, flag: &str) -> bool {
        self.flags().any(|w| {
            w.value_or_text().strip_prefix("--").is_some_and(|t| {
                t == flag || t.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
            })
        })
    }

    /// The arguments' values or texts.
    pub fn arg_strs(&self) -> Vec<&str> {
        self.args.iter().map(Word::value_or_text).collect()
    }

    /// The first heredoc among this command's own redirects.
    pub fn heredoc(&self) -> Option<&Heredoc> {
        self.redirects.iter().find_map(|r| r.heredoc.as_ref())
    }

    /// Own redirects, then those of enclosing compound commands.
    pub fn all_redirects(&self) -> impl Iterator<Item = &Redirect> {
        self.redirects.iter().chain(&self.inherited_redirects)
    }

    /// Runs in the background (`cmd &`, or inside `{ …; } &`).
    pub fn background(&self) -> bool {
        self.context.has(|k| matches!(k, FrameKind::Background))
    }

    /// The command that actually runs, with its arguments: the name and
    /// arguments after wrappers (`sudo -u coder`, `env A=1`, `nohup`, `exec`,
    /// `command`, `time`, `nice -n 5`, `timeout 10`, …) and their options.
    /// `command -v x` is a lookup, not a run: it returns `command` itself.
    pub fn invoked(&self) -> Option<(&Word, &[Word])> {
        let mut name = self.name.as_ref()?;
        let mut rest: &[Word] = &self.args;
        for _ in 0..8 {
            let Some(n) = WRAPPERS.iter().find(|w| word_is(name, w)) else {
                break;
            };
            let Some(skip) = wrapper_operands(n, rest) else {
                break;
            };
            let Some((next, tail)) = rest.get(skip..).and_then(<[Word]>::split_first) else {
                break;
            };
            name = next;
            rest = tail;
        }
        Some((name, rest))
    }

    /// The innermost pipeline of the command itself (not of a command that
    /// holds it in a substitution or heredoc): its span and the command's
    /// position in it.
    pub fn own_pipeline(&self) -> Option<(Span, usize)> {
        let from = self
            .context
            .frames
            .iter()
            .rposition(|f| {
                matches!(
                    f.kind,
                    FrameKind::CommandSubstitution { .. }
                        | FrameKind::ProcessSubstitution { .. }
                        | FrameKind::HeredocBody { .. }
                )
            })
            .map_or(0, |i| i + 1);
        self.context
            .frames
            .iter()
            .skip(from)
            .rev()
            .find_map(|f| match f.kind {
                FrameKind::Pipeline { position, .. } => Some((f.span, position)),
                _ => None,
            })
    }

    /// Every file test certain when this command runs, from all its guards
    /// (enclosing `if`s, loops, earlier list operands): see
    /// [`GuardRef::file_tests`].
    pub fn file_conditions(&self) -> Vec<FileTest> {
        self.guarded_by
            .iter()
            .flat_map(GuardRef::file_tests)
            .collect()
    }

    /// The command runs `name`, directly or through wrappers.
    pub fn invokes(&self, name: &str) -> bool {
        self.invoked().is_some_and(|(n, _)| word_is(n, name))
    }
}

/// Renumber the command index a frame refers to.
fn shift_host(kind: &mut FrameKind, shift: &dyn Fn(usize) -> usize) {
    match kind {
        FrameKind::CommandSubstitution { host, .. }
        | FrameKind::ProcessSubstitution { host }
        | FrameKind::HeredocBody { host } => {
            if let Some(h) = host.as_mut() {
                *h = shift(*h);
            }
        }
        _ => {}
    }
}

fn shift_range(r: &mut Range<usize>, by: usize) {
    *r = r.start + by..r.end + by;
}

fn shift_word(w: &mut Word, by: usize) {
    shift_range(&mut w.bytes, by);
}

/// Move every byte range of a command by `by`.
fn shift_command_bytes(c: &mut Command, by: usize) {
    shift_range(&mut c.bytes, by);
    if let Some(n) = c.name.as_mut() {
        shift_word(n, by);
    }
    c.args.iter_mut().for_each(|w| shift_word(w, by));
    for a in &mut c.assignments {
        if let Some(v) = a.value.as_mut() {
            shift_word(v, by);
        }
    }
    for r in c
        .redirects
        .iter_mut()
        .chain(c.inherited_redirects.iter_mut())
    {
        shift_range(&mut r.bytes, by);
        shift_word(&mut r.target, by);
        if let Some(h) = r.heredoc.as_mut() {
            shift_range(&mut h.body_bytes, by);
        }
    }
}

fn word_is(w: &Word, name: &str) -> bool {
    let v = w.value_or_text();
    v == name
        || v.strip_suffix(name)
            .is_some_and(|p| p.ends_with('/') && !name.is_empty())
}

/// How many of `args` belong to wrapper `w` before the wrapped command, or
/// `None` when `w` does not run a command here.
fn wrapper_operands(w: &str, args: &[Word]) -> Option<usize> {
    // Options that take a separate value, per wrapper.
    let valued: &[&str] = match w {
        "sudo" => &[
            "-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U", "-R",
        ],
        "doas" => &["-u", "-C"],
        "env" => &["-u", "-C", "-S"],
        "exec" => &["-a"],
        "nice" => &["-n"],
        "timeout" => &["-s", "-k"],
        "ionice" => &["-c", "-n", "-p"],
        _ => &[],
    };
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.value_or_text();
        if t == "--" {
            i += 1;
            break;
        }
        if w == "command" && (t == "-v" || t == "-V") {
            return None;
        }
        if t.starts_with('-') && t.len() > 1 {
            i += if valued.contains(&t) { 2 } else { 1 };
            continue;
        }
        if w == "env" && t.contains('=') {
            i += 1;
            continue;
        }
        break;
    }
    if w == "timeout" {
        i += 1; // the duration
    }
    Some(i)
}

impl Word {
    /// The literal value, or the text as written when there is none.
    pub fn value_or_text(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.text)
    }

    /// The word has no expansion.
    pub fn is_literal(&self) -> bool {
        self.value.is_some()
    }
}

impl Redirect {
    /// Writes to a file (`>`, `>>`, `>|`, `&>`, `&>>`, `<>`, `>& file`), not
    /// a descriptor duplication.
    pub fn writes_file(&self) -> bool {
        match self.op.as_str() {
            ">" | ">>" | ">|" | "&>" | "&>>" | "<>" => true,
            ">&" => {
                let t = self.target.value_or_text();
                !t.is_empty() && !t.bytes().all(|b| b.is_ascii_digit()) && t != "-"
            }
            _ => false,
        }
    }

    /// Appends (`>>`, `&>>`).
    pub fn appends(&self) -> bool {
        matches!(self.op.as_str(), ">>" | "&>>")
    }

    /// Reads a file (`<`, `<>`).
    pub fn reads_file(&self) -> bool {
        matches!(self.op.as_str(), "<" | "<>")
    }
}

impl Heredoc {
    /// The body as the command receives it: with `<<-`, leading tabs removed
    /// from each line. (Expansions of an unquoted body are not performed.)
    pub fn content(&self) -> String {
        if !self.strip_tabs {
            return self.body.clone();
        }
        self.body
            .split_inclusive('\n')
            .map(|l| l.trim_start_matches('\t'))
            .collect()
    }
}

impl Context {
    /// Some frame satisfies `pred`.
    pub fn has(&self, pred: impl Fn(&FrameKind) -> bool) -> bool {
        self.frames.iter().any(|f| pred(&f.kind))
    }

    /// No enclosing construct at all.
    pub fn is_top_level(&self) -> bool {
        self.frames.is_empty()
    }

    /// The innermost frame.
    pub fn innermost(&self) -> Option<&Frame> {
        self.frames.last()
    }

    /// The name of the innermost enclosing function.
    pub fn function(&self) -> Option<&str> {
        self.frames.iter().rev().find_map(|f| match &f.kind {
            FrameKind::Function { name } => Some(name.as_str()),
            _ => None,
        })
    }

    /// Inside a loop's body or condition.
    pub fn in_loop(&self) -> bool {
        self.has(|k| {
            matches!(
                k,
                FrameKind::While { .. }
                    | FrameKind::Until { .. }
                    | FrameKind::For { header: false, .. }
                    | FrameKind::CFor
            )
        })
    }

    /// Inside the condition of an `if`, `while` or `until`.
    pub fn in_condition(&self) -> bool {
        self.has(|k| {
            matches!(
                k,
                FrameKind::If {
                    condition: true,
                    ..
                } | FrameKind::While { condition: true }
                    | FrameKind::Until { condition: true }
            )
        })
    }

    /// Inside a command or process substitution.
    pub fn in_substitution(&self) -> bool {
        self.has(|k| {
            matches!(
                k,
                FrameKind::CommandSubstitution { .. } | FrameKind::ProcessSubstitution { .. }
            )
        })
    }

    /// Whether the command may not run every time the script runs: inside an
    /// `if` (past the first condition), a loop, a `case`, a function, the
    /// right of `&&`/`||`, or a syntax error.
    pub fn is_conditional(&self) -> bool {
        self.has(|k| match k {
            FrameKind::If { condition, branch } => !*condition || *branch != IfBranch::If,
            FrameKind::While { condition } | FrameKind::Until { condition } => !*condition,
            FrameKind::For { header, .. } => !*header,
            FrameKind::List { position, .. } => *position > 0,
            FrameKind::CFor
            | FrameKind::Case { .. }
            | FrameKind::Function { .. }
            | FrameKind::Error => true,
            _ => false,
        })
    }
}

impl GuardRef {
    /// The guard as a unary file test (`[ -f x ]`, `[ ! -e "$d" ]`,
    /// `! test -d x`), with the guarded command's polarity.
    pub fn file_test(&self) -> Option<FileTest> {
        if !self.test {
            return None;
        }
        unary_file_test(&self.operands, self.on_success)
    }

    /// Every file test that is certain when the guarded command runs: the
    /// guard itself when it is one test; each member of an `&&` list that
    /// must succeed (`if [ ! -f ~/x ] && [ -f /src/x ]; then …`); each member
    /// of an `||` list that must fail (`[ -e a ] || [ -e b ] || cmd` runs
    /// `cmd` only when neither exists). Mixed lists, and an `&&` list that
    /// failed (an `else` branch: which member failed is not known), say
    /// nothing.
    pub fn file_tests(&self) -> Vec<FileTest> {
        if self.members.is_empty() {
            return self.file_test().into_iter().collect();
        }
        let all = |op: ListOp| self.ops.iter().all(|o| *o == op);
        let certain =
            (self.on_success && all(ListOp::And)) || (!self.on_success && all(ListOp::Or));
        if !certain {
            return Vec::new();
        }
        self.members
            .iter()
            .filter(|m| m.test)
            .filter_map(|m| unary_file_test(&m.operands, self.on_success))
            .collect()
    }
}

/// `[!…] -op path` as a file test that holds when the guarded command runs
/// (`on_success`: the test must succeed for it to run).
fn unary_file_test(operands: &[String], on_success: bool) -> Option<FileTest> {
    let mut negated = false;
    let mut ops = operands;
    while let Some((first, rest)) = ops.split_first() {
        if first != "!" {
            break;
        }
        negated = !negated;
        ops = rest;
    }
    match ops {
        [op, path] if is_file_test_op(op) => Some(FileTest {
            op: op.clone(),
            path: path.clone(),
            when_holds: on_success != negated,
        }),
        _ => None,
    }
}

fn is_file_test_op(op: &str) -> bool {
    matches!(
        op,
        "-a" | "-b"
            | "-c"
            | "-d"
            | "-e"
            | "-f"
            | "-g"
            | "-h"
            | "-k"
            | "-p"
            | "-r"
            | "-s"
            | "-u"
            | "-w"
            | "-x"
            | "-G"
            | "-L"
            | "-N"
            | "-O"
            | "-S"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_are_unwrapped() {
        let s = parse_plain(
            "sudo -u coder nohup dockerd --debug\nenv A=1 B=2 git pull\ncommand -v dockerd\ntimeout -s KILL 10 curl x\n",
        );
        let names: Vec<_> = s
            .commands
            .iter()
            .map(|c| c.invoked().map(|(n, _)| n.text.clone()))
            .collect();
        assert_eq!(
            names,
            [
                Some("dockerd".into()),
                Some("git".into()),
                Some("command".into()),
                Some("curl".into())
            ]
        );
        assert!(s.commands[0].invokes("dockerd"));
        assert!(!s.commands[2].invokes("dockerd"));
        assert_eq!(s.commands[0].invoked().map(|(_, a)| a.len()), Some(1));
    }

    #[test]
    fn flags_and_names() {
        let s = parse_plain("/bin/cp -rn --no-clobber=x a -- -b\n");
        let c = &s.commands[0];
        assert!(c.is_named("cp"));
        assert!(!c.is_named("p"));
        assert!(c.has_short_flag('n'));
        assert!(c.has_long_flag("no-clobber"));
        assert!(!c.has_long_flag("no"));
        assert_eq!(c.flags().count(), 2);
    }

    #[test]
    fn redirect_kinds() {
        let s = parse_plain("a >&2 >& f 2>&- >> g < h\n");
        let r = &s.commands[0].redirects;
        assert_eq!(r.len(), 5);
        assert!(!r[0].writes_file());
        assert!(r[1].writes_file());
        assert!(!r[2].writes_file());
        assert!(r[3].appends() && r[3].writes_file());
        assert!(r[4].reads_file());
        assert_eq!(r[2].fd.as_deref(), Some("2"));
        assert_eq!(r[2].op, ">&-");
        assert_eq!(r[2].target.text, "");
    }

    #[test]
    fn heredoc_content_strips_tabs() {
        let s = parse_plain("cat <<-EOF\n\ta\n\t\tb\n\tEOF\n");
        let h = s.commands[0].heredoc().cloned();
        let h = h.unwrap_or_else(|| panic!("no heredoc: {s:#?}"));
        assert!(h.strip_tabs);
        assert_eq!(h.body, "\ta\n\t\tb\n");
        assert_eq!(h.content(), "a\nb\n");
    }
}
