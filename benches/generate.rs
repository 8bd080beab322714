//! In-process speed of generation on one core: composing the example
//! repository's templates (from the repository already read, what
//! `generate::compose::compose` does), and a new base per platform.
//!
//! Run with `cargo bench --bench generate`; the figures are in
//! BENCHMARKS.md.

use std::path::Path;

use divan::{Bencher, black_box};
use wsc::engine::Settings;
use wsc::engine::repo::{CatalogOrigin, check_repo};
use wsc::generate::{base, compose, guard};
use wsc::ingest::catalog::embedded;

fn main() {
    divan::main();
}

const PLATFORMS: &[&str] = &[
    "kubernetes",
    "ec2-linux",
    "ec2-gpu",
    "ec2-windows",
    "docker-sysbox",
];

/// Every template of examples/template-repo (five pairings and the guard).
#[divan::bench(sample_count = 200, sample_size = 20)]
fn compose_example_repo(b: Bencher<'_, '_>) {
    let cat = embedded();
    let root = Path::new("examples/template-repo");
    let settings = Settings::default();
    let checked = check_repo(root, cat, None, &CatalogOrigin::Embedded, &settings, None);
    let abs = std::path::absolute(root).expect("absolute");
    let out = abs.join("templates");
    let req = compose::Request {
        repo: &checked.repo,
        cat,
        policy: &settings.policy,
        sources: &settings.sources,
        root: &abs,
        out: &out,
        broken: &std::collections::BTreeMap::new(),
    };
    b.bench(|| black_box(compose::compose(black_box(&req))));
}

/// The contract guard alone.
#[divan::bench(sample_count = 200, sample_size = 50)]
fn contract_guard(b: Bencher<'_, '_>) {
    let cat = embedded();
    b.bench(|| black_box(guard::main_tf(black_box(cat))));
}

/// `wsc new base` for one platform (every file, the core included).
#[divan::bench(args = PLATFORMS, sample_count = 200, sample_size = 20)]
fn new_base(b: Bencher<'_, '_>, platform: &str) {
    let cat = embedded();
    b.bench(|| black_box(base::files(cat, black_box(platform), "base-x")));
}
