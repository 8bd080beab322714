# Fixture: the boot script lives outside the audited directory: wsc does not
# read it and says so (WSC005), it is no error of the template.
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
  startup_script = file("${path.module}/../../shared/boot.sh")
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
