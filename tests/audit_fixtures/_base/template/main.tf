# A compliant workspace: nothing may be reported.
# A DDEV workspace: Docker-in-Docker under Sysbox, one project per workspace.
terraform {
  required_providers {
    coder  = { source = "coder/coder" }
    docker = { source = "kreuzwerker/docker" }
  }
}

provider "docker" {
  host = "unix:///var/run/docker.sock"
}

variable "docker_gid" {
  type        = number
  default     = 988
  description = "GID of the docker group on the host"
}

variable "image" {
  type    = string
  default = "ghcr.io/acme/ddev-workspace:2026.11"
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  owner     = data.coder_workspace_owner.me.name
  workspace = data.coder_workspace.me.name
  home_bind = "/coder-workspaces/${local.owner}-${local.workspace}"
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    #!/bin/bash
    # Boot script of the DDEV workspace (runtime contract INV-10): every step is
    # idempotent, logs its failure and goes on; the script always exits 0.
    set +e
    log() { echo "[boot] $*" >&2; }

    # 1. Repair home ownership (the bind may have been created by root).
    sudo chown coder:coder /home/coder || log "chown of /home/coder failed"

    # 2. Seed the skeleton on first boot only.
    if [ ! -f /home/coder/.bashrc ]; then
      cp -rn /etc/skel/. /home/coder/ || log "skeleton copy failed"
    fi

    # 3. GitSSH for this session only (never written to a dotfile).
    export GIT_SSH_COMMAND="$${GIT_SSH_COMMAND:-ssh}"
    sed -i '/GIT_SSH_COMMAND/d' /home/coder/.bashrc 2>/dev/null

    # 4. Hydrate from the staged files without overwriting user state.
    if [ -d /home/coder-files ]; then
      cp -rn /home/coder-files/. /home/coder/ || log "hydration failed"
    else
      log "no /home/coder-files; skipping hydration"
    fi

    # 5. Git identity from the agent's environment.
    git config --global user.name "$CODER_WORKSPACE_OWNER_NAME"
    git config --global user.email "$CODER_WORKSPACE_OWNER_EMAIL"

    # 6. Registry mirror, written before dockerd starts.
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

    # 8. Pre-pull the DDEV images.
    ddev debug download-images >/dev/null 2>&1 || log "image pre-pull failed"

    # 9. Standard directories.
    mkdir -p /home/coder/projects /home/coder/.ddev

    # 10. Shell profile for login shells.
    if ! grep -q 'WELCOME.txt' /home/coder/.bash_profile 2>/dev/null; then
      cat >> /home/coder/.bash_profile <<'PROFILE'
    [ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
    [ -f ~/.bashrc ] && . ~/.bashrc
    [ -f ~/WELCOME.txt ] && cat ~/WELCOME.txt
    exit 0
    PROFILE
    fi

    exit 0
  EOT
  env = {
    HOME                        = "/home/coder"
    CODER_WORKSPACE_ID          = data.coder_workspace.me.id
    CODER_WORKSPACE_NAME        = data.coder_workspace.me.name
    CODER_WORKSPACE_OWNER_NAME  = data.coder_workspace_owner.me.name
    CODER_WORKSPACE_OWNER_EMAIL = data.coder_workspace_owner.me.email
  }
}

resource "docker_volume" "dind_cache" {
  name = "coder-${local.owner}-${local.workspace}-dind-cache"
}

resource "docker_container" "workspace" {
  count                 = data.coder_workspace.me.start_count
  name                  = "coder-${data.coder_workspace.me.id}"
  hostname              = "${local.workspace}-${local.owner}"
  image                 = var.image
  runtime               = "sysbox-runc"
  privileged            = false
  security_opts         = ["apparmor:unconfined", "seccomp:unconfined"]
  user                  = "coder"
  group_add             = [tostring(var.docker_gid)]
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
}

resource "coder_app" "web" {
  agent_id     = coder_agent.main.id
  slug         = "web"
  display_name = "Project site"
  url          = "http://localhost:80"
  subdomain    = true

  healthcheck {
    url       = "http://localhost:80"
    interval  = 5
    threshold = 6
  }
}

resource "coder_script" "ddev_poweroff" {
  agent_id     = coder_agent.main.id
  display_name = "Stop DDEV"
  run_on_stop  = true
  script       = <<-EOT
    if [ -S /var/run/docker.sock ]; then
      ddev poweroff || true
    fi
  EOT
}

resource "null_resource" "workspace_cleanup" {
  triggers = {
    home_bind = local.home_bind
  }

  provisioner "local-exec" {
    when    = destroy
    command = "sudo /usr/local/bin/coder-delete-workspace-dir ${self.triggers.home_bind}"
  }
}
