//! The HCL model and the static evaluator through the public API: types,
//! defaults, validation-derived values, outputs, locals across files, places,
//! refusals, syntax errors and hostile input.

use crate::common::{loc, span_at};
use wsc::diag::{Loc, Span};
use wsc::ingest::hcl::{
    HclModule, NotEvaluable, Number, SValue, Scope, TfType, Value, eval, parse, parse_file,
};

fn module(files: &[(&str, &str)]) -> HclModule {
    HclModule::from_files(files.iter().copied()).expect("the files parse")
}

fn output(m: &HclModule, name: &str) -> Result<SValue, NotEvaluable> {
    let o = m.output(name).expect("the output exists");
    eval(&o.value, &Scope::new(m))
}

fn json(m: &HclModule, name: &str) -> serde_json::Value {
    output(m, name).expect("evaluable").value.to_json()
}

fn refusal(m: &HclModule, name: &str) -> NotEvaluable {
    output(m, name).expect_err("not evaluable")
}

/// The text of `file` among `files`.
fn text_of<'a>(files: &[(&str, &'a str)], file: &str) -> &'a str {
    files
        .iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| panic!("{file} is not one of the files"))
        .1
}

const COMPUTE: &str = r#"variable "compute" {
  description = "the compute profile"
  type = object({
    cpu       = number
    memory    = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })
  default = { cpu = 2, memory = "4Gi" }
}
"#;

#[test]
fn object_types_with_optional_attributes() {
    let f = parse_file("variables.tf", COMPUTE).expect("parses");
    let v = f.variable("compute").expect("declared");
    assert_eq!(v.name_span, span_at(COMPUTE, 1, 10, 1, 19));
    assert_eq!(v.description.as_deref(), Some("the compute profile"));
    let (ty, ty_span) = v.ty.as_ref().expect("typed");
    assert_eq!(loc(COMPUTE, ty_span.start), Loc::new(3, 10));
    let TfType::Object(attrs) = ty else {
        panic!("an object type: {ty}")
    };
    let names: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["cpu", "memory", "gpu_count", "gpu_type"]);
    assert_eq!(attrs[0].ty, TfType::Number);
    assert!(!attrs[0].optional);
    assert!(attrs[2].optional);
    let zero = attrs[2].default.as_ref().expect("a default");
    assert_eq!(zero.value, Value::Number(Number::from_i64(0)));
    assert_eq!(zero.span, span_at(COMPUTE, 6, 34, 6, 35));
    assert!(attrs[3].optional && attrs[3].default.is_none());
    assert_eq!(attrs[3].span, span_at(COMPUTE, 7, 5, 7, 13));
    assert_eq!(
        ty.to_string(),
        "object({cpu = number, memory = string, gpu_count = optional(number, 0), gpu_type = optional(string)})"
    );
}

#[test]
fn collection_and_primitive_types() {
    let src = r#"
variable "a" { type = list(string) }
variable "b" { type = map(object({ x = set(number) })) }
variable "c" { type = tuple([string, bool, any]) }
variable "d" { type = "string" }
variable "e" { type = list }
"#;
    let f = parse(src).expect("parses");
    let ty = |n: &str| {
        f.variable(n)
            .and_then(|v| v.ty.as_ref())
            .map(|(t, _)| t.to_string())
    };
    assert_eq!(ty("a").as_deref(), Some("list(string)"));
    assert_eq!(ty("b").as_deref(), Some("map(object({x = set(number)}))"));
    assert_eq!(ty("c").as_deref(), Some("tuple([string, bool, any])"));
    // Quoted and bare constructors are terraform errors: problems, no type.
    assert_eq!(ty("d"), None);
    assert_eq!(ty("e"), None);
    assert_eq!(f.problems.len(), 2);
    assert_eq!(loc(src, f.problems[0].span.start), Loc::new(5, 23));
    assert!(f.problems[0].message.contains("quoted"));
}

