//! In-process throughput of `wsc validate` on one core.
//!
//! - `from_text`: YAML text in memory → parsed, lowered, checked, diagnostics
//!   sorted (what `wsc validate` does per file).
//! - `from_model`: the rule checks alone on an already-parsed composition.
//! - `yaml_tree`, `yaml_events`: the share of the YAML parser (breakdown).
//!
//! Inputs: `benches/inputs/{valid,invalid}.yaml` (typical 11-line
//! compositions; the invalid one has 3 errors) and the commented examples
//! `examples/compositions/{pod-swdev,broken-legacy}.yaml` (`*-example`, 15
//! errors in the broken one). Run with `cargo bench --bench validate`;
//! `bench/run.sh` records the figures in BENCHMARKS.md.

use std::sync::Arc;

use divan::{Bencher, black_box, counter::ItemsCount};
use wsc::contract::policy::Policy;
use wsc::engine::{Settings, check_composition, parse_composition, validate_text};
use wsc::ingest::catalog::embedded;
use wsc::ingest::yaml::{self, Limits};

fn main() {
    divan::main();
}

const INPUTS: &[&str] = &["valid", "invalid", "valid-example", "invalid-example"];

fn input(kind: &str) -> &'static str {
    match kind {
        "valid" => include_str!("inputs/valid.yaml"),
        "invalid" => include_str!("inputs/invalid.yaml"),
        "valid-example" => include_str!("../examples/compositions/pod-swdev.yaml"),
        _ => include_str!("../examples/compositions/broken-legacy.yaml"),
    }
}

#[divan::bench(args = INPUTS, sample_count = 300, sample_size = 50)]
fn from_text(b: Bencher<'_, '_>, kind: &str) {
    let text = input(kind);
    let file: Arc<str> = Arc::from("ws.yaml");
    let cat = embedded();
    let settings = Settings::default();
    b.counter(ItemsCount::new(1usize))
        .bench(|| validate_text(&file, black_box(text), cat, &settings));
}

#[divan::bench(args = INPUTS, sample_count = 300, sample_size = 50)]
fn from_model(b: Bencher<'_, '_>, kind: &str) {
    let text = input(kind);
    let file: Arc<str> = Arc::from("ws.yaml");
    let cat = embedded();
    let policy = Policy::default();
    let mut sink = Vec::new();
    let comp = parse_composition(&file, text, cat, &mut sink).expect("input parses");
    b.counter(ItemsCount::new(1usize)).bench(|| {
        let mut out = Vec::new();
        check_composition(&file, black_box(&comp), cat, &policy, None, &mut out);
        out
    });
}

#[divan::bench(args = INPUTS, sample_count = 300, sample_size = 50)]
fn yaml_tree(b: Bencher<'_, '_>, kind: &str) {
    let text = input(kind);
    b.counter(ItemsCount::new(1usize))
        .bench(|| yaml::parse(black_box(text), Limits::default()).map(|d| d.root.is_some()));
}

#[divan::bench(args = INPUTS, sample_count = 300, sample_size = 50)]
fn yaml_events(b: Bencher<'_, '_>, kind: &str) {
    let text = input(kind);
    b.counter(ItemsCount::new(1usize)).bench(|| {
        let mut p = saphyr_parser::Parser::new_from_str(black_box(text));
        let mut n = 0usize;
        while let Some(Ok(_)) = p.next_event() {
            n += 1;
        }
        n
    });
}
