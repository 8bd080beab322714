//! The files an image's build writes, followed through its instructions in
//! order: the text of each file (redirects of `echo`/`printf`/`cat`, `tee`,
//! heredocs and here-strings, `sh -c` strings, `cp`/`mv`/`install`, COPY/ADD
//! of staged files and heredocs), the directories it makes, and the modes it
//! gives (`chmod`, `install -m`, `COPY --chmod`), each with the place that
//! did it.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Span;
use crate::ingest::shell::effects::{self, apply_mode};
use crate::ingest::shell::{self, Command, Script, Word};

use super::{Image, MadeExecutable};

/// Nested `sh -c '…'` scripts are read at most this deep.
const MAX_NESTING: usize = 4;

/// Directories every base image has (or its packages make): a copy to one
/// of them goes into it.
const KNOWN_DIRS: &[&str] = &[
    "/etc",
    "/etc/profile.d",
    "/etc/sudoers.d",
    "/usr/bin",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/usr/sbin",
    "/opt",
    "/tmp",
];

/// A file's mode before any chmod: what a redirect creates under umask 022.
const CREATED_MODE: u32 = 0o644;

/// A mode given to paths: `chmod MODE PATH…`, `install -m`, `COPY --chmod`.
struct ModeChange {
    target: MadeExecutable,
    mode: String,
    /// The command or instruction that changes the mode.
    at: Option<Span>,
    /// Given by a RUN command (not a COPY's `--chmod`).
    by_run: bool,
}

/// What the image writes, in instruction order.
#[derive(Default)]
pub struct ImageFiles {
    /// The text of each file written (absolute paths as written).
    files: BTreeMap<String, String>,
    /// Directories the image creates (`mkdir`), for copies into them.
    dirs: BTreeSet<String>,
    modes: Vec<ModeChange>,
    /// Where each file was last written.
    written_at: BTreeMap<String, Span>,
    /// The command or instruction being followed.
    at: Option<Span>,
    /// A RUN script is being followed.
    in_run: bool,
}

fn normalize(path: &str) -> String {
    let mut p = path.to_string();
    while p.contains("//") {
        p = p.replace("//", "/");
    }
    if p.len() > 1 {
        p = p.trim_end_matches('/').to_string();
    }
    p
}

