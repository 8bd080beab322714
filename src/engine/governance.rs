//! Which templates the runtime contract of Docker-in-Docker workspaces
//! governs, and why (shared/runtime-contract.md, "What `wsc audit` looks
//! at").
//!
//! A template is governed when its workspace container runs under Sysbox,
//! its boot script starts `dockerd`, it mounts something at
//! `/var/lib/docker`, it uses DDEV, or `[runtime] templates` names it. A plain
//! Docker template (an IDE image, no nested daemon) is not: only F-1, F-2 and
//! F-6 apply to it, as to every container workload.

use serde::Serialize;

use crate::ingest::hcl::{Block, Scope};
use crate::ingest::shell::Command;
use crate::ingest::workspace::{BootScript, Image, attr_string, nested};

/// Why a template is held to the Docker-in-Docker contract, in the order
/// reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The workspace container's `runtime` is `sysbox-runc`.
    SysboxRuntime,
    /// The agent starts the Docker daemon (its boot script or another
    /// `coder_script`).
    Dockerd,
    /// The workspace container mounts something at `/var/lib/docker`.
    DockerVolume,
    /// The template uses DDEV.
    Ddev,
    /// `[runtime] templates` names the template.
    Configured,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SysboxRuntime => "sysbox-runtime",
            Reason::Dockerd => "dockerd",
            Reason::DockerVolume => "docker-volume",
            Reason::Ddev => "ddev",
            Reason::Configured => "configured",
        }
    }

    /// The reason in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::SysboxRuntime => "Sysbox runtime",
            Reason::Dockerd => "the agent starts dockerd",
            Reason::DockerVolume => "/var/lib/docker is mounted",
            Reason::Ddev => "DDEV is used",
            Reason::Configured => "named by [runtime] templates",
        }
    }
}

/// The daemon's data directory.
const DOCKER_DATA: &str = "/var/lib/docker";

/// The workspace container runs under Sysbox: its `runtime` evaluates to
/// `sysbox-runc` (a variable's default, a local), or, when it does not
/// evaluate, its text names it.
pub fn sysbox_runtime(container: &Block, scope: &Scope<'_>) -> bool {
    container.attribute("runtime").is_some_and(|a| {
        attr_string(scope, &a).map_or_else(
            || a.value.source_text().contains("sysbox-runc"),
            |v| v == "sysbox-runc",
        )
    })
}

/// The workspace container mounts something at `/var/lib/docker`.
pub fn docker_volume(container: &Block, scope: &Scope<'_>) -> bool {
    let at_data = |b: &Block, key: &str| {
        b.attribute(key).is_some_and(|a| {
            attr_string(scope, &a).is_some_and(|v| v.trim_end_matches('/') == DOCKER_DATA)
        })
    };
    nested(container, "volumes")
        .iter()
        .any(|b| at_data(b, "container_path"))
        || nested(container, "mounts")
            .iter()
            .any(|b| at_data(b, "target"))
}

/// The command starts the Docker daemon: `dockerd` (through `sudo`,
/// `nohup`, …), or the init system's `docker` service.
pub fn starts_dockerd(c: &Command) -> bool {
    c.invokes("dockerd") || crate::rules::runtime::f9_systemd_dockerd::starts_docker_through_init(c)
}

/// The boot script starts the Docker daemon.
pub fn boot_starts_dockerd(boot: &BootScript) -> bool {
    boot.script.commands.iter().any(starts_dockerd)
}

/// The boot script runs `ddev`.
pub fn boot_runs_ddev(boot: &BootScript) -> bool {
    boot.script.commands_invoking("ddev").next().is_some()
}

/// Package managers and the subcommand that installs with them.
const INSTALLERS: &[(&str, &str)] = &[
    ("apt-get", "install"),
    ("apt", "install"),
    ("aptitude", "install"),
    ("yum", "install"),
    ("dnf", "install"),
    ("microdnf", "install"),
    ("zypper", "install"),
    ("apk", "add"),
    ("brew", "install"),
    ("pacman", "-S"),
];

/// A package word names DDEV: `ddev`, `ddev=1.24.4`, `ddev/ddev/ddev`.
fn ddev_package(word: &str) -> bool {
    let name = word.split(['=', '@']).next().unwrap_or_default();
    name == "ddev" || name.ends_with("/ddev")
}

/// The image installs DDEV (a package named `ddev`, or DDEV's install
/// script), or stages `.ddev/` files.
pub fn image_uses_ddev(image: &Image) -> bool {
    let installs = image.run_commands().any(|c| {
        let Some((name, args)) = c.invoked() else {
            return false;
        };
        let words: Vec<&str> = args
            .iter()
            .map(crate::ingest::shell::Word::value_or_text)
            .collect();
        let by_package = INSTALLERS.iter().any(|(tool, verb)| {
            name.value_or_text().rsplit('/').next() == Some(*tool)
                && words.contains(verb)
                && words.iter().any(|w| ddev_package(w))
        });
        // DDEV's install script, by name or by its address.
        by_package
            || c.args.iter().chain(c.name.as_ref()).any(|w| {
                let t = w.text.to_ascii_lowercase();
                t.contains("install_ddev")
                    || (t.contains('/') && t.contains("ddev") && t.contains("install"))
            })
    });
    let stages = image
        .staged
        .iter()
        .any(|s| s.dest.contains("/.ddev/") || s.dest.ends_with("/.ddev"))
        || image.dockerfile.instructions.iter().any(|i| {
            i.copy_paths().is_some_and(|p| {
                let dest = p.dest.0.trim_end_matches('/');
                dest.ends_with("/.ddev") || dest.contains("/.ddev/") || dest == ".ddev"
            })
        });
    installs || stages
}
