# Drupal with DDEV. The project's containers run on the host's Docker daemon
# (the socket is mounted in); the startup script brings the project up.
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

data "coder_parameter" "git_repo" {
  name         = "git_repo"
  display_name = "Drupal project repository"
  type         = "string"
  default      = "git@git.agency.example:drupal/site.git"
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    #!/bin/bash
    if [ ! -d ~/site/.git ]; then
      git clone "${data.coder_parameter.git_repo.value}" ~/site
    fi
    cd ~/site || exit 0
    ddev config --auto --project-type=drupal11 --docroot=web
    ddev start -y
    ddev composer install
  EOT
}

resource "coder_app" "site" {
  agent_id     = coder_agent.main.id
  slug         = "site"
  display_name = "Drupal site"
  url          = "http://localhost:80"
  subdomain    = true
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "ghcr.io/agency/ddev-workspace:1.24"
  name       = "coder-${data.coder_workspace.me.id}"
  hostname   = data.coder_workspace.me.name
  group_add  = ["docker"]
  entrypoint = ["sh", "-c", coder_agent.main.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
  }

  volumes {
    host_path      = "/var/run/docker.sock"
    container_path = "/var/run/docker.sock"
  }
}
