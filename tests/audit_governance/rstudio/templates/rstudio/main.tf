# RStudio Server workspaces for the data science team.
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

data "coder_parameter" "flavor" {
  name         = "flavor"
  display_name = "R distribution"
  type         = "string"
  form_type    = "radio"
  default      = "rstudio"
  mutable      = true

  option {
    name  = "R 4.4 + tidyverse"
    value = "rstudio"
  }
  option {
    name  = "Bioconductor 3.20"
    value = "bioconductor"
  }
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    #!/bin/bash
    # rocker images ship rserver; run it without auth, Coder does the auth.
    sudo rserver --server-daemonize=1 --auth-none=1 --www-port=8787 || echo "rserver failed to start"
    mkdir -p ~/R/library ~/projects
  EOT
  env = {
    R_LIBS_USER = "/home/rstudio/R/library"
    HOME        = "/home/rstudio"
  }
}

resource "coder_app" "rstudio" {
  agent_id     = coder_agent.main.id
  slug         = "rstudio"
  display_name = "RStudio"
  icon         = "/icon/rstudio.svg"
  url          = "http://localhost:8787"
  subdomain    = true
  share        = "owner"

  healthcheck {
    url       = "http://localhost:8787/health-check"
    interval  = 10
    threshold = 10
  }
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
  lifecycle {
    ignore_changes = all
  }
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "registry.lab.example.org/coder/${data.coder_parameter.flavor.value}:2025.03"
  name       = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  hostname   = data.coder_workspace.me.name
  user       = "rstudio"
  entrypoint = ["sh", "-c", coder_agent.main.init_script]
  env = [
    "CODER_AGENT_TOKEN=${coder_agent.main.token}",
    "DISABLE_AUTH=true",
  ]

  volumes {
    container_path = "/home/rstudio"
    volume_name    = docker_volume.home.name
  }
}
