//! The engine: runs the rules over inputs, turns ingestion failures into
//! diagnostics, applies configured severities and sorts the result.

pub mod audit;
pub mod baseline;
pub mod coverage;
pub mod governance;
pub mod repo;
pub mod spec;
pub mod suppress;

use std::collections::HashMap;
use std::sync::Arc;

use crate::contract::catalog::Catalog;
use crate::contract::composition::Composition;
use crate::contract::policy::Policy;
use crate::contract::runtime::RuntimeConfig;
use crate::diag::{self, Diagnostic, Severity, SourceFile, Span, Text};
use crate::ingest::catalog::CatalogProblem;
use crate::ingest::composition;
use crate::ingest::config::Config;
use crate::ingest::reader::Problem;
use crate::ingest::source::{self, LoadError};
use crate::ingest::yaml::{self, ErrorKind, Limits};
use crate::rules::wsc::{
    wsc001_parse_error, wsc004_input_too_large, wsc006_invalid_catalog, wsc007_invalid_config,
};
use crate::rules::{self, DiagExt};

/// Settings that shape a run: severities per code, the policy, limits.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Code → severity; `None` switches the rule off.
    pub severities: HashMap<&'static str, Option<Severity>>,
    pub policy: Policy,
    pub max_file_bytes: u64,
    pub runtime: RuntimeConfig,
    /// `--select`: report only rules these codes or prefixes name (all when
    /// empty). Problems of the tool's own (WSC001, WSC005–WSC007) always show.
    pub select: Vec<String>,
    /// `--ignore`: never report rules these codes or prefixes name.
    pub ignore: Vec<String>,
    /// The directory of the configuration file, when there is one: paths in
    /// it (`[runtime] image`, `exclude`, `templates`) are relative to it.
    pub config_dir: Option<std::path::PathBuf>,
    /// `contract = "…"` of the configuration, resolved.
    pub contract: Option<std::path::PathBuf>,
    /// `[sources]`: module source prefix → local checkout, longest first.
    pub sources: Vec<(String, std::path::PathBuf)>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            severities: HashMap::new(),
            policy: Policy::default(),
            max_file_bytes: source::DEFAULT_MAX_BYTES,
            runtime: RuntimeConfig::default(),
            select: Vec::new(),
            ignore: Vec::new(),
            config_dir: None,
            contract: None,
            sources: Vec::new(),
        }
    }
}

/// A selector (`F-6`, `INV`, `TC0`, `F-`) names a code: equal, or a prefix
/// that ends before a digit run or at a `-` (so `F-1` does not name `F-10`).
pub fn selects(selector: &str, code: &str) -> bool {
    let sel = selector.trim();
    if sel.is_empty() {
        return false;
    }
    if sel.eq_ignore_ascii_case(code) {
        return true;
    }
    let Some(rest) = code
        .get(..sel.len())
        .filter(|p| p.eq_ignore_ascii_case(sel))
        .map(|_| &code[sel.len()..])
    else {
        return false;
    };
    // `F-1` must not select `F-10`: a selector ending in a digit only
    // prefixes codes of a fixed width (`TC0` → `TC001`).
    let sel_ends_digit = sel.ends_with(|c: char| c.is_ascii_digit());
    !sel_ends_digit || !code.contains('-') || rest.starts_with(|c: char| !c.is_ascii_digit())
}

/// Codes of the tool's own that a selection never hides.
const ALWAYS_SHOWN: &[&str] = &["WSC001", "WSC005", "WSC006", "WSC007"];