#[test]
fn defaults_are_converted_to_the_declared_type() {
    let m = module(&[
        ("variables.tf", COMPUTE),
        (
            "outputs.tf",
            r#"
variable "n" {
  type    = number
  default = "5"
}
variable "tags" {
  type    = set(string)
  default = ["b", "a", "b"]
}
output "compute" { value = var.compute }
output "n" { value = var.n }
output "tags" { value = var.tags }
"#,
        ),
    ]);
    assert_eq!(
        json(&m, "compute"),
        serde_json::json!({"cpu": 2, "memory": "4Gi", "gpu_count": 0, "gpu_type": null})
    );
    assert_eq!(json(&m, "n"), serde_json::json!(5));
    assert_eq!(json(&m, "tags"), serde_json::json!(["a", "b"]));
    // Each value knows where it was written: the default's `0` in the type.
    let compute = output(&m, "compute").expect("evaluable");
    let gpu = compute.value.get("gpu_count").expect("defaulted");
    assert_eq!(
        (&*gpu.file, loc(COMPUTE, gpu.span.start)),
        ("variables.tf", Loc::new(6, 34))
    );
    let cpu = compute.value.get("cpu").expect("given");
    assert_eq!(cpu.span, span_at(COMPUTE, 9, 21, 9, 22));
}

#[test]
fn assigned_values_replace_defaults_and_are_converted() {
    let src = r#"
variable "size" { type = number }
variable "name" { default = "x" }
output "o" { value = "${var.name}-${var.size}" }
"#;
    let m = module(&[("main.tf", src)]);
    let o = &m.output("o").expect("declared").value;
    let mut scope = Scope::new(&m);
    let err = eval(o, &scope).expect_err("no value for size");
    assert!(err.reason.contains("no default"), "{}", err.reason);
    assert_eq!(err.span, span_at(src, 4, 37, 4, 45));
    let at = |v| SValue::new(v, "test".into(), Span::default());
    scope
        .assign("size", at(Value::String("16".into())))
        .expect("converts");
    assert_eq!(
        eval(o, &scope).expect("evaluable").value,
        Value::String("x-16".into())
    );
    assert!(scope.assign("nope", at(Value::Null)).is_err());
    assert!(
        scope
            .assign("size", at(Value::String("big".into())))
            .is_err()
    );
    scope.clear_assignments();
    assert!(eval(o, &scope).is_err());
}

#[test]
fn allowed_values_from_validation_blocks() {
    let src = r#"
variable "egress" {
  validation {
    condition     = contains(["none", "https-only", "unrestricted"], var.egress)
    error_message = "bad"
  }
}
variable "size" {
  validation {
    condition = (var.size == "small" || "medium" == var.size) || (var.size == "large")
  }
}
variable "both" {
  validation { condition = contains(["a", "b", "c"], var.both) }
  validation { condition = var.both == "b" || var.both == "c" || var.both == "z" }
  validation { condition = length(var.both) > 0 }
}
variable "other" {
  validation { condition = contains(["a"], var.egress) }
}
variable "gpus" {
  validation { condition = contains([0, 1, 2, 4, 8], var.gpus) }
}
"#;
    let f = parse(src).expect("parses");
    let allowed = |n: &str| -> Option<Vec<serde_json::Value>> {
        let v = f.variable(n).expect("declared");
        v.allowed
            .as_ref()
            .map(|a| a.iter().map(|s| s.value.to_json()).collect())
    };
    assert_eq!(
        allowed("egress"),
        Some(vec![
            "none".into(),
            "https-only".into(),
            "unrestricted".into()
        ])
    );
    assert_eq!(
        allowed("size"),
        Some(vec!["small".into(), "medium".into(), "large".into()])
    );
    assert_eq!(allowed("both"), Some(vec!["b".into(), "c".into()]));
    assert_eq!(allowed("other"), None);
    assert_eq!(
        allowed("gpus"),
        Some([0, 1, 2, 4, 8].map(serde_json::Value::from).to_vec())
    );
    let egress = f
        .variable("egress")
        .and_then(|v| v.allowed.as_ref())
        .expect("values");
    assert_eq!(egress[1].span, span_at(src, 4, 39, 4, 51));
}

