//! What a shell command does to files and users: the modes it sets (`chmod`, `install`) and the user and group ids it sets or takes on.

use super::{Command, Word};

/// A mode `chmod MODE PATH…` gives to paths.
pub struct ModeSet<'c> {
    /// As written: octal (`0440`) or symbolic (`u=r,g=r,o=`).
    pub mode: &'c str,
    pub paths: Vec<&'c str>,
    /// `-R`: directories and everything below them.
    pub recursive: bool,
}

/// The mode a `chmod` command sets: options (`-R`, `-cfv`, long ones) are
/// left out wherever they stand; a symbolic mode may start with `-` (`-w`).
/// `None` for another command, `chmod --reference`, or no mode.
pub fn chmod(c: &Command) -> Option<ModeSet<'_>> {
    let (name, args) = c.invoked()?;
    if name.value_or_text().rsplit('/').next() != Some("chmod") {
        return None;
    }
    let words: Vec<&str> = args.iter().map(Word::value_or_text).collect();
    if words.iter().any(|w| w.starts_with("--reference")) {
        return None;
    }
    let recursive = words.iter().any(|w| {
        *w == "--recursive" || (w.starts_with('-') && !w.starts_with("--") && w.contains('R'))
    });
    let mut ops = words.into_iter().filter(|w| {
        !(w.starts_with("--")
            || (w.starts_with('-') && w.len() > 1 && w[1..].chars().all(|c| "cfvR".contains(c))))
    });
    let mode = ops.next()?;
    Some(ModeSet {
        mode,
        paths: ops.collect(),
        recursive,
    })
}

/// An `install` command's arguments.
pub struct Install<'c> {
    /// The sources and the destination (the last), or with `-t` the sources.
    pub operands: Vec<&'c str>,
    /// `-m MODE`; `install` gives 0755 without it.
    pub mode: Option<&'c str>,
    /// `-t DIR`: the sources go into it.
    pub target_dir: Option<&'c str>,
    /// `-d`: the operands are directories to create.
    pub directory: bool,
}

/// The arguments of `install` (the words after the command name).
pub fn install(args: &[Word]) -> Install<'_> {
    let (operands, opts) = operands(
        args,
        &['m', 'o', 'g', 't', 'S'],
        &["mode", "owner", "group", "target-directory", "suffix"],
    );
    let value = |names: [&str; 2]| {
        opts.iter()
            .find(|(n, _)| names.contains(&n.as_str()))
            .map(|(_, v)| *v)
    };
    Install {
        mode: value(["m", "mode"]),
        target_dir: value(["t", "target-directory"]),
        directory: opts.iter().any(|(o, _)| o == "d" || o == "directory"),
        operands,
    }
}

/// Split arguments into operands and the values of the options that take
/// one (`valued`: short letters; long names with `=` or a separate value).
pub fn operands<'a>(
    args: &'a [Word],
    valued: &[char],
    long_valued: &[&str],
) -> (Vec<&'a str>, Vec<(String, &'a str)>) {
    let mut ops = Vec::new();
    let mut opts = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let t = a.value_or_text();
        if t == "--" {
            ops.extend(args.get(i..).unwrap_or(&[]).iter().map(Word::value_or_text));
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => opts.push((n.to_string(), v)),
                None if long_valued.contains(&long) => {
                    let v = args.get(i).map_or("", Word::value_or_text);
                    i += 1;
                    opts.push((long.to_string(), v));
                }
                None => opts.push((long.to_string(), "")),
            }
            continue;
        }
        if t.starts_with('-') && t.len() > 1 {
            for (at, ch) in t.char_indices().skip(1) {
                if valued.contains(&ch) {
                    let rest = &t[at + ch.len_utf8()..];
                    let v = if rest.is_empty() {
                        let v = args.get(i).map_or("", Word::value_or_text);
                        i += 1;
                        v
                    } else {
                        rest
                    };
                    opts.push((ch.to_string(), v));
                    break;
                }
                opts.push((ch.to_string(), ""));
            }
            continue;
        }
        ops.push(t);
    }
    (ops, opts)
}

/// How a word names user or group ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    /// Not an id (`install -m 0440`): its value is skipped.
    Other,
    /// One id (`-u 1000`).
    One,
    /// A comma-separated list (`-G 988,999`).
    List,
    /// An owner spec (`--userspec=1000:1000`).
    Owner,
    /// sudo's `#1000`.
    Sudo,
}

/// The options of a command that take a value: short letters and long names,
/// each with what its value is.
struct Spec {
    short: &'static [(char, IdKind)],
    long: &'static [(&'static str, IdKind)],
}

