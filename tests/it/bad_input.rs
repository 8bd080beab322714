//! Bad input: every case gets a located diagnostic (or WSC004) and exit 1;
//! never a panic, never a hang, memory bounded.

use crate::common::{TempDir, wsc, wsc_stdin};

fn json(o: &crate::common::Out) -> serde_json::Value {
    serde_json::from_str(&o.stdout).expect("json output")
}

fn one(text: &str) -> (i32, serde_json::Value) {
    let o = wsc_stdin(&["validate", "--format", "json", "-"], text);
    (o.code, json(&o))
}

#[test]
fn yaml_syntax_error_is_located() {
    let (code, v) = one("platform: kubernetes\ncapabilities: {gui-vnc: true\nowner: x\n");
    assert_eq!(code, 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "WSC001");
    assert!(d["line"].as_u64().is_some());
}

#[test]
fn duplicate_keys_are_reported_with_the_first_place_and_checking_goes_on() {
    let (code, v) = one("platform: kubernetes\nplatform: ec2-linux\nworkspace_name: a_b\n");
    assert_eq!(code, 1);
    let ds = v["diagnostics"].as_array().expect("a");
    let dup = ds.iter().find(|d| d["code"] == "WSC001").expect("dup");
    assert_eq!(dup["line"], 2);
    assert_eq!(dup["related"][0]["line"], 1);
    assert!(
        ds.iter().any(|d| d["code"] == "TC013"),
        "the rest is still checked"
    );
}

#[test]
fn wrong_types_get_the_fields_code() {
    let (_, v) = one(
        "platform: 7\nworkspace_name: [a]\nowner: 12\nimage_id: {x: 1}\ncompute_profile: 3\ncapabilities: {gui-vnc: yes, network-egress: 443}\ncontract: [1]\n",
    );
    let mut got: Vec<(u64, String)> = v["diagnostics"]
        .as_array()
        .expect("a")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["code"].as_str().expect("c").to_string(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(u64, String)> = [
        (1, "TC016"),
        (2, "TC013"),
        (3, "TC013"),
        (4, "TC014"),
        (5, "TC009"),
        (6, "TC002"),
        (6, "TC002"),
        (7, "TC017"),
    ]
    .iter()
    .map(|(l, c)| (*l, (*c).to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn non_utf8_bytes_are_located() {
    let dir = TempDir::new("utf8");
    let p = dir.path("bad.yaml");
    std::fs::write(&p, b"platform: kubernetes\nowner: al\xffce\n").expect("write");
    let o = wsc(&["validate", "--format", "json", &p.display().to_string()]);
    assert_eq!(o.code, 1);
    let v = json(&o);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "WSC001");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 10);
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "# nothing here\n", "---\n"] {
        let (code, v) = one(text);
        assert_eq!(code, 1, "{text:?}");
        assert_eq!(v["diagnostics"][0]["code"], "WSC001");
        assert_eq!(v["diagnostics"][0]["line"], 1);
    }
}

#[test]
fn a_document_that_is_not_a_mapping() {
    let (code, v) = one("- platform: kubernetes\n");
    assert_eq!(code, 1);
    assert_eq!(v["diagnostics"][0]["code"], "WSC001");
    let (_, v) = one("---\na: 1\n---\nb: 2\n");
    assert_eq!(v["diagnostics"][0]["code"], "WSC001");
    assert_eq!(v["diagnostics"][0]["line"], 3);
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let (code, v) = one(&s);
    assert_eq!(code, 1);
    assert_eq!(v["diagnostics"][0]["code"], "WSC004");
}

#[test]
fn thousand_deep_nesting() {
    for text in [
        format!("capabilities: {}{}\n", "[".repeat(1000), "]".repeat(1000)),
        format!(
            "capabilities: {}1{}\n",
            "{a: ".repeat(1000),
            "}".repeat(1000)
        ),
        (0..1000)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect::<String>(),
    ] {
        let (code, v) = one(&text);
        assert_eq!(code, 1);
        assert_eq!(v["diagnostics"][0]["code"], "WSC004", "{}", &text[..40]);
    }
}

#[test]
fn a_100_mib_file_is_refused_without_reading_it() {
    let dir = TempDir::new("big");
    let p = dir.path("huge.yaml");
    let f = std::fs::File::create(&p).expect("create");
    // A sparse file: 100 MiB long, costs no disk.
    f.set_len(100 * 1024 * 1024).expect("set_len");
    drop(f);
    let o = wsc(&["validate", "--format", "json", &p.display().to_string()]);
    assert_eq!(o.code, 1);
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["code"], "WSC004");
    // Also from standard input, which has no length up front.
    let big = "a: 1\n".repeat(2 * 1024 * 1024);
    let o = wsc_stdin(&["validate", "-"], &big);
    assert_eq!(o.code, 2, "standard input over the limit cannot be read");
}

