//! `wsc render`: validate one composition, then print what it becomes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Severity;
use crate::engine::{self, Report};
use crate::ingest::source;
use crate::output::{self, Format, Meta};
use crate::render::{self as renderer, BaseConfig, Options, RenderError, Target, kubernetes};

use super::{
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Env, Global, RenderFormat, finish_write, load_catalog,
    load_settings, print_setup_errors, use_color,
};

/// Read, validate, render. An invalid composition prints its diagnostics
/// on stderr (as `wsc validate` prints them) and nothing on stdout.
/// The command's own arguments.
pub struct Args<'a> {
    pub file: &'a Path,
    pub timestamp: Option<&'a str>,
    pub base_config: Option<&'a Path>,
}

/// Read the base config, or print its problems (exit 2).
fn base_config(g: &Global, path: Option<&Path>, env: &mut Env<'_>) -> Result<BaseConfig, i32> {
    let Some(path) = path else {
        return Ok(BaseConfig::default());
    };
    let text = match source::read_file(path, source::DEFAULT_MAX_BYTES) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(env.stderr, "wsc: {}: {e}", path.display());
            return Err(EXIT_USAGE);
        }
    };
    crate::ingest::base_config::parse(&text).map_err(|problems| {
        let shown = path.display().to_string();
        print_setup_errors(crate::rules::wsc::config_problems(&shown, problems), g, env);
        EXIT_USAGE
    })
}

pub fn render(g: &Global, args: &Args<'_>, format: RenderFormat, env: &mut Env<'_>) -> i32 {
    let file = args.file;
    let cat = match load_catalog(g, env) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let base = match base_config(g, args.base_config, env) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let stdin = file.as_os_str() == "-";
    let start = if stdin {
        PathBuf::from(".")
    } else {
        file.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let settings = match load_settings(g, &start, env) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let read = if stdin {
        source::read_limited(&mut *env.stdin, settings.max_file_bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        source::read_file(file, settings.max_file_bytes)
            .map_err(|e| format!("{}: {e}", file.display()))
    };
    let text = match read {
        Ok(t) => t,
        Err(why) => {
            let _ = writeln!(env.stderr, "wsc: {why}");
            return EXIT_USAGE;
        }
    };
    let name: Arc<str> = Arc::from(if stdin {
        "<stdin>".to_string()
    } else {
        file.display().to_string()
    });
    let diagnostics = engine::validate_text(&name, &text, &cat, &settings);
    let invalid = diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (g.deny_warnings && d.severity == Severity::Warning)
    });
    if !diagnostics.is_empty() {
        let report = Report {
            files: vec![crate::diag::SourceFile {
                path: name.clone(),
                text: Arc::from(text.as_str()),
            }],
            diagnostics,
            templates: None,
        };
        let meta = Meta {
            command: "render",
            contract: cat.version.to_string(),
            color: use_color(g, env),
            quiet: true,
        };
        if let Some(code) = finish_write(
            output::render(Format::Text, &report, &meta, env.stderr),
            env,
        ) {
            return code;
        }
    }
    if invalid {
        return EXIT_FINDINGS;
    }
    let mut ignored = Vec::new();
    let Some(comp) = engine::parse_composition(&name, &text, &cat, &mut ignored) else {
        return EXIT_FINDINGS;
    };
    let opts = Options {
        timestamp: args.timestamp.map(str::to_string),
        base,
    };
    let rendered = match renderer::render(&comp, &cat, &opts) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(env.stderr, "wsc: {name}: {e}");
            return match e {
                RenderError::NoInstance(_) => EXIT_FINDINGS,
                RenderError::NoRenderer(_)
                | RenderError::Incomplete(_)
                | RenderError::Output(_) => EXIT_USAGE,
            };
        }
    };
    for n in &rendered.outputs.notes {
        let _ = writeln!(env.stderr, "wsc: {name}: note: {n}");
    }
    let body = match format {
        RenderFormat::Outputs => serde_json::to_string_pretty(&rendered.outputs)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string()),
        RenderFormat::K8sYaml if rendered.target != Target::Kubernetes => Err(format!(
            "k8s-yaml renders the kubernetes platform; `{}` renders as terraform, terraform-json or outputs",
            rendered.plan.platform.name
        )),
        RenderFormat::K8sYaml => kubernetes::to_yaml(&rendered.objects),
        RenderFormat::Terraform => rendered
            .terraform(&opts)
            .map(|b| renderer::hcl::file(&b))
            .map_err(|e| e.to_string()),
        RenderFormat::TerraformJson => rendered
            .terraform(&opts)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                serde_json::to_string_pretty(&renderer::hcl::json_file(&b))
                    .map(|mut s| {
                        s.push('\n');
                        s
                    })
                    .map_err(|e| e.to_string())
            }),
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(env.stderr, "wsc: {name}: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(code) = finish_write(env.stdout.write_all(body.as_bytes()), env) {
        return code;
    }
    EXIT_OK
}
