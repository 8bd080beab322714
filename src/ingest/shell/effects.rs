//! What a shell command does to files' modes: the modes `chmod` and `install` set, and the paths they set them on.

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

/// The mode gives the owner execute permission: octal `755`/`0755`/`700`, or
/// symbolic `+x`, `u+x`, `a+rx`, `u=rwx`.
pub fn executable_mode(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_ascii_digit()) {
        let digits: Vec<u32> = mode.chars().filter_map(|c| c.to_digit(8)).collect();
        if digits.len() != mode.len() || digits.len() < 3 {
            return false;
        }
        let owner = digits[digits.len() - 3];
        return owner & 1 == 1;
    }
    mode.split(',').any(|clause| {
        let who_end = clause.find(['+', '=']).unwrap_or(clause.len());
        let (who, rest) = clause.split_at(who_end);
        let for_owner = who.is_empty() || who.contains(['u', 'a']);
        for_owner && rest.len() > 1 && rest[1..].contains('x')
    })
}

#[cfg(test)]
mod tests {
    use super::executable_mode;

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
