//! Checks of composed templates shared by the compose tests.

use std::path::Path;

use crate::common::{TempDir, terraform};

/// The text of the top-level block that starts with `head` in `tf`.
pub fn block<'a>(tf: &'a str, head: &str) -> Option<&'a str> {
    let start = tf.find(head)?;
    let end = tf[start..].find("\n}\n")?;
    Some(&tf[start..start + end + 3])
}

/// A quoted list attribute's items: `name = ["a", "b"]`.
pub fn list(tf: &str, name: &str) -> Vec<String> {
    let line = tf
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in\n{tf}"));
    let inner = line
        .split_once('[')
        .and_then(|(_, r)| r.rsplit_once(']'))
        .map(|(l, _)| l)
        .expect("a list");
    inner
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Terraform's message, unwrapped: its box drawing and line breaks gone.
pub fn flat(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A composed template's contract guard, called exactly as the template
/// calls it (with the toolchain module or locals when it has them; both
/// are provider-free), plans for every offered profile and fails with
/// TC009 for one the template does not offer. Needs terraform.
pub fn guard_holds(dir: &Path) {
    let cat = wsc::ingest::catalog::embedded();
    let root = std::fs::canonicalize(".").expect("cwd");
    let tf = std::fs::read_to_string(dir.join("main.tf")).expect("main.tf");
    let guard = block(&tf, "module \"contract_guard\" {").expect("the guard call");
    let offered = list(guard, "offered");
    assert!(!offered.is_empty());
    // The guard exactly as the template calls it, with the toolchain
    // module when the template has one (both are provider-free); only
    // the parameter's value becomes a variable.
    let abs = |text: &str| -> String {
        let mut out = String::new();
        for line in text.lines() {
            if line.trim_start().starts_with("source ")
                && let Some((head, src)) = line.split_once('"')
            {
                let rel = src.trim_end_matches('"');
                let p = root.join(dir).join(rel);
                let p = std::fs::canonicalize(&p).unwrap_or(p);
                out.push_str(&format!("{head}\"{}\"\n", p.display()));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    };
    let mut root_tf = String::from("variable \"profile\" {\n  type = string\n}\n\n");
    if let Some(t) = block(&tf, "module \"toolchain\" {") {
        root_tf.push_str(&abs(t));
    }
    if let Some(l) = block(&tf, "locals {\n  toolchain = {") {
        root_tf.push_str(l);
    }
    root_tf
        .push_str(&abs(guard).replace("data.coder_parameter.compute_profile.value", "var.profile"));
    let tmp = TempDir::new("guard");
    tmp.write("main.tf", &root_tf);
    let init = terraform(
        &tmp.0,
        &["init", "-backend=false", "-input=false", "-no-color"],
    );
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let plan = |profile: &str| {
        terraform(
            &tmp.0,
            &[
                "plan",
                "-input=false",
                "-no-color",
                "-var",
                &format!("profile={profile}"),
            ],
        )
    };
    for p in &offered {
        let o = plan(p);
        assert!(
            o.status.success(),
            "{}: offered profile {p} fails the guard:\n{}",
            dir.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let other = cat
        .profiles
        .iter()
        .map(|p| p.name.as_str())
        .find(|p| !offered.iter().any(|o| o == p))
        .expect("a profile the template does not offer");
    let o = plan(other);
    assert!(
        !o.status.success(),
        "{}: {other} passed the guard",
        dir.display()
    );
    let err = flat(&String::from_utf8_lossy(&o.stderr));
    assert!(
        err.contains(&format!(
            "TC009: compute profile \"{other}\" is not offered by this template; it offers {}.",
            offered.join(", ")
        )),
        "{}: {err}",
        dir.display()
    );
}
