//! `wsc compose` over an adversarial corpus: `tests/compose_corpus/<case>/`
//! holds a small template repository written the way one platform team
//! would write it, and `case.txt` says in prose what it exercises and, in
//! `expect-…` lines, what compose must do with it:
//!
//! - `expect-exit: N`: compose's exit status;
//! - `expect-offered: PAIRING P1 P2 …`: the profiles PAIRING's template
//!   offers, in order (every template written has such a line);
//! - `expect-default: PAIRING P`: its default profile;
//! - `expect-absent: PAIRING`: a pairing that gets no template;
//! - `expect-stderr: TEXT`: a substring of compose's standard error;
//! - `expect-contains: FILE TEXT` / `expect-lacks: FILE TEXT`: a file the
//!   template directory holds (relative to the output) contains, or does
//!   not contain, TEXT.
//!
//! Then the output is held to compose's promises: every written `.tf` is
//! `terraform fmt`-clean; each template's contract guard plans for every
//! offered profile and refuses another with TC009; `wsc check` of the
//! repository finds no error in the templates (they are read as pairings);
//! and a second run changes nothing. Every case is run and every failure
//! collected before the one assertion.

use std::path::{Path, PathBuf};

use crate::common::{TempDir, terraform, terraform_available, wsc};

const CORPUS: &str = "tests/compose_corpus";

/// What a case expects.
#[derive(Default, Debug)]
struct Expect {
    exit: Option<i32>,
    offered: Vec<(String, Vec<String>)>,
    defaults: Vec<(String, String)>,
    absent: Vec<String>,
    stderr: Vec<String>,
    contains: Vec<(String, String)>,
    lacks: Vec<(String, String)>,
}

/// `case.txt`: prose, and the `expect-…` lines.
fn read_case(path: &Path) -> Result<Expect, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut e = Expect::default();
    let mut prose = false;
    for (n, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix("expect-") else {
            prose |= !line.trim().is_empty();
            continue;
        };
        let bad = || format!("{}:{}: cannot read {line:?}", path.display(), n + 1);
        let (key, value) = rest.split_once(':').ok_or_else(bad)?;
        let value = value.trim();
        let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
        let file_and_text = || {
            value
                .split_once(' ')
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .ok_or_else(bad)
        };
        match key {
            "exit" => e.exit = Some(value.parse().map_err(|_| bad())?),
            "offered" if words.len() >= 2 => {
                e.offered.push((words[0].clone(), words[1..].to_vec()));
            }
            "default" if words.len() == 2 => e.defaults.push((words[0].clone(), words[1].clone())),
            "absent" if words.len() == 1 => e.absent.push(words[0].clone()),
            "stderr" if !value.is_empty() => e.stderr.push(value.to_string()),
            "contains" => e.contains.push(file_and_text()?),
            "lacks" => e.lacks.push(file_and_text()?),
            _ => return Err(bad()),
        }
    }
    if !prose {
        return Err(format!(
            "{}: say in prose what the case exercises",
            path.display()
        ));
    }
    if e.exit.is_none() {
        return Err(format!("{}: no `expect-exit:` line", path.display()));
    }
    for (p, _) in &e.offered {
        if !e.defaults.iter().any(|(d, _)| d == p) {
            return Err(format!("{}: no `expect-default: {p} …`", path.display()));
        }
    }
    Ok(e)
}

