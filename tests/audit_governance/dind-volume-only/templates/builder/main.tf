# Image-building workspace: a privileged container with its image cache on a
# volume. The daemon is started by a coder_script, not by the agent's
# startup_script.
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

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    #!/bin/bash
    git config --global user.name "${data.coder_workspace_owner.me.name}"
    git config --global user.email "${data.coder_workspace_owner.me.email}"
    mkdir -p ~/src
  EOT
}

resource "coder_script" "docker_daemon" {
  agent_id           = coder_agent.main.id
  display_name       = "Docker daemon"
  icon               = "/icon/docker.svg"
  run_on_start       = true
  start_blocks_login = true
  script             = <<-EOT
    pgrep -x dockerd >/dev/null || sudo dockerd >/tmp/dockerd.log 2>&1 &
    timeout 60 sh -c 'until docker info >/dev/null 2>&1; do sleep 1; done'
  EOT
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_volume" "docker_cache" {
  name = "coder-${data.coder_workspace.me.id}-docker"
  lifecycle {
    ignore_changes = all
  }
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "quay.io/buildteam/builder-workspace:3"
  name       = "coder-${data.coder_workspace.me.id}"
  hostname   = data.coder_workspace.me.name
  privileged = true
  entrypoint = ["sh", "-c", coder_agent.main.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
  }

  volumes {
    container_path = "/var/lib/docker"
    volume_name    = docker_volume.docker_cache.name
  }
}
