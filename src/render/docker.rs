//! The docker-sysbox platform as Terraform (the kreuzwerker/docker and
//! coder providers): a Docker-in-Docker workspace that keeps the runtime
//! contract (`shared/runtime-contract.md`, INV-1…INV-10), so `wsc audit`
//! finds nothing in it.
//!
//! - INV-1: `runtime = "sysbox-runc"`, not privileged, AppArmor and seccomp
//!   unconfined (Sysbox confines the container);
//! - INV-2: user `coder`, `HOME` forced, the docker group from
//!   `var.docker_gid` (988);
//! - INV-4, INV-6, INV-10: the agent's boot script starts `dockerd` itself,
//!   hydrates the home without overwriting, and runs the ten steps in order
//!   with `set +e`, ending with `exit 0`;
//! - INV-5: exactly one host bind (the home, `/coder-workspaces/OWNER-WS`,
//!   named from the Coder workspace's data sources)
//!   and one named volume (`/var/lib/docker`), whatever persistent-home
//!   says (the contract keeps the home on every Docker-in-Docker workspace);
//! - INV-8: stopped by SIGINT with 180 s to finish, a `workspace_cleanup`
//!   whose destroy-time provisioner deletes the host directory;
//! - INV-9: the workspace's identity in the agent's environment;
//! - F-6: no ports (gui-vnc is reached through the agent).

use crate::contract::model::ImageRef;

use super::hcl::{Block, Expr, heredoc_literal, raw, required_providers, s, variable};
use super::outputs::Outputs;
use super::plan::Plan;

/// The host directory under which each workspace's home is bound.
pub const HOME_ROOT: &str = "/coder-workspaces";

/// The default GID of the host's docker group (INV-2).
pub const DOCKER_GID: i64 = 988;

