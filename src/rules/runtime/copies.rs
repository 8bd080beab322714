//! What the hydration rules (F-5, INV-6, D-2) share: the copies a boot
//! script makes (`cp`, `rsync`, `install`) with their operands as the shell
//! would see them: shell variables assigned once to a known value expanded
//! (`src=/home/coder-files/x; cp "$src" "$dst"`), a relative source resolved
//! against a `cd DIR &&` before it.

use std::collections::HashMap;

use crate::ingest::shell::{Command, CommandKind, FrameKind, GuardKind, Script};

/// Shell variables the script assigns exactly once, with their values
/// (other variables they use expanded in turn).
#[derive(Debug, Default)]
pub struct ShellVars {
    values: HashMap<String, String>,
}

impl ShellVars {
    pub fn of(script: &Script) -> Self {
        let mut seen: HashMap<&str, (usize, String)> = HashMap::new();
        for c in &script.commands {
            let assigns = matches!(c.kind, CommandKind::Assignment | CommandKind::Declaration);
            if !assigns {
                continue;
            }
            for a in &c.assignments {
                let value = a
                    .value
                    .as_ref()
                    .map_or_else(String::new, |v| v.unquoted.clone());
                let e = seen.entry(a.name.as_str()).or_insert((0, String::new()));
                e.0 += 1;
                e.1 = if a.op == "+=" {
                    format!("{}{value}", e.1)
                } else {
                    value
                };
            }
        }
        let mut vars = ShellVars::default();
        // In order of assignment is not kept by the map: expand a few rounds.
        let once: Vec<(String, String)> = seen
            .into_iter()
            .filter(|(_, (n, v))| *n == 1 && !v.contains("$(") && !v.contains('`'))
            .map(|(k, (_, v))| (k.to_string(), v))
            .collect();
        vars.values = once.iter().cloned().collect();
        for _ in 0..4 {
            let next: HashMap<String, String> = vars
                .values
                .iter()
                .map(|(k, v)| (k.clone(), vars.expand(v)))
                .collect();
            vars.values = next;
        }
        vars
    }