impl Settings {
    /// Build settings from a config, checking its rule codes and levels.
    pub fn from_config(c: &Config) -> Result<Self, Vec<Diagnostic>> {
        let file: Arc<str> = Arc::from(
            c.path
                .as_ref()
                .map_or_else(|| "wsc.toml".to_string(), |p| p.display().to_string()),
        );
        let mut errs = Vec::new();
        let mut severities = HashMap::new();
        for r in &c.rules {
            let Some(rule) = rules::find(&r.code) else {
                let help = crate::suggest::nearest(&r.code, rules::ALL.iter().map(|r| r.code))
                    .map_or_else(
                        || "`wsc rules` lists the codes".to_string(),
                        |s| format!("did you mean `{s}`?"),
                    );
                errs.push(
                    wsc007_invalid_config::RULE
                        .diag(
                            &file,
                            Some(r.code_span),
                            format!("unknown rule code `{}`", r.code),
                        )
                        .with_help(help),
                );
                continue;
            };
            let level = if r.level == "off" {
                None
            } else if let Some(s) = Severity::parse(&r.level) {
                Some(s)
            } else {
                errs.push(
                    wsc007_invalid_config::RULE
                        .diag(
                            &file,
                            Some(r.level_span),
                            format!("unknown level `{}`", r.level),
                        )
                        .with_help("use error, warning, info or off"),
                );
                continue;
            };
            severities.insert(rule.code, level);
        }
        if errs.is_empty() {
            Ok(Settings {
                severities,
                policy: c.policy.clone(),
                max_file_bytes: c.max_file_bytes,
                runtime: c.runtime.clone(),
                contract: c.contract.clone(),
                sources: c.sources.clone(),
                config_dir: c.path.as_ref().and_then(|p| p.parent()).map(|d| {
                    if d.as_os_str().is_empty() {
                        std::path::PathBuf::from(".")
                    } else {
                        d.to_path_buf()
                    }
                }),
                ..Settings::default()
            })
        } else {
            Err(errs)
        }
    }

    /// Apply configured severities; drop findings of rules switched off.
    pub fn apply(&self, diags: &mut Vec<Diagnostic>) {
        if !self.select.is_empty() || !self.ignore.is_empty() {
            diags.retain(|d| {
                ALWAYS_SHOWN.contains(&d.code)
                    || ((self.select.is_empty() || self.select.iter().any(|s| selects(s, d.code)))
                        && !self.ignore.iter().any(|s| selects(s, d.code)))
            });
        }
        if self.severities.is_empty() {
            return;
        }
        diags.retain_mut(|d| match self.severities.get(d.code) {
            Some(None) => false,
            Some(Some(s)) => {
                d.severity = *s;
                true
            }
            None => true,
        });
    }
}

/// Turn config problems into WSC007 diagnostics.
pub fn config_problems(path: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let file: Arc<str> = Arc::from(path);
    problems
        .into_iter()
        .map(|p| problem_diag(&wsc007_invalid_config::RULE, &file, p))
        .collect()
}

/// Turn catalog problems into diagnostics (WSC001 for syntax, WSC006 else).
pub fn catalog_problems(problems: Vec<CatalogProblem>) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|p| {
            let rule = if p.syntax {
                &wsc001_parse_error::RULE
            } else {
                &wsc006_invalid_catalog::RULE
            };
            problem_diag(rule, &p.file, p.problem)
        })
        .collect()
}

fn problem_diag(rule: &'static rules::Rule, file: &Arc<str>, p: Problem) -> Diagnostic {
    let span = (p.span != Span::default()).then_some(p.span);
    let mut d = rule.diag(file, span, p.message);
    d.help = p.help.map(Text::from);
    d
}

/// A file or directory that could not be read while looking for inputs:
/// never a silent skip.
pub fn unreadable(path: &std::path::Path, why: &str) -> Diagnostic {
    let shown: Arc<str> = Arc::from(source::normalize(path).display().to_string());
    wsc001_parse_error::RULE
        .diag(
            &shown,
            None,
            format!("cannot be read, so it was not checked: {why}"),
        )
        .with_help("make it readable by the user running wsc, or list it in .gitignore")
}

/// A directory walk's error as a diagnostic (the path it names, else
/// `root`).
pub fn walk_error(root: &std::path::Path, err: &ignore::Error) -> Diagnostic {
    fn path_of(err: &ignore::Error) -> Option<&std::path::Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    fn io_of(err: &ignore::Error) -> Option<&std::io::Error> {
        match err {
            ignore::Error::Io(e) => Some(e),
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => io_of(err),
            _ => None,
        }
    }
    let why = io_of(err).map_or_else(|| err.to_string(), source::io_message);
    unreadable(path_of(err).unwrap_or(root), &why)
}

