//! A composed template's `main.tf`.

use crate::contract::catalog::{Catalog, PlatformDef, ProfileDef};
use crate::contract::model::{ImageRef, Os};
use crate::contract::repo::{ModuleVar, Toolchain, ToolchainSource};
use crate::ingest::source::normalize as normalise;
use crate::render::hcl::{self, Block, Expr, raw, required_providers, s, variable};

use super::{CODER_PROVIDER, Ctx, MARK, guard, relative};

/// A profile's display name: its use, CPUs, memory and GPUs, e.g.
/// "Standard development (4 CPU, 8 GiB)".
pub fn display_name(p: &ProfileDef, cat: &Catalog) -> String {
    let mem = p.memory.to_string();
    let mem = mem
        .strip_suffix("Gi")
        .map_or_else(|| mem.clone(), |n| format!("{n} GiB"));
    let mut parts = vec![format!("{} CPU", p.cpu), mem];
    if p.gpu_count > 0 {
        let gpu = p
            .gpu_type
            .and_then(|g| cat.gpu_types.get(g))
            .map_or("GPU", |g| g.name.as_str());
        parts.push(format!("{}× {gpu}", p.gpu_count));
    }
    let name = if p.use_case.is_empty() {
        &p.name
    } else {
        &p.use_case
    };
    format!("{name} ({})", parts.join(", "))
}

/// A label usable as a Terraform block name.
fn block_label(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Well-known base inputs and what a template passes them.
fn wired(name: &str, t: &Toolchain, os: Os, arch: &str, own_agent: bool) -> Option<Expr> {
    Some(match name {
        "agent_init_script" | "coder_agent_init_script" if !own_agent => {
            raw("coder_agent.main.init_script")
        }
        "agent_token" | "coder_agent_token" if !own_agent => raw("coder_agent.main.token"),
        "start_count" => raw("data.coder_workspace.me.start_count"),
        "workspace_id" => raw("data.coder_workspace.me.id"),
        "coder_url" => raw("data.coder_workspace.me.access_url"),
        "toolchain_version" => match (&t.source, t.outputs.iter().any(|o| o == "version")) {
            (ToolchainSource::Terraform, true) => raw("module.toolchain.version"),
            _ => s(t
                .version
                .as_ref()
                .map_or_else(String::new, |v| v.value.clone())),
        },
        "arch" => s(arch),
        "os" => s(os.as_str()),
        _ => return None,
    })
}

/// The contract inputs the template fills itself (`module "infra"` below).
const CONTRACT_INPUTS: &[&str] = &[
    "workspace_name",
    "owner",
    "compute_profile",
    "image_id",
    "capabilities",
];

/// A single-quoted shell word.
fn sh(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}

/// The OS and architecture of the workspace, and the platform's name.
fn target<'a>(c: &Ctx<'a>) -> (Os, String, Option<&'a PlatformDef>) {
    let platform =
        c.b.platform
            .as_ref()
            .and_then(|f| f.ok())
            .and_then(|&i| c.cat.platforms.get(i));
    let os = platform.map_or(c.t.os, |p| p.os);
    let arch =
        c.b.metadata
            .iter()
            .find(|(k, _)| *k == "arch")
            .map(|(_, v)| v.value.clone())
            .or_else(|| c.t.arch.map(|a| a.as_str().to_string()))
            .or_else(|| {
                platform
                    .and_then(|p| p.arch.first())
                    .map(|a| a.as_str().to_string())
            })
            .unwrap_or_else(|| "amd64".to_string());
    (os, arch, platform)
}

