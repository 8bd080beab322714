//! In-process throughput of `wsc validate` on one core.
//!
//! - `from_text`: YAML text in memory → parsed, lowered, checked, diagnostics
//!   sorted (what `wsc validate` does per file).
//! - `from_model`: the rule checks alone on an already-parsed composition.
//!
//! Run with `cargo bench --bench validate`; `bench/run.sh` records the figures.

use std::sync::Arc;

use divan::{Bencher, black_box, counter::ItemsCount};
use wsc::contract::policy::Policy;
use wsc::engine::{Settings, check_composition, parse_composition, validate_text};
use wsc::ingest::catalog::embedded;

fn main() {
    divan::main();
}

const VALID: &str = include_str!("../examples/compositions/pod-swdev.yaml");
const INVALID: &str = include_str!("../examples/compositions/broken-legacy.yaml");

fn inputs(kind: &str) -> &'static str {
    if kind == "valid" { VALID } else { INVALID }
}

#[divan::bench(args = ["valid", "invalid"])]
fn from_text(b: Bencher<'_, '_>, kind: &str) {
    let text = inputs(kind);
    let file: Arc<str> = Arc::from("ws.yaml");
    let cat = embedded();
    let settings = Settings::default();
    b.counter(ItemsCount::new(1usize))
        .bench(|| validate_text(&file, black_box(text), cat, &settings));
}

#[divan::bench(args = ["valid", "invalid"])]
fn from_model(b: Bencher<'_, '_>, kind: &str) {
    let text = inputs(kind);
    let file: Arc<str> = Arc::from("ws.yaml");
    let cat = embedded();
    let policy = Policy::default();
    let mut sink = Vec::new();
    let comp = parse_composition(&file, text, cat, &mut sink).expect("example parses");
    b.counter(ItemsCount::new(1usize)).bench_local(|| {
        let mut out = Vec::new();
        check_composition(&file, black_box(&comp), cat, &policy, None, &mut out);
        out
    });
}

#[divan::bench(args = ["valid", "invalid"])]
fn yaml_only(b: Bencher<'_, '_>, kind: &str) {
    let text = inputs(kind);
    b.bench(|| {
        wsc::ingest::yaml::parse(black_box(text), wsc::ingest::yaml::Limits::default())
            .map(|d| d.errors.len())
    });
}

#[divan::bench(args = ["valid", "invalid"])]
fn events_only(b: Bencher<'_, '_>, kind: &str) {
    let text = inputs(kind);
    b.bench(|| {
        let mut p = saphyr_parser::Parser::new_from_str(black_box(text));
        let mut n = 0;
        while let Some(Ok(_)) = p.next_event() {
            n += 1;
        }
        n
    });
}
