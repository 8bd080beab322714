//! Exhaustive platform × compute profile × capability-set matrix for `wsc validate`.
//!
//! # Independence requirement
//!
//! This test is an *oracle*: it must not share a single line of logic or data with the
//! `wsc` crate. Everything it knows about the contract is encoded below in its own
//! constants, transcribed by hand from seed 000 (`shared/seeds/000_*.txt`: the
//! "Capability Interface" defaults, the "Platform Capability Support" table and the
//! "Compute Profiles" table) and from the rule definitions of TC003, TC004, TC005,
//! TC006 and TC011 in `shared/interface.md` (section 3, "Composition semantics", and
//! the rule table of section 5). It never imports anything from `wsc`; it only runs the
//! compiled binary (`CARGO_BIN_EXE_wsc`) as a black box and reads its JSON report.
//! If the tool's embedded catalog or rule logic drifts from the seed, this test fails
//! instead of silently agreeing with the drift.
//!
//! The matrix is every composition of the 4 seed platforms × the 7 seed compute
//! profiles (by name) × 9 capability sets = 252 compositions. All other inputs are
//! valid on every platform (`workspace_name: alice-dev`, `owner: alice`, an OCI
//! `image_id`), so each file must produce exactly the error and warning codes the
//! model below predicts (info diagnostics are ignored) and nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------
// Independent encoding of seed 000
// ---------------------------------------------------------------------------------

/// A capability value as written in a composition or as a contract default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Bool(bool),
    Enum(&'static str),
}

impl Value {
    /// Section 3: a boolean capability is requested when its effective value is true;
    /// an enum capability always requests its effective value.
    fn is_requested(self) -> bool {
        match self {
            Value::Bool(b) => b,
            Value::Enum(_) => true,
        }
    }

    fn to_yaml(self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Enum(s) => s.to_owned(),
        }
    }
}

/// Seed 000, "Capability Interface": capability, type and default.
const CAPABILITY_DEFAULTS: &[(&str, Value)] = &[
    ("persistent-home", Value::Bool(true)),
    ("network-egress", Value::Enum("https-only")),
    ("identity-mode", Value::Enum("iam")),
    ("gpu-support", Value::Bool(false)),
    ("artifact-cache", Value::Bool(false)),
    ("secrets-injection", Value::Enum("variables")),
    ("gui-vnc", Value::Bool(false)),
    ("gui-rdp", Value::Bool(false)),
];

/// Seed 000 platforms, in the column order of the support table.
const PLATFORMS: [&str; 4] = ["kubernetes", "ec2-linux", "ec2-windows", "ec2-gpu"];

/// Seed 000, "Platform Capability Support" (columns: kubernetes, ec2-linux,
/// ec2-windows, ec2-gpu). The seed restricts no enum values on any of its platforms,
/// so a supported enum capability accepts every value.
const PLATFORM_SUPPORT: &[(&str, [bool; 4])] = &[
    ("persistent-home", [true, true, true, true]),
    ("network-egress", [true, true, true, true]),
    ("identity-mode", [true, true, true, true]),
    ("gpu-support", [false, false, false, true]),
    ("artifact-cache", [true, true, false, true]),
    ("secrets-injection", [true, true, true, true]),
    ("gui-vnc", [true, true, false, true]),
    ("gui-rdp", [false, false, true, false]),
];

/// Seed 000, "Compute Profiles" (GPU column: count and type; "T4" is `nvidia-t4`,
/// "A100" is `nvidia-a100` from the "GPU Types" table).
#[derive(Debug)]
struct Profile {
    name: &'static str,
    gpu_count: u32,
    gpu_type: Option<&'static str>,
}

#[rustfmt::skip]
const PROFILES: [Profile; 7] = [
    Profile { name: "sw-dev-small", gpu_count: 0, gpu_type: None },
    Profile { name: "sw-dev-medium", gpu_count: 0, gpu_type: None },
    Profile { name: "sw-dev-large", gpu_count: 0, gpu_type: None },
    Profile { name: "platform-devsecops", gpu_count: 0, gpu_type: None },
    Profile { name: "datasci-standard", gpu_count: 0, gpu_type: None },
    Profile { name: "datasci-large", gpu_count: 1, gpu_type: Some("nvidia-t4") },
    Profile { name: "datasci-xlarge", gpu_count: 4, gpu_type: Some("nvidia-a100") },
];

