//! INV-7 direct-web-binding.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{DiagExt, Rule};

use super::{Template, nested};

pub static RULE: Rule = Rule {
    code: "INV-7",
    name: "direct-web-binding",
    severity: Severity::Error,
    summary: "no `coder_app` on http://localhost:80 with subdomain and a healthcheck",
    docs: r#"## What it does
Checks that users reach the project's web container through a `coder_app`
with `url = "http://localhost:80"`, `subdomain = true` and a `healthcheck` on
that URL. (The DDEV router being omitted is checked in the boot script and
image; a `ports` block is F-6.)

## Why is this bad?
Without the app the site is unreachable (no ports are published), and without
a healthcheck Coder shows it as ready before it is.

## Example
```hcl
resource "coder_app" "web" {
  url = "http://localhost:8080"
}
```

## Use instead
```hcl
resource "coder_app" "web" {
  agent_id  = coder_agent.main.id
  slug      = "web"
  url       = "http://localhost:80"
  subdomain = true
  healthcheck {
    url       = "http://localhost:80"
    interval  = 5
    threshold = 6
  }
}
```
"#,
};

const URL: &str = "http://localhost:80";

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    let apps = t.resources("coder_app");
    let web: Vec<_> = apps
        .iter()
        .filter(|a| {
            a.attribute("url")
                .and_then(|u| t.string(&u))
                .is_some_and(|u| u.trim_end_matches('/') == URL)
        })
        .collect();
    let Some(app) = web.first() else {
        out.push(
            RULE.diag(
                t.file(),
                Some(t.container_place()),
                format!("no coder_app serves {URL}"),
            )
            .with_help(format!(
                "add a coder_app with url = \"{URL}\", subdomain = true and a healthcheck"
            )),
        );
        return;
    };
    let at = app.labels.last().map(|(_, s)| *s);
    if app.attribute("subdomain").and_then(|s| t.boolean(&s)) != Some(true) {
        out.push(
            RULE.diag(
                &app.file,
                at,
                "the web coder_app is not served on a subdomain",
            )
            .with_help("set `subdomain = true` (the site expects to own the root path)"),
        );
    }
    let healthy = nested(app, "healthcheck").iter().any(|h| {
        h.attribute("url")
            .and_then(|u| t.string(&u))
            .is_some_and(|u| u.trim_end_matches('/') == URL)
    });
    if !healthy {
        out.push(
            RULE.diag(
                &app.file,
                at,
                format!("the web coder_app has no healthcheck on {URL}"),
            )
            .with_help(format!(
                "add `healthcheck {{ url = \"{URL}\" interval = 5 threshold = 6 }}`"
            )),
        );
    }
}
