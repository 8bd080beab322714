//! Differential test of the static evaluator against terraform itself.
//!
//! Every output of `tests/hcl_corpus/*.tf` is evaluated by wsc and by
//! `terraform apply` (once, for the whole corpus, in a temporary directory;
//! provider-free, so offline). Outputs named `ne_*` are ones terraform
//! computes but wsc must refuse as not evaluable; every other output must be
//! evaluable and equal, as JSON, to terraform's value.

use crate::common::terraform_available;
use std::path::{Path, PathBuf};
use std::process::Command;

use wsc::ingest::hcl::{FileAccess, HclModule, Scope, eval};

const MIN_COMPARED: usize = 25;

/// A temporary directory removed on drop, even when the test fails.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "wsc-hcl-differential-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("create the temporary directory");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hcl_corpus");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("read the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "tf"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("read a corpus file");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// Run terraform in `dir`; its stdout, or a panic with its output.
fn terraform(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_CLI_CONFIG_FILE", dir.join("empty.tfrc"))
        .env("TF_DATA_DIR", dir.join(".terraform"))
        .output()
        .expect("run terraform");
    assert!(
        out.status.success(),
        "terraform {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("terraform prints UTF-8")
}

/// Every output's value as terraform computes it.
fn terraform_outputs(files: &[(String, String)]) -> serde_json::Map<String, serde_json::Value> {
    let tmp = TempDir::new();
    for (name, text) in files {
        let path = tmp.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a corpus directory");
        }
        std::fs::write(path, text).expect("copy a corpus file");
    }
    std::fs::write(tmp.0.join("empty.tfrc"), "").expect("write the CLI config");
    terraform(&tmp.0, &["init", "-input=false", "-no-color"]);
    terraform(
        &tmp.0,
        &[
            "apply",
            "-auto-approve",
            "-input=false",
            "-lock=false",
            "-no-color",
        ],
    );
    let json = terraform(&tmp.0, &["output", "-json", "-no-color"]);
    let outputs: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).expect("terraform output -json is a JSON object");
    outputs
        .into_iter()
        .map(|(k, v)| (k, v["value"].clone()))
        .collect()
}

#[test]
fn every_output_agrees_with_terraform() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let files = corpus();
    let expected = terraform_outputs(&files);
    let module = HclModule::from_files(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .expect("the corpus parses");
    assert!(
        module.all_problems().next().is_none(),
        "corpus problems: {:?}",
        module.all_problems().collect::<Vec<_>>()
    );
    let scope = Scope::new(&module);

    let mut failures = Vec::new();
    let (mut compared, mut refused) = (0, 0);
    for output in module.outputs() {
        let Some(want) = expected.get(&output.name) else {
            failures.push(format!("{}: terraform printed no value", output.name));
            continue;
        };
        let got = eval(&output.value, &scope);
        match (output.name.starts_with("ne_"), got) {
            (true, Err(_)) => refused += 1,
            (true, Ok(v)) => failures.push(format!(
                "{}: wsc evaluated {} but should refuse it",
                output.name,
                v.value.to_json()
            )),
            (false, Err(e)) => failures.push(format!("{}: not evaluable: {e}", output.name)),
            (false, Ok(v)) => {
                compared += 1;
                if v.value.to_json() != *want {
                    failures.push(format!(
                        "{}:\n   wsc       {}\n   terraform {}",
                        output.name,
                        v.value.to_json(),
                        want
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(module.outputs().count(), expected.len());
    assert!(compared >= MIN_COMPARED, "only {compared} outputs compared");
    println!("{compared} outputs equal to terraform's, {refused} refused as not evaluable");
}

/// `main.tf` files of the examples and audit fixtures, sorted.
fn templates() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    // The audit fixtures are overlays on a shared base: their trees are
    // materialised by the audit fixture harness.
    let fixtures = crate::audit_fixtures::tree().join("tests/audit_fixtures");
    let mut stack = vec![root.join("examples"), fixtures];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read a directory").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "main.tf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The inline boot scripts (`coder_agent.startup_script` heredocs) that wsc
/// audits read the same as terraform: every one in the examples and the
/// audit fixtures is evaluated by both and compared byte for byte.
#[test]
fn inline_boot_scripts_read_as_terraform_reads_them() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let mut outputs = String::new();
    let mut want = Vec::new();
    for path in templates() {
        let text = std::fs::read_to_string(&path).expect("read a template");
        let shown = path.display().to_string();
        let Ok(module) = HclModule::from_files([(shown.as_str(), text.as_str())]) else {
            continue;
        };
        let scope = Scope::new(&module);
        for agent in module.blocks().filter(|b| {
            b.kind == "resource" && b.labels.first().is_some_and(|(l, _)| l == "coder_agent")
        }) {
            let Some(attr) = agent.attribute("startup_script") else {
                continue;
            };
            let source = attr.value.source_text();
            // Only self-contained heredocs: the comparison module declares
            // none of the template's variables or locals.
            if !source.trim_start().starts_with("<<")
                || source.contains("var.")
                || source.contains("local.")
            {
                continue;
            }
            let Ok(v) = eval(&attr.value, &scope) else {
                continue;
            };
            let name = format!("boot_{}", want.len());
            outputs.push_str(&format!("output \"{name}\" {{\n  value = {source}\n}}\n\n"));
            want.push((name, shown.clone(), v.value.to_json()));
        }
    }
    assert!(
        want.len() >= 20,
        "only {} inline boot scripts found",
        want.len()
    );
    let got = terraform_outputs(&[("boot.tf".to_string(), outputs)]);
    let mut failures = Vec::new();
    for (name, file, wsc_value) in &want {
        if got.get(name) != Some(wsc_value) {
            failures.push(format!(
                "{file}:\n   wsc       {wsc_value}\n   terraform {:?}",
                got.get(name)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "{} inline boot scripts read as terraform reads them",
        want.len()
    );
}

/// Every file of a directory tree, relative to it, with its text.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read a directory").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").display().to_string();
                out.push((
                    rel,
                    std::fs::read_to_string(&p).expect("read a corpus file"),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Boot scripts kept in files: `file()` and `templatefile()` (escapes, strip
/// markers, variables of every kind, paths through `path.module` and `..`)
/// read by wsc exactly as terraform reads them.
#[test]
fn file_and_templatefile_agree_with_terraform() {
    if !terraform_available() {
        println!("SKIP: terraform not found");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hcl_files_corpus");
    let files = tree(&dir);
    let expected = terraform_outputs(&files);
    let main = files
        .iter()
        .find(|(n, _)| n == "main.tf")
        .expect("the corpus has a main.tf");
    let module = HclModule::from_files([(main.0.as_str(), main.1.as_str())]).expect("parses");
    let scope = Scope::with_files(&module, FileAccess::new(dir.clone(), dir.clone(), 1 << 20));
    let mut failures = Vec::new();
    for output in module.outputs() {
        let want = expected.get(&output.name);
        match eval(&output.value, &scope) {
            Ok(v) if Some(&v.value.to_json()) == want => {}
            Ok(v) => failures.push(format!(
                "{}:\n   wsc       {}\n   terraform {want:?}",
                output.name,
                v.value.to_json()
            )),
            Err(e) => failures.push(format!("{}: not evaluable: {e}", output.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(module.outputs().count() >= 8);
}
