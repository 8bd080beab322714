//! Reading a template's scripts: the boot script (with the scripts it
//! sources and the shell strings it runs), the agent's other scripts and the
//! files its `coder_script`s read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{self, SourceFile};
use crate::ingest::hcl::{Block, FileAccess, HclModule, Scope, eval};
use crate::ingest::{shell, source};

use super::discover::{Config, NoteKind, Problem, is_resource, shown, started_agent};
use super::{BootScript, Image, ModuleFile, attr_bool, file_call_path};

/// The boot script: the first `coder_agent`'s `startup_script`, evaluated
/// leniently (an interpolation that cannot be evaluated is an opaque word in
/// its place; `file()` and `templatefile()` are read from the module's
/// directory). An inline heredoc keeps its places in the .tf file, a script
/// file its own. When the script cannot be read at all, the problems say
/// so and which rules did not run.
pub fn boot_script(
    module: &HclModule,
    container: &Block,
    dir: &Path,
    root: &Path,
    settings: &Config<'_>,
    files: &mut Vec<SourceFile>,
) -> (Option<BootScript>, Vec<Problem>) {
    // The agent whose init_script starts the container, else the first.
    let started = started_agent(container);
    let agents: Vec<&Block> = module
        .blocks()
        .filter(|b| is_resource(b, "coder_agent"))
        .collect();
    let agent = agents
        .iter()
        .find(|b| {
            b.labels
                .get(1)
                .is_some_and(|(l, _)| Some(l.as_str()) == started.as_deref())
        })
        .or_else(|| agents.first());
    let Some(agent) = agent else {
        return (None, Vec::new());
    };
    let Some(attr) = agent.attribute("startup_script") else {
        return (None, Vec::new());
    };
    let access = FileAccess::new(
        dir.to_path_buf(),
        root.to_path_buf(),
        settings.max_file_bytes,
    );
    let scope = Scope::lenient(module, Some(access));
    let result = eval(&attr.value, &scope);
    let read = scope.files().map(FileAccess::read).unwrap_or_default();
    for (path, text) in &read {
        files.push(SourceFile {
            path: path.clone(),
            text: text.clone(),
        });
    }
    let not_checked = settings.boot_script_rules.join(", ");
    let v = match result {
        Ok(v) => v,
        Err(e) if e.is_file_error() => {
            let d = NoteKind::ParseError
                .diag(
                    &e.file,
                    Some(e.span),
                    format!("the boot script cannot be read: {}", e.reason),
                )
                .with_help(format!(
                    "terraform fails here too; fix it (not checked: {not_checked})"
                ));
            return (None, vec![d]);
        }
        Err(e) => {
            let d = NoteKind::NotEvaluable
                .diag(
                    &e.file,
                    Some(e.span),
                    format!("the boot script cannot be read statically: {}", e.reason),
                )
                .with_related_in(&attr.file, attr.name_span, "the boot script of this agent")
                .with_help(format!(
                    "not checked: {not_checked}; keep the script's text independent of values known only when the workspace is built (a module output, a template directive over one), and audit the tree that holds its files"
                ));
            return (None, vec![d]);
        }
    };
    let Some(text) = v.value.as_str() else {
        return (None, Vec::new());
    };
    let parts = v.file_parts();
    let from_file = parts.len() == 1 && parts.first().is_some_and(|(_, f)| *f != attr.file);
    let fallback = (v.file.clone(), v.span.start);
    let locator = v.locator();
    let map = |r| locator.span(r, &fallback, |f| module.text_of(f, &read));
    let mut script = shell::parse(text, &map);
    script.mark_opaque(&v.opaque_ranges());
    let mut problems = Vec::new();
    if let Some(cr) = text.find("\r\n") {
        let (file, at) = locator.origin(cr).unwrap_or_else(|| fallback.clone());
        problems.push(
            NoteKind::ParseError
                .diag(&file, Some(diag::Span::at(at)), "the boot script has CRLF line endings: bash reads each carriage return as part of its line (`exit 0\\r` is not `exit 0`)")
                .with_help("save the script (or the .tf file holding it) with LF line endings; a .gitattributes `eol=lf` keeps it so"),
        );
    }
    if let Some(at) = script.error_spans.first() {
        let file = v.origin_of(0).map_or_else(|| attr.file.clone(), |(f, _)| f);
        problems.push(if script.truncated {
            NoteKind::TooLarge
                .diag(&file, Some(*at), format!("the boot script nests constructs more than {} levels deep; what lies deeper is not checked", shell::MAX_DEPTH))
                .with_help("flatten the script")
        } else {
            NoteKind::ParseError
                .diag(&file, Some(*at), "the boot script does not parse as shell (an unterminated quote, brace, `if` or heredoc?)")
                .with_help(format!("fix the script at this place (`bash -n` reports most such errors); until then these rules do not read it: {}", settings.boot_script_rules.join(", ")))
        });
    }
    let (file, anchor) = if from_file {
        (parts[0].1.clone(), Some(diag::Span::new(0, 1)))
    } else {
        (attr.file.clone(), Some(attr.name_span))
    };
    let boot = BootScript {
        file,
        script,
        anchor,
        parts,
        text_len: text.len(),
        interpolated: v.interpolated_ranges(),
    };
    (Some(boot), problems)
}