#[test]
fn outputs_and_locals_across_files() {
    let files = [
        (
            "locals.tf",
            "locals {\n  base = \"ghcr.io/org\"\n  image = \"${local.base}/${var.tool}:${local.tag}\"\n}\n",
        ),
        (
            "more.tf",
            "locals {\n  tag = \"1.2.0\"\n}\nvariable \"tool\" { default = \"swdev\" }\n",
        ),
        (
            "outputs.tf",
            "output \"image_id\" {\n  value = local.image\n}\n",
        ),
    ];
    let m = module(&files);
    let o = m.output("image_id").expect("declared");
    assert_eq!(
        (&*o.file, o.name_span),
        (
            "outputs.tf",
            span_at(text_of(&files, "outputs.tf"), 1, 8, 1, 18)
        )
    );
    let v = output(&m, "image_id").expect("evaluable");
    assert_eq!(v.value, Value::String("ghcr.io/org/swdev:1.2.0".into()));
    // The value was written in locals.tf.
    assert_eq!(
        (&*v.file, loc(text_of(&files, &v.file), v.span.start)),
        ("locals.tf", Loc::new(3, 11))
    );
    // Each part of the text maps back to where it was written.
    let text = v.value.as_str().expect("a string");
    let at = |needle: &str| {
        v.origin_of(text.find(needle).expect("present"))
            .map(|(file, at)| (file.clone(), loc(text_of(&files, &file), at)))
    };
    assert_eq!(at("org"), Some(("locals.tf".into(), Loc::new(2, 19))));
    assert_eq!(at("swdev"), Some(("more.tf".into(), Loc::new(4, 30))));
    assert_eq!(at("1.2.0"), Some(("more.tf".into(), Loc::new(2, 10))));
    assert_eq!(at(":"), Some(("locals.tf".into(), Loc::new(3, 37))));
    assert_eq!(
        Scope::new(&m).local("tag").expect("evaluable").value,
        Value::String("1.2.0".into())
    );
}

#[test]
fn object_keys_and_heredoc_lines_have_places() {
    let src = r#"output "o" {
  value = {
    cpu     = 2
    "mem"   = "4Gi"
    (local.k) = true
  }
}
locals {
  k = "dyn"
  script = <<-EOT
    #!/bin/sh
    echo $${HOME} ${local.k}
	  exit 0
  EOT
}
output "script" { value = local.script }
"#;
    let m = module(&[("main.tf", src)]);
    let o = output(&m, "o").expect("evaluable");
    let keys: Vec<(&str, Span)> = o
        .value
        .as_object()
        .expect("an object")
        .iter()
        .map(|(k, s, _)| (k.as_str(), *s))
        .collect();
    assert_eq!(
        keys,
        [
            ("cpu", span_at(src, 3, 5, 3, 8)),
            ("mem", span_at(src, 4, 5, 4, 10)),
            ("dyn", span_at(src, 5, 5, 5, 14)),
        ]
    );
    assert_eq!(
        o.value.get("mem").expect("mem").span,
        span_at(src, 4, 15, 4, 20)
    );

    let s = output(&m, "script").expect("evaluable");
    // The tab counts as one column: three characters are stripped everywhere.
    let text = s.value.as_str().expect("a string");
    assert_eq!(text, " #!/bin/sh\n echo ${HOME} dyn\nexit 0\n");
    let at = |needle: &str| {
        s.origin_of(text.find(needle).expect("present"))
            .map(|o| loc(src, o.1))
    };
    assert_eq!(at("#!"), Some(Loc::new(11, 5)));
    assert_eq!(at("echo"), Some(Loc::new(12, 5)));
    // `${HOME}` is the `$${HOME}` escape, one character further on.
    assert_eq!(at("${HOME}"), Some(Loc::new(12, 11)));
    assert_eq!(at("exit"), Some(Loc::new(13, 4)));
    // An interpolated literal points at its own text.
    assert_eq!(at("dyn"), Some(Loc::new(9, 8)));
}

