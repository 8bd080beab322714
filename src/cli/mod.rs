//! The command line: parse arguments, run one subcommand, map to exit status.
//! All output goes through `&mut dyn Write`, so tests run commands in-process.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::contract::catalog::Catalog;
use crate::diag::{Counts, Diagnostic};
use crate::engine::{self, Report, Settings};
use crate::ingest::{catalog, config};
use crate::output::{self, Format, Meta};

mod contract;
mod explain;
mod generate;
mod render;
mod repo;
mod spec;
mod tables;

/// Exit statuses of the checking commands.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "wsc",
    version,
    about = "Contract checks for Coder workspace templates",
    long_about = "wsc holds the workspace template contract as data and checks compositions, \
template repositories and workspace runtimes against it.",
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Configuration file (default: wsc.toml found upward from the checked path)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A contract catalog (file or directory) replacing the embedded one
    #[arg(long, global = true, value_name = "FILE|DIR")]
    pub contract: Option<PathBuf>,
    /// When to colour output (NO_COLOR is honoured with auto)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Fail (exit 1) on warnings too
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    /// Print findings only, no summary line
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Report only these rules: codes or prefixes (`F-6`, `INV`, `TC0`), comma-separated
    #[arg(long, global = true, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these rules: codes or prefixes, comma-separated
    #[arg(long, global = true, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Output format: text, json, sarif, junit or github for the checking
    /// commands (validate, check, audit, spec validate); text, json or html
    /// for matrix and spec coverage; text or json for explain, rules,
    /// profiles and platforms [default: text]
    #[arg(long, global = true, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    #[default]
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

