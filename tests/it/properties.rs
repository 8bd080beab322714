//! Property tests: validation never panics on arbitrary YAML-like text and is
//! deterministic; model parsers round-trip.

use std::sync::Arc;

use crate::common::loc;
use proptest::prelude::*;
use wsc::contract::model::Quantity;
use wsc::engine::{Settings, validate_text};
use wsc::ingest::catalog::embedded;

const KEYS: &[&str] = &[
    "platform",
    "workspace_name",
    "owner",
    "image_id",
    "compute_profile",
    "capabilities",
    "overrides",
    "contract",
    "cpu",
    "memory",
    "storage",
    "gpu_count",
    "gpu_type",
    "gui-vnc",
    "gui-rdp",
    "gpu-support",
    "network-egress",
    "persistent-home",
    "privileged",
    "labels",
    "environment_variables",
    "x",
    "persistent_home",
];
const SCALARS: &[&str] = &[
    "true",
    "false",
    "null",
    "~",
    "0",
    "1",
    "-3",
    "2.5",
    "1e9",
    "kubernetes",
    "ec2-gpu",
    "sw-dev-small",
    "datasci-large",
    "8Gi",
    "0Gi",
    "none",
    "https-only",
    "\"quoted\"",
    "'s'",
    "ami-0123abcd",
    "ghcr.io/a/b:1",
    "é",
    "[]",
    "{}",
    "&a x",
    "*a",
    "|\n  block",
];

fn yamlish() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(SCALARS).prop_map(str::to_string);
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..8).prop_map(
                |kv| {
                    let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    format!("{{{}}}", body.join(", "))
                }
            ),
            prop::collection::vec(inner, 0..6).prop_map(|v| format!("[{}]", v.join(", "))),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(KEYS), yamlish()), 0..10).prop_map(|kv| {
        kv.iter()
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validation_never_panics_and_is_deterministic(doc in document()) {
        let file: Arc<str> = Arc::from("p.yaml");
        let a = validate_text(&file, &doc, embedded(), &Settings::default());
        let b = validate_text(&file, &doc, embedded(), &Settings::default());
        prop_assert_eq!(&a, &b);
        for d in &a {
            if let Some(s) = d.span {
                let start = loc(&doc, s.start);
                prop_assert!(start.line >= 1 && start.col >= 1);
                prop_assert!(s.start <= s.end);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(doc in "\\PC{0,300}") {
        let file: Arc<str> = Arc::from("p.yaml");
        let _ = validate_text(&file, &doc, embedded(), &Settings::default());
    }

    #[test]
    fn quantities_round_trip(n in 1u64..1_000_000, unit in 0usize..4) {
        let suffix = ["Ki", "Mi", "Gi", "Ti"][unit];
        let q = Quantity::parse(&format!("{n}{suffix}")).expect("valid quantity");
        prop_assert_eq!(q.bytes, n << (10 * (unit as u32 + 1)));
        let again = Quantity::parse(&q.to_string()).expect("display parses");
        prop_assert_eq!(q, again);
    }
}