#[test]
fn heredocs_follow_terraform_not_hcl_edit() {
    let m = module(&[(
        "main.tf",
        "locals { x = \"X\" }\n\
         output \"ws\" {\n  value = <<-EOT\n      a\n  \n      b\n    EOT\n}\n\
         output \"col0\" {\n  value = <<-EOT\n    a\n${local.x}\n    b\n  EOT\n}\n\
         output \"raw\" {\n  value = <<EOT\na\\tb $${x} %%{y}\nEOT\n}\n\
         output \"empty\" {\n  value = <<-EOT\n  EOT\n}\n\
         output \"after\" {\n  value = <<EOT\nstill here\nEOT\n}\n",
    )]);
    // A whitespace-only line neither counts nor is stripped.
    assert_eq!(json(&m, "ws"), "a\n  \nb\n");
    // A line starting with an interpolation is indentation 0.
    assert_eq!(json(&m, "col0"), "    a\nX\n    b\n");
    // No backslash escapes in heredocs; `$${` and `%%{` are.
    assert_eq!(json(&m, "raw"), "a\\tb ${x} %{y}\n");
    assert_eq!(json(&m, "empty"), "");
    assert_eq!(json(&m, "after"), "still here\n");
}

#[test]
fn strings_templates_and_functions() {
    let m = module(&[(
        "main.tf",
        r#"
variable "n" { default = 1.5 }
output "escapes" { value = "a\tb\"\u00e9\U0001F600 $${x} %%{y}" }
output "template" { value = "${var.n}/${true}/${upper("x")}" }
output "wrapped" { value = "${var.n}" }
output "functions" {
  value = [
    tostring(1e3), tonumber("0.5"), tobool("true"), lower("AB"), trimspace(" x "),
    format("%s=%d %q", "k", 10, "v"), join(",", ["a", "b"]), concat([1], [2]),
    merge({ a = 1 }, { b = 2 }), coalesce("", "z"),
  ]
}
"#,
    )]);
    assert_eq!(json(&m, "escapes"), "a\tb\"é😀 ${x} %{y}");
    assert_eq!(json(&m, "template"), "1.5/true/X");
    assert_eq!(json(&m, "wrapped"), serde_json::json!(1.5));
    assert_eq!(
        json(&m, "functions"),
        serde_json::json!(["1000", 0.5, true, "ab", "x", "k=10 \"v\"", "a,b", [1, 2], {"a": 1, "b": 2}, "z"])
    );
}

#[test]
fn numbers_are_exact() {
    let m = module(&[(
        "main.tf",
        "output \"big\" { value = tostring(123456789012345678901234567890.125) }\n\
         output \"e\" { value = \"e=${1.50e-3}\" }\n\
         output \"wrapped\" { value = \"${1.50e-3}\" }\n",
    )]);
    assert_eq!(json(&m, "big"), "123456789012345678901234567890.125");
    assert_eq!(json(&m, "e"), "e=0.0015");
    // A template that is one interpolation is the value itself.
    assert_eq!(json(&m, "wrapped"), serde_json::json!(0.0015));
}

#[test]
fn what_is_not_evaluated_is_refused_with_its_place() {
    let src = r#"output "file" {
  value = "${trimspace(file("x.sh"))}"
}
output "resource" { value = aws_instance.web.id }
output "data" { value = { a = [data.coder_workspace.me.name] } }
output "splat" { value = var.list[*].id }
output "for" { value = [for x in [1] : x] }
output "directive" { value = "%{if true}y%{endif}" }
output "arith" { value = 1 + 2 }
output "cycle" { value = local.a }
output "undeclared" { value = local.nope }
output "null_in_template" { value = "x${null}" }
output "branch" { value = true ? 1 : data.x.y }
output "branch_string" { value = true ? "s" : data.x.y }
variable "list" { default = [] }
locals {
  a = local.b
  b = "${local.a}"
}
"#;
    let m = module(&[("main.tf", src)]);
    let file = refusal(&m, "file");
    assert_eq!(file.span, span_at(src, 2, 24, 2, 36));
    assert_eq!(
        file.reason,
        "the function `file` is not evaluated statically"
    );
    assert_eq!(&*file.file, "main.tf");
    let resource = refusal(&m, "resource");
    assert_eq!(resource.span, span_at(src, 4, 29, 4, 48));
    assert!(resource.reason.contains("`aws_instance.web.id`"));
    assert_eq!(refusal(&m, "data").span, span_at(src, 5, 32, 5, 60));
    assert!(refusal(&m, "splat").reason.contains("splat"));
    assert!(refusal(&m, "for").reason.contains("`for`"));
    assert!(refusal(&m, "directive").reason.contains("directives"));
    assert!(refusal(&m, "arith").reason.contains("`+`"));
    assert!(refusal(&m, "cycle").reason.contains("depends on itself"));
    assert!(refusal(&m, "undeclared").reason.contains("not declared"));
    assert!(refusal(&m, "null_in_template").reason.contains("null"));
    // A number's type could still change with the other branch; a string's
    // could not.
    assert!(refusal(&m, "branch").reason.contains("other branch"));
    assert_eq!(json(&m, "branch_string"), "s");
}