/// The files `coder_script` resources read with `file()`/`templatefile()`.
pub fn script_files(
    module: &HclModule,
    dir: &Path,
    settings: &Config<'_>,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Problem>,
) -> Vec<ModuleFile> {
    let mut out: Vec<ModuleFile> = Vec::new();
    for b in module.blocks().filter(|b| {
        b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == "coder_script")
    }) {
        let Some(attr) = b.attribute("script") else {
            continue;
        };
        let Some(rel) = file_call_path(attr.value.source_text()) else {
            continue;
        };
        if out.iter().any(|f| f.rel == rel) {
            continue;
        }
        let path = dir.join(&rel);
        let text = match source::read_file(&path, settings.max_file_bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(
                    NoteKind::ParseError
                        .diag(
                            &attr.file,
                            Some(attr.value.span()),
                            format!("the script `{}` cannot be read: {e}", shown(&path)),
                        )
                        .with_help("terraform fails here too; fix the path or the file"),
                );
                continue;
            }
        };
        let shown: Arc<str> = shown(&path);
        files.push(SourceFile {
            path: shown.clone(),
            text: Arc::from(text.as_str()),
        });
        out.push(ModuleFile {
            rel,
            file: shown,
            text,
        });
    }
    out
}

/// The command strings the boot script hands a shell (`sudo sh -c 'dockerd
/// >/tmp/dockerd.log 2>&1 &'`, `bash -lc "…"`) run in a child shell: each
/// literal one is parsed and spliced in after its command, inside a
/// subshell frame (its `set -e` ends with it), with places in its word.
pub fn follow_shell_strings(boot: &mut BootScript) {
    let mut end = boot.parts.last().map_or(0, |(s, _)| *s).max(boot.text_len) + 1;
    let mut i = 0;
    // Each string is shorter than the word holding it: this ends.
    while i < boot.script.commands.len() {
        let c = &boot.script.commands[i];
        i += 1;
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        if !matches!(
            name.value_or_text().rsplit('/').next(),
            Some("sh" | "bash" | "dash" | "ash" | "ksh" | "zsh")
        ) {
            continue;
        }
        let Some(flag) = args.iter().position(|w| {
            let t = w.value_or_text();
            t.starts_with('-') && !t.starts_with("--") && t[1..].contains('c')
        }) else {
            continue;
        };
        let Some(word) = args[flag + 1..]
            .iter()
            .find(|w| !w.value_or_text().starts_with('-'))
        else {
            continue;
        };
        let Some(text) = word.value.clone() else {
            continue;
        };
        let quoted = word.text.starts_with(['\'', '"']);
        let origin = word.span.start + u32::from(quoted);
        let mut inner = shell::parse_at(&text, origin);
        for ic in &mut inner.commands {
            ic.context.frames.insert(
                0,
                shell::Frame {
                    kind: shell::FrameKind::Subshell,
                    span: word.span,
                },
            );
        }
        let file = boot.file_of(c).clone();
        boot.parts.push((end, file));
        boot.script.splice(i - 1, inner, end);
        end += text.len() + 1;
    }
}

