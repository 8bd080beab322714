//! INV-7 direct-web-binding.

use crate::diag::{Diagnostic, Severity};
use crate::rules::{Check, DiagExt, Rule, Verifies};

use crate::ingest::workspace::{Template, nested};

pub static RULE: Rule = Rule {
    code: "INV-7",
    name: "direct-web-binding",
    severity: Severity::Error,
    summary: "no `coder_app` on http://localhost:80 with subdomain and a healthcheck",
    docs: r#"## What it does
Checks that users reach the project's web container through a `coder_app`
with `url = "http://localhost:80"`, `subdomain = true` and a `healthcheck` on
that URL, and that DDEV runs without its router: the staged
`~/.ddev/global_config.yaml` (or any file the image copies, or the boot
script) has `omit_containers: [ddev-router]`, or the boot script or image
runs `ddev config global --omit-containers=ddev-router`. The router check
runs when the template has an image to look at. (A `ports` block is F-6.)

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
    verifies: &[Verifies {
        spec: "workspace-runtime",
        requirement: "Direct web binding",
        scenario: "The project site is a Coder app",
    }],
    checks: &[Check::Template(check), Check::Template(check_router)],
};

const URL: &str = "http://localhost:80";

pub fn check(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    if !t.ddev {
        return; // the web binding is DDEV's
    }
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

/// The configuration omits DDEV's router.
fn omits_router(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.split('#').next().unwrap_or_default();
        (l.contains("omit_containers") || l.contains("omit-containers"))
            && l.contains("ddev-router")
    })
}

/// DDEV runs without its router (one project, bound directly to port 80).
/// The setting lives in the boot script or the image; when neither has it,
/// the finding belongs to the template (its boot script, else its agent),
/// not to an image other templates may share.
pub fn check_router(t: &Template<'_>, out: &mut Vec<Diagnostic>) {
    if !t.ddev {
        return;
    }
    let in_boot = t.boot.as_ref().is_some_and(|b| {
        b.script.commands.iter().any(|c| {
            omits_router(&c.text)
                || c.all_redirects()
                    .filter_map(|r| r.heredoc.as_ref())
                    .any(|h| omits_router(&h.body))
        })
    });
    if in_boot || t.images.iter().any(|i| omits_router(&i.all_text())) {
        return;
    }
    if t.images.is_empty() {
        return; // the image is not in the tree: WSC005 says so
    }
    let (file, place) = match &t.boot {
        Some(b) => (b.file.clone(), b.anchor),
        None => (t.file().clone(), Some(t.agent_place())),
    };
    let mut d = RULE
        .diag(&file, place, "DDEV's router is not omitted by this template's boot script or image")
        .with_help("stage `~/.ddev/global_config.yaml` with `omit_containers: [ddev-router]` in the image, or write it in the boot script");
    for img in &t.images {
        d = d.with_related_in(
            &img.file,
            img.from_span,
            "the template's image does not omit it",
        );
    }
    out.push(d);
}
