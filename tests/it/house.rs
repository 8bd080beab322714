//! The structure of the source tree, as CONTRIBUTING.md describes it:
//! layers whose imports point one way, and an engine that makes no finding
//! of its own.

use std::path::Path;

/// The layers, bottom first: a module may import from its own layer and
/// the ones below it, never from one above.
const LAYERS: &[&str] = &[
    "diag", "suggest", "contract", "ingest", "rules", "engine", "output", "render", "generate",
    "cli",
];

/// The layer of a source file (`src/<layer>.rs` or `src/<layer>/…`).
fn layer_of(rel: &str) -> Option<usize> {
    let first = rel.split('/').next()?.trim_end_matches(".rs");
    LAYERS.iter().position(|l| *l == first)
}

/// Every `.rs` file under `dir`, relative to `src/`, sorted.
fn sources(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.path().is_dir() {
            sources(&e.path(), &rel, out);
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(e.path()).expect("read source");
            out.push((rel, text));
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    sources(Path::new("src"), "", &mut out);
    assert!(out.len() > 50, "the source tree was not found");
    out
}

/// The layers a text names as `crate::<layer>`.
fn imported_layers(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if let Some(l) = LAYERS.iter().position(|x| *x == name) {
            found.push(l);
        }
    }
    found
}

#[test]
fn imports_point_down_the_layers() {
    let mut wrong = Vec::new();
    for (rel, text) in all_sources() {
        let Some(own) = layer_of(&rel) else { continue };
        for l in imported_layers(&text) {
            if l > own {
                wrong.push(format!("src/{rel} ({}) imports {}", LAYERS[own], LAYERS[l]));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports that point up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_engine_makes_no_finding_of_its_own() {
    let mut wrong = Vec::new();
    for (rel, text) in all_sources() {
        if !rel.starts_with("engine/") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            // A rule is named by its `RULE` static; the engine names none.
            if line.contains("::RULE") {
                wrong.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the engine builds a rule's diagnostic (make it in the rules layer):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn rendering_reads_the_contract_model_only() {
    // `wsc render` validates first; the renderer itself never needs the
    // readers, the rules or the engine.
    let allowed = ["diag", "suggest", "contract", "render"];
    let mut wrong = Vec::new();
    for (rel, text) in all_sources() {
        if !rel.starts_with("render/") {
            continue;
        }
        for l in imported_layers(&text) {
            if !allowed.contains(&LAYERS[l]) {
                wrong.push(format!("src/{rel} imports {}", LAYERS[l]));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_layer_test_sees_an_upward_import() {
    assert_eq!(imported_layers("use crate::engine::Report;"), [5]);
    assert_eq!(imported_layers("crate::rules_x::y"), Vec::<usize>::new());
    assert_eq!(layer_of("ingest/hcl/eval.rs"), Some(3));
    assert_eq!(layer_of("lib.rs"), None);
}
