//! The engine: runs the rules that are on over the models ingestion reads,
//! and finishes every command's findings in one pass (`finish.rs`:
//! suppressions, severities, selection, baseline, order). It makes no
//! finding of its own: what could not be read is reported by `rules::wsc`.

pub mod audit;
pub mod baseline;
pub mod coverage;
pub mod finish;
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
use crate::diag::{self, Diagnostic, Severity, SourceFile};
use crate::ingest::composition;
use crate::ingest::config::Config;
use crate::ingest::source::{self, LoadError};
use crate::ingest::yaml::{self, Limits};
use crate::rules;
use crate::rules::wsc::{self, load_error};

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
    /// The checks of the rules that are on, built at first use (after the
    /// selection above is final).
    checks: std::sync::OnceLock<rules::Checks>,
    /// `--baseline`: findings recorded as known drift.
    pub baseline: Option<baseline::Loaded>,
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
            checks: std::sync::OnceLock::new(),
            baseline: None,
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
                errs.push(wsc::unknown_rule_code(&file, r.code_span, &r.code));
                continue;
            };
            let level = if r.level == "off" {
                None
            } else if let Some(s) = Severity::parse(&r.level) {
                Some(s)
            } else {
                errs.push(wsc::unknown_level(&file, r.level_span, &r.level));
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

    /// Is the rule of `code` on: not switched off in `[rules]`, selected and
    /// not ignored (the tool's own problems always are)?
    pub fn is_on(&self, code: &str) -> bool {
        if ALWAYS_SHOWN.contains(&code) {
            return true;
        }
        !matches!(self.severities.get(code), Some(None))
            && (self.select.is_empty() || self.select.iter().any(|s| selects(s, code)))
            && !self.ignore.iter().any(|s| selects(s, code))
    }

    /// The checks of the rules that are on: the engine runs only these.
    pub fn checks(&self) -> &rules::Checks {
        if self.severities.is_empty() && self.select.is_empty() && self.ignore.is_empty() {
            return rules::Checks::all();
        }
        self.checks
            .get_or_init(|| rules::Checks::new(|r| self.is_on(r.code)))
    }

    /// Apply configured severities; drop findings of rules switched off.
    pub fn apply(&self, diags: &mut Vec<Diagnostic>) {
        if !self.select.is_empty() || !self.ignore.is_empty() {
            diags.retain(|d| {
                ALWAYS_SHOWN.contains(&d.code())
                    || ((self.select.is_empty()
                        || self.select.iter().any(|s| selects(s, d.code())))
                        && !self.ignore.iter().any(|s| selects(s, d.code())))
            });
        }
        if self.severities.is_empty() {
            return;
        }
        diags.retain_mut(|d| match self.severities.get(d.code()) {
            Some(None) => false,
            Some(Some(s)) => {
                d.severity = *s;
                true
            }
            None => true,
        });
    }
}

/// Every directory under `dir` (symlinks not followed, at most `depth`
/// levels) that cannot be listed, as findings.
pub fn unreadable_dirs(dir: &std::path::Path, depth: usize) -> Vec<Diagnostic> {
    source::unlistable_dirs(dir, depth)
        .into_iter()
        .map(|(d, why)| wsc::unreadable(&d, &why))
        .collect()
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
            out.push(wsc::composition_yaml_error(file, e));
            return None;
        }
    };
    out.extend(
        doc.errors
            .into_iter()
            .map(|e| wsc::duplicate_yaml_key(file, e)),
    );
    let Some(root) = doc.root.filter(|r| !r.is_null()) else {
        out.push(wsc::empty_composition(file));
        return None;
    };
    let comp = composition::lower(&root, cat);
    if let Some(e) = &comp.not_a_map {
        out.push(wsc::not_a_composition(file, root.span, e));
        return None;
    }
    Some(comp)
}

/// Run the composition rules on a parsed model.
pub use crate::rules::check_composition;

/// Check one composition's text: parse and run the composition rules that
/// are on (unfinished: see [`finish`]).
fn check_text(file: &Arc<str>, text: &str, cat: &Catalog, settings: &Settings) -> Vec<Diagnostic> {
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
        let cx = rules::Ctx::new(file, &comp, cat, &settings.policy);
        rules::run_composition(&settings.checks().composition, &cx, &mut out);
    }
    out
}

/// Validate one composition's text: parse, check, and finish like every
/// command (suppressions, severities, order).
pub fn validate_text(
    file: &Arc<str>,
    text: &str,
    cat: &Catalog,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut report = Report {
        files: vec![SourceFile {
            path: file.clone(),
            text: Arc::from(text),
        }],
        diagnostics: check_text(file, text, cat, settings),
        templates: None,
    };
    finish::finish(&mut report, settings);
    report.diagnostics
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
            let diags = check_text(&name, &t, cat, settings);
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
            let d = vec![load_error(&name, &e)];
            Outcome::Checked(
                SourceFile {
                    path: name,
                    text: e.text(),
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
    finish::finish(&mut report, settings);
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
        assert_eq!(d[0].code(), "WSC001");
        assert_eq!(&*d[0].file, "no/such/here");
        assert!(
            d[0].message.contains("no such file or directory"),
            "{}",
            d[0].message
        );
    }
}