#[test]
fn syntax_errors_are_located() {
    let src = "variable \"x\" {\n  default = [1,\n}\n";
    let err = parse_file("bad.tf", src).expect_err("invalid");
    assert_eq!(&*err.file, "bad.tf");
    assert_eq!(loc(src, err.span.start), Loc::new(3, 1));
    assert!(err.message.starts_with("syntax error"), "{}", err.message);
    // Reported after the escape; columns count characters, not bytes.
    let src = "a = \"é\\q\"\n";
    let err = parse(src).expect_err("a bad escape");
    assert_eq!(err.span, span_at(src, 1, 9, 1, 10));
    let errors = HclModule::from_files([("ok.tf", "a = 1\n"), ("bad.tf", "b = \n")])
        .expect_err("one bad file");
    assert_eq!(errors.len(), 1);
    assert_eq!(&*errors[0].file, "bad.tf");
}

#[test]
fn comments_are_not_code() {
    let f = parse(
        "# output \"a\" { value = 1 }\n// variable \"b\" {}\n/*\nlocals { c = 1 }\n*/\noutput \"d\" { value = 2 }\n",
    )
    .expect("parses");
    assert_eq!(f.outputs.len(), 1);
    assert!(f.variables.is_empty() && f.locals.is_empty());
}

#[test]
fn other_blocks_are_kept_and_duplicates_reported() {
    let src = "resource \"docker_container\" \"ws\" {\n  image = \"x\"\n  dynamic \"env\" {\n    content {}\n  }\n}\nvariable \"v\" {}\n";
    let files = [
        ("main.tf", src),
        ("other.tf", "variable \"v\" {}\noutput \"o\" {}\n"),
    ];
    let m = module(&files);
    let block = m.blocks().next().expect("a block");
    assert_eq!(block.kind, "resource");
    let labels: Vec<&str> = block.labels.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["docker_container", "ws"]);
    assert_eq!(block.labels[1].1, span_at(src, 1, 29, 1, 33));
    let image = block.attribute("image").expect("an attribute");
    assert_eq!(
        eval(&image.value, &Scope::empty())
            .expect("evaluable")
            .value,
        Value::String("x".into())
    );
    assert_eq!(block.blocks()[0].kind, "dynamic");
    let problems: Vec<String> = m
        .all_problems()
        .map(|p| {
            let at = loc(text_of(&files, &p.file), p.span.start);
            format!("{}:{}:{}: {}", p.file, at.line, at.col, p.message)
        })
        .collect();
    assert_eq!(
        problems,
        [
            "other.tf:2:8: output `o` has no `value`",
            "other.tf:1:10: duplicate variable `v`: first declared at main.tf:7:10",
        ]
    );
}