#[test]
fn a_directory_argument_is_a_parse_error_not_a_crash() {
    let o = wsc(&["validate", "--format", "json", "tests"]);
    assert_eq!(o.code, 1);
    assert_eq!(codes_of(&o)[0], "WSC001");
}

fn codes_of(o: &crate::common::Out) -> Vec<String> {
    crate::common::codes(&o.stdout)
}

/// Deep nesting in an inline boot script (subshells, substitutions, `if`s)
/// is read without a stack overflow, and the audit still reports.
#[test]
fn audit_survives_deeply_nested_boot_scripts() {
    let tf = std::fs::read_to_string("examples/ddev-workspace/template/main.tf").expect("read");
    let i = tf.find("startup_script = <<-EOT\n").expect("inline boot");
    let j = i + tf[i..].find("\n  EOT\n").expect("end");
    let body = format!(
        "    {}true{}\n    {}echo{}\n    {}true{}\n    exit 0",
        "(".repeat(3000),
        ")".repeat(3000),
        "$(".repeat(500),
        ")".repeat(500),
        "if true; then ".repeat(2000),
        "; fi".repeat(2000)
    );
    let text = format!("{}startup_script = <<-EOT\n{body}{}", &tf[..i], &tf[j..]);
    let dir = TempDir::new("deep-boot");
    dir.write("t/main.tf", &text);
    let root = dir.0.display().to_string();
    let o = wsc(&["audit", "--format", "json", &root]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let _ = json(&o);
}

#[test]
fn audit_and_spec_locate_bytes_that_are_not_utf8() {
    let dir = TempDir::new("audit-utf8");
    std::fs::create_dir_all(dir.path("image")).expect("mkdir");
    std::fs::write(
        dir.path("image/Dockerfile"),
        b"FROM ubuntu\nRUN echo \xff\xfe\n",
    )
    .expect("write");
    // The template whose (shared) image it is.
    dir.write(
        "template/main.tf",
        &std::fs::read_to_string("examples/ddev-workspace/template/main.tf").expect("read"),
    );
    let root = dir.0.display().to_string();
    let v = json(&wsc(&["audit", "--format", "json", &root]));
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64()),
        (Some("WSC001"), Some(2))
    );
}

/// Pathological Markdown (50,000 nested quotes, 1,500 nested list levels,
/// long runs of brackets and emphasis) is read in bounded time and memory.
#[test]
fn spec_validate_survives_pathological_markdown() {
    let dir = TempDir::new("spec-deep");
    let mut md = format!("{} x\n", ">".repeat(50_000));
    for i in 0..1500 {
        md.push_str(&" ".repeat(2 * i));
        md.push_str("- a\n");
    }
    md.push_str(&"[".repeat(20_000));
    md.push('\n');
    md.push_str(&"*".repeat(50_000));
    md.push('\n');
    dir.write("openspec/specs/x/spec.md", &md);
    let root = dir.0.display().to_string();
    let o = wsc(&["spec", "validate", "--format", "json", &root]);
    assert_eq!(o.code, 1);
    assert!(
        crate::common::codes(&o.stdout).contains(&"SP001".to_string()),
        "{}",
        o.stdout
    );
}
