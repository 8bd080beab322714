//! In-process throughput of `wsc render` on one core, from the parsed
//! composition (what the library API `render::render` does), and with the
//! Kubernetes manifest written out as YAML.
//!
//! Inputs: the example compositions of each platform. Run with
//! `cargo bench --bench render`; the figures are in BENCHMARKS.md.

use std::sync::Arc;

use divan::{Bencher, black_box, counter::ItemsCount};
use wsc::engine::parse_composition;
use wsc::ingest::catalog::embedded;
use wsc::render::{Options, hcl, kubernetes, render};

fn main() {
    divan::main();
}

const INPUTS: &[&str] = &[
    "kubernetes",
    "ec2-linux",
    "ec2-gpu",
    "ec2-windows",
    "docker-sysbox",
];

fn input(kind: &str) -> &'static str {
    match kind {
        "kubernetes" => include_str!("../examples/compositions/pod-swdev.yaml"),
        "ec2-linux" => include_str!("../examples/compositions/custom-profile.yaml"),
        "ec2-gpu" => include_str!("../examples/compositions/ec2-datasci-gpu.json"),
        "docker-sysbox" => include_str!("../examples/compositions/sysbox-ddev.yaml"),
        _ => include_str!("../examples/compositions/ec2-windev-gui.yaml"),
    }
}

#[divan::bench(args = INPUTS, sample_count = 200, sample_size = 50)]
fn outputs(b: Bencher<'_, '_>, kind: &str) {
    let cat = embedded();
    let file: Arc<str> = Arc::from("ws.yaml");
    let comp = parse_composition(&file, input(kind), cat, &mut Vec::new()).expect("parses");
    let opts = Options::default();
    b.counter(ItemsCount::new(1usize))
        .bench(|| render(black_box(&comp), cat, &opts).expect("renders"));
}

/// The whole module as Terraform text, from the parsed composition.
#[divan::bench(args = INPUTS, sample_count = 200, sample_size = 20)]
fn terraform(b: Bencher<'_, '_>, kind: &str) {
    let cat = embedded();
    let file: Arc<str> = Arc::from("ws.yaml");
    let comp = parse_composition(&file, input(kind), cat, &mut Vec::new()).expect("parses");
    let opts = Options::default();
    b.counter(ItemsCount::new(1usize)).bench(|| {
        let r = render(black_box(&comp), cat, &opts).expect("renders");
        hcl::file(&r.terraform(&opts).expect("terraform"))
    });
}

#[divan::bench(sample_count = 200, sample_size = 20)]
fn kubernetes_yaml(b: Bencher<'_, '_>) {
    let cat = embedded();
    let file: Arc<str> = Arc::from("ws.yaml");
    let comp = parse_composition(&file, input("kubernetes"), cat, &mut Vec::new()).expect("parses");
    let opts = Options::default();
    b.counter(ItemsCount::new(1usize)).bench(|| {
        let r = render(black_box(&comp), cat, &opts).expect("renders");
        kubernetes::to_yaml(&r.objects).expect("yaml")
    });
}

#[divan::bench(sample_count = 100, sample_size = 20)]
fn kubernetes_json_values(b: Bencher<'_, '_>) {
    let cat = embedded();
    let file: Arc<str> = Arc::from("ws.yaml");
    let comp = parse_composition(&file, input("kubernetes"), cat, &mut Vec::new()).expect("parses");
    let r = render(&comp, cat, &Options::default()).expect("renders");
    b.bench(|| {
        r.objects
            .iter()
            .map(|o| serde_json::to_value(black_box(o)).expect("value"))
            .collect::<Vec<_>>()
    });
}
