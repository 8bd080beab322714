//! `wsc spec coverage`: every requirement and scenario of the main specs
//! (`DIR/openspec/specs/**/spec.md`), the rules that declare they verify it
//! ([`crate::rules::Rule::verifies`]). (That those rules have fixtures is
//! the project's own test, `tests/it/spec.rs`, not the shipped binary's.)
//!
//! A scenario is statically checkable unless the `runtime-only.toml` beside
//! its spec lists it with a reason. Coverage flags checkable scenarios no
//! rule verifies, rules that name a scenario that does not exist, and
//! runtime-only entries that name nothing.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::ingest::openspec::read::RuntimeOnlyProblem;
use crate::ingest::openspec::{self, find_section, requirement_name, strip_scenario_prefix};
use crate::rules::{ALL, Verifies};

/// Whether a scenario is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// At least one rule verifies it.
    Covered,
    /// Only a running workspace can show it (the reason).
    RuntimeOnly(String),
    /// Statically checkable, and no rule verifies it.
    Uncovered,
}

#[derive(Debug, Clone)]
pub struct ScenarioCov {
    pub name: String,
    pub line: u32,
    pub status: Status,
    /// Codes of the rules that verify it.
    pub rules: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct RequirementCov {
    pub name: String,
    pub line: u32,
    pub scenarios: Vec<ScenarioCov>,
}

#[derive(Debug, Clone)]
pub struct SpecCov {
    pub id: String,
    pub file: String,
    pub requirements: Vec<RequirementCov>,
}

impl SpecCov {
    /// (statically checkable scenarios, of them covered, runtime-only).
    pub fn counts(&self) -> (usize, usize, usize) {
        let all = self.requirements.iter().flat_map(|r| &r.scenarios);
        let (mut checkable, mut covered, mut runtime) = (0, 0, 0);
        for s in all {
            match s.status {
                Status::Covered => {
                    checkable += 1;
                    covered += 1;
                }
                Status::Uncovered => checkable += 1,
                Status::RuntimeOnly(_) => runtime += 1,
            }
        }
        (checkable, covered, runtime)
    }
}

#[derive(Debug, Clone)]
pub struct Coverage {
    pub specs: Vec<SpecCov>,
    /// Rules that name a scenario no spec has.
    pub dangling: Vec<(&'static str, Verifies)>,
    /// runtime-only.toml entries that name no scenario: (file, requirement, scenario).
    pub stale_runtime_only: Vec<(String, String, String)>,
}

impl Coverage {
    /// Over all specs: (checkable, covered).
    pub fn totals(&self) -> (usize, usize) {
        self.specs.iter().fold((0, 0), |(a, b), s| {
            let (c, v, _) = s.counts();
            (a + c, b + v)
        })
    }
}

/// Coverage of the OpenSpec tree of `dir`.
pub fn coverage(dir: &Path) -> Result<Coverage, Box<Diagnostic>> {
    let shown: Arc<str> = Arc::from(dir.display().to_string());
    let Some(os) = openspec::read::root_of(dir) else {
        return Err(Box::new(crate::rules::spec::sp027_no_openspec_root::diag(
            &shown,
        )));
    };
    let specs_dir = os.join("specs");
    let mut found = Vec::new();
    for (id, path) in openspec::read::spec_files(&specs_dir) {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Box::new(crate::rules::wsc::unreadable(&path, &e.to_string())))?;
        let doc = openspec::parse(&text);
        let runtime_path = path.with_file_name("runtime-only.toml");
        let runtime = openspec::read::runtime_only(&runtime_path).map_err(|p| {
            Box::new(match p {
                RuntimeOnlyProblem::Unreadable(why) => {
                    crate::rules::wsc::unreadable(&runtime_path, &why)
                }
                RuntimeOnlyProblem::Invalid(why) => {
                    crate::rules::wsc::runtime_only_error(&runtime_path, &why)
                }
            })
        })?;
        let mut requirements = Vec::new();
        if let Some(section) = find_section(&doc, "requirements") {
            for r in section.children(&doc) {
                let name = requirement_name(&r.title);
                let scenarios = r
                    .children(&doc)
                    .into_iter()
                    .map(|s| {
                        let sname = strip_scenario_prefix(&s.title);
                        let rules: Vec<&'static str> = ALL
                            .iter()
                            .filter(|rule| {
                                rule.verifies.iter().any(|v| {
                                    v.spec == id && v.requirement == name && v.scenario == sname
                                })
                            })
                            .map(|rule| rule.code)
                            .collect();
                        let runtime_reason = runtime
                            .iter()
                            .find(|e| e.requirement == name && e.scenario == sname)
                            .map(|e| e.reason.clone());
                        let status = match (rules.is_empty(), runtime_reason) {
                            (false, _) => Status::Covered,
                            (true, Some(reason)) => Status::RuntimeOnly(reason),
                            (true, None) => Status::Uncovered,
                        };
                        ScenarioCov {
                            name: sname,
                            line: doc.lines[s.head].no,
                            status,
                            rules,
                        }
                    })
                    .collect();
                requirements.push(RequirementCov {
                    name,
                    line: doc.lines[r.head].no,
                    scenarios,
                });
            }
        }
        let file = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        found.push((
            SpecCov {
                id,
                file,
                requirements,
            },
            runtime,
            runtime_path,
        ));
    }
    let mut stale = Vec::new();
    for (spec, runtime, path) in &found {
        for e in runtime {
            let exists = spec.requirements.iter().any(|r| {
                r.name == e.requirement && r.scenarios.iter().any(|s| s.name == e.scenario)
            });
            if !exists {
                let file = path.strip_prefix(dir).unwrap_or(path).display().to_string();
                stale.push((file, e.requirement.clone(), e.scenario.clone()));
            }
        }
    }
    let specs: Vec<SpecCov> = found.into_iter().map(|(s, _, _)| s).collect();
    let mut dangling = Vec::new();
    for rule in ALL.iter().filter(|r| !r.verifies.is_empty()) {
        for v in rule.verifies {
            // Rules verify the shipped specs; only those present here count.
            let Some(spec) = specs.iter().find(|s| s.id == v.spec) else {
                continue;
            };
            let exists = spec.requirements.iter().any(|r| {
                r.name == v.requirement && r.scenarios.iter().any(|s| s.name == v.scenario)
            });
            if !exists {
                dangling.push((rule.code, *v));
            }
        }
    }
    Ok(Coverage {
        specs,
        dangling,
        stale_runtime_only: stale,
    })
}