    /// `word` with `$NAME`/`${NAME}` of the known variables replaced.
    pub fn expand(&self, word: &str) -> String {
        if !word.contains('$') || self.values.is_empty() {
            return word.to_string();
        }
        let mut out = String::with_capacity(word.len());
        let mut rest = word;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let (name, len) = if let Some(b) = after.strip_prefix('{') {
                match b.find('}') {
                    Some(end) => (&b[..end], end + 2),
                    None => ("", 0),
                }
            } else {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            };
            match self.values.get(name).filter(|_| len > 0) {
                Some(v) => {
                    out.push_str(v);
                    rest = &after[len..];
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A copy the script makes.
pub struct Copy<'c> {
    pub cmd: &'c Command,
    /// `cp`, `rsync` or `install`.
    pub tool: &'static str,
    /// The sources, expanded (a loop variable by each of its items).
    pub sources: Vec<String>,
    /// The sources with shell variables expanded but loop variables kept.
    pub written_sources: Vec<String>,
    /// The destination operand, expanded (as written: `~/`, `$HOME/x`).
    pub dest: String,
    /// It never replaces an existing file (`cp -n`, `--no-clobber`,
    /// `--update=none(-fail)`, `rsync --ignore-existing`).
    pub keeps: bool,
    /// It removes files of the destination the source lacks
    /// (`rsync --delete…`).
    pub deletes: bool,
}

impl Copy<'_> {
    /// Some source is the staging directory or below it.
    pub fn from_staging(&self, staging: &str) -> bool {
        self.sources.iter().any(|s| under(s, staging))
    }

    /// Whether the destination is in the user's home directory: `None` when
    /// it cannot be told (a variable wsc does not know).
    pub fn into_home(&self, user: &str) -> Option<bool> {
        let d = crate::ingest::workspace::home_path(&self.dest, user);
        if under(&d, &format!("/home/{user}")) {
            Some(true)
        } else if d.starts_with('/') {
            Some(false)
        } else {
            None
        }
    }

    /// The files the copy writes, as `/home/USER/…`: the destination, or a
    /// source's file name in it when the destination is a directory (`~/`,
    /// `$HOME`), for the sources as written and as expanded.
    pub fn destination_files(&self, user: &str) -> Vec<String> {
        let dest = crate::ingest::workspace::home_path(&self.dest, user);
        let dir_like = self.dest.ends_with('/') || dest == format!("/home/{user}");
        if !dir_like {
            return vec![dest];
        }
        self.written_sources
            .iter()
            .chain(&self.sources)
            .filter_map(|s| s.trim_end_matches('/').rsplit('/').next())
            .map(|name| format!("{dest}/{name}"))
            .collect()
    }

    /// A guard of the copy tests that a file it writes is absent (the
    /// guard's path with shell and loop variables expanded, or as written).
    pub fn guarded_on_destination(&self, vars: &ShellVars, user: &str) -> bool {
        let dests = self.destination_files(user);
        self.cmd.file_conditions().iter().any(|ft| {
            if ft.when_holds {
                return false;
            }
            let written = vars.expand(&ft.path);
            std::iter::once(written.clone())
                .chain(loop_items(self.cmd, &written))
                .any(|p| dests.contains(&crate::ingest::workspace::home_path(&p, user)))
        })
    }
}

/// `path` is `dir` or below it.
fn under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
}

/// The directory a `cd DIR &&` before the command moved to.
fn cwd(c: &Command, vars: &ShellVars) -> Option<String> {
    c.guarded_by
        .iter()
        .rev()
        .filter(|g| g.kind == GuardKind::List && g.on_success)
        .find_map(|g| match g.operands.as_slice() {
            [cd, dir] if cd == "cd" => Some(vars.expand(dir)),
            _ => None,
        })
}

/// A word with the variable of an enclosing `for NAME in ITEMS` loop
/// replaced by each item (`"$f"` over `/home/coder-files/*`); the word
/// itself when it uses no loop variable.
fn loop_items(c: &Command, word: &str) -> Vec<String> {
    for f in c.context.frames.iter().rev() {
        if let FrameKind::For {
            variable,
            items,
            header: false,
        } = &f.kind
            && !items.is_empty()
        {
            let plain = format!("${variable}");
            let braced = format!("${{{variable}}}");
            let uses = word.contains(&braced)
                || word.match_indices(&plain).any(|(i, _)| {
                    !word[i + plain.len()..]
                        .starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
                });
            if uses {
                return items
                    .iter()
                    .map(|item| word.replace(&braced, item).replace(&plain, item))
                    .collect();
            }
        }
    }
    vec![word.to_string()]
}

/// Every `cp`, `rsync` and `install` of the script (through `sudo` and
/// other wrappers), with its operands.
pub fn copies<'s>(script: &'s Script, vars: &ShellVars) -> Vec<Copy<'s>> {
    let mut out = Vec::new();
    for c in &script.commands {
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        let tool = match name.value_or_text().rsplit('/').next() {
            Some("cp") => "cp",
            Some("rsync") => "rsync",
            Some("install") => "install",
            _ => continue,
        };
        let words: Vec<&str> = args
            .iter()
            .map(|w| w.unquoted.as_str())
            .take_while(|w| *w != "--")
            .collect();
        let flag = |short: char, long: &str| {
            words.iter().any(|w| {
                w.strip_prefix("--")
                    .is_some_and(|l| l == long || l.starts_with(&format!("{long}=")))
                    || (w.starts_with('-') && !w.starts_with("--") && w[1..].contains(short))
            })
        };
        // Options of `install` that take a value (`-m 644`, `-o coder`).
        let valued: &[&str] = if tool == "install" {
            &["-m", "-o", "-g", "-t", "-S"]
        } else {
            &[]
        };
        let mut operands = Vec::new();
        let mut skip = false;
        for a in args {
            let w = a.unquoted.as_str();
            if skip {
                skip = false;
                continue;
            }
            if valued.contains(&w) {
                skip = true;
                continue;
            }
            if w.starts_with('-') && w.len() > 1 {
                continue;
            }
            operands.push(vars.expand(w));
        }
        let Some((dest, sources)) = operands.split_last() else {
            continue;
        };
        let here = cwd(c, vars);
        let written_sources: Vec<String> = sources.to_vec();
        let sources: Vec<String> = sources.iter().flat_map(|w| loop_items(c, w)).collect();
        let sources = sources
            .iter()
            .map(|s| match &here {
                Some(d) if !s.starts_with(['/', '~', '$']) => {
                    let s = s.trim_start_matches("./");
                    if s.is_empty() || s == "." {
                        d.clone()
                    } else {
                        format!("{}/{s}", d.trim_end_matches('/'))
                    }
                }
                _ => s.clone(),
            })
            .collect();
        let keeps = match tool {
            "cp" => {
                flag('n', "no-clobber")
                    || words
                        .iter()
                        .any(|w| matches!(*w, "--update=none" | "--update=none-fail"))
            }
            "rsync" => flag('\0', "ignore-existing"),
            _ => false,
        };
        let deletes = tool == "rsync"
            && words
                .iter()
                .any(|w| w.starts_with("--delete") || *w == "--remove-source-files");
        out.push(Copy {
            cmd: c,
            tool,
            sources,
            written_sources,
            dest: dest.clone(),
            keeps,
            deletes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::shell::parse_plain;

    fn one(src: &str) -> (String, Vec<String>, String, bool, bool) {
        let s = parse_plain(src);
        let vars = ShellVars::of(&s);
        let c = copies(&s, &vars).into_iter().next_back().expect("a copy");
        (c.tool.to_string(), c.sources, c.dest, c.keeps, c.deletes)
    }

    #[test]
    fn operands_as_the_shell_sees_them() {
        let t = |a: &str, b: &[&str], c: &str, k: bool, d: bool| {
            (
                a.to_string(),
                b.iter().map(|s| (*s).to_string()).collect::<Vec<_>>(),
                c.to_string(),
                k,
                d,
            )
        };
        assert_eq!(
            one("STAGING=/home/coder-files\ncp -rn \"$STAGING/.\" \"$HOME/\"\n"),
            t("cp", &["/home/coder-files/."], "$HOME/", true, false)
        );
        assert_eq!(
            one("src=/s/x; dst=$HOME/x\n[ -f \"$dst\" ] || cp \"$src\" \"$dst\"\n"),
            t("cp", &["/s/x"], "$HOME/x", false, false)
        );
        assert_eq!(
            one("(cd /home/coder-files && cp -rn . /home/coder/)\n"),
            t("cp", &["/home/coder-files"], "/home/coder/", true, false)
        );
        assert_eq!(
            one("sudo install -C -m 644 /s/a /home/coder/a\n"),
            t("install", &["/s/a"], "/home/coder/a", false, false)
        );
        assert_eq!(
            one("rsync -a --ignore-existing --delete /s/ /home/coder/\n"),
            t("rsync", &["/s/"], "/home/coder/", true, true)
        );
        assert_eq!(
            one("cp -r --update=none-fail /s/. ~/\n"),
            t("cp", &["/s/."], "~/", true, false)
        );
        assert_eq!(
            one("for f in /s/* /s/.x; do cp -r \"$f\" \"$HOME/$name\"; done\n"),
            t("cp", &["/s/*", "/s/.x"], "$HOME/$name", false, false)
        );
        // Assigned twice: not a known value.
        assert_eq!(
            one("d=/a\nd=/b\ncp /s/x \"$d\"\n"),
            t("cp", &["/s/x"], "$d", false, false)
        );
    }
}