fn basename(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// Backslash escapes of `printf` and `echo -e`: `\n`, `\t`, `\\`.
fn escapes(s: &str) -> String {
    s.replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
}

/// The text `printf FORMAT ARGS…` prints (`%s`/`%b` filled in order; the
/// format is reused while arguments remain).
fn printf_text(args: &[&str]) -> String {
    let Some((format, mut rest)) = args.split_first() else {
        return String::new();
    };
    let format = escapes(format);
    let mut out = String::new();
    for _ in 0..64 {
        let mut piece = String::new();
        let mut chunks = format.split('%');
        piece.push_str(chunks.next().unwrap_or(""));
        for chunk in chunks {
            if let Some(tail) = chunk.strip_prefix(['s', 'b']) {
                let (arg, next) = rest.split_first().map_or(("", &[][..]), |(a, n)| (*a, n));
                piece.push_str(&escapes(arg));
                rest = next;
                piece.push_str(tail);
            } else if chunk.is_empty() {
                piece.push('%');
            } else {
                piece.push_str(chunk);
            }
        }
        out.push_str(&piece);
        if rest.is_empty() {
            break;
        }
    }
    out
}

/// The text a command prints by itself: `echo`, `printf`, a heredoc or
/// here-string it reads (`cat <<EOF`), or the files `cat` reads.
fn output(c: &Command, w: &ImageFiles) -> Option<String> {
    if let Some(r) = c
        .redirects
        .iter()
        .find(|r| r.heredoc.is_some() || r.op == "<<<")
    {
        return match &r.heredoc {
            Some(h) => Some(h.content()),
            None => Some(format!("{}\n", r.target.unquoted)),
        };
    }
    let (name, args) = c.invoked()?;
    let args: Vec<&str> = args.iter().map(|a| a.unquoted.as_str()).collect();
    match basename(name.value_or_text()) {
        "echo" => {
            let words: Vec<&str> = args
                .iter()
                .copied()
                .skip_while(|a| matches!(*a, "-e" | "-n" | "-E" | "-ne" | "-en"))
                .collect();
            Some(format!("{}\n", escapes(&words.join(" "))))
        }
        "printf" => Some(printf_text(&args)),
        // `cat FILE…`; `cat` alone passes its input on.
        "cat" if args.iter().any(|a| !a.starts_with('-')) => Some(
            args.iter()
                .filter_map(|a| w.files.get(&normalize(a)))
                .cloned()
                .collect(),
        ),
        _ => None,
    }
}

/// What a command reads on its stdin: its heredoc or here-string, else the
/// output of the pipeline members before it.
fn input(script: &Script, c: &Command, w: &ImageFiles) -> String {
    if let Some(r) = c
        .redirects
        .iter()
        .find(|r| r.heredoc.is_some() || r.op == "<<<")
    {
        return match &r.heredoc {
            Some(h) => h.content(),
            None => format!("{}\n", r.target.unquoted),
        };
    }
    let Some((span, at)) = c.own_pipeline() else {
        return String::new();
    };
    script
        .commands
        .iter()
        .take(c.index)
        .filter(|m| m.own_pipeline().is_some_and(|(s, p)| s == span && p < at))
        .filter_map(|m| output(m, w))
        .collect()
}

impl ImageFiles {
    /// The text of the file at `path` ("" when the image does not write it).
    pub fn text(&self, path: &str) -> &str {
        self.files.get(&normalize(path)).map_or("", String::as_str)
    }

    /// The paths RUN commands give an owner-execute mode (`chmod`, and
    /// `install`, whose default mode is 0755), in order, nested `sh -c`
    /// scripts included.
    pub fn made_executable(&self) -> Vec<MadeExecutable> {
        self.modes
            .iter()
            .filter(|m| m.by_run && effects::executable_mode(&m.mode))
            .map(|m| m.target.clone())
            .collect()
    }

    /// Where the file at `path` was last written.
    pub fn written_at(&self, path: &str) -> Option<Span> {
        self.written_at.get(&normalize(path)).copied()
    }

    fn write(&mut self, path: &str, text: &str, append: bool) {
        let path = normalize(path);
        if let Some(at) = self.at {
            self.written_at.insert(path.clone(), at);
        }
        let entry = self.files.entry(path).or_default();
        if !append {
            entry.clear();
        }
        entry.push_str(text);
    }

    fn is_dir(&self, path: &str) -> bool {
        path.ends_with('/')
            || self.dirs.contains(&normalize(path))
            || KNOWN_DIRS.contains(&normalize(path).as_str())
    }

    fn mode(&mut self, path: &str, recursive: bool, mode: &str) {
        let by_run = self.in_run;
        self.modes.push(ModeChange {
            by_run,
            target: MadeExecutable {
                path: normalize(path),
                recursive,
            },
            mode: mode.to_string(),
            at: self.at,
        });
    }

    /// `cp`/`mv`/`install` of `sources` to `dest` (a directory when
    /// `into_dir`): the destinations, with the sources' text copied.
    fn copy(&mut self, sources: &[&str], dest: &str, into_dir: bool) -> Vec<String> {
        let mut out = Vec::new();
        for src in sources {
            let to = if into_dir {
                format!("{}/{}", normalize(dest), basename(src))
            } else {
                normalize(dest)
            };
            if let Some(text) = self.files.get(&normalize(src)).cloned() {
                self.write(&to, &text, false);
            }
            out.push(to);
        }
        out
    }

    /// Follow one RUN script's commands.
    fn run(&mut self, script: &Script, depth: usize) {
        for c in &script.commands {
            self.command(script, c, depth);
        }
    }

    fn command(&mut self, script: &Script, c: &Command, depth: usize) {
        self.at = Some(c.span);
        // Redirects into files.
        for r in c.all_redirects() {
            if r.writes_file()
                && matches!(r.fd.as_deref(), None | Some("1"))
                && let Some(path) = r.target.value.as_deref()
                && path.starts_with('/')
            {
                let text = output(c, self).unwrap_or_else(|| input(script, c, self));
                self.write(path, &text, r.appends());
            }
        }
        let Some((name, args)) = c.invoked() else {
            return;
        };
        match basename(name.value_or_text()) {
            "tee" => {
                let append = args.iter().any(|a| {
                    let t = a.value_or_text();
                    t == "--append"
                        || (t.starts_with('-') && !t.starts_with("--") && t.contains('a'))
                });
                let text = input(script, c, self);
                for a in args.iter().map(Word::value_or_text) {
                    if a.starts_with('/') {
                        self.write(a, &text, append);
                    }
                }
            }
            "sh" | "bash" | "dash" if depth < MAX_NESTING => {
                let inner = args
                    .iter()
                    .position(|a| {
                        a.value_or_text().starts_with('-') && a.value_or_text().contains('c')
                    })
                    .and_then(|i| args.get(i + 1))
                    .and_then(|w| w.value.clone());
                if let Some(text) = inner {
                    self.run(&shell::parse_plain(&text), depth + 1);
                }
            }
            "mkdir" => {
                for a in args.iter().map(Word::value_or_text) {
                    if !a.starts_with('-') {
                        self.dirs.insert(normalize(a));
                    }
                }
            }
            "chmod" => {
                if let Some(m) = effects::chmod(c) {
                    for p in &m.paths {
                        self.mode(p, m.recursive, m.mode);
                    }
                }
            }
            "install" => self.install(args),
            "cp" | "mv" => {
                let (ops, opts) =
                    effects::operands(args, &['t', 'S'], &["target-directory", "suffix"]);
                let target = opts
                    .iter()
                    .find(|(n, _)| n == "t" || n == "target-directory")
                    .map(|(_, v)| *v);
                match target {
                    Some(dir) => {
                        self.copy(&ops, dir, true);
                    }
                    None => {
                        if let Some((dest, sources)) = ops.split_last() {
                            let into = sources.len() > 1 || self.is_dir(dest);
                            self.copy(sources, dest, into);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn install(&mut self, args: &[Word]) {
        let install = effects::install(args);
        if install.directory {
            return;
        }
        let mode = install.mode.unwrap_or("0755");
        let ops = &install.operands;
        let dests = match install.target_dir {
            Some(dir) => self.copy(ops, dir, true),
            None => match ops.split_last() {
                Some((dest, sources)) if !sources.is_empty() => {
                    let into = sources.len() > 1 || self.is_dir(dest);
                    self.copy(sources, dest, into)
                }
                _ => Vec::new(),
            },
        };
        for d in dests {
            self.mode(&d, false, mode);
        }
    }

    /// The file's mode after every change that covers it, in order; `None`
    /// when nothing gives it one.
    pub fn final_mode(&self, path: &str) -> Option<u32> {
        let mut mode = None;
        for m in self.modes.iter().filter(|m| m.target.covers(path)) {
            mode = apply_mode(&m.mode, mode.unwrap_or(CREATED_MODE));
        }
        mode
    }

    /// Where the mode of `path` was last changed.
    pub fn mode_changed_at(&self, path: &str) -> Option<Span> {
        self.modes
            .iter()
            .rev()
            .find(|m| m.target.covers(path))
            .and_then(|m| m.at)
    }
}

/// Follow the image's instructions: RUN scripts, COPY/ADD of files and
/// heredocs.
pub fn image_files(img: &Image) -> ImageFiles {
    let mut w = ImageFiles::default();
    // RUN scripts and staged files are in instruction order: walk them
    // along (linear in the image, however many instructions it has).
    let mut runs = img.runs.iter().peekable();
    let mut staged = img.staged.iter().peekable();
    for (i, ins) in img.dockerfile.instructions.iter().enumerate() {
        while runs.peek().is_some_and(|(_, at)| *at < i) {
            runs.next();
        }
        while staged.peek().is_some_and(|s| s.span.start < ins.span.start) {
            staged.next();
        }
        match ins.keyword.as_str() {
            "RUN" => {
                w.in_run = true;
                while let Some((script, _)) = runs.next_if(|(_, at)| *at == i) {
                    w.run(script, 0);
                }
                w.in_run = false;
            }
            "COPY" | "ADD" => {
                if ins.flag("from").is_some() {
                    continue;
                }
                let chmod = ins.flag("chmod").and_then(|f| f.value.clone());
                w.at = Some(ins.keyword_span);
                while let Some(s) = staged.next_if(|s| s.span.end <= ins.span.end) {
                    w.write(&s.dest, s.text.as_deref().unwrap_or(""), false);
                    if let Some(m) = &chmod {
                        w.mode(&s.dest, false, m);
                    }
                }
                // COPY <<EOF /path
                let Some(paths) = ins.copy_paths() else {
                    continue;
                };
                let (dest, _) = &paths.dest;
                let into_dir = dest.ends_with('/') || paths.sources.len() > 1;
                for (src, _) in &paths.sources {
                    let Some(name) = src.strip_prefix("<<").map(|n| n.trim_start_matches('-'))
                    else {
                        continue;
                    };
                    let name = name.trim_matches(['"', '\'']);
                    let Some(h) = ins.heredocs.iter().find(|h| h.name == name) else {
                        continue;
                    };
                    let to = if into_dir {
                        format!("{}/{name}", normalize(dest))
                    } else {
                        dest.clone()
                    };
                    w.write(&to, &h.body.text, false);
                    if let Some(m) = &chmod {
                        w.mode(&to, false, m);
                    }
                }
            }
            _ => {}
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::printf_text;

    #[test]
    fn printf_fills_its_format() {
        assert_eq!(
            printf_text(&["%s ALL=(ALL) NOPASSWD:ALL\\n", "coder"]),
            "coder ALL=(ALL) NOPASSWD:ALL\n"
        );
        assert_eq!(printf_text(&["%s\\n", "a", "b"]), "a\nb\n");
        assert_eq!(printf_text(&["100%%\\n"]), "100%\n");
    }
}