/// The other scripts the agent runs: `coder_script` scripts (with whether
/// they run on stop) and `coder_app` commands, read leniently; what does not
/// read is left out: these only inform governance.
pub fn agent_scripts(
    module: &HclModule,
    dir: &Path,
    root: &Path,
    settings: &Config<'_>,
) -> Vec<(shell::Script, bool)> {
    let scope = Scope::lenient(
        module,
        Some(FileAccess::new(
            dir.to_path_buf(),
            root.to_path_buf(),
            settings.max_file_bytes,
        )),
    );
    let mut out = Vec::new();
    for b in module.blocks() {
        let mut on_stop = false;
        let attr = if is_resource(b, "coder_script") {
            on_stop = b
                .attribute("run_on_stop")
                .and_then(|a| attr_bool(&scope, &a))
                == Some(true);
            b.attribute("script")
        } else if is_resource(b, "coder_app") {
            b.attribute("command")
        } else {
            continue;
        };
        if let Some(v) = attr.and_then(|a| eval(&a.value, &scope).ok())
            && let Some(text) = v.value.as_str()
        {
            out.push((shell::parse_plain(text), on_stop));
        }
    }
    out
}

/// Sourced scripts are followed at most this deep.
const MAX_SOURCE_DEPTH: usize = 8;

/// The scripts the boot script sources (`. FILE`, `source FILE`) whose path
/// resolves statically inside the tree run in the boot shell: each is read
/// and spliced into the boot script right after the command that sources
/// it, its places in its own file. Resolved: an absolute path the image
/// stages from its build context; a path relative to the sourcing script's
/// own directory (`"$(dirname "$0")/lib.sh"`, `"${BASH_SOURCE%/*}/lib.sh"`,
/// `"$DIR/lib.sh"` with `DIR` set from one of those, or plain `lib.sh` next
/// to a script file). A path into the user's home or a system file is not
/// the template's code; any other path that does not resolve is a WSC005.
pub fn follow_sources(
    boot: &mut BootScript,
    images: &[&Image],
    root: &Path,
    settings: &Config<'_>,
    files: &mut Vec<SourceFile>,
    out: &mut Vec<Problem>,
) {
    // Sourced scripts take byte ranges past the boot script's text.
    let mut end = boot.text_len + 1;
    let mut depth: BTreeMap<Arc<str>, usize> = BTreeMap::new();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut i = 0;
    while i < boot.script.commands.len() {
        let c = &boot.script.commands[i];
        i += 1;
        let Some((name, args)) = c.invoked() else {
            continue;
        };
        if !matches!(name.value_or_text(), "." | "source") {
            continue;
        }
        let Some(arg) = args.first() else { continue };
        let from = boot.file_of(c).clone();
        let level = depth.get(&from).copied().unwrap_or(0);
        let script_dir = (!from.ends_with(".tf"))
            .then(|| Path::new(&*from).parent().map(Path::to_path_buf))
            .flatten();
        let resolved = resolve_source(&boot.script, arg, script_dir.as_deref(), images, settings);
        let path = match resolved {
            Resolved::Path(p) => p,
            Resolved::NotCode => continue,
            Resolved::Unknown(why) => {
                out.push(
                    NoteKind::NotEvaluable
                        .diag(&from, Some(c.span), format!("the sourced script `{}` is not resolved statically: {why}", arg.text))
                        .with_help("its commands are not checked as part of the boot script; source it by a path in the tree (next to a script file, or one the image stages)"),
                );
                continue;
            }
        };
        let path = source::normalize(&path);
        if !path.starts_with(source::normalize(root)) || !seen.insert(path.clone()) {
            continue;
        }
        if level + 1 > MAX_SOURCE_DEPTH {
            out.push(
                NoteKind::TooLarge
                    .diag(&from, Some(c.span), format!("scripts are sourced more than {MAX_SOURCE_DEPTH} levels deep; this one is not read"))
                    .with_help("flatten the chain of sourced scripts"),
            );
            continue;
        }
        let shown_path = shown(&path);
        let text = match source::read_file(&path, settings.max_file_bytes) {
            Ok(t) => t,
            Err(e) => {
                out.push(
                    NoteKind::ParseError
                        .diag(
                            &from,
                            Some(c.span),
                            format!("the sourced script `{shown_path}` cannot be read: {e}"),
                        )
                        .with_help(
                            "the boot shell fails to source it too; fix the path or the file",
                        ),
                );
                continue;
            }
        };
        let sourced = shell::parse_plain(&text);
        if let Some(at) = sourced.error_spans.first() {
            out.push(
                NoteKind::ParseError
                    .diag(
                        &shown_path,
                        Some(*at),
                        "the sourced script does not parse as shell",
                    )
                    .with_help("fix the script at this place; `bash -n` reports most such errors"),
            );
        }
        boot.parts.push((end, shown_path.clone()));
        depth.insert(shown_path.clone(), level + 1);
        boot.script.splice(i - 1, sourced, end);
        end += text.len() + 1;
        files.push(SourceFile {
            path: shown_path,
            text: Arc::from(text),
        });
    }
}