/// The capability sets of the matrix: a file-name-safe label and the written values.
const CAPSETS: [(&str, &[(&str, Value)]); 9] = [
    ("defaults", &[]),
    ("gpu-support", &[("gpu-support", Value::Bool(true))]),
    ("artifact-cache", &[("artifact-cache", Value::Bool(true))]),
    ("gui-vnc", &[("gui-vnc", Value::Bool(true))]),
    ("gui-rdp", &[("gui-rdp", Value::Bool(true))]),
    (
        "no-persistent-home",
        &[("persistent-home", Value::Bool(false))],
    ),
    ("egress-none", &[("network-egress", Value::Enum("none"))]),
    (
        "gpu-support-egress-none",
        &[
            ("gpu-support", Value::Bool(true)),
            ("network-egress", Value::Enum("none")),
        ],
    ),
    (
        "gui-vnc-rdp",
        &[
            ("gui-vnc", Value::Bool(true)),
            ("gui-rdp", Value::Bool(true)),
        ],
    ),
];

const WORKSPACE_NAME: &str = "alice-dev";
const OWNER: &str = "alice";
const IMAGE_ID: &str = "ghcr.io/org/python-dev:3.11-slim";

// ---------------------------------------------------------------------------------
// The model: expected codes for one composition
// ---------------------------------------------------------------------------------

fn platform_index(platform: &str) -> usize {
    PLATFORMS
        .iter()
        .position(|p| *p == platform)
        .unwrap_or_else(|| panic!("`{platform}` is not a seed platform"))
}

fn profile_named(name: &str) -> &'static Profile {
    PROFILES
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("`{name}` is not a seed compute profile"))
}

fn capset_named(label: &str) -> &'static [(&'static str, Value)] {
    CAPSETS.iter().find(|(l, _)| *l == label).map_or_else(
        || panic!("`{label}` is not a capability set of this matrix"),
        |(_, written)| *written,
    )
}

fn supported(capability: &str, platform: usize) -> bool {
    PLATFORM_SUPPORT
        .iter()
        .find(|(c, _)| *c == capability)
        .map_or_else(
            || panic!("`{capability}` is missing from the support table"),
            |(_, row)| row[platform],
        )
}

