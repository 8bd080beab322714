//! The walk from tree-sitter-bash's tree to the [`Script`] model.

use std::ops::Range;

use tree_sitter::{Node, Parser};

use crate::diag::Span;

use super::words::{group_contiguous, slice, test_fragments, unquote};
use super::{
    Assignment, Command, CommandKind, Context, Frame, FrameKind, GuardKind, GuardMember, GuardRef,
    Heredoc, IfBranch, ListOp, MAX_DEPTH, MAX_LIST_GUARDS, Redirect, Script, Step, Word, options,
};

pub(super) fn parse(text: &str, map: &super::MapRange<'_>) -> Script {
    let shebang = options::shebang(text, map);
    let mut parser = Parser::new();
    // tree-sitter-bash's scanner hands the lookahead character to C's
    // `isdigit`/`isspace`, which is undefined (and crashes) for values above
    // 255: the parser reads a copy in which every other character is as many
    // ASCII letters as it has bytes, so byte offsets are those of `text`.
    let ascii: std::borrow::Cow<'_, str> = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(
            text.chars()
                .flat_map(|c| {
                    let n = if c.is_ascii() { 0 } else { c.len_utf8() };
                    std::iter::once(if n == 0 { c } else { 'x' })
                        .chain(std::iter::repeat_n('x', n.saturating_sub(1)))
                })
                .collect(),
        )
    };
    debug_assert_eq!(ascii.len(), text.len());
    let tree = match parser.set_language(&tree_sitter_bash::LANGUAGE.into()) {
        Ok(()) => parser.parse(ascii.as_ref(), None),
        Err(_) => None,
    };
    let Some(tree) = tree else {
        return Script {
            shebang,
            has_errors: true,
            error_spans: vec![map(0..0)],
            ..Script::default()
        };
    };
    let root = tree.root_node();
    let mut w = Walker {
        src: text,
        map,
        commands: Vec::new(),
        error_spans: Vec::new(),
        truncated: false,
        step: 0,
        depth: 0,
    };
    w.collect_errors(root);
    let steps = w.program(root);
    let has_errors = root.has_error() || w.truncated || !w.error_spans.is_empty();
    Script {
        commands: w.commands,
        steps,
        shebang,
        has_errors,
        error_spans: w.error_spans,
        truncated: w.truncated,
    }
}

/// Node kinds that are statements.
fn is_statement(kind: &str) -> bool {
    matches!(
        kind,
        "command"
            | "declaration_command"
            | "unset_command"
            | "test_command"
            | "variable_assignment"
            | "variable_assignments"
            | "redirected_statement"
            | "list"
            | "pipeline"
            | "negated_command"
            | "subshell"
            | "compound_statement"
            | "if_statement"
            | "while_statement"
            | "for_statement"
            | "c_style_for_statement"
            | "case_statement"
            | "function_definition"
    )
}

fn is_redirect(kind: &str) -> bool {
    matches!(
        kind,
        "file_redirect" | "heredoc_redirect" | "herestring_redirect"
    )
}

/// A node's children with their field names (through a cursor: asking a node
/// for the field of its i-th child is linear in i).
fn kids(node: Node<'_>) -> Vec<(Option<&'static str>, Node<'_>)> {
    let mut out = Vec::with_capacity(node.child_count());
    let mut c = node.walk();
    if c.goto_first_child() {
        loop {
            out.push((c.field_name(), c.node()));
            if !c.goto_next_sibling() {
                break;
            }
        }
    }
    out
}