enum Resolved {
    Path(PathBuf),
    /// A user file or a system file: not the template's code.
    NotCode,
    Unknown(String),
}

/// A path that starts with one expansion (`$VAR`, `${…}`, `$(…)`) and
/// goes on with `/`: the expansion and what follows the slash.
fn leading_expansion(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('$')?;
    let len = match rest.chars().next()? {
        '{' | '(' => {
            let (open, close) = if rest.starts_with('{') {
                ('{', '}')
            } else {
                ('(', ')')
            };
            let mut depth = 0usize;
            let mut end = None;
            for (i, c) in rest.char_indices() {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
            }
            end?
        }
        _ => rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len()),
    };
    let head = &path[..=len];
    let tail = path[len + 1..].strip_prefix('/')?;
    Some((head, tail))
}

/// Expressions for the sourcing script's own directory.
fn names_script_dir(text: &str) -> bool {
    let own = text.contains("$0") || text.contains("${0") || text.contains("BASH_SOURCE");
    own && (text.contains("dirname") || text.contains("%/*"))
}

fn resolve_source(
    script: &shell::Script,
    arg: &shell::Word,
    script_dir: Option<&Path>,
    images: &[&Image],
    settings: &Config<'_>,
) -> Resolved {
    let path = arg.unquoted.as_str();
    let user = &settings.runtime.user;
    if path.starts_with('~')
        || path.starts_with("$HOME")
        || path.starts_with("${HOME}")
        || path.starts_with(&format!("/home/{user}/"))
    {
        return Resolved::NotCode;
    }
    if let Some(lit) = arg.value.as_deref() {
        if lit.starts_with('/') {
            let staged = images
                .iter()
                .flat_map(|i| &i.staged)
                .find(|s| s.dest == lit);
            return match staged {
                Some(s) => Resolved::Path(PathBuf::from(&s.source)),
                None if lit.starts_with(settings.runtime.staging_dir.trim_end_matches('/')) => {
                    Resolved::Unknown("the image does not stage it".to_string())
                }
                None => Resolved::NotCode,
            };
        }
        return match script_dir {
            Some(d) => Resolved::Path(d.join(lit)),
            None => Resolved::Unknown(
                "a relative path from an inline boot script depends on the agent's working directory".to_string(),
            ),
        };
    }
    // `<dir expression>/rest`
    let Some((head, rest)) = leading_expansion(path) else {
        return Resolved::Unknown("its path is computed".to_string());
    };
    let head_is_dir = names_script_dir(head) || {
        let var = head
            .trim_start_matches('$')
            .trim_start_matches('{')
            .trim_end_matches('}');
        !var.is_empty()
            && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && script.commands.iter().any(|c| {
                c.assignments.iter().any(|a| {
                    a.name == var && a.value.as_ref().is_some_and(|v| names_script_dir(&v.text))
                })
            })
    };
    if !head_is_dir || rest.contains('$') {
        return Resolved::Unknown("its path is computed".to_string());
    }
    match script_dir {
        Some(d) => Resolved::Path(d.join(rest)),
        None => Resolved::Unknown("an inline boot script has no directory of its own".to_string()),
    }
}
