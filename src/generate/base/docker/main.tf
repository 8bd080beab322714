# A Docker-in-Docker workspace on a Sysbox host, held to the runtime
# contract (INV-1…INV-10) so that `wsc audit` finds nothing in it. The
# agent is this module's own: the container starts its init script.

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

locals {
  owner     = data.coder_workspace_owner.me.name
  workspace = data.coder_workspace.me.name
  # INV-5: one host directory per owner and workspace. Named from the
  # workspace's data sources as the contract asks; the container's
  # precondition holds it to the core's decision for the inputs.
  home_bind = "/coder-workspaces/${local.owner}-${local.workspace}"

  agent_endpoint = var.coder_url != null ? var.coder_url : data.coder_workspace.me.access_url
  extra_env = {
    for k, v in { VAULT_ADDR = var.vault_addr } : k => v
    if v != null && module.core.effective.secrets_injection == "vault"
  }
  volume_class = {}
  volume_size  = {}
  ami_id       = null
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = var.arch
  # INV-10: the boot sequence; each step idempotent, a failed step logged
  # and skipped, and the script always ends with exit 0.
  startup_script = <<-EOT
    #!/bin/bash
    set +e
    log() { echo "[boot] $*" >&2; }

    # 1. The home bind belongs to the workspace user.
    sudo chown coder:coder /home/coder || log "chown of /home/coder failed"

    # 2. The skeleton, on the first boot only.
    if [ ! -f /home/coder/.bashrc ]; then
      cp -rn /etc/skel/. /home/coder/ || log "skeleton copy failed"
    fi

    # 3. GitSSH for this session, never written to a dotfile.
    export GIT_SSH_COMMAND="$${GIT_SSH_COMMAND:-ssh}"

    # 4. The staged files, without overwriting what the user changed.
    if [ -d /home/coder-files ]; then
      cp -rn /home/coder-files/. /home/coder/ || log "hydration failed"
    else
      log "no /home/coder-files; skipping hydration"
    fi

    # 5. Git's identity, from the agent's environment.
    git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"
    git config --global user.email "$CODER_WORKSPACE_OWNER_EMAIL"

    # 6. The registry mirror, before dockerd reads its configuration.
    if [ -n "$DOCKER_REGISTRY_MIRROR" ]; then
      echo "{\"registry-mirrors\": [\"$DOCKER_REGISTRY_MIRROR\"]}" | sudo tee /etc/docker/daemon.json >/dev/null
    fi

    # 7. dockerd, started here when none runs; wait a bounded time for it.
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

    # 10. The profile of login shells.
    if ! grep -q 'WELCOME.txt' /home/coder/.bash_profile 2>/dev/null; then
      cat >> /home/coder/.bash_profile <<'PROFILE'
    [ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
    [ -f ~/.bashrc ] && . ~/.bashrc
    [ -f ~/WELCOME.txt ] && cat ~/WELCOME.txt
    PROFILE
    fi

    exit 0
  EOT
  # INV-9: the workspace's identity; INV-2: the forced home. What the
  # capabilities set (runtime_env) comes first so that these win.
  env = merge(module.core.decisions.runtime_env, local.extra_env, {
    HOME                        = "/home/coder"
    CODER_WORKSPACE_ID          = data.coder_workspace.me.id
    CODER_WORKSPACE_NAME        = data.coder_workspace.me.name
    CODER_WORKSPACE_OWNER_NAME  = data.coder_workspace_owner.me.name
    CODER_WORKSPACE_OWNER_EMAIL = data.coder_workspace_owner.me.email
  })
}

# INV-5: Docker's own storage on a named volume of its own.
resource "docker_volume" "dind_cache" {
  name = "coder-${local.owner}-${local.workspace}-dind-cache"
}

resource "docker_container" "workspace" {
  count    = data.coder_workspace.me.start_count
  name     = "coder-${data.coder_workspace.me.id}"
  hostname = "${local.workspace}-${local.owner}"
  image    = var.image_id
  # INV-1: Sysbox isolates the container; it is never privileged.
  runtime       = "sysbox-runc"
  privileged    = false
  security_opts = ["apparmor:unconfined", "seccomp:unconfined"]
  # INV-2: the workspace user, in the host's docker group.
  user      = "coder"
  group_add = [tostring(var.docker_gid)]
  # The profile's memory (MiB) and CPU shares, as the core sizes them.
  memory     = module.core.decisions.docker_memory_mib
  cpu_shares = module.core.decisions.docker_cpu_shares
  # INV-8: SIGINT and time to finish.
  stop_signal           = "SIGINT"
  stop_timeout          = 180
  destroy_grace_seconds = 60
  entrypoint            = ["sh", "-c", coder_agent.main.init_script]
  env                   = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]
  volumes {
    host_path      = local.home_bind
    container_path = "/home/coder"
    read_only      = false
  }
  mounts {
    type   = "volume"
    source = docker_volume.dind_cache.name
    target = "/var/lib/docker"
  }
  labels {
    label = "coder.com/owner"
    value = local.owner
  }
  labels {
    label = "coder.com/workspace"
    value = local.workspace
  }
  labels {
    label = "wsc.dev/platform"
    value = local.platform
  }
  # The host's firewall (DOCKER-USER) enforces network-egress by this label.
  labels {
    label = "wsc.dev/network-egress"
    value = module.core.decisions.egress_label
  }

  lifecycle {
    precondition {
      condition     = local.home_bind == module.core.decisions.home_bind
      error_message = "the home bind ${local.home_bind} is not the core's ${module.core.decisions.home_bind}: pass owner and workspace_name from data.coder_workspace_owner and data.coder_workspace"
    }
  }
}

# INV-8: deleting the workspace deletes its host directory.
resource "null_resource" "workspace_cleanup" {
  triggers = {
    home_bind = local.home_bind
  }
  provisioner "local-exec" {
    when    = destroy
    command = "sudo /usr/local/bin/coder-delete-workspace-dir ${self.triggers.home_bind}"
  }
}

# The agent is this module's: a composed template adds the toolchain's
# startup script and environment to it (coder_script, coder_env).
output "agent_id" {
  description = "the id of the workspace's coder_agent"
  value       = coder_agent.main.id
}