/// Every directory under `dir` (symlinks not followed, at most `depth`
/// levels) that cannot be listed, as diagnostics.
pub fn unreadable_dirs(dir: &std::path::Path, depth: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, level)) = stack.pop() {
        match std::fs::read_dir(&d) {
            Ok(rd) => {
                for e in rd {
                    match e {
                        Ok(e) if level < depth && e.file_type().is_ok_and(|t| t.is_dir()) => {
                            stack.push((e.path(), level + 1));
                        }
                        Ok(_) => {}
                        Err(err) => out.push(unreadable(&d, &source::io_message(&err))),
                    }
                }
            }
            Err(err) => out.push(unreadable(&d, &source::io_message(&err))),
        }
    }
    out
}

/// An HCL object key written twice: a warning, the file is still checked.
pub fn repeated_key(e: &crate::ingest::hcl::HclError) -> Diagnostic {
    crate::rules::wsc::wsc009_duplicate_key::RULE
        .diag(&e.file, Some(e.span), e.message.clone())
        .with_help("remove the earlier entry of this key (or this one, if the earlier value is the right one)")
}

/// A load failure as a diagnostic.
pub fn load_error(file: &Arc<str>, e: &LoadError) -> Diagnostic {
    match e {
        LoadError::TooLarge { limit } => wsc004_input_too_large::RULE
            .diag(file, None, e.to_string())
            .with_help(format!(
                "files over {limit} bytes are not read; raise `[limits] max_file_bytes` in wsc.toml if it is legitimate"
            )),
        LoadError::NotUtf8 { at } => wsc001_parse_error::RULE
            .diag(file, Some(*at), e.to_string())
            .with_help("save the file as UTF-8"),
        LoadError::Io(_) | LoadError::NotFound => wsc001_parse_error::RULE
            .diag(file, None, e.to_string())
            .with_help("pass composition files, not directories or unreadable paths"),
    }
}

/// Parse composition text into a model, or report why it cannot be.
pub fn parse_composition(
    file: &Arc<str>,
    text: &str,
    cat: &Catalog,
    out: &mut Vec<Diagnostic>,
) -> Option<Composition> {
    let doc = match yaml::parse(text, Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            let rule = if e.kind == ErrorKind::TooLarge {
                &wsc004_input_too_large::RULE
            } else {
                &wsc001_parse_error::RULE
            };
            let help = if e.kind == ErrorKind::TooLarge {
                "compositions are small, flat mappings; this file is generated by mistake or crafted"
            } else {
                "fix the YAML syntax at this place (JSON is YAML too: check brackets, quotes and commas)"
            };
            out.push(rule.diag(file, Some(e.span), e.message).with_help(help));
            return None;
        }
    };
    for e in doc.errors {
        let mut d = wsc001_parse_error::RULE.diag(file, Some(e.span), e.message);
        if let Some((s, m)) = e.related {
            d = d.with_related(s, m);
        }
        out.push(d.with_help("remove one of the two; YAML readers disagree on which wins"));
    }
    let Some(root) = doc.root.filter(|r| !r.is_null()) else {
        out.push(
            wsc001_parse_error::RULE
                .diag(
                    file,
                    Some(Span::on_line(1, 1, 1)),
                    "the file is empty".to_string(),
                )
                .with_help("a composition is a mapping of the contract inputs; see `wsc schema composition`"),
        );
        return None;
    };
    let comp = composition::lower(&root, cat);
    if let Some(e) = &comp.not_a_map {
        let mut d = wsc001_parse_error::RULE.diag(file, Some(root.span), e.message.clone());
        d.help = e.help.clone().map(Text::from);
        out.push(d);
        return None;
    }
    Some(comp)
}

/// Run the composition rules on a parsed model.
pub use crate::rules::check_composition;