/// Effective capabilities: the written values, then the seed defaults for the rest.
fn effective(written: &[(&'static str, Value)]) -> BTreeMap<&'static str, Value> {
    let mut eff: BTreeMap<&'static str, Value> = CAPABILITY_DEFAULTS.iter().copied().collect();
    for &(key, value) in written {
        assert!(
            eff.contains_key(key),
            "capability set writes unknown key `{key}`"
        );
        eff.insert(key, value);
    }
    eff
}

/// The error and warning codes `wsc validate` must report for this composition.
fn expected_codes(
    platform: &str,
    profile: &Profile,
    written: &[(&'static str, Value)],
) -> BTreeSet<String> {
    let platform = platform_index(platform);
    let eff = effective(written);
    let is_true = |key: &str| eff[key] == Value::Bool(true);
    let mut codes = BTreeSet::new();

    // TC003: gui-vnc and gui-rdp both true.
    if is_true("gui-vnc") && is_true("gui-rdp") {
        codes.insert("TC003".to_owned());
    }
    // TC004: gpu-support true with network-egress none.
    if is_true("gpu-support") && eff["network-egress"] == Value::Enum("none") {
        codes.insert("TC004".to_owned());
    }
    // TC005 (warning): gui-vnc or gui-rdp true with persistent-home false.
    if (is_true("gui-vnc") || is_true("gui-rdp")) && eff["persistent-home"] == Value::Bool(false) {
        codes.insert("TC005".to_owned());
    }
    // TC006: a requested capability the platform's row lacks. The seed's platforms
    // restrict no enum values, so only the capability itself matters.
    if eff
        .iter()
        .any(|(cap, value)| value.is_requested() && !supported(cap, platform))
    {
        codes.insert("TC006".to_owned());
    }
    // TC011: gpu_count > 0 without gpu-support, gpu-support without gpu_count > 0,
    // gpu_type without gpu_count > 0, gpu_count > 0 without gpu_type.
    let has_gpus = profile.gpu_count > 0;
    if has_gpus != is_true("gpu-support") || has_gpus != profile.gpu_type.is_some() {
        codes.insert("TC011".to_owned());
    }
    codes
}

fn codes(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|c| (*c).to_owned()).collect()
}

// ---------------------------------------------------------------------------------
// Writing compositions and running the binary
// ---------------------------------------------------------------------------------

fn file_name(platform: &str, profile: &str, capset: &str) -> String {
    format!("{platform}__{profile}__{capset}.yaml")
}

fn composition_yaml(platform: &str, profile: &str, written: &[(&str, Value)]) -> String {
    let mut yaml = format!(
        "platform: {platform}\n\
         workspace_name: {WORKSPACE_NAME}\n\
         owner: {OWNER}\n\
         image_id: {IMAGE_ID}\n\
         compute_profile: {profile}\n"
    );
    if written.is_empty() {
        yaml.push_str("capabilities: {}\n");
    } else {
        yaml.push_str("capabilities:\n");
        for (key, value) in written {
            yaml.push_str(&format!("  {key}: {}\n", value.to_yaml()));
        }
    }
    yaml
}

/// A temporary directory removed when dropped (also when the test panics).
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("wsc-{tag}-{}-{nanos}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("remove stale temp dir");
        }
        fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// One cell of the matrix.
struct Cell {
    platform: &'static str,
    profile: &'static str,
    capset: &'static str,
    expected: BTreeSet<String>,
}

fn all_cells() -> BTreeMap<String, Cell> {
    let mut cells = BTreeMap::new();
    for platform in PLATFORMS {
        for profile in &PROFILES {
            for (capset, written) in CAPSETS {
                let name = file_name(platform, profile.name, capset);
                let cell = Cell {
                    platform,
                    profile: profile.name,
                    capset,
                    expected: expected_codes(platform, profile, written),
                };
                assert!(cells.insert(name, cell).is_none(), "duplicate matrix cell");
            }
        }
    }
    cells
}

fn fmt_codes(set: &BTreeSet<String>) -> String {
    let list: Vec<&str> = set.iter().map(String::as_str).collect();
    format!("{{{}}}", list.join(", "))
}

// ---------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------

/// Hand-written expectations for well-known cells: guards the model itself.
const WELL_KNOWN: &[(&str, &str, &str, &[&str])] = &[
    ("kubernetes", "sw-dev-small", "defaults", &[]),
    ("kubernetes", "datasci-large", "defaults", &["TC011"]),
    ("ec2-windows", "sw-dev-medium", "gui-rdp", &[]),
    ("kubernetes", "sw-dev-small", "gui-rdp", &["TC006"]),
    (
        "ec2-gpu",
        "datasci-xlarge",
        "gpu-support-egress-none",
        &["TC004"],
    ),
    ("ec2-gpu", "datasci-large", "gpu-support", &[]),
    ("ec2-gpu", "datasci-large", "defaults", &["TC011"]),
    ("ec2-gpu", "sw-dev-small", "gpu-support", &["TC011"]),
    (
        "ec2-linux",
        "sw-dev-small",
        "gpu-support",
        &["TC006", "TC011"],
    ),
    (
        "kubernetes",
        "datasci-xlarge",
        "gpu-support-egress-none",
        &["TC004", "TC006"],
    ),
    ("ec2-windows", "sw-dev-small", "artifact-cache", &["TC006"]),
    ("ec2-windows", "sw-dev-small", "gui-vnc", &["TC006"]),
    (
        "ec2-windows",
        "sw-dev-small",
        "gui-vnc-rdp",
        &["TC003", "TC006"],
    ),
    (
        "ec2-gpu",
        "sw-dev-large",
        "gui-vnc-rdp",
        &["TC003", "TC006"],
    ),
    ("ec2-linux", "platform-devsecops", "gui-vnc", &[]),
    ("ec2-linux", "datasci-standard", "no-persistent-home", &[]),
    ("ec2-windows", "datasci-standard", "egress-none", &[]),
];

#[test]
fn model_matches_hand_written_cells() {
    for &(platform, profile, capset, want) in WELL_KNOWN {
        let got = expected_codes(platform, profile_named(profile), capset_named(capset));
        assert_eq!(
            got,
            codes(want),
            "model disagrees with the hand-written expectation for {platform} × {profile} × {capset}"
        );
    }
}

#[test]
fn exhaustive_matrix_matches_independent_model() {
    let cells = all_cells();
    assert_eq!(cells.len(), 252, "the matrix must have 4 × 7 × 9 cells");

    // The matrix must exercise every rule it is meant to check.
    for code in ["TC003", "TC004", "TC006", "TC011"] {
        let n = cells.values().filter(|c| c.expected.contains(code)).count();
        assert!(
            n > 0,
            "no composition of the matrix is expected to produce {code}"
        );
    }
    assert!(
        cells.values().any(|c| c.expected.is_empty()),
        "no composition of the matrix is expected to be clean"
    );

    // Write every composition.
    let dir = TempDir::new("exhaustive-matrix");
    let mut files = Vec::with_capacity(cells.len());
    for (name, cell) in &cells {
        let path = dir.path().join(name);
        let yaml = composition_yaml(cell.platform, cell.profile, capset_named(cell.capset));
        fs::write(&path, yaml).expect("write composition file");
        files.push(path);
    }

    // Run the binary once over all of them.
    let output = Command::new(env!("CARGO_BIN_EXE_wsc"))
        .args(["validate", "--format", "json"])
        .args(&files)
        .output()
        .expect("run wsc");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "wsc validate exited with {:?}\nstderr:\n{stderr}",
        output.status
    );

    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("wsc output is not JSON ({e})\nstdout:\n{stdout}\nstderr:\n{stderr}")
    });
    assert_eq!(report["version"], 1, "JSON report version");
    assert_eq!(
        report["summary"]["files"].as_u64(),
        Some(252),
        "summary.files must count every checked composition"
    );
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array");

    // Group error and warning codes by file name; info is ignored.
    let mut actual: BTreeMap<String, BTreeSet<String>> =
        cells.keys().map(|k| (k.clone(), BTreeSet::new())).collect();
    let mut problems = Vec::new();
    for diagnostic in diagnostics {
        let code = diagnostic["code"]
            .as_str()
            .expect("diagnostic `code` is a string");
        let severity = diagnostic["severity"]
            .as_str()
            .expect("diagnostic `severity` is a string");
        match severity {
            "error" | "warning" => {}
            "info" => continue,
            other => {
                problems.push(format!("{code}: unknown severity `{other}`: {diagnostic}"));
                continue;
            }
        }
        let name = diagnostic["file"]
            .as_str()
            .and_then(|f| Path::new(f).file_name())
            .and_then(|n| n.to_str());
        match name.and_then(|n| actual.get_mut(n)) {
            Some(set) => {
                set.insert(code.to_owned());
            }
            None => problems.push(format!(
                "{severity} {code} on a file that is not one of the compositions: {diagnostic}"
            )),
        }
    }

    // Compare every cell; collect all mismatches before failing.
    let mut checked = 0;
    let mut seen = BTreeSet::new();
    for (name, cell) in &cells {
        let got = &actual[name];
        checked += 1;
        seen.extend(got.iter().cloned());
        if *got != cell.expected {
            problems.push(format!(
                "{name}: expected {}, got {}",
                fmt_codes(&cell.expected),
                fmt_codes(got)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {checked} compositions (or diagnostics) disagree with the seed model:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    assert_eq!(checked, 252, "every composition must have been checked");
    for code in ["TC003", "TC004", "TC006", "TC011"] {
        assert!(
            seen.contains(code),
            "wsc never reported {code} in the matrix"
        );
    }

    // The well-known cells, checked against the binary's output directly as well.
    for &(platform, profile, capset, want) in WELL_KNOWN {
        let name = file_name(platform, profile, capset);
        assert_eq!(actual[&name], codes(want), "{name}");
    }
}