/// The statement at `kids[i]` is followed by `&`.
fn backgrounded(kids: &[(Option<&'static str>, Node)], i: usize) -> bool {
    kids.get(i + 1)
        .is_some_and(|(_, n)| !n.is_named() && n.kind() == "&")
}

/// Flatten a left- (or right-) nested `&&`/`||` list into its members and
/// operators, without recursion.
fn flatten_list(node: Node) -> (Vec<Node>, Vec<ListOp>) {
    let mut items = Vec::new();
    let mut ops = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "list" {
            let mut c = n.walk();
            let children: Vec<Node> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        } else if !n.is_named() {
            match n.kind() {
                "&&" => ops.push(ListOp::And),
                "||" => ops.push(ListOp::Or),
                _ => {}
            }
        } else if n.kind() != "comment" {
            items.push(n);
        }
    }
    // A malformed list may lack operators; keep the two vectors aligned.
    ops.resize(items.len().saturating_sub(1), ListOp::And);
    (items, ops)
}

/// The pieces of a redirect sequence on their way to the command they belong
/// to.
#[derive(Default)]
struct Tail<'t> {
    redirects: Vec<Redirect>,
    /// Words that tree-sitter attached to a redirect but that are arguments
    /// (`echo > f x`, `cat <<EOF arg`).
    extra_args: Vec<Vec<Node<'t>>>,
    /// Nodes to search for command substitutions once the command is known;
    /// `true` for heredoc bodies.
    scans: Vec<(Node<'t>, bool)>,
    /// What a heredoc redirect swallowed after its delimiter:
    /// `| more…` or `&& more…` / `|| more…`.
    conts: Vec<(Cont, Node<'t>)>,
}

#[derive(Clone, Copy)]
enum Cont {
    Pipe,
    List(ListOp),
}

impl<'t> Tail<'t> {
    fn append(&mut self, other: Tail<'t>) {
        self.redirects.extend(other.redirects);
        self.extra_args.extend(other.extra_args);
        self.scans.extend(other.scans);
        self.conts.extend(other.conts);
    }
}

/// What encloses the statement being walked.
#[derive(Clone, Default)]
struct Ctx {
    frames: Vec<Frame>,
    guards: Vec<GuardRef>,
    inherited: Vec<Redirect>,
}

impl Ctx {
    fn has(&self, pred: impl Fn(&FrameKind) -> bool) -> bool {
        self.frames.iter().any(|f| pred(&f.kind))
    }

    fn with(&self, kind: FrameKind, span: Span) -> Ctx {
        let mut c = self.clone();
        c.frames.push(Frame { kind, span });
        c
    }

    fn guarded(mut self, guards: impl IntoIterator<Item = GuardRef>) -> Ctx {
        self.guards.extend(guards);
        self
    }
}

/// A pushed command whose words are still to be searched for substitutions.
struct Pending<'t> {
    index: usize,
    /// Word nodes, with the variable they are assigned to.
    words: Vec<(Node<'t>, Option<String>)>,
    /// Redirect nodes (`true`: an unquoted heredoc body).
    scans: Vec<(Node<'t>, bool)>,
}

/// One member of an `&&`/`||` list: a statement, or the head command of a
/// heredoc redirect's continuation (walked without its continuation).
enum Item<'t> {
    Stmt(Node<'t>, Tail<'t>),
    Head(Node<'t>, Tail<'t>),
}

struct Walker<'a> {
    src: &'a str,
    map: &'a super::MapRange<'a>,
    commands: Vec<Command>,
    error_spans: Vec<Span>,
    truncated: bool,
    step: usize,
    /// Current nesting of `stmt` calls (every recursion passes through it).
    depth: usize,
}

impl<'a> Walker<'a> {
    /// The span of a byte range of the script in the file it was written in.
    fn span(&self, r: Range<usize>) -> Span {
        (self.map)(r)
    }

    fn node_span(&self, n: Node) -> Span {
        self.span(n.byte_range())
    }

    fn text(&self, n: Node) -> &'a str {
        slice(self.src, n.byte_range())
    }

    /// Every `ERROR` and missing node, iteratively.
    fn collect_errors(&mut self, root: Node) {
        if !root.has_error() {
            return;
        }
        let mut c = root.walk();
        loop {
            let n = c.node();
            if n.is_error() || n.is_missing() {
                self.error_spans.push(self.node_span(n));
            }
            let descend = n.has_error() && !n.is_error() && !n.is_missing() && c.goto_first_child();
            if descend {
                continue;
            }
            loop {
                if c.goto_next_sibling() {
                    break;
                }
                if !c.goto_parent() {
                    return;
                }
            }
        }
    }

    fn too_deep(&mut self, n: Node) {
        if !self.truncated {
            self.error_spans.push(self.node_span(n));
        }
        self.truncated = true;
    }

    /// A word from its fragments (usually one node).
    fn word(&self, frags: &[Node]) -> Word {
        let (Some(first), Some(last)) = (frags.first(), frags.last()) else {
            return Word {
                text: String::new(),
                unquoted: String::new(),
                value: Some(String::new()),
                span: Span::default(),
                bytes: 0..0,
            };
        };
        let bytes = first.start_byte()..last.end_byte();
        let mut unquoted = String::new();
        let mut literal = true;
        for f in frags {
            let (u, l) = unquote(*f, self.src);
            unquoted.push_str(&u);
            literal &= l;
        }
        Word {
            text: slice(self.src, bytes.clone()).to_owned(),
            value: literal.then(|| unquoted.clone()),
            unquoted,
            span: self.span(bytes.clone()),
            bytes,
        }
    }

    fn empty_word(&self, at: usize) -> Word {
        Word {
            text: String::new(),
            unquoted: String::new(),
            value: Some(String::new()),
            span: self.span(at..at),
            bytes: at..at,
        }
    }

    fn program(&mut self, root: Node<'a>) -> Vec<Step> {
        let kids = kids(root);
        let mut steps = Vec::new();
        let base = Ctx::default();
        for (i, &(_, n)) in kids.iter().enumerate() {
            if !n.is_named() || n.kind() == "comment" {
                continue;
            }
            self.step = steps.len();
            let start = self.commands.len();
            let ctx = if backgrounded(&kids, i) {
                base.with(FrameKind::Background, self.node_span(n))
            } else {
                base.clone()
            };
            self.stmt(n, &ctx, Tail::default());
            steps.push(Step {
                span: self.node_span(n),
                bytes: n.byte_range(),
                commands: start..self.commands.len(),
            });
        }
        steps
    }

    /// The named statements of a sequence (`do … done`, `{ … }`, a branch).
    fn seq(&mut self, kids: &[(Option<&'static str>, Node<'a>)], ctx: &Ctx) {
        for (i, &(_, n)) in kids.iter().enumerate() {
            if !n.is_named() || n.kind() == "comment" {
                continue;
            }
            if backgrounded(kids, i) {
                let c = ctx.with(FrameKind::Background, self.node_span(n));
                self.stmt(n, &c, Tail::default());
            } else {
                self.stmt(n, ctx, Tail::default());
            }
        }
    }

    fn stmt(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        if self.depth >= MAX_DEPTH {
            self.too_deep(node);
            return;
        }
        self.depth += 1;
        self.stmt_inner(node, ctx, tail);
        self.depth -= 1;
    }

    fn stmt_inner(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        match node.kind() {
            "redirected_statement" => self.redirected(node, ctx, tail),
            "list" => self.list(node, ctx, tail),
            "pipeline" => self.pipeline(node, ctx, tail),
            "negated_command" => self.negated(node, ctx, tail),
            _ if tail.conts.is_empty() => self.leaf(node, ctx, tail),
            _ => self.headed(node, ctx, tail),
        }
    }

    fn list(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        let (items, ops) = flatten_list(node);
        let n = items.len();
        let mut tail = Some(tail);
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, it)| {
                let t = if i + 1 == n { tail.take() } else { None };
                Item::Stmt(it, t.unwrap_or_default())
            })
            .collect();
        self.and_or(items, &ops, ctx, self.node_span(node));
    }

    fn pipeline(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        let items: Vec<Node> = kids(node)
            .into_iter()
            .map(|(_, n)| n)
            .filter(|n| n.is_named() && n.kind() != "comment")
            .collect();
        let span = self.node_span(node);
        let len = items.len();
        let mut tail = Some(tail);
        for (i, it) in items.into_iter().enumerate() {
            let c = ctx.with(FrameKind::Pipeline { position: i, len }, span);
            let t = if i + 1 == len { tail.take() } else { None };
            self.stmt(it, &c, t.unwrap_or_default());
        }
    }

    fn negated(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        let c = ctx.with(FrameKind::Negated, self.node_span(node));
        let mut tail = Some(tail);
        for (_, k) in kids(node) {
            if k.is_named() && k.kind() != "comment" {
                self.stmt(k, &c, tail.take().unwrap_or_default());
            }
        }
    }

    /// A statement that consumes its tail; when a heredoc redirect swallowed
    /// a continuation, the statement heads a pipeline or list.
    fn headed(&mut self, node: Node<'a>, ctx: &Ctx, mut tail: Tail<'a>) {
        let conts = std::mem::take(&mut tail.conts);
        let mut conts = conts.into_iter();
        let Some((cont, more)) = conts.next() else {
            self.leaf(node, ctx, tail);
            return;
        };
        let span = self.span(node.start_byte()..more.end_byte());
        match cont {
            Cont::Pipe => {
                let rest: Vec<Node> = kids(more)
                    .into_iter()
                    .map(|(_, n)| n)
                    .filter(|n| n.is_named() && n.kind() != "comment")
                    .collect();
                let len = rest.len() + 1;
                let c = ctx.with(FrameKind::Pipeline { position: 0, len }, span);
                self.leaf(node, &c, tail);
                for (i, it) in rest.into_iter().enumerate() {
                    let c = ctx.with(
                        FrameKind::Pipeline {
                            position: i + 1,
                            len,
                        },
                        span,
                    );
                    self.stmt(it, &c, Tail::default());
                }
            }
            Cont::List(op) => {
                let (rest, rest_ops) = if more.kind() == "list" {
                    flatten_list(more)
                } else {
                    (vec![more], Vec::new())
                };
                let mut items = vec![Item::Head(node, tail)];
                items.extend(rest.into_iter().map(|n| Item::Stmt(n, Tail::default())));
                let mut ops = vec![op];
                ops.extend(rest_ops);
                self.and_or(items, &ops, ctx, span);
            }
        }
        for (_, n) in conts {
            self.stmt(n, ctx, Tail::default());
        }
    }

    /// The members of an `&&`/`||` list: each is guarded by those before it.
    fn and_or(&mut self, items: Vec<Item<'a>>, ops: &[ListOp], ctx: &Ctx, span: Span) {
        let len = items.len();
        let mut prior: Vec<GuardRef> = Vec::new();
        for (k, item) in items.into_iter().enumerate() {
            let before = k.checked_sub(1).and_then(|j| ops.get(j)).copied();
            let after = ops.get(k).copied();
            let from = prior.len().saturating_sub(MAX_LIST_GUARDS);
            let c = ctx
                .with(
                    FrameKind::List {
                        position: k,
                        len,
                        before,
                        after,
                    },
                    span,
                )
                .guarded(prior[from..].iter().cloned());
            let start = self.commands.len();
            let node = match item {
                Item::Stmt(n, t) => {
                    self.stmt(n, &c, t);
                    n
                }
                Item::Head(n, t) => {
                    self.leaf(n, &c, t);
                    n
                }
            };
            if let Some(op) = after {
                let g = self.guard(
                    node,
                    GuardKind::List,
                    op == ListOp::And,
                    start..self.commands.len(),
                );
                prior.push(g);
            }
        }
    }

    /// A statement that takes the redirects of its tail for itself.
    fn leaf(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        let pending = match node.kind() {
            "command" => self.simple(node, ctx, tail),
            "declaration_command" | "unset_command" => self.declaration(node, ctx, tail),
            "test_command" => self.test(node, ctx, tail),
            "variable_assignment" | "variable_assignments" => self.assignments(node, ctx, tail),
            "comment" => return,
            _ => {
                let (inner, scans) = Self::absorb(ctx, tail);
                self.compound(node, &inner);
                self.run_scans(&scans, ctx, None);
                return;
            }
        };
        self.run_pending(pending, ctx);
    }

    /// Search a pushed command's words for substitutions.
    fn run_pending(&mut self, p: Pending<'a>, ctx: &Ctx) {
        for (n, assigned) in p.words {
            self.scan(n, ctx, Some(p.index), assigned.as_deref());
        }
        self.run_scans(&p.scans, ctx, Some(p.index));
    }

    fn compound(&mut self, node: Node<'a>, ctx: &Ctx) {
        match node.kind() {
            "subshell" => self.block(node, ctx, FrameKind::Subshell),
            "compound_statement" => {
                if node.child(0).is_some_and(|n| n.kind() == "((") {
                    // arithmetic command: only its substitutions run
                    self.scan(node, ctx, None, None);
                } else {
                    self.block(node, ctx, FrameKind::BraceGroup);
                }
            }
            "if_statement" => self.if_statement(node, ctx),
            "while_statement" => self.while_statement(node, ctx),
            "for_statement" => self.for_statement(node, ctx),
            "c_style_for_statement" => self.c_for_statement(node, ctx),
            "case_statement" => self.case_statement(node, ctx),
            "function_definition" => self.function(node, ctx),
            "do_group" => self.seq(&kids(node), ctx),
            "ERROR" => self.error_node(node, ctx),
            _ => self.scan(node, ctx, None, None),
        }
    }

    fn block(&mut self, node: Node<'a>, ctx: &Ctx, kind: FrameKind) {
        let c = ctx.with(kind, self.node_span(node));
        self.seq(&kids(node), &c);
    }

    /// The statements tree-sitter could recover inside an `ERROR` node.
    fn error_node(&mut self, node: Node<'a>, ctx: &Ctx) {
        let c = ctx.with(FrameKind::Error, self.node_span(node));
        let kids = kids(node);
        for (i, &(_, k)) in kids.iter().enumerate() {
            if !k.is_named() || k.kind() == "comment" {
                continue;
            }
            if is_statement(k.kind()) || k.is_error() {
                let c = if backgrounded(&kids, i) {
                    c.with(FrameKind::Background, self.node_span(k))
                } else {
                    c.clone()
                };
                self.stmt(k, &c, Tail::default());
            } else {
                self.scan(k, &c, None, None);
            }
        }
    }

    /// Make a tail's redirects the inherited redirects of a compound command;
    /// returns the nodes to search for substitutions after the compound.
    fn absorb(ctx: &Ctx, tail: Tail<'a>) -> (Ctx, Vec<(Node<'a>, bool)>) {
        let mut c = ctx.clone();
        c.inherited.splice(0..0, tail.redirects);
        let mut scans: Vec<(Node<'a>, bool)> = tail
            .extra_args
            .into_iter()
            .flatten()
            .map(|n| (n, false))
            .collect();
        scans.extend(tail.scans);
        (c, scans)
    }

    fn run_scans(&mut self, scans: &[(Node<'a>, bool)], ctx: &Ctx, host: Option<usize>) {
        for &(n, heredoc) in scans {
            if heredoc {
                let c = ctx.with(FrameKind::HeredocBody { host }, self.node_span(n));
                self.scan(n, &c, host, None);
            } else {
                self.scan(n, ctx, host, None);
            }
        }
    }

    fn redirected(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        let mut own = Tail::default();
        let mut body = None;
        for (field, k) in kids(node) {
            if field == Some("body") {
                body = Some(k);
            } else if is_redirect(k.kind()) {
                self.redirect(k, &mut own, 0);
            } else if k.is_named() && k.kind() != "comment" && !k.is_error() {
                own.scans.push((k, false));
            }
        }
        own.append(tail);
        match body {
            Some(b) => self.stmt(b, ctx, own),
            None => self.push_redirection(node, ctx, own),
        }
    }

    /// Collect one redirect node into `out`.
    fn redirect(&mut self, node: Node<'a>, out: &mut Tail<'a>, depth: usize) {
        let mut fd = None;
        let mut op = None;
        let mut targets: Vec<Node<'a>> = Vec::new();
        let mut heredoc_start = None;
        let mut heredoc_body = None;
        let mut heredoc_end = None;
        let mut nested = Vec::new();
        let mut cont_op = None;
        for (field, k) in kids(node) {
            match (field, k.kind()) {
                (Some("descriptor"), _) => fd = Some(self.text(k).to_owned()),
                (_, "heredoc_start") => heredoc_start = Some(k),
                (_, "heredoc_body") => heredoc_body = Some(k),
                (_, "heredoc_end") => heredoc_end = Some(k),
                (Some("redirect"), _) => nested.push(k),
                (Some("argument"), _) => out.extra_args.push(vec![k]),
                (Some("operator"), "&&") => cont_op = Some(ListOp::And),
                (Some("operator"), "||") => cont_op = Some(ListOp::Or),
                (Some("right"), _) => {
                    out.conts
                        .push((Cont::List(cont_op.unwrap_or(ListOp::And)), k));
                }
                (_, "pipeline") if node.kind() == "heredoc_redirect" => {
                    out.conts.push((Cont::Pipe, k));
                }
                (_, "comment") => {}
                _ if k.is_error() => {}
                _ if !k.is_named() => {
                    if op.is_none() {
                        op = Some(k);
                    }
                }
                _ => targets.push(k),
            }
        }
        let op_text = op.map_or_else(String::new, |o| self.text(o).to_owned());
        let head_end = heredoc_start
            .map(|h| h.end_byte())
            .or(targets.first().map(Node::end_byte))
            .or(op.map(|o| o.end_byte()))
            .unwrap_or(node.end_byte());
        let bytes = node.start_byte()..head_end.max(node.start_byte());
        let heredoc =
            heredoc_start.map(|start| self.heredoc(&op_text, start, heredoc_body, heredoc_end));
        let target = if let Some(start) = heredoc_start {
            let mut w = self.word(&[start]);
            let delim = heredoc
                .as_ref()
                .map(|h| h.delimiter.clone())
                .unwrap_or_default();
            w.value = Some(delim.clone());
            w.unquoted = delim;
            w
        } else {
            // extra destination words are arguments (`echo > f x`)
            let groups = group_contiguous(&targets);
            let mut groups = groups.into_iter();
            let first = groups.next();
            for g in groups {
                out.extra_args.push(g);
            }
            match first {
                Some(g) => {
                    for &n in &g {
                        out.scans.push((n, false));
                    }
                    self.word(&g)
                }
                None => self.empty_word(bytes.end),
            }
        };
        if let Some(b) = heredoc_body
            && heredoc.as_ref().is_some_and(|h| !h.quoted)
        {
            out.scans.push((b, true));
        }
        out.redirects.push(Redirect {
            op: op_text,
            fd,
            target,
            span: self.span(bytes.clone()),
            text: slice(self.src, bytes.clone()).to_owned(),
            bytes,
            heredoc,
        });
        for n in nested {
            if depth < MAX_DEPTH && is_redirect(n.kind()) {
                self.redirect(n, out, depth + 1);
            }
        }
    }

    fn heredoc(&self, op: &str, start: Node, body: Option<Node>, end: Option<Node>) -> Heredoc {
        let raw = self.text(start);
        let quoted = raw.contains(['\'', '"', '\\']);
        let delimiter: String = raw
            .chars()
            .filter(|c| !matches!(c, '\'' | '"' | '\\'))
            .collect();
        // The body: from the start of the line after the command line to the
        // start of the delimiter line (tree-sitter's heredoc_body node skips
        // the first line's tabs with `<<-` and keeps the delimiter line's).
        let line_start = |at: usize| {
            self.src
                .get(..at)
                .and_then(|s| s.rfind('\n'))
                .map_or(0, |i| i + 1)
        };
        let body_start = body.map_or_else(
            || end.map_or(start.end_byte(), |e| line_start(e.start_byte())),
            |b| line_start(b.start_byte()).max(start.end_byte()),
        );
        let body_end = match (end, body) {
            (Some(e), _) => line_start(e.start_byte()),
            (None, Some(b)) => b.end_byte(),
            (None, None) => body_start,
        }
        .max(body_start);
        let bytes = body_start..body_end;
        Heredoc {
            delimiter,
            quoted,
            strip_tabs: op == "<<-",
            body: slice(self.src, bytes.clone()).to_owned(),
            body_span: self.span(bytes.clone()),
            body_bytes: bytes,
        }
    }

    /// Search a node for command and process substitutions, iteratively; a
    /// statement found inside (error recovery) is walked as one.
    fn scan(&mut self, node: Node<'a>, ctx: &Ctx, host: Option<usize>, assigned: Option<&str>) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "command_substitution" | "process_substitution" | "heredoc_body" => {
                    self.scan_nested(n, ctx, host, assigned);
                }
                kind if n != node && is_statement(kind) => self.stmt(n, ctx, Tail::default()),
                _ => {
                    if n.child_count() > 0 {
                        let mut c = n.walk();
                        let at = stack.len();
                        stack.extend(n.children(&mut c));
                        stack[at..].reverse();
                    }
                }
            }
        }
    }

    fn scan_nested(&mut self, n: Node<'a>, ctx: &Ctx, host: Option<usize>, assigned: Option<&str>) {
        let kind = match n.kind() {
            "command_substitution" => FrameKind::CommandSubstitution {
                host,
                assigned_to: assigned.map(str::to_owned),
            },
            "process_substitution" => FrameKind::ProcessSubstitution { host },
            _ => {
                if ctx.has(|k| matches!(k, FrameKind::HeredocBody { .. })) {
                    self.scan_children(n, ctx, host, assigned);
                } else {
                    let c = ctx.with(FrameKind::HeredocBody { host }, self.node_span(n));
                    self.scan_children(n, &c, host, assigned);
                }
                return;
            }
        };
        let c = ctx.with(kind, self.node_span(n));
        self.substitution(n, &c);
    }

    fn scan_children(
        &mut self,
        n: Node<'a>,
        ctx: &Ctx,
        host: Option<usize>,
        assigned: Option<&str>,
    ) {
        let mut c = n.walk();
        let children: Vec<Node<'a>> = n.children(&mut c).collect();
        for k in children {
            self.scan(k, ctx, host, assigned);
        }
    }

    /// The statements of `$( … )`, `` `…` ``, `<( … )`.
    fn substitution(&mut self, node: Node<'a>, ctx: &Ctx) {
        let kids = kids(node);
        let mut redirects = Tail::default();
        for &(field, k) in &kids {
            if field == Some("redirect") || is_redirect(k.kind()) {
                self.redirect(k, &mut redirects, 0);
            }
        }
        if !redirects.redirects.is_empty() {
            // `$(< file)`
            self.push_redirection(node, ctx, redirects);
        }
        let stmts: Vec<_> = kids
            .into_iter()
            .filter(|&(field, k)| field != Some("redirect") && !is_redirect(k.kind()))
            .collect();
        self.seq(&stmts, ctx);
    }

    /// Push a command; returns its index.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: CommandKind,
        name: Option<Word>,
        args: Vec<Word>,
        assignments: Vec<Assignment>,
        redirects: Vec<Redirect>,
        node: Node,
        ctx: &Ctx,
    ) -> usize {
        let mut bytes = node.byte_range();
        for r in &redirects {
            bytes.start = bytes.start.min(r.bytes.start);
            bytes.end = bytes.end.max(r.bytes.end);
        }
        if node.kind() == "redirected_statement" && !redirects.is_empty() {
            // a redirect-only statement: its redirects, not heredoc bodies
            bytes = redirects
                .iter()
                .map(|r| r.bytes.start)
                .min()
                .unwrap_or(bytes.start)
                ..redirects
                    .iter()
                    .map(|r| r.bytes.end)
                    .max()
                    .unwrap_or(bytes.end);
        }
        let index = self.commands.len();
        self.commands.push(Command {
            kind,
            name,
            args,
            assignments,
            redirects,
            inherited_redirects: ctx.inherited.clone(),
            span: self.span(bytes.clone()),
            text: slice(self.src, bytes.clone()).to_owned(),
            bytes,
            context: Context {
                frames: ctx.frames.clone(),
            },
            guarded_by: ctx.guards.clone(),
            index,
            top_level_step: self.step,
        });
        index
    }

    fn push_redirection(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) {
        let mut tail = tail;
        let conts = std::mem::take(&mut tail.conts);
        let (extra, extra_nodes) = self.args(&[], &mut tail);
        let index = self.push(
            CommandKind::Redirection,
            None,
            extra,
            Vec::new(),
            std::mem::take(&mut tail.redirects),
            node,
            ctx,
        );
        let pending = Pending {
            index,
            words: extra_nodes.into_iter().map(|n| (n, None)).collect(),
            scans: tail.scans,
        };
        self.run_pending(pending, ctx);
        for (_, n) in conts {
            self.stmt(n, ctx, Tail::default());
        }
    }

    fn assignment(&self, node: Node) -> Assignment {
        let name = node
            .child_by_field_name("name")
            .map_or_else(String::new, |n| self.text(n).to_owned());
        let op = {
            let mut c = node.walk();
            let found = node
                .children(&mut c)
                .find(|k| !k.is_named() && matches!(k.kind(), "=" | "+="))
                .map_or("=", |k| k.kind());
            found.to_owned()
        };
        let value = node.child_by_field_name("value").map(|v| {
            // `a=(x y)` and other multi-node values: the whole value range
            let mut c = node.walk();
            let vals: Vec<Node> = node.children_by_field_name("value", &mut c).collect();
            if vals.len() > 1 {
                self.word(&vals)
            } else {
                self.word(&[v])
            }
        });
        Assignment {
            name,
            op,
            value,
            span: self.node_span(node),
        }
    }

    fn simple(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) -> Pending<'a> {
        let mut name = None;
        let mut arg_nodes: Vec<Node<'a>> = Vec::new();
        let mut assignments = Vec::new();
        let mut own = Tail::default();
        let mut words: Vec<(Node<'a>, Option<String>)> = Vec::new();
        for (field, k) in kids(node) {
            match (field, k.kind()) {
                (_, "comment") => {}
                (Some("name"), _) => {
                    name = Some(self.word(&[k]));
                    words.push((k, None));
                }
                (Some("argument"), _) => arg_nodes.push(k),
                (_, "variable_assignment") => {
                    let a = self.assignment(k);
                    words.push((k, Some(a.name.clone())));
                    assignments.push(a);
                }
                (_, kind) if field == Some("redirect") || is_redirect(kind) => {
                    self.redirect(k, &mut own, 0);
                }
                _ if k.is_named() && !k.is_error() => words.push((k, None)),
                _ => {}
            }
        }
        own.append(tail);
        let (args, arg_nodes) = self.args(&arg_nodes, &mut own);
        words.extend(arg_nodes.into_iter().map(|n| (n, None)));
        let index = self.push(
            CommandKind::Simple,
            name,
            args,
            assignments,
            std::mem::take(&mut own.redirects),
            node,
            ctx,
        );
        Pending {
            index,
            words,
            scans: own.scans,
        }
    }

    /// Arguments from argument nodes and the words a tail's redirects
    /// swallowed, in order; also returns their nodes.
    fn args(&self, nodes: &[Node<'a>], tail: &mut Tail<'a>) -> (Vec<Word>, Vec<Node<'a>>) {
        let mut groups = group_contiguous(nodes);
        groups.extend(std::mem::take(&mut tail.extra_args));
        groups.sort_by_key(|g| g.first().map_or(0, Node::start_byte));
        let words = groups.iter().map(|g| self.word(g)).collect();
        (words, groups.into_iter().flatten().collect())
    }

    fn declaration(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) -> Pending<'a> {
        let mut name = None;
        let mut arg_nodes = Vec::new();
        let mut assignments = Vec::new();
        let mut own = Tail::default();
        for (field, k) in kids(node) {
            if k.kind() == "comment" || k.is_error() {
                continue;
            }
            if field == Some("redirect") || is_redirect(k.kind()) {
                self.redirect(k, &mut own, 0);
            } else if !k.is_named() && name.is_none() {
                name = Some(self.word(&[k]));
            } else {
                if k.kind() == "variable_assignment" {
                    assignments.push(self.assignment(k));
                }
                arg_nodes.push(k);
            }
        }
        own.append(tail);
        let (args, arg_nodes) = self.args(&arg_nodes, &mut own);
        let words = arg_nodes
            .into_iter()
            .map(|n| {
                let assigned = (n.kind() == "variable_assignment")
                    .then(|| n.child_by_field_name("name"))
                    .flatten()
                    .map(|v| self.text(v).to_owned());
                (n, assigned)
            })
            .collect();
        let index = self.push(
            CommandKind::Declaration,
            name,
            args,
            assignments,
            std::mem::take(&mut own.redirects),
            node,
            ctx,
        );
        Pending {
            index,
            words,
            scans: own.scans,
        }
    }

    fn test(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) -> Pending<'a> {
        let name = node
            .child(0)
            .filter(|n| !n.is_named())
            .map(|b| self.word(&[b]));
        let frags = test_fragments(node);
        let args = group_contiguous(&frags)
            .iter()
            .map(|g| self.word(g))
            .collect();
        let mut own = tail;
        let index = self.push(
            CommandKind::Test,
            name,
            args,
            Vec::new(),
            std::mem::take(&mut own.redirects),
            node,
            ctx,
        );
        let mut words: Vec<(Node<'a>, Option<String>)> =
            frags.into_iter().map(|n| (n, None)).collect();
        words.extend(own.extra_args.into_iter().flatten().map(|n| (n, None)));
        Pending {
            index,
            words,
            scans: own.scans,
        }
    }

    fn assignments(&mut self, node: Node<'a>, ctx: &Ctx, tail: Tail<'a>) -> Pending<'a> {
        let list: Vec<Node> = if node.kind() == "variable_assignment" {
            vec![node]
        } else {
            kids(node)
                .into_iter()
                .map(|(_, n)| n)
                .filter(|n| n.kind() == "variable_assignment")
                .collect()
        };
        let assignments: Vec<Assignment> = list.iter().map(|&n| self.assignment(n)).collect();
        let mut own = tail;
        let (extra, extra_nodes) = self.args(&[], &mut own);
        let index = self.push(
            CommandKind::Assignment,
            None,
            extra,
            assignments,
            std::mem::take(&mut own.redirects),
            node,
            ctx,
        );
        let mut words: Vec<(Node<'a>, Option<String>)> = list
            .into_iter()
            .filter_map(|n| {
                let assigned = n
                    .child_by_field_name("name")
                    .map(|v| self.text(v).to_owned());
                n.child_by_field_name("value").map(|v| (v, assigned))
            })
            .collect();
        words.extend(extra_nodes.into_iter().map(|n| (n, None)));
        Pending {
            index,
            words,
            scans: own.scans,
        }
    }

    /// A guard from a condition statement.
    fn guard(
        &self,
        node: Node,
        kind: GuardKind,
        on_success: bool,
        commands: Range<usize>,
    ) -> GuardRef {
        let (operands, test) = self.operands(node);
        let (members, ops) = self.members(node);
        GuardRef {
            kind,
            text: self.text(node).trim().to_owned(),
            span: self.node_span(node),
            on_success,
            operands,
            test,
            commands,
            members,
            ops,
        }
    }

    /// The members of a list condition and its operators (none otherwise).
    fn members(&self, node: Node) -> (Vec<GuardMember>, Vec<ListOp>) {
        if node.kind() != "list" {
            return (Vec::new(), Vec::new());
        }
        let (items, ops) = flatten_list(node);
        let members = items
            .iter()
            .map(|it| {
                let (operands, test) = self.simple_operands(*it);
                GuardMember { operands, test }
            })
            .collect();
        (members, ops)
    }

    /// A condition's operands (see [`GuardRef::operands`]).
    fn operands(&self, node: Node) -> (Vec<String>, bool) {
        match node.kind() {
            "list" => {
                let (items, ops) = flatten_list(node);
                let mut out = Vec::new();
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        let op = ops.get(i - 1).copied().unwrap_or(ListOp::And);
                        out.push(op.as_str().to_owned());
                    }
                    out.extend(self.simple_operands(*it).0);
                }
                (out, false)
            }
            "pipeline" => {
                let mut out = Vec::new();
                let mut c = node.walk();
                for (i, it) in node
                    .named_children(&mut c)
                    .filter(|n| n.kind() != "comment")
                    .enumerate()
                {
                    if i > 0 {
                        out.push("|".to_owned());
                    }
                    out.extend(self.simple_operands(it).0);
                }
                (out, false)
            }
            _ => self.simple_operands(node),
        }
    }

    fn simple_operands(&self, node: Node) -> (Vec<String>, bool) {
        let mut negations = 0;
        let mut n = node;
        loop {
            let next = match n.kind() {
                "redirected_statement" => n.child_by_field_name("body"),
                "negated_command" => {
                    negations += 1;
                    let mut c = n.walk();
                    n.named_children(&mut c).find(|k| k.kind() != "comment")
                }
                _ => break,
            };
            match next {
                Some(k) => n = k,
                None => break,
            }
        }
        let (mut words, test): (Vec<String>, bool) = match n.kind() {
            "test_command" => (
                group_contiguous(&test_fragments(n))
                    .iter()
                    .map(|g| self.word(g).unquoted)
                    .collect(),
                true,
            ),
            "command" => {
                let mut c = n.walk();
                let name = n
                    .child_by_field_name("name")
                    .map(|k| self.word(&[k]).unquoted);
                let args: Vec<Node> = n.children_by_field_name("argument", &mut c).collect();
                let args = group_contiguous(&args)
                    .iter()
                    .map(|g| self.word(g).unquoted)
                    .collect::<Vec<_>>();
                if name.as_deref() == Some("test") {
                    (args, true)
                } else {
                    (name.into_iter().chain(args).collect(), false)
                }
            }
            _ => (Vec::new(), false),
        };
        if negations > 0 {
            words.splice(0..0, std::iter::repeat_n("!".to_owned(), negations));
        }
        (words, test)
    }

    fn if_statement(&mut self, node: Node<'a>, ctx: &Ctx) {
        let span = self.node_span(node);
        let kids = kids(node);
        let mut prior: Vec<GuardRef> = Vec::new();
        self.if_branch(&kids, ctx, span, IfBranch::If, &mut prior);
        let mut elifs = 0;
        for &(_, k) in &kids {
            match k.kind() {
                "elif_clause" => {
                    elifs += 1;
                    self.if_branch(&self::kids(k), ctx, span, IfBranch::Elif(elifs), &mut prior);
                }
                "else_clause" => {
                    let c = ctx
                        .with(
                            FrameKind::If {
                                condition: false,
                                branch: IfBranch::Else,
                            },
                            span,
                        )
                        .guarded(prior.iter().cloned());
                    self.seq(&self::kids(k), &c);
                }
                _ => {}
            }
        }
    }

    /// One `if`/`elif` branch: condition statements until `then`, then the
    /// body (up to the next clause).
    fn if_branch(
        &mut self,
        kids: &[(Option<&'static str>, Node<'a>)],
        ctx: &Ctx,
        span: Span,
        branch: IfBranch,
        prior: &mut Vec<GuardRef>,
    ) {
        let cond_ctx = ctx
            .with(
                FrameKind::If {
                    condition: true,
                    branch,
                },
                span,
            )
            .guarded(prior.iter().cloned());
        let mut body_ctx: Option<Ctx> = None;
        let mut last_cond: Option<(Node, Range<usize>)> = None;
        let mut guard = None;
        for (i, &(_, k)) in kids.iter().enumerate() {
            if !k.is_named() {
                if k.kind() == "then" && body_ctx.is_none() {
                    guard = last_cond
                        .take()
                        .map(|(n, r)| self.guard(n, GuardKind::If, true, r));
                    body_ctx = Some(
                        ctx.with(
                            FrameKind::If {
                                condition: false,
                                branch,
                            },
                            span,
                        )
                        .guarded(prior.iter().cloned().chain(guard.clone())),
                    );
                }
                continue;
            }
            if matches!(k.kind(), "elif_clause" | "else_clause" | "comment") {
                continue;
            }
            let base = body_ctx.as_ref().unwrap_or(&cond_ctx);
            let c = if backgrounded(kids, i) {
                base.with(FrameKind::Background, self.node_span(k))
            } else {
                base.clone()
            };
            let start = self.commands.len();
            let in_cond = body_ctx.is_none();
            self.stmt(k, &c, Tail::default());
            if in_cond {
                last_cond = Some((k, start..self.commands.len()));
            }
        }
        if let Some(mut g) = guard {
            g.on_success = false;
            prior.push(g);
        }
    }

    fn while_statement(&mut self, node: Node<'a>, ctx: &Ctx) {
        let span = self.node_span(node);
        let kids = kids(node);
        let until = kids.first().is_some_and(|(_, k)| k.kind() == "until");
        let frame = |condition| {
            if until {
                FrameKind::Until { condition }
            } else {
                FrameKind::While { condition }
            }
        };
        let cond_ctx = ctx.with(frame(true), span);
        let mut last: Option<(Node, Range<usize>)> = None;
        let mut body = None;
        for (i, &(field, k)) in kids.iter().enumerate() {
            if !k.is_named() || k.kind() == "comment" {
                continue;
            }
            if field == Some("body") {
                body = Some(k);
                continue;
            }
            let start = self.commands.len();
            if backgrounded(&kids, i) {
                let c = cond_ctx.with(FrameKind::Background, self.node_span(k));
                self.stmt(k, &c, Tail::default());
            } else {
                self.stmt(k, &cond_ctx, Tail::default());
            }
            last = Some((k, start..self.commands.len()));
        }
        let guard = last.map(|(n, r)| self.guard(n, GuardKind::Loop, !until, r));
        let body_ctx = ctx.with(frame(false), span).guarded(guard);
        if let Some(b) = body {
            self.body(b, &body_ctx);
        }
    }

    /// A loop or function body: `do … done`, `{ … }` or another statement.
    fn body(&mut self, b: Node<'a>, ctx: &Ctx) {
        match b.kind() {
            "do_group" => self.seq(&kids(b), ctx),
            "compound_statement" if b.child(0).is_none_or(|n| n.kind() != "((") => {
                self.seq(&kids(b), ctx);
            }
            _ => self.stmt(b, ctx, Tail::default()),
        }
    }

    fn for_statement(&mut self, node: Node<'a>, ctx: &Ctx) {
        let span = self.node_span(node);
        let kids = kids(node);
        let variable = node
            .child_by_field_name("variable")
            .map_or_else(String::new, |v| self.text(v).to_owned());
        let values: Vec<Node> = kids
            .iter()
            .filter(|(f, _)| *f == Some("value"))
            .map(|&(_, n)| n)
            .collect();
        let items: Vec<String> = values.iter().map(|&v| self.text(v).to_owned()).collect();
        let header = ctx.with(
            FrameKind::For {
                variable: variable.clone(),
                items: items.clone(),
                header: true,
            },
            span,
        );
        for v in values {
            self.scan(v, &header, None, None);
        }
        let c = ctx.with(
            FrameKind::For {
                variable,
                items,
                header: false,
            },
            span,
        );
        if let Some(b) = node.child_by_field_name("body") {
            self.body(b, &c);
        }
    }

    fn c_for_statement(&mut self, node: Node<'a>, ctx: &Ctx) {
        let c = ctx.with(FrameKind::CFor, self.node_span(node));
        for (field, k) in kids(node) {
            match field {
                Some("body") => self.body(k, &c),
                _ if k.is_named() => self.scan(k, &c, None, None),
                _ => {}
            }
        }
    }

    fn case_statement(&mut self, node: Node<'a>, ctx: &Ctx) {
        let span = self.node_span(node);
        let subject = node
            .child_by_field_name("value")
            .map_or_else(String::new, |v| self.text(v).to_owned());
        for (field, k) in kids(node) {
            if field == Some("value") {
                let c = ctx.with(
                    FrameKind::Case {
                        subject: subject.clone(),
                        patterns: Vec::new(),
                    },
                    span,
                );
                self.scan(k, &c, None, None);
            } else if k.kind() == "case_item" {
                let item = kids(k);
                let patterns = item
                    .iter()
                    .filter(|(f, _)| *f == Some("value"))
                    .map(|&(_, n)| self.text(n).to_owned())
                    .collect();
                let c = ctx.with(
                    FrameKind::Case {
                        subject: subject.clone(),
                        patterns,
                    },
                    span,
                );
                let stmts: Vec<_> = item
                    .into_iter()
                    .filter(|(f, _)| *f != Some("value"))
                    .collect();
                self.seq(&stmts, &c);
            }
        }
    }

    fn function(&mut self, node: Node<'a>, ctx: &Ctx) {
        let name = node
            .child_by_field_name("name")
            .map_or_else(String::new, |n| self.text(n).to_owned());
        let mut own = Tail::default();
        let mut c = node.walk();
        let redirects: Vec<Node> = node.children_by_field_name("redirect", &mut c).collect();
        for r in redirects {
            self.redirect(r, &mut own, 0);
        }
        let (inner, scans) = Self::absorb(ctx, own);
        let c = inner.with(FrameKind::Function { name }, self.node_span(node));
        if let Some(b) = node.child_by_field_name("body") {
            self.body(b, &c);
        }
        self.run_scans(&scans, ctx, None);
    }
}