fn spec(name: &str) -> Option<Spec> {
    use IdKind::{List, One, Other, Owner, Sudo};
    let s = match name {
        "chown" | "chgrp" => Spec {
            short: &[],
            long: &[("from", Owner), ("reference", Other)],
        },
        "install" => Spec {
            short: &[
                ('o', One),
                ('g', One),
                ('m', Other),
                ('t', Other),
                ('S', Other),
            ],
            long: &[
                ("owner", One),
                ("group", One),
                ("mode", Other),
                ("target-directory", Other),
                ("suffix", Other),
            ],
        },
        "useradd" | "usermod" => Spec {
            short: &[
                ('u', One),
                ('g', One),
                ('G', List),
                ('b', Other),
                ('c', Other),
                ('d', Other),
                ('e', Other),
                ('f', Other),
                ('k', Other),
                ('K', Other),
                ('l', Other),
                ('p', Other),
                ('P', Other),
                ('R', Other),
                ('s', Other),
                ('Z', Other),
            ],
            long: &[("uid", One), ("gid", One), ("groups", List)],
        },
        "groupadd" | "groupmod" => Spec {
            short: &[
                ('g', One),
                ('K', Other),
                ('n', Other),
                ('p', Other),
                ('P', Other),
                ('R', Other),
            ],
            long: &[("gid", One)],
        },
        "adduser" | "addgroup" => Spec {
            short: &[],
            long: &[("uid", One), ("gid", One)],
        },
        "sudo" => Spec {
            short: &[
                ('u', Sudo),
                ('g', Sudo),
                ('C', Other),
                ('D', Other),
                ('h', Other),
                ('p', Other),
                ('r', Other),
                ('t', Other),
                ('T', Other),
                ('U', Other),
                ('R', Other),
            ],
            long: &[("user", Sudo), ("group", Sudo)],
        },
        "chroot" => Spec {
            short: &[],
            long: &[("userspec", Owner), ("groups", List)],
        },
        "setpriv" => Spec {
            short: &[],
            long: &[
                ("reuid", One),
                ("regid", One),
                ("ruid", One),
                ("euid", One),
                ("rgid", One),
                ("egid", One),
                ("groups", List),
            ],
        },
        "rsync" => Spec {
            short: &[],
            long: &[("chown", Owner)],
        },
        _ => return None,
    };
    Some(s)
}

/// The ids the options of `args` name, in order (values of other options
/// skipped), and the operands (the words that are neither options nor
/// option values).
fn scan<'w>(spec: &Spec, args: &'w [Word], ids: &mut Vec<IdSet<'w>>) -> Vec<&'w Word> {
    let mut operands = Vec::new();
    let mut named = |kind: IdKind, value: Option<&'w str>, word: &'w Word| {
        if let Some(value) = value.filter(|_| kind != IdKind::Other) {
            ids.push(IdSet { word, value, kind });
        }
    };
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let t = w.value_or_text();
        if t == "--" {
            operands.extend(args.get(i..).unwrap_or(&[]));
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            if let Some((_, kind)) = spec.long.iter().find(|(n, _)| *n == name) {
                let (value, word) = match inline {
                    Some(v) => (Some(v), w),
                    None => {
                        let next = args.get(i);
                        i += 1;
                        (next.map(Word::value_or_text), next.unwrap_or(w))
                    }
                };
                named(*kind, value, word);
            }
            continue;
        }
        if t.starts_with('-') && t.len() > 1 {
            for (at, ch) in t.char_indices().skip(1) {
                let Some((_, kind)) = spec.short.iter().find(|(c, _)| *c == ch) else {
                    continue;
                };
                let rest = &t[at + ch.len_utf8()..];
                let (value, word) = if rest.is_empty() {
                    let next = args.get(i);
                    i += 1;
                    (next.map(Word::value_or_text), next.unwrap_or(w))
                } else {
                    (Some(rest), w)
                };
                named(*kind, value, word);
                break;
            }
            continue;
        }
        operands.push(w);
    }
    operands
}

/// A word of a command that names a user or group id it sets or takes on.
pub struct IdSet<'c> {
    /// The word (an option with its value, or the value's own word).
    pub word: &'c Word,
    /// The value naming the ids.
    pub value: &'c str,
    pub kind: IdKind,
}