/// What the template passes as the capabilities: the toolchain's, with
/// each optional capability the platform lacks set back to its default
/// (as `wsc check` pairs them).
fn capabilities(c: &Ctx<'_>, of_toolchain: &str) -> Expr {
    let Some(platform) = target(c).2 else {
        return raw(of_toolchain);
    };
    let dropped: Vec<String> =
        c.t.optional
            .iter()
            .filter_map(|(id, _)| {
                let def = c.cat.capabilities.get(*id)?;
                let v = c.t.effective.get(*id)?.value;
                let sup = platform.support.get(*id).copied()?;
                (!sup.allows(v) && v != def.default).then(|| {
                    format!(
                        "\"{}\" = {}",
                        def.name,
                        hcl::one_line(&guard::value(&def.kind, def.default))
                    )
                })
            })
            .collect();
    if dropped.is_empty() {
        raw(of_toolchain)
    } else {
        raw(format!(
            "merge({of_toolchain}, {{ {} }})",
            dropped.join(", ")
        ))
    }
}

/// How a template refers to a module of the repository (`dir`, relative to
/// the root): under a checkout `[sources]` maps a remote prefix to, by that
/// prefix and the subdirectory (`PREFIX//sub`, as `wsc check` reads it
/// back); else by a path relative to the template.
fn module_source(c: &Ctx<'_>, dir: &str) -> String {
    let abs = normalise(&c.root.join(dir));
    let best = c
        .sources
        .iter()
        .filter_map(|(prefix, local)| {
            let local = normalise(&std::path::absolute(local).unwrap_or_else(|_| local.clone()));
            let rest = abs.strip_prefix(&local).ok()?;
            Some((local.components().count(), prefix, rest.to_path_buf()))
        })
        .max_by_key(|(depth, prefix, _)| (*depth, prefix.len()));
    match best {
        Some((_, prefix, rest)) if rest.as_os_str().is_empty() => prefix.clone(),
        Some((_, prefix, rest)) => {
            let sub = rest
                .components()
                .map(|p| p.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let sep = if prefix.ends_with('/') { "" } else { "//" };
            format!("{prefix}{sep}{sub}")
        }
        None => relative(&c.dir, &abs),
    }
}

/// The template's `main.tf`.
pub(super) fn main_tf(c: &Ctx<'_>) -> String {
    let cat = c.cat;
    let (os, arch, platform) = target(c);
    let platform_name = platform.map_or_else(String::new, |p| p.name.clone());
    let base_outputs: Vec<&str> =
        c.b.module
            .as_ref()
            .map(|m| m.outputs.iter().map(|(n, _, _)| n.as_str()).collect())
            .unwrap_or_default();
    // A base that runs its own agent (the Docker-in-Docker base keeps the
    // runtime contract's boot sequence in it) says so with `agent_id`.
    let own_agent = base_outputs.contains(&"agent_id");
    let agent_id = if own_agent {
        "module.infra.agent_id"
    } else {
        "coder_agent.main.id"
    };
    let mut out = vec![required_providers(&[(
        "coder",
        "coder/coder",
        CODER_PROVIDER,
    )])];
    // Base inputs the template cannot fill: variables of its own.
    let mut passed: Vec<(String, Expr)> = Vec::new();
    if let Some(m) = &c.b.module {
        for v in &m.variables {
            if CONTRACT_INPUTS.contains(&v.name.as_str()) {
                continue;
            }
            if let Some(e) = wired(&v.name, c.t, os, &arch, own_agent) {
                passed.push((v.name.clone(), e));
            } else if !v.has_default {
                out.push(pass_through(&v.name, v, "base"));
                passed.push((v.name.clone(), raw(format!("var.{}", v.name))));
            }
        }
    }
    // The toolchain module's inputs without a default: variables of the
    // template too, prefixed so that they cannot meet the base's.
    let mut toolchain_args: Vec<(String, Expr)> = Vec::new();
    if matches!(c.t.source, ToolchainSource::Terraform) {
        for v in c.t.variables.iter().filter(|v| !v.has_default) {
            let name = format!("toolchain_{}", v.name);
            out.push(pass_through(&name, v, "toolchain"));
            toolchain_args.push((v.name.clone(), raw(format!("var.{name}"))));
        }
    }
    out.push(Block::new("data", &["coder_workspace", "me"]));
    out.push(Block::new("data", &["coder_workspace_owner", "me"]));
    let mut param = Block::new("data", &["coder_parameter", "compute_profile"])
        .attr("name", s("compute_profile"))
        .attr("display_name", s("Compute profile"))
        .attr(
            "description",
            s("The resources of the workspace: only the profiles its base runs are offered"),
        )
        .attr("type", s("string"))
        .attr("default", s(c.default.name.clone()))
        .attr("mutable", Expr::Bool(true));
    // Coder wants option names unique, and Terraform block labels: two
    // profiles that read alike are told apart by their catalog names.
    let mut shown: Vec<String> = c.offered.iter().map(|p| display_name(p, cat)).collect();
    let mut labels: Vec<String> = c.offered.iter().map(|p| block_label(&p.name)).collect();
    for (list, mark) in [(&mut shown, false), (&mut labels, true)] {
        let copy = list.clone();
        for (i, item) in list.iter_mut().enumerate() {
            if copy.iter().filter(|x| *x == item).count() > 1 {
                *item = if mark {
                    format!("{item}_{}", i + 1)
                } else {
                    format!("{item} [{}]", c.offered[i].name)
                };
            }
        }
    }
    for (p, name) in c.offered.iter().zip(&shown) {
        let mut option = Block::new("option", &[])
            .attr("name", s(name.clone()))
            .attr("value", s(p.name.clone()));
        if !p.use_case.is_empty() {
            option = option.attr("description", s(p.use_case.clone()));
        }
        param = param.block(option);
    }
    out.push(param);
    for ((p, name), label) in c.offered.iter().zip(&shown).zip(&labels) {
        let mut preset =
            Block::new("data", &["coder_workspace_preset", label]).attr("name", s(name.clone()));
        if p.name == c.default.name {
            preset = preset.attr("default", Expr::Bool(true));
        }
        out.push(preset.attr(
            "parameters",
            Expr::Object(vec![("compute_profile".to_string(), s(p.name.clone()))]),
        ));
    }
    out.push(
        Block::new("locals", &[])
            .attr(
                "compute_profiles",
                Expr::Object(
                    c.offered
                        .iter()
                        .map(|p| (p.name.clone(), guard::profile_object(p, cat)))
                        .collect(),
                ),
            )
            .attr(
                "compute_profile",
                raw("local.compute_profiles[data.coder_parameter.compute_profile.value]"),
            ),
    );
    let module = matches!(c.t.source, ToolchainSource::Terraform);
    let has = |o: &str| module && c.t.outputs.iter().any(|x| x == o);
    let (caps_of, image) = if module {
        let mut call =
            Block::new("module", &["toolchain"]).attr("source", s(module_source(c, &c.t.dir)));
        for (k, v) in toolchain_args {
            call = call.attr(&k, v);
        }
        out.push(call);
        (
            "module.toolchain.capabilities",
            raw("module.toolchain.image_id"),
        )
    } else {
        let caps: Vec<(String, Expr)> =
            c.t.effective
                .iter()
                .enumerate()
                .filter(|(_, e)| e.written.is_some())
                .filter_map(|(id, e)| {
                    let def = cat.capabilities.get(id)?;
                    Some((def.name.clone(), guard::value(&def.kind, e.value)))
                })
                .collect();
        let image =
            c.t.image_id
                .as_ref()
                .and_then(|f| f.ok())
                .map_or_else(String::new, ImageRef::to_string);
        out.push(Block::new("locals", &[]).attr(
            "toolchain",
            Expr::Object(vec![
                ("name".to_string(), s(c.t.name.clone())),
                ("image_id".to_string(), s(image)),
                ("capabilities".to_string(), Expr::Object(caps)),
            ]),
        ));
        (
            "local.toolchain.capabilities",
            raw("local.toolchain.image_id"),
        )
    };
    let caps = capabilities(c, caps_of);
    out.push(
        Block::new("module", &["contract_guard"])
            .attr(
                "source",
                s(relative(
                    &c.dir,
                    &normalise(&c.dir.join("..").join(guard::DIR)),
                )),
            )
            .attr("platform", s(platform_name))
            .attr("profile", raw("data.coder_parameter.compute_profile.value"))
            .attr(
                "offered",
                Expr::List(c.offered.iter().map(|p| s(p.name.clone())).collect()),
            )
            .attr("capabilities", caps.clone()),
    );
    let mut infra = Block::new("module", &["infra"])
        .attr("source", s(module_source(c, &c.b.dir)))
        .attr("workspace_name", raw("data.coder_workspace.me.name"))
        .attr("owner", raw("data.coder_workspace_owner.me.name"))
        .attr("compute_profile", raw("local.compute_profile"))
        .attr("image_id", image)
        .attr("capabilities", caps);
    for (k, v) in passed {
        infra = infra.attr(&k, v);
    }
    out.push(infra);
    if own_agent {
        if has("startup_script") {
            out.push(
                Block::new("resource", &["coder_script", "toolchain"])
                    .attr("agent_id", raw(agent_id))
                    .attr("display_name", s("Toolchain"))
                    .attr("script", raw("module.toolchain.startup_script"))
                    .attr("run_on_start", Expr::Bool(true)),
            );
        }
        if has("environment_variables") {
            out.push(
                Block::new("resource", &["coder_env", "toolchain"])
                    .attr("for_each", raw("module.toolchain.environment_variables"))
                    .attr("agent_id", raw(agent_id))
                    .attr("name", raw("each.key"))
                    .attr("value", raw("each.value")),
            );
        }
    } else {
        let mut agent = Block::new("resource", &["coder_agent", "main"])
            .attr("os", s(os.as_str()))
            .attr("arch", s(arch));
        if has("startup_script") {
            agent = agent.attr("startup_script", raw("module.toolchain.startup_script"));
        }
        if has("environment_variables") {
            agent = agent.attr("env", raw("module.toolchain.environment_variables"));
        }
        for (key, label, name, version) in [
            (
                "toolchain_version",
                "Toolchain",
                &c.t.name,
                c.t.version.as_ref(),
            ),
            ("base_version", "Base", &c.b.name, c.b.version.as_ref()),
        ] {
            let v = version.map_or("unversioned", |v| v.value.as_str());
            agent = agent.block(
                Block::new("metadata", &[])
                    .attr("key", s(key))
                    .attr("display_name", s(format!("{label} version")))
                    .attr("script", s(format!("echo {}", sh(&format!("{name} {v}")))))
                    .attr("interval", Expr::Num(3600))
                    .attr("timeout", Expr::Num(1)),
            );
        }
        out.push(agent);
        // The base's environment joins the agent's through coder_env:
        // set on the agent itself it would wait for the base, which waits
        // for the agent's init script.
        if base_outputs.contains(&"runtime_env") {
            out.push(
                Block::new("resource", &["coder_env", "runtime"])
                    .attr("for_each", raw("module.infra.runtime_env"))
                    .attr("agent_id", raw(agent_id))
                    .attr("name", raw("each.key"))
                    .attr("value", raw("each.value")),
            );
        }
    }
    let header = format!(
        "{MARK} from the pairing {} ({} on {}).\n# Do not edit: change the repository and compose again.\n\n",
        c.pairing.name, c.t.name, c.b.name
    );
    format!("{header}{}", hcl::file(&out))
}

/// A template variable that passes `v`, an input of the base's or the
/// toolchain's module without a default, through: its type, and whose it is.
fn pass_through(name: &str, v: &ModuleVar, whose: &str) -> Block {
    let ty =
        v.ty.as_ref()
            .map_or_else(|| "any".to_string(), |(t, _)| t.to_string());
    variable(
        name,
        &ty,
        &format!("the {whose}'s {} (it has no default)", v.name),
        None,
    )
}