/// Validate one composition's text: parse, check, apply severities, sort.
pub fn validate_text(
    file: &Arc<str>,
    text: &str,
    cat: &Catalog,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if text.len() as u64 > settings.max_file_bytes {
        out.push(load_error(
            file,
            &LoadError::TooLarge {
                limit: settings.max_file_bytes,
            },
        ));
        return out;
    }
    if let Some(comp) = parse_composition(file, text, cat, &mut out) {
        check_composition(file, &comp, cat, &settings.policy, None, &mut out);
    }
    settings.apply(&mut out);
    diag::sort(&mut out);
    out
}

/// What a checking command produced: the files it read and its findings.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// `wsc audit`: what it made of each template (JSON's `"templates"`).
    pub templates: Option<Vec<audit::TemplateSummary>>,
}

impl Report {
    /// Add a file's findings (keeps the global order).
    pub fn finish(&mut self) {
        diag::sort(&mut self.diagnostics);
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

/// An input to `validate`: a path, or standard input.
pub enum Input {
    Path(std::path::PathBuf),
    Stdin(String),
}

/// What happened to one input.
enum Outcome {
    Missing(String),
    Checked(SourceFile, Vec<Diagnostic>),
}

fn validate_input(input: &Input, cat: &Catalog, settings: &Settings) -> Outcome {
    let (name, text) = match input {
        Input::Stdin(t) => (Arc::<str>::from("<stdin>"), Ok(t.clone())),
        Input::Path(p) => (
            Arc::<str>::from(p.display().to_string()),
            source::read_file(p, settings.max_file_bytes),
        ),
    };
    match text {
        Ok(t) => {
            let diags = validate_text(&name, &t, cat, settings);
            Outcome::Checked(
                SourceFile {
                    path: name,
                    text: Arc::from(t),
                },
                diags,
            )
        }
        Err(LoadError::NotFound) => Outcome::Missing(name.to_string()),
        Err(e) => {
            let mut d = vec![load_error(&name, &e)];
            settings.apply(&mut d);
            Outcome::Checked(
                SourceFile {
                    path: name,
                    text: Arc::from(""),
                },
                d,
            )
        }
    }
}

/// Validate several inputs, in parallel; the report is in the interface's
/// order whatever the scheduling. Returns the report and the inputs that do
/// not exist.
pub fn validate_inputs(
    inputs: &[Input],
    cat: &Catalog,
    settings: &Settings,
) -> (Report, Vec<String>) {
    use rayon::prelude::*;
    let outcomes: Vec<Outcome> = if inputs.len() > 16 {
        inputs
            .par_iter()
            .map(|i| validate_input(i, cat, settings))
            .collect()
    } else {
        inputs
            .iter()
            .map(|i| validate_input(i, cat, settings))
            .collect()
    };
    let mut report = Report::default();
    let mut missing = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Missing(m) => missing.push(m),
            Outcome::Checked(f, d) => {
                report.files.push(f);
                report.diagnostics.extend(d);
            }
        }
    }
    suppress::apply(&report.files, &mut report.diagnostics);
    settings.apply(&mut report.diagnostics);
    report.finish();
    (report, missing)
}

#[cfg(test)]
mod select_tests {
    use super::selects;

    #[test]
    fn selectors_name_codes_and_prefixes() {
        assert!(selects("F-6", "F-6"));
        assert!(selects("f-6", "F-6"));
        assert!(selects("INV", "INV-10"));
        assert!(selects("F-", "F-10"));
        assert!(selects("TC0", "TC001"));
        assert!(selects("TC", "TC018"));
        assert!(!selects("F-1", "F-10"));
        assert!(!selects("INV-1", "INV-10"));
        assert!(!selects("", "F-1"));
        assert!(!selects("D", "F-1"));
    }
}

#[cfg(test)]
mod unreadable_tests {
    #[test]
    fn a_directory_that_cannot_be_listed_is_a_located_wsc001() {
        let d = super::unreadable_dirs(std::path::Path::new("no/such/dir/../here"), 4);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "WSC001");
        assert_eq!(&*d[0].file, "no/such/here");
        assert!(
            d[0].message.contains("no such file or directory"),
            "{}",
            d[0].message
        );
    }
}