/// The user and group ids a command sets or takes on, in order: sudo's own
/// `-u`/`-g`; the options of `chown`, `chgrp`, `install -o/-g`,
/// `useradd`/`usermod`, `groupadd`/`groupmod`, `adduser`/`addgroup`,
/// `chroot`, `setpriv`, `rsync --chown`; then the owner operand of `chown`
/// and the group operand of `chgrp` (not with `--reference`).
pub fn ids(c: &Command) -> Vec<IdSet<'_>> {
    let mut out = Vec::new();
    // sudo's own options, before the command it runs.
    if let Some(name) = &c.name
        && matches!(name.value_or_text().rsplit('/').next(), Some("sudo"))
        && let Some(spec) = spec("sudo")
    {
        let end = c
            .invoked()
            .map_or(c.args.len(), |(_, rest)| c.args.len() - rest.len());
        scan(&spec, c.args.get(..end).unwrap_or(&[]), &mut out);
    }
    let Some((name, args)) = c.invoked() else {
        return out;
    };
    let name = name.value_or_text();
    let name = name.rsplit('/').next().unwrap_or(name);
    let Some(spec) = spec(name) else {
        return out;
    };
    let operands = scan(&spec, args, &mut out);
    let by_reference = args
        .iter()
        .any(|w| w.value_or_text().starts_with("--reference"));
    let kind = match name {
        "chown" => IdKind::Owner,
        "chgrp" => IdKind::One,
        _ => return out,
    };
    if let Some(word) = operands.first().filter(|_| !by_reference) {
        out.push(IdSet {
            word,
            value: word.value_or_text(),
            kind,
        });
    }
    out
}

/// The mode gives the owner execute permission: octal `755`/`0755`/`700`, or
/// symbolic `+x`, `u+x`, `a+rx`, `u=rwx`.
pub fn executable_mode(mode: &str) -> bool {
    // Given to a new file (0644), whatever the mode keeps of it.
    apply_mode(mode, 0o644).is_some_and(|m| m & 0o100 != 0)
}

/// The permission bits after `chmod MODE` on a file with mode `base`;
/// `None` for a mode that does not parse.
pub fn apply_mode(mode: &str, base: u32) -> Option<u32> {
    if !mode.is_empty() && mode.bytes().all(|b| b.is_ascii_digit()) {
        return (mode.len() <= 4)
            .then(|| u32::from_str_radix(mode, 8).ok())
            .flatten()
            .map(|m| m & 0o7777);
    }
    let mut cur = base;
    for clause in mode.split(',') {
        let who_end = clause.find(['+', '-', '='])?;
        let (who, mut actions) = clause.split_at(who_end);
        let mut mask = 0;
        for w in who.chars() {
            mask |= match w {
                'u' => 0o700,
                'g' => 0o070,
                'o' => 0o007,
                'a' => 0o777,
                _ => return None,
            };
        }
        if who.is_empty() {
            mask = 0o777;
        }
        while let Some(op) = actions.chars().next() {
            let rest = &actions[1..];
            let end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
            let perms = &rest[..end];
            let mut bits = 0;
            for p in perms.chars() {
                bits |= match p {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' | 'X' => 0o111,
                    'u' => ((cur >> 6) & 7) * 0o111,
                    'g' => ((cur >> 3) & 7) * 0o111,
                    'o' => (cur & 7) * 0o111,
                    's' | 't' => 0,
                    _ => return None,
                };
            }
            let bits = bits & mask;
            cur = match op {
                '+' => cur | bits,
                '-' => cur & !bits,
                _ => (cur & !mask) | bits,
            };
            actions = &rest[end..];
        }
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::{apply_mode, executable_mode};

    #[test]
    fn modes() {
        for m in ["0440", "440", "u=r,g=r,o=", "ug=r,o=", "a=r,o-r", "a-w,o-r"] {
            assert_eq!(apply_mode(m, 0o644), Some(0o440), "{m}");
        }
        for m in ["0640", "644", "a-w", "u=r", "go-rwx", "+r"] {
            assert_ne!(apply_mode(m, 0o644), Some(0o440), "{m}");
        }
        assert_eq!(apply_mode("q+r", 0o644), None);
    }

    #[test]
    fn modes_that_let_the_owner_execute() {
        for m in [
            "755",
            "0755",
            "700",
            "4755",
            "+x",
            "u+x",
            "a+rx",
            "u=rwx,go=rx",
            "ug+x",
        ] {
            assert!(executable_mode(m), "{m}");
        }
        for m in [
            "644", "0644", "666", "0440", "go+x", "u-x", "+r", "", "9", "75",
        ] {
            assert!(!executable_mode(m), "{m}");
        }
    }
}