/// The boot script: the contract's ten steps, each idempotent, each failure
/// logged, always ending in `exit 0`. Written for a Terraform heredoc (a
/// literal `${` is doubled).
fn boot_script() -> String {
    let script = r#"#!/bin/bash
# The boot sequence of the runtime contract (INV-10): every step is
# idempotent, logs its failure and goes on; the script always exits 0.
set +e
log() { echo "[boot] $*" >&2; }

# 1. Repair the ownership of the home bind.
sudo chown coder:coder /home/coder || log "chown of /home/coder failed"

# 2. Seed the skeleton on first boot only.
if [ ! -f /home/coder/.bashrc ]; then
  cp -rn /etc/skel/. /home/coder/ || log "skeleton copy failed"
fi

# 3. GitSSH for this session only (never written to a dotfile).
export GIT_SSH_COMMAND="${GIT_SSH_COMMAND:-ssh}"

# 4. Hydrate from the staged files without overwriting user state.
if [ -d /home/coder-files ]; then
  cp -rn /home/coder-files/. /home/coder/ || log "hydration failed"
else
  log "no /home/coder-files; skipping hydration"
fi

# 5. Git identity from the agent's environment.
git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"
git config --global user.email "$CODER_WORKSPACE_OWNER_EMAIL"

# 6. The registry mirror, written before dockerd starts.
if [ -n "$DOCKER_REGISTRY_MIRROR" ]; then
  echo "{\"registry-mirrors\": [\"$DOCKER_REGISTRY_MIRROR\"]}" | sudo tee /etc/docker/daemon.json >/dev/null
fi

# 7. Start dockerd when none runs, and wait for its socket (bounded).
if ! pgrep -x dockerd >/dev/null; then
  sudo dockerd >/tmp/dockerd.log 2>&1 &
fi
for _ in $(seq 1 30); do
  [ -S /var/run/docker.sock ] && break
  sleep 1
done
sudo chgrp docker /var/run/docker.sock && sudo chmod 660 /var/run/docker.sock

# 9. The standard directories.
mkdir -p /home/coder/projects

# 10. The shell profile of login shells.
if ! grep -q 'WELCOME.txt' /home/coder/.bash_profile 2>/dev/null; then
  cat >> /home/coder/.bash_profile <<'PROFILE'
[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
[ -f ~/.bashrc ] && . ~/.bashrc
[ -f ~/WELCOME.txt ] && cat ~/WELCOME.txt
PROFILE
fi

exit 0
"#;
    heredoc_literal(script)
}

/// The Terraform blocks of a docker-sysbox workspace.
pub fn blocks(plan: &Plan<'_>, outputs: &Outputs) -> Vec<Block> {
    let image = match &plan.image {
        ImageRef::Oci { .. } => plan.image.to_string(),
        ImageRef::Ami(id) => id.clone(),
    };
    let mut out = vec![
        required_providers(&[
            ("coder", "coder/coder", ">= 2.0, < 3.0"),
            ("docker", "kreuzwerker/docker", ">= 3.0, < 4.0"),
            ("null", "hashicorp/null", ">= 3.0, < 4.0"),
        ]),
        variable(
            "docker_gid",
            "number",
            "the GID of the host's docker group, added to the workspace user's groups (runtime contract INV-2)",
            Some(Expr::Num(DOCKER_GID)),
        ),
        variable("image", "string", "the workspace image", Some(s(image))),
        Block::new("data", &["coder_workspace", "me"]),
        Block::new("data", &["coder_workspace_owner", "me"]),
        Block::new("locals", &[])
            .attr("owner", raw("data.coder_workspace_owner.me.name"))
            .attr("workspace", raw("data.coder_workspace.me.name"))
            .attr(
                "home_bind",
                raw(format!(
                    "\"{HOME_ROOT}/${{local.owner}}-${{local.workspace}}\""
                )),
            ),
    ];
    // The agent: its environment carries the workspace's identity (INV-9),
    // the forced home (INV-2) and what the capabilities set.
    let mut env = vec![
        ("HOME".to_string(), s("/home/coder")),
        (
            "CODER_WORKSPACE_ID".to_string(),
            raw("data.coder_workspace.me.id"),
        ),
        (
            "CODER_WORKSPACE_NAME".to_string(),
            raw("data.coder_workspace.me.name"),
        ),
        (
            "CODER_WORKSPACE_OWNER_NAME".to_string(),
            raw("data.coder_workspace_owner.me.name"),
        ),
        (
            "CODER_WORKSPACE_OWNER_EMAIL".to_string(),
            raw("data.coder_workspace_owner.me.email"),
        ),
    ];
    for (k, v) in &outputs.runtime_env {
        if !env.iter().any(|(have, _)| have == k) {
            env.push((k.clone(), s(v.clone())));
        }
    }
    out.push(
        Block::new("resource", &["coder_agent", "main"])
            .attr("os", s("linux"))
            .attr("arch", s(plan.arch.as_str()))
            .attr("startup_script", Expr::Heredoc(boot_script()))
            .attr("env", Expr::Object(env)),
    );
    out.push(
        Block::new("resource", &["docker_volume", "dind_cache"]).attr(
            "name",
            raw("\"coder-${local.owner}-${local.workspace}-dind-cache\""),
        ),
    );
    let c = &plan.compute;
    let memory_mib = c.memory.bytes.div_ceil(1 << 20);
    let mut container = Block::new("resource", &["docker_container", "workspace"])
        .attr("count", raw("data.coder_workspace.me.start_count"))
        .attr("name", raw("\"coder-${data.coder_workspace.me.id}\""))
        .attr("hostname", raw("\"${local.workspace}-${local.owner}\""))
        .attr("image", raw("var.image"))
        .attr("runtime", s("sysbox-runc"))
        .attr("privileged", Expr::Bool(false))
        .attr(
            "security_opts",
            Expr::List(vec![s("apparmor:unconfined"), s("seccomp:unconfined")]),
        )
        .attr("user", s("coder"))
        .attr(
            "group_add",
            Expr::List(vec![raw("tostring(var.docker_gid)")]),
        )
        .attr(
            "memory",
            Expr::Num(i64::try_from(memory_mib).unwrap_or(i64::MAX)),
        )
        .attr("cpu_shares", Expr::Num(i64::from(c.cpu) * 1024))
        .attr("stop_signal", s("SIGINT"))
        .attr("stop_timeout", Expr::Num(180))
        .attr("destroy_grace_seconds", Expr::Num(60))
        .attr(
            "entrypoint",
            Expr::List(vec![s("sh"), s("-c"), raw("coder_agent.main.init_script")]),
        )
        .attr(
            "env",
            Expr::List(vec![raw("\"CODER_AGENT_TOKEN=${coder_agent.main.token}\"")]),
        )
        .block(
            Block::new("volumes", &[])
                .attr("host_path", raw("local.home_bind"))
                .attr("container_path", s("/home/coder"))
                .attr("read_only", Expr::Bool(false)),
        )
        .block(
            Block::new("mounts", &[])
                .attr("type", s("volume"))
                .attr("source", raw("docker_volume.dind_cache.name"))
                .attr("target", s("/var/lib/docker")),
        );
    for (k, v) in [
        ("coder.com/owner", raw("local.owner")),
        ("coder.com/workspace", raw("local.workspace")),
        ("wsc.dev/platform", s(plan.platform.name.clone())),
        ("wsc.dev/network-egress", s(plan.caps.egress.name())),
    ] {
        container = container.block(
            Block::new("labels", &[])
                .attr("label", s(k))
                .attr("value", v),
        );
    }
    out.push(container);
    out.push(
        Block::new("resource", &["null_resource", "workspace_cleanup"])
            .attr(
                "triggers",
                Expr::Object(vec![("home_bind".to_string(), raw("local.home_bind"))]),
            )
            .block(
                Block::new("provisioner", &["local-exec"])
                    .attr("when", Expr::Keyword("destroy"))
                    .attr(
                        "command",
                        raw("\"sudo /usr/local/bin/coder-delete-workspace-dir ${self.triggers.home_bind}\""),
                    ),
            ),
    );
    out
}