impl From<CheckFormat> for Format {
    fn from(f: CheckFormat) -> Self {
        match f {
            CheckFormat::Text => Format::Text,
            CheckFormat::Json => Format::Json,
            CheckFormat::Sarif => Format::Sarif,
            CheckFormat::Junit => Format::Junit,
            CheckFormat::Github => Format::Github,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum RenderFormat {
    /// The contract outputs as JSON
    #[default]
    Outputs,
    /// The Kubernetes objects as one multi-document YAML manifest (kubernetes)
    K8sYaml,
    /// A Terraform module in native syntax (ec2-linux, ec2-windows, ec2-gpu)
    Terraform,
    /// The same module in Terraform's JSON syntax (`*.tf.json`)
    TerraformJson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum MatrixFormat {
    #[default]
    Text,
    Json,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum SpecCommand {
    /// Validate OpenSpec specs and changes as `openspec validate --all --strict` does
    Validate {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Which rule verifies each requirement and scenario, and which have none
    Coverage {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Write the embedded contract catalog (seed layer and extensions) into DIR
    Export {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Replace files that already exist
        #[arg(long)]
        force: bool,
    },
}

/// Where `wsc new` writes, and how.
#[derive(Debug, Args)]
pub struct NewTarget {
    /// The module's directory, created when missing; its name is the module's
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Exit 1 with a diff when DIR differs from what would be written
    #[arg(long)]
    pub check: bool,
    /// Replace files that exist and differ
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A base module for a platform: the contract's inputs and outputs, its
    /// decisions in a provider-free core with a terraform test; the
    /// directory's name is the base's
    Base {
        /// kubernetes, ec2-linux, ec2-windows, ec2-gpu or docker-sysbox
        #[arg(long, value_name = "PLATFORM")]
        platform: String,
        #[command(flatten)]
        target: NewTarget,
    },
    /// A toolchain: a provider-free Terraform module and its toolchain.yaml;
    /// the directory's name is the toolchain's
    Toolchain {
        #[command(flatten)]
        target: NewTarget,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate composition files (YAML or JSON); `-` reads standard input
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Check a template repository: toolchains, bases, pairings
    Check {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Check workspace templates against the runtime contract
    Audit {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Record the current findings as known drift in FILE (exit 0)
        #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
        write_baseline: Option<PathBuf>,
        /// Report findings recorded in FILE as information; fail only on new ones
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
    },
    /// OpenSpec specs and changes: validate them, trace them to the rules
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
    /// The contract catalog: export the embedded one
    Contract {
        #[command(subcommand)]
        command: ContractCommand,
    },
    /// What a composition becomes on its platform: the contract outputs and
    /// the choices behind them (`--format outputs`); `-` reads standard input
    Render {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// `metadata.provisioned_at` (left out by default, so output is the
        /// same from run to run)
        #[arg(long, value_name = "TIME")]
        timestamp: Option<String>,
        /// What the base needs beyond the contract inputs (YAML; `wsc schema
        /// base-config`): the Coder URL, namespaces, storage classes, versions
        #[arg(long, value_name = "FILE")]
        base_config: Option<PathBuf>,
    },
    /// Toolchain × base compatibility, with the reason for each refusal
    Matrix {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// A Coder template for each pairing of pairings.yaml, offering only the
    /// compute profiles that validate, guarded again at plan time
    Compose {
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Where the templates go (one directory per pairing, and
        /// modules/contract-guard)
        #[arg(long, value_name = "OUT")]
        out: PathBuf,
        /// Write nothing; exit 1 with a unified diff when OUT is stale
        #[arg(long)]
        check: bool,
    },
    /// Start a new base or toolchain module
    New {
        #[command(subcommand)]
        command: NewCommand,
    },
    /// A rule's documentation: what, why, example, fix
    Explain {
        #[arg(value_name = "CODE")]
        code: String,
    },
    /// Every rule: code, name, default severity, summary
    Rules,
    /// The compute profiles of the contract catalog
    Profiles,
    /// The platform × capability support matrix
    Platforms,
    /// JSON Schema of a file format: composition, toolchain, base, pairings, config, base-config or contract
    Schema {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

/// Everything a command needs from the environment.
pub struct Env<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub stdin: &'a mut dyn Read,
    pub stdout_is_tty: bool,
    pub no_color: bool,
    /// Draw progress bars on stderr (a terminal, and not in CI).
    pub progress: bool,
}

/// Entry point of the binary.
pub fn main() -> i32 {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    // Not locked for the whole run: progress bars write to stderr from
    // other threads.
    let mut err = io::stderr();
    let mut input = io::stdin();
    let mut env = Env {
        stdout_is_tty: io::stdout().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        progress: io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut input,
    };
    run(std::env::args_os(), &mut env)
}

/// Parse arguments and run; returns the exit status.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>, env: &mut Env<'_>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let text = if e.use_stderr() {
                e.render().to_string()
            } else {
                e.to_string()
            };
            let w: &mut dyn Write = if e.use_stderr() {
                env.stderr
            } else {
                env.stdout
            };
            let _ = w.write_all(text.as_bytes());
            return code;
        }
    };
    let status = dispatch(&cli, env);
    let _ = env.stdout.flush();
    status
}

/// A broken pipe on stdout is not an error: the reader has what it wanted,
/// and the exit status stays what the findings make it (`None`: go on).
/// Any other write failure ends the command with status 2.
pub(crate) fn finish_write(r: io::Result<()>, env: &mut Env<'_>) -> Option<i32> {
    match r {
        Ok(()) => None,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
        Err(e) => {
            let _ = writeln!(env.stderr, "wsc: cannot write output: {e}");
            Some(EXIT_USAGE)
        }
    }
}

pub(crate) fn use_color(g: &Global, env: &Env<'_>) -> bool {
    match g.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => env.stdout_is_tty && !env.no_color,
    }
}

/// Print setup failures (config, catalog) as diagnostics on stderr.
pub(crate) fn print_setup_errors(diags: Vec<Diagnostic>, g: &Global, env: &mut Env<'_>) {
    let mut report = Report {
        files: Vec::new(),
        diagnostics: diags,
        templates: None,
    };
    // Show snippets of the files the problems are in.
    let mut paths: Vec<_> = report.diagnostics.iter().map(|d| d.file.clone()).collect();
    paths.sort();
    paths.dedup();
    for p in paths {
        if let Ok(t) = std::fs::read_to_string(&*p) {
            report.files.push(crate::diag::SourceFile {
                path: p,
                text: t.into(),
            });
        } else if let Some((_, t)) = catalog::EMBEDDED.iter().find(|(n, _)| **n == *p) {
            report.files.push(crate::diag::SourceFile {
                path: p,
                text: (*t).into(),
            });
        }
    }
    report.finish();
    let meta = Meta {
        command: "setup",
        contract: String::new(),
        color: use_color(g, env) && env.stdout_is_tty,
        quiet: true,
    };
    let _ = output::text::render(&report, &meta, env.stderr);
}

/// Load the catalog in force: `--contract`, else the embedded one.
pub(crate) fn load_catalog(g: &Global, env: &mut Env<'_>) -> Result<Catalog, i32> {
    match &g.contract {
        None => Ok(catalog::embedded().clone()),
        Some(p) => catalog::load_path(p).map_err(|problems| {
            let _ = writeln!(
                env.stderr,
                "wsc: the contract catalog {} is invalid",
                p.display()
            );
            print_setup_errors(crate::rules::wsc::catalog_problems(problems), g, env);
            EXIT_USAGE
        }),
    }
}

/// Load settings: `--config`, else `wsc.toml` found upward from `start`.
fn load_config_settings(g: &Global, start: &Path, env: &mut Env<'_>) -> Result<Settings, i32> {
    let path = match &g.config {
        Some(p) => {
            if !p.is_file() {
                let _ = writeln!(env.stderr, "wsc: config file {} not found", p.display());
                return Err(EXIT_USAGE);
            }
            Some(p.clone())
        }
        None => config::discover(start),
    };
    let Some(path) = path else {
        return Ok(Settings::default());
    };
    let shown = path.display().to_string();
    let cfg = config::load(&path).map_err(|problems| {
        let _ = writeln!(env.stderr, "wsc: the config {shown} is invalid");
        print_setup_errors(crate::rules::wsc::config_problems(&shown, problems), g, env);
        EXIT_USAGE
    })?;
    Settings::from_config(&cfg).map_err(|diags| {
        let _ = writeln!(env.stderr, "wsc: the config {shown} is invalid");
        print_setup_errors(diags, g, env);
        EXIT_USAGE
    })
}

/// The settings of the config, narrowed by `--select` and `--ignore`.
pub(crate) fn load_settings(g: &Global, start: &Path, env: &mut Env<'_>) -> Result<Settings, i32> {
    let mut settings = load_config_settings(g, start, env)?;
    for (flag, selectors) in [("--select", &g.select), ("--ignore", &g.ignore)] {
        for sel in selectors {
            if !crate::rules::ALL
                .iter()
                .any(|r| engine::selects(sel, r.code))
            {
                let _ = writeln!(
                    env.stderr,
                    "wsc: {flag} {sel}: no rule code is or starts with it (see `wsc rules`)"
                );
                return Err(EXIT_USAGE);
            }
        }
    }
    settings.select.clone_from(&g.select);
    settings.ignore.clone_from(&g.ignore);
    Ok(settings)
}

/// The `--format` of a command, from the values it takes (text when
/// absent); a value it does not take exits 2 with the ones it does.
fn format_of<T: ValueEnum + Default>(
    g: &Global,
    command: &str,
    env: &mut Env<'_>,
) -> Result<T, i32> {
    let Some(name) = g.format.as_deref() else {
        return Ok(T::default());
    };
    T::from_str(name, true).map_err(|_| {
        let known: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        let _ = writeln!(
            env.stderr,
            "wsc: `{name}` is not an output format of {command} (it takes {})",
            known.join(", ")
        );
        EXIT_USAGE
    })
}

fn dispatch(cli: &Cli, env: &mut Env<'_>) -> i32 {
    let g = &cli.global;
    macro_rules! format {
        ($ty:ty, $command:expr) => {
            match format_of::<$ty>(g, $command, env) {
                Ok(f) => f,
                Err(code) => return code,
            }
        };
    }
    match &cli.command {
        Command::Validate { files } => {
            let f = format!(CheckFormat, "validate");
            validate(g, files, f.into(), env)
        }
        Command::Check { dir } => {
            let f = format!(CheckFormat, "check");
            repo::check(g, dir, f.into(), env)
        }
        Command::Render {
            file,
            timestamp,
            base_config,
        } => {
            let f = format!(RenderFormat, "render");
            let opts = render::Args {
                file,
                timestamp: timestamp.as_deref(),
                base_config: base_config.as_deref(),
            };
            render::render(g, &opts, f, env)
        }
        Command::Compose { dir, out, check } => {
            let f = format!(ReportFormat, "compose");
            let args = generate::ComposeArgs {
                dir,
                out,
                check: *check,
            };
            generate::compose(g, &args, f, env)
        }
        Command::New { command } => match command {
            NewCommand::Base { platform, target } => {
                let f = format!(ReportFormat, "new");
                generate::new(g, &generate::New::Base { platform }, target, f, env)
            }
            NewCommand::Toolchain { target } => {
                let f = format!(ReportFormat, "new");
                generate::new(g, &generate::New::Toolchain, target, f, env)
            }
        },
        Command::Matrix { dir } => {
            let f = format!(MatrixFormat, "matrix");
            repo::matrix(g, dir, f, env)
        }
        Command::Audit {
            dir,
            write_baseline,
            baseline,
        } => {
            let f = format!(CheckFormat, "audit");
            repo::audit(
                g,
                dir,
                f.into(),
                write_baseline.as_deref(),
                baseline.as_deref(),
                env,
            )
        }
        Command::Spec { command } => match command {
            SpecCommand::Validate { dir } => {
                let f = format!(CheckFormat, "spec validate");
                spec::validate(g, dir, f.into(), env)
            }
            SpecCommand::Coverage { dir } => {
                let f = format!(MatrixFormat, "spec coverage");
                spec::coverage(g, dir, f, env)
            }
        },
        Command::Contract {
            command: ContractCommand::Export { dir, force },
        } => contract::export(dir, *force, env),
        Command::Explain { code } => {
            let f = format!(ReportFormat, "explain");
            explain::explain(code, f, env)
        }
        Command::Rules => {
            let f = format!(ReportFormat, "rules");
            explain::rules(f, env)
        }
        Command::Profiles => {
            let f = format!(ReportFormat, "profiles");
            match load_catalog(g, env) {
                Ok(c) => tables::profiles(&c, f, env),
                Err(code) => code,
            }
        }
        Command::Platforms => {
            let f = format!(ReportFormat, "platforms");
            match load_catalog(g, env) {
                Ok(c) => tables::platforms(&c, f, env),
                Err(code) => code,
            }
        }
        Command::Schema { name } => match load_catalog(g, env) {
            Ok(c) => tables::schema(&c, name, env),
            Err(code) => code,
        },
    }
}

/// Exit status of a checking command from its findings.
pub fn status_of(diags: &[Diagnostic], deny_warnings: bool) -> i32 {
    let c = Counts::of(diags);
    if c.errors > 0 || (deny_warnings && c.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn validate(g: &Global, files: &[PathBuf], format: Format, env: &mut Env<'_>) -> i32 {
    let cat = match load_catalog(g, env) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let start = files
        .iter()
        .find(|f| f.as_os_str() != "-")
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let settings = match load_settings(g, &start, env) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut inputs = Vec::new();
    let mut stdin_used = false;
    for f in files {
        if f.as_os_str() == "-" {
            if stdin_used {
                continue;
            }
            stdin_used = true;
            match crate::ingest::source::read_limited(&mut *env.stdin, settings.max_file_bytes) {
                Ok(t) => inputs.push(engine::Input::Stdin(t)),
                Err(e) => {
                    let _ = writeln!(env.stderr, "wsc: cannot read standard input: {e}");
                    return EXIT_USAGE;
                }
            }
        } else {
            inputs.push(engine::Input::Path(f.clone()));
        }
    }
    let (report, missing) = engine::validate_inputs(&inputs, &cat, &settings);
    let meta = Meta {
        command: "validate",
        contract: cat.version.to_string(),
        color: use_color(g, env),
        quiet: g.quiet,
    };
    if let Some(code) = finish_write(output::render(format, &report, &meta, env.stdout), env) {
        return code;
    }
    for m in &missing {
        let _ = writeln!(env.stderr, "wsc: {m}: no such file or directory");
    }
    if !missing.is_empty() {
        return EXIT_USAGE;
    }
    status_of(&report.diagnostics, g.deny_warnings)
}
