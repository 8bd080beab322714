//! The command line as users and CI meet it: exit statuses, formats, stdin,
//! colour, configuration, and the report commands.

use crate::common::{TempDir, codes, wsc, wsc_stdin};

const CLEAN: &str = "examples/compositions/pod-swdev.yaml";
const BROKEN: &str = "examples/compositions/broken-legacy.yaml";

const WARN_ONLY: &str = "platform: kubernetes
workspace_name: alice-dev
owner: alice
image_id: ghcr.io/org/python-dev:3.11-slim
compute_profile: sw-dev-small
capabilities:
  gui-vnc: true
  persistent-home: false
";

#[test]
fn exit_0_on_a_clean_file() {
    let o = wsc(&["validate", CLEAN]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(o.stdout, "1 file checked: no problems found\n");
}

#[test]
fn exit_1_on_errors() {
    let o = wsc(&["validate", BROKEN]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("error[TC003]"));
}

#[test]
fn warnings_pass_unless_denied() {
    let o = wsc_stdin(&["validate", "-"], WARN_ONLY);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("warning[TC005]"));
    let o = wsc_stdin(&["validate", "--deny-warnings", "-"], WARN_ONLY);
    assert_eq!(o.code, 1);
}

#[test]
fn exit_2_on_a_missing_path_but_existing_files_are_still_checked() {
    let o = wsc(&["validate", "--format", "json", BROKEN, "no/such/file.yaml"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("no/such/file.yaml: no such file or directory")
    );
    assert!(codes(&o.stdout).contains(&"TC003".to_string()));
}

#[test]
fn exit_2_on_bad_flags() {
    let o = wsc(&["validate", "--format", "yaml", CLEAN]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("`yaml` is not an output format of validate"),
        "{}",
        o.stderr
    );
    assert_eq!(wsc(&["frobnicate"]).code, 2);
    assert_eq!(wsc(&["validate"]).code, 2);
}

#[test]
fn help_and_version_exit_0() {
    let o = wsc(&["--version"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with("wsc "));
    assert_eq!(wsc(&["validate", "--help"]).code, 0);
}

#[test]
fn stdin_is_read_with_dash() {
    let text = std::fs::read_to_string(BROKEN).expect("read");
    let o = wsc_stdin(&["validate", "--format", "json", "-"], &text);
    assert_eq!(o.code, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["diagnostics"][0]["file"], "<stdin>");
}

#[test]
fn output_is_identical_across_runs() {
    for fmt in ["text", "json", "sarif", "junit", "github"] {
        let a = wsc(&[
            "validate",
            "--format",
            fmt,
            BROKEN,
            CLEAN,
            "examples/compositions/broken-compute.yaml",
        ]);
        let b = wsc(&[
            "validate",
            "--format",
            fmt,
            "examples/compositions/broken-compute.yaml",
            CLEAN,
            BROKEN,
        ]);
        assert_eq!(
            a.stdout, b.stdout,
            "format {fmt} depends on argument order or run"
        );
    }
}

#[test]
fn every_format_snapshot() {
    for fmt in ["text", "json", "sarif", "junit", "github"] {
        let o = wsc(&["validate", "--format", fmt, BROKEN]);
        assert_eq!(o.code, 1);
        insta::assert_snapshot!(format!("format_{fmt}"), o.stdout);
    }
}

#[test]
fn json_matches_the_interface_shape() {
    let o = wsc(&["validate", "--format", "json", BROKEN]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "wsc");
    assert_eq!(v["tool"]["contract"], "1.0");
    let d = v["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "TC003")
        .expect("TC003");
    // gui-rdp (written last) is the primary place; gui-vnc is related.
    assert_eq!(d["line"], 14);
    assert_eq!(d["column"], 3);
    assert_eq!(d["end_line"], 14);
    assert_eq!(d["end_column"], 10);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["name"], "mutually-exclusive-capabilities");
    assert_eq!(d["related"][0]["line"], 13);
    assert_eq!(d["related"][0]["message"], "gui-vnc enabled here");
    let keys: Vec<&str> = d
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "code",
        "column",
        "end_column",
        "end_line",
        "file",
        "help",
        "line",
        "message",
        "name",
        "related",
        "severity",
    ];
    want.sort_unstable();
    let mut got = keys.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn sarif_declares_rules_and_unicode_columns() {
    let o = wsc(&["validate", "--format", "sarif", BROKEN]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), wsc::rules::ALL.len());
    for r in run["results"].as_array().expect("results") {
        let idx = usize::try_from(r["ruleIndex"].as_u64().expect("index")).expect("fits");
        assert_eq!(rules[idx]["id"], r["ruleId"]);
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "platform: kubernetes\nworkspace_name: café-dev\nowner: ünïcödé\nimage_id: ghcr.io/org/x:1\ncompute_profile: sw-dev-small\ncapabilities: {persistent_home: true}\n";
    let o = wsc_stdin(&["validate", "--format", "json", "-"], text);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let d = &v["diagnostics"];
    let owner = d
        .as_array()
        .expect("a")
        .iter()
        .find(|d| d["line"] == 3)
        .expect("owner");
    assert_eq!(owner["column"], 8);
    assert_eq!(owner["end_column"], 15); // 7 characters, 12 bytes
}

#[test]
fn color_follows_the_choice() {
    let always = wsc(&["validate", "--color", "always", BROKEN]);
    assert!(always.stdout.contains("\u{1b}["));
    let auto = wsc(&["validate", BROKEN]); // not a TTY in tests
    assert!(!auto.stdout.contains("\u{1b}["));
}

#[test]
fn config_changes_severities_and_policy() {
    let dir = TempDir::new("cfg");
    dir.write("wsc.toml", "[rules]\nTC005 = \"error\"\nTC015 = \"off\"\n");
    let f = dir.write("ws.yaml", WARN_ONLY);
    let o = wsc(&["validate", "--format", "json", &f]);
    assert_eq!(
        o.code, 1,
        "TC005 raised to error by the discovered wsc.toml"
    );
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["diagnostics"][0]["severity"], "error");

    let policy = dir.write(
        "policy.toml",
        "[policy]\nallow = [\"privileged\", \"environment_variables\"]\ndeny_env_prefixes = []\n",
    );
    let o = wsc(&["validate", "--config", &policy, "--format", "json", BROKEN]);
    let c = codes(&o.stdout);
    assert!(!c.contains(&"TC015".to_string()), "{c:?}");
}

#[test]
fn a_broken_config_exits_2_with_located_diagnostics() {
    let dir = TempDir::new("badcfg");
    let cfg = dir.write("wsc.toml", "[rules]\nTC05 = \"error\"\nTC003 = \"fatal\"\n");
    let o = wsc(&["validate", "--config", &cfg, CLEAN]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("error[WSC007]: unknown rule code `TC05`"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("did you mean `TC005`?"), "{}", o.stderr);
    assert!(o.stderr.contains("unknown level `fatal`"), "{}", o.stderr);
    assert!(o.stderr.contains(":2:1"), "{}", o.stderr);
    let o = wsc(&["validate", "--config", "nope.toml", CLEAN]);
    assert_eq!(o.code, 2);
}

#[test]
fn explain_prints_the_rules_docs() {
    let o = wsc(&["explain", "TC006"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with("# TC006 unsupported-on-platform"));
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ] {
        assert!(o.stdout.contains(section), "missing {section}");
    }
    let o = wsc(&["explain", "unsupported-on-platform", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["code"], "TC006");
    let o = wsc(&["explain", "TC06"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("did you mean"));
}

#[test]
fn every_rule_is_documented_in_ruff_style() {
    for r in wsc::rules::ALL {
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(r.docs.contains(section), "{} lacks {section}", r.code);
        }
        assert!(
            !r.summary.ends_with('.'),
            "{} summary ends with a period",
            r.code
        );
        assert_eq!(
            r.name,
            r.name.to_lowercase(),
            "{} name is not kebab-case",
            r.code
        );
    }
}

#[test]
fn rules_list_snapshot() {
    let o = wsc(&["rules"]);
    assert_eq!(o.code, 0);
    insta::assert_snapshot!("rules", o.stdout);
}

#[test]
fn platforms_and_profiles_tables() {
    let o = wsc(&["platforms"]);
    assert_eq!(o.code, 0);
    insta::assert_snapshot!("platforms", o.stdout);
    let o = wsc(&["profiles"]);
    assert_eq!(o.code, 0);
    insta::assert_snapshot!("profiles", o.stdout);
}

#[test]
fn schemas_are_json_and_name_the_catalog() {
    for name in [
        "composition",
        "toolchain",
        "base",
        "pairings",
        "contract",
        "config",
    ] {
        let o = wsc(&["schema", name]);
        assert_eq!(o.code, 0);
        let _: serde_json::Value = serde_json::from_str(&o.stdout).expect("schema is JSON");
    }
    let o = wsc(&["schema", "composition"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let caps = v["properties"]["capabilities"]["properties"]
        .as_object()
        .expect("caps");
    assert_eq!(caps.len(), 8);
    assert_eq!(caps["network-egress"]["default"], "https-only");
    let platforms = v["properties"]["platform"]["oneOf"]
        .as_array()
        .expect("oneOf");
    let sysbox = platforms
        .iter()
        .find(|p| p["const"] == "docker-sysbox")
        .expect("ext");
    assert_eq!(sysbox["x-wsc-extension"], true);
    assert_eq!(wsc(&["schema", "nope"]).code, 2);
}

#[test]
fn readme_rule_table_is_generated_from_the_registry() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let start = readme.find("<!-- rules:start -->").expect("start marker");
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    let table = &readme[start + "<!-- rules:start -->".len()..end];
    let mut want =
        String::from("\n| code | name | severity | fires when |\n| --- | --- | --- | --- |\n");
    for r in wsc::rules::ALL {
        want.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.code, r.name, r.severity, r.summary
        ));
    }
    assert_eq!(
        table, want,
        "README rule table is stale; replace it with:\n{want}"
    );
}

fn run_tty(args: &[&str], no_color: bool) -> String {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input: &[u8] = b"";
    let mut env = wsc::cli::Env {
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut input,
        stdout_is_tty: true,
        no_color,
        progress: false,
    };
    let mut argv = vec!["wsc"];
    argv.extend_from_slice(args);
    wsc::cli::run(argv, &mut env);
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn a_terminal_gets_colour_unless_no_color_is_set() {
    assert!(run_tty(&["validate", BROKEN], false).contains("\u{1b}["));
    assert!(!run_tty(&["validate", BROKEN], true).contains("\u{1b}["));
    assert!(!run_tty(&["validate", "--color", "never", BROKEN], false).contains("\u{1b}["));
    assert!(run_tty(&["validate", "--color", "always", BROKEN], true).contains("\u{1b}["));
}

/// Standard output that takes `room` bytes and then reports a closed pipe,
/// as `wsc … | head -c 10` does.
struct ClosedPipe {
    room: usize,
}

impl std::io::Write for ClosedPipe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn run_into_closed_pipe(args: &[&str]) -> (i32, String) {
    let mut out = ClosedPipe { room: 10 };
    let mut err = Vec::new();
    let mut input: &[u8] = b"";
    let mut env = wsc::cli::Env {
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut input,
        stdout_is_tty: false,
        no_color: false,
        progress: false,
    };
    let mut argv = vec!["wsc"];
    argv.extend_from_slice(args);
    let code = wsc::cli::run(argv, &mut env);
    (code, String::from_utf8_lossy(&err).into_owned())
}

#[test]
fn a_closed_pipe_keeps_the_exit_status_of_the_findings() {
    for format in ["text", "json", "sarif", "junit", "github"] {
        let (code, err) = run_into_closed_pipe(&[
            "check",
            "--format",
            format,
            "--color",
            "never",
            "examples/broken-repo",
        ]);
        assert_eq!(code, 1, "check --format {format} into a closed pipe: {err}");
        assert!(err.is_empty(), "a closed pipe is not reported: {err}");
        let (code, _) = run_into_closed_pipe(&["validate", "--format", format, BROKEN]);
        assert_eq!(code, 1, "validate --format {format} into a closed pipe");
        let (code, _) = run_into_closed_pipe(&["validate", "--format", format, CLEAN]);
        assert_eq!(code, 0, "a clean validate into a closed pipe");
    }
    // Reports still exit 0 when the reader stops early.
    let (code, _) = run_into_closed_pipe(&["rules"]);
    assert_eq!(code, 0);
}

/// `--format` and the other global options go before or after the
/// subcommand; a format the command does not take exits 2 and says which
/// it takes.
#[test]
fn global_options_before_the_subcommand() {
    let before = wsc(&["--format", "json", "--color", "never", "validate", CLEAN]);
    let after = wsc(&["validate", "--format", "json", "--color", "never", CLEAN]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert_eq!(before.stdout, after.stdout);
    assert!(before.stdout.starts_with('{'));
    let o = wsc(&["--format", "html", "check", "examples/template-repo"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("text, json, sarif, junit, github"),
        "{}",
        o.stderr
    );
    let o = wsc(&["--format", "html", "matrix", "examples/template-repo"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = wsc(&["schema", "--help"]);
    for name in [
        "composition",
        "toolchain",
        "base",
        "pairings",
        "config",
        "contract",
    ] {
        assert!(o.stdout.contains(name), "{name}: {}", o.stdout);
    }
    let o = wsc(&["check", "--help"]);
    assert!(o.stdout.contains("--format"), "{}", o.stdout);
}