/// Copy the directory `from` to `to`, without `case.txt`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read case").flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            std::fs::create_dir_all(&dst).expect("mkdir");
            copy_tree(&src, &dst);
        } else if entry.file_name() != "case.txt" {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// Every file under `dir` with the extension `ext`, sorted.
fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `<pairing>: offers a, b (default x)` lines of compose's stderr.
fn offers(stderr: &str) -> Vec<(String, Vec<String>, String)> {
    stderr
        .lines()
        .filter_map(|l| {
            let (pairing, rest) = l.split_once(": offers ")?;
            let (list, default) = rest.strip_suffix(')')?.rsplit_once(" (default ")?;
            Some((
                pairing.to_string(),
                list.split(", ").map(str::to_string).collect(),
                default.to_string(),
            ))
        })
        .collect()
}

/// The message of a caught panic.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// Run one case; its failures, each naming what differed.
fn run_case(dir: &Path, tf: bool) -> Vec<String> {
    let mut failures = Vec::new();
    let expect = match read_case(&dir.join("case.txt")) {
        Ok(e) => e,
        Err(why) => return vec![why],
    };
    let tmp = TempDir::new("compose-corpus");
    copy_tree(dir, &tmp.0);
    let root = tmp.0.display().to_string();
    let out = tmp.path("templates");
    let out_s = out.display().to_string();
    let o = wsc(&["compose", &root, "--out", &out_s]);
    let mut fail = |what: String| failures.push(what);
    let shown = format!("stdout:\n{}stderr:\n{}", o.stdout, o.stderr);
    if Some(o.code) != expect.exit {
        fail(format!(
            "exit {} (expected {})\n{shown}",
            o.code,
            expect.exit.unwrap_or_default()
        ));
    }
    let said = offers(&o.stderr);
    for (pairing, list) in &expect.offered {
        match said.iter().find(|(p, _, _)| p == pairing) {
            None => fail(format!("{pairing}: no `offers` line\n{shown}")),
            Some((_, got, _)) if got != list => fail(format!(
                "{pairing}: offers {} (expected {})",
                got.join(", "),
                list.join(", ")
            )),
            Some(_) => {}
        }
        if !out.join(pairing).join("main.tf").is_file() {
            fail(format!("{pairing}: no template written"));
        }
    }
    for (pairing, default) in &expect.defaults {
        if let Some((_, _, got)) = said.iter().find(|(p, _, _)| p == pairing)
            && got != default
        {
            fail(format!("{pairing}: default {got} (expected {default})"));
        }
    }
    for (pairing, _, _) in &said {
        if !expect.offered.iter().any(|(p, _)| p == pairing) {
            fail(format!(
                "{pairing}: composed, but case.txt has no `expect-offered: {pairing} …`"
            ));
        }
    }
    // The templates written are exactly the expected ones.
    let written: Vec<String> = std::fs::read_dir(&out)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir() && e.file_name() != "modules")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for w in &written {
        if !expect.offered.iter().any(|(p, _)| p == w) {
            fail(format!(
                "templates/{w} was written, but no pairing is expected there"
            ));
        }
    }
    for pairing in &expect.absent {
        if out.join(pairing).exists() {
            fail(format!("{pairing}: a template was written, expected none"));
        }
        if said.iter().any(|(p, _, _)| p == pairing) {
            fail(format!(
                "{pairing}: compose says it offers profiles, expected none"
            ));
        }
        if !o.stderr.contains(&format!("wsc: pairing {pairing}: ")) {
            fail(format!(
                "{pairing}: compose does not say why it has no template\n{shown}"
            ));
        }
    }
    for text in &expect.stderr {
        if !o.stderr.contains(text.as_str()) {
            fail(format!("stderr lacks {text:?}\n{shown}"));
        }
    }
    for (file, text) in &expect.contains {
        let got = std::fs::read_to_string(out.join(file)).unwrap_or_default();
        if !got.contains(text.as_str()) {
            fail(format!("{file} lacks {text:?}:\n{got}"));
        }
    }
    for (file, text) in &expect.lacks {
        match std::fs::read_to_string(out.join(file)) {
            Err(e) => fail(format!("{file}: {e}")),
            Ok(got) if got.contains(text.as_str()) => {
                fail(format!("{file} contains {text:?}:\n{got}"));
            }
            Ok(_) => {}
        }
    }
    // Terraform: fmt-clean, and every template's guard holds.
    if tf {
        for f in files_with(&out, "tf") {
            let o = terraform(&out, &["fmt", "-check", "-diff", &f.display().to_string()]);
            if !o.status.success() {
                fail(format!(
                    "{} is not terraform fmt-clean:\n{}{}",
                    f.strip_prefix(&tmp.0).unwrap_or(&f).display(),
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                ));
            }
        }
        for (pairing, _) in &expect.offered {
            let template = out.join(pairing);
            if !template.join("main.tf").is_file() {
                continue;
            }
            if let Err(p) = std::panic::catch_unwind(|| crate::composed::guard_holds(&template)) {
                fail(format!(
                    "{pairing}: the guard does not hold: {}",
                    panic_text(&*p)
                ));
            }
        }
    }
    // wsc check reads the templates as pairings: none has an error.
    let checked = wsc(&["check", &root, "--format", "json"]);
    match serde_json::from_str::<serde_json::Value>(&checked.stdout) {
        Err(e) => fail(format!(
            "wsc check printed no JSON ({e}):\n{}",
            checked.stderr
        )),
        Ok(v) => {
            for d in v["diagnostics"].as_array().into_iter().flatten() {
                let file = d["file"].as_str().unwrap_or_default();
                if d["severity"] == "error" && Path::new(file).starts_with(&out) {
                    fail(format!(
                        "wsc check: {} {} at {}:{}: {}",
                        d["code"].as_str().unwrap_or_default(),
                        d["severity"].as_str().unwrap_or_default(),
                        file,
                        d["line"],
                        d["message"].as_str().unwrap_or_default()
                    ));
                }
            }
        }
    }
    // A second run writes nothing and says the same.
    let again = wsc(&["compose", &root, "--out", &out_s]);
    if again.code != o.code || !again.stdout.contains("0 created, 0 updated") {
        fail(format!(
            "the second run is not a no-op (exit {}):\n{}{}",
            again.code, again.stdout, again.stderr
        ));
    }
    if offers(&again.stderr) != said {
        fail(format!(
            "the second run offers otherwise:\n{}\nthen:\n{}",
            o.stderr, again.stderr
        ));
    }
    failures
}

#[test]
fn compose_keeps_its_promises_on_every_corpus_repository() {
    let tf = terraform_available();
    if !tf {
        println!("SKIP: terraform is not on the PATH: fmt and the guards are not checked");
    }
    let mut cases: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .expect(CORPUS)
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{CORPUS}: {} cases", cases.len());
    let failures: Vec<String> = std::thread::scope(|s| {
        let runs: Vec<_> = cases
            .iter()
            .map(|c| (c, s.spawn(move || run_case(c, tf))))
            .collect();
        runs.into_iter()
            .flat_map(|(c, h)| {
                let name = c.file_name().map(|n| n.to_string_lossy().into_owned());
                let name = name.unwrap_or_default();
                let found = h.join().unwrap_or_else(|p| vec![panic_text(&*p)]);
                found
                    .into_iter()
                    .map(move |f| format!("{CORPUS}/{name}: {f}"))
            })
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
