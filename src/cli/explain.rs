//! `wsc explain CODE` and `wsc rules`.

use serde_json::json;

use crate::rules::{self, Rule};

use super::{EXIT_OK, EXIT_USAGE, Env, ReportFormat, finish_write};

fn rule_json(r: &Rule) -> serde_json::Value {
    json!({
        "code": r.code,
        "name": r.name,
        "severity": r.severity.as_str(),
        "summary": r.summary,
        "docs": r.docs,
        "verifies": r.verifies.iter().map(|v| json!({
            "spec": v.spec, "requirement": v.requirement, "scenario": v.scenario,
        })).collect::<Vec<_>>(),
    })
}

pub fn explain(code: &str, format: ReportFormat, env: &mut Env<'_>) -> i32 {
    let Some(r) = rules::find(code) else {
        let near = crate::suggest::nearest(code, rules::ALL.iter().map(|r| r.code));
        let _ = match near {
            Some(n) => writeln!(
                env.stderr,
                "wsc: unknown rule `{code}`; did you mean `{n}`?"
            ),
            None => writeln!(
                env.stderr,
                "wsc: unknown rule `{code}`; `wsc rules` lists them"
            ),
        };
        return EXIT_USAGE;
    };
    let verifies: String = r
        .verifies
        .iter()
        .map(|v| {
            format!(
                "Verifies: {} / {} / {}.\n",
                v.spec, v.requirement, v.scenario
            )
        })
        .collect();
    let res = match format {
        ReportFormat::Text => write!(
            env.stdout,
            "# {} {}\n\nDefault severity: {}.\nFires when: {}.\n{verifies}\n{}",
            r.code, r.name, r.severity, r.summary, r.docs
        ),
        ReportFormat::Json => writeln!(env.stdout, "{:#}", rule_json(r)),
    };
    finish_write(res, env).unwrap_or(EXIT_OK)
}

pub fn rules(format: ReportFormat, env: &mut Env<'_>) -> i32 {
    let res = match format {
        ReportFormat::Text => {
            let mut s = String::new();
            for r in rules::ALL {
                s.push_str(&format!(
                    "{:<7} {:<34} {:<8} {}\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                ));
            }
            env.stdout.write_all(s.as_bytes())
        }
        ReportFormat::Json => {
            let v: Vec<_> = rules::ALL.iter().map(|r| rule_json(r)).collect();
            writeln!(env.stdout, "{:#}", serde_json::Value::Array(v))
        }
    };
    finish_write(res, env).unwrap_or(EXIT_OK)
}
