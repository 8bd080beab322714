# Workspaces for CI-pipeline debugging: a local Docker daemon that pulls
# through the office registry mirror.
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

variable "registry_mirror" {
  type        = string
  description = "Registry mirror for the inner Docker daemon"
  default     = "https://mirror.gcr.io"
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  startup_script = templatefile("${path.module}/scripts/startup.sh.tftpl", {
    registry_mirror = var.registry_mirror
    owner           = data.coder_workspace_owner.me.name
  })
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "registry.example.net/platform/dind:2025.1"
  name       = "coder-ci-runner-${data.coder_workspace.me.id}"
  hostname   = data.coder_workspace.me.name
  privileged = true
  entrypoint = ["sh", "-c", coder_agent.main.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
  }
}