#[test]
fn deep_nesting_and_huge_input_do_not_panic() {
    // Nesting beyond the parser's limit is a located syntax error.
    let deep = format!("a = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse(&deep).is_err());
    let deep_objects = format!("a = {}1{}\n", "{x = ".repeat(5_000), "}".repeat(5_000));
    assert!(parse(&deep_objects).is_err());

    // A long chain of locals stops at the depth limit.
    let mut chain = String::from("locals {\n");
    for i in 0..300 {
        chain.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    chain.push_str("  l300 = \"end\"\n}\noutput \"o\" { value = local.l0 }\n");
    let m = module(&[("chain.tf", &chain)]);
    let err = refusal(&m, "o");
    assert!(err.is_limit(), "{err}");
    // Locals that double each other stop at the size limit, quickly.
    let mut doubling = String::from("locals {\n  d0 = [1, 2]\n");
    for i in 1..60 {
        doubling.push_str(&format!("  d{i} = [local.d{0}, local.d{0}]\n", i - 1));
    }
    doubling.push_str("}\noutput \"o\" { value = local.d59 }\n");
    let m = module(&[("doubling.tf", &doubling)]);
    assert!(refusal(&m, "o").is_limit());

    // A large, flat file is fine.
    let mut big = String::new();
    for i in 0..20_000 {
        big.push_str(&format!("output \"o{i}\" {{ value = \"v{i}\" }}\n"));
    }
    let m = module(&[("big.tf", &big)]);
    assert_eq!(m.outputs().count(), 20_000);
    assert_eq!(json(&m, "o19999"), "v19999");

    // Odd bytes and unterminated constructs are errors, not panics.
    for text in [
        "a = <<EOT\n",
        "a = \"${",
        "a = \"\\u12\"",
        "\u{feff}a = 1",
        "a = 1e999999",
    ] {
        let _ = parse(text);
    }
}

/// A lenient scope (for audited text): an interpolation that cannot be
/// evaluated becomes one opaque word placed where it is written; the rest of
/// the text is evaluated, with its places.
#[test]
fn lenient_scopes_turn_unknown_interpolations_into_opaque_words() {
    let src = r#"locals {
  user = "coder"
}
output "boot" {
  value = <<-EOT
    VERSION="${data.coder_parameter.version.value}"
    TOKEN=${coder_agent.main.token} X=${module.x.y}
    echo ${local.user} ${sha256("x")}
  EOT
}
output "only" {
  value = data.coder_parameter.version.value
}
output "alone" {
  value = "${module.toolchain.startup_script}"
}
"#;
    let m = module(&[("main.tf", src)]);
    let scope = Scope::lenient(&m, None);
    let o = m.output("boot").expect("the output exists");
    let v = eval(&o.value, &scope).expect("evaluable leniently");
    let text = v.value.as_str().expect("a string").to_string();
    let w = wsc::ingest::hcl::OPAQUE_WORD;
    assert_eq!(
        text,
        format!("VERSION=\"{w}\"\nTOKEN={w} X={w}\necho coder {w}\n")
    );
    let ranges = v.opaque_ranges();
    assert_eq!(ranges.len(), 4);
    for r in &ranges {
        assert_eq!(&text[r.clone()], w);
    }
    // Each opaque word is placed at its interpolation's expression, and the
    // text after it keeps its own places.
    let at = |off: usize| {
        v.origin_of(off).map(|(_, at)| {
            let l = loc(src, at);
            (l.line, l.col)
        })
    };
    assert_eq!(at(ranges[0].start), Some((6, 16)));
    assert_eq!(at(ranges[1].start), Some((7, 13)));
    let x = text.find(" X=").expect("X=") + 1;
    assert_eq!(at(x), Some((7, 37)));
    // An evaluated interpolation maps to where its value is written.
    assert_eq!(at(text.find("coder").expect("coder")), Some((2, 11)));
    assert_eq!(at(text.find("echo").expect("echo")), Some((8, 5)));
    // Strict scopes refuse the same text; a value that is nothing but an
    // unknown reference is refused even leniently.
    assert!(eval(&o.value, &Scope::new(&m)).is_err());
    for name in ["only", "alone"] {
        let o = m.output(name).expect("the output exists");
        assert!(eval(&o.value, &scope).is_err(), "{name}");
    }
}

/// The locator of a string gives the same places as `origin_of`, for every
/// offset (it only avoids re-reading the text from a segment's start).
#[test]
fn the_locator_agrees_with_origin_of() {
    let m = module(&[(
        "main.tf",
        "locals {\n  who = \"wörld\"\n}\noutput \"s\" {\n  value = <<-EOT\n    héllo ${local.who}\n      and ${data.x.y} é\n\n    end\n  EOT\n}\n",
    )]);
    let o = m.output("s").expect("the output exists");
    let v = eval(&o.value, &Scope::lenient(&m, None)).expect("evaluable leniently");
    let text = v.value.as_str().expect("a string").to_string();
    let locator = v.locator();
    for (off, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        assert_eq!(locator.origin(off), v.origin_of(off), "offset {off}");
    }
}
