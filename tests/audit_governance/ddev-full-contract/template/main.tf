# DDEV workspace on Sysbox: the container runs its own dockerd, whose state
# lives on a named volume; one DDEV project per workspace, served on :80.
terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

variable "docker_gid" {
  type        = number
  description = "GID of the host's docker group"
  default     = 988
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  slug      = "${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  home_path = "/coder-workspaces/${local.slug}"
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = file("${path.module}/boot.sh")
  env = {
    HOME                        = "/home/coder"
    CODER_WORKSPACE_ID          = data.coder_workspace.me.id
    CODER_WORKSPACE_NAME        = data.coder_workspace.me.name
    CODER_WORKSPACE_OWNER_NAME  = data.coder_workspace_owner.me.name
    CODER_WORKSPACE_OWNER_EMAIL = data.coder_workspace_owner.me.email
  }
}

resource "coder_app" "site" {
  agent_id     = coder_agent.main.id
  slug         = "site"
  display_name = "Project site"
  url          = "http://localhost:80"
  subdomain    = true
  healthcheck {
    url       = "http://localhost:80"
    interval  = 10
    threshold = 6
  }
}

resource "coder_script" "ddev_poweroff" {
  agent_id     = coder_agent.main.id
  display_name = "ddev poweroff"
  run_on_stop  = true
  script       = "[ -S /var/run/docker.sock ] && ddev poweroff || true"
}

resource "docker_volume" "dind" {
  name = "coder-${local.slug}-dind-cache"
}

resource "docker_container" "workspace" {
  count                 = data.coder_workspace.me.start_count
  name                  = "coder-${data.coder_workspace.me.id}"
  hostname              = "${data.coder_workspace.me.name}-${data.coder_workspace_owner.me.name}"
  image                 = "ghcr.io/webops/ddev-workspace:2025.06"
  runtime               = "sysbox-runc"
  privileged            = false
  security_opts         = ["apparmor=unconfined", "seccomp=unconfined"]
  user                  = "coder"
  group_add             = [tostring(var.docker_gid)]
  stop_signal           = "SIGINT"
  stop_timeout          = 180
  destroy_grace_seconds = 60
  entrypoint            = ["sh", "-c", coder_agent.main.init_script]
  env                   = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    host_path      = local.home_path
    container_path = "/home/coder"
  }

  mounts {
    type   = "volume"
    source = docker_volume.dind.name
    target = "/var/lib/docker"
  }
}

resource "null_resource" "workspace_cleanup" {
  triggers = {
    home_path = local.home_path
  }
  provisioner "local-exec" {
    when    = destroy
    command = "sudo /usr/local/bin/coder-delete-workspace-dir ${self.triggers.home_path}"
  }
}
