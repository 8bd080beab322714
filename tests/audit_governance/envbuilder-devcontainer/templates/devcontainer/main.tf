# Dev containers on Docker: envbuilder clones the repository and builds the
# image its devcontainer.json describes, then runs the Coder agent inside it.
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

variable "devcontainer_builder" {
  type        = string
  description = "The envbuilder image that builds the dev container."
  default     = "ghcr.io/coder/envbuilder:1.1.0"
}

variable "fallback_image" {
  type        = string
  description = "Image used when the repository's dev container fails to build."
  default     = "codercom/enterprise-base:ubuntu"
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

data "coder_parameter" "repo" {
  name         = "repo"
  display_name = "Repository (auto)"
  description  = "Git URL of a repository with a .devcontainer/devcontainer.json"
  type         = "string"
  mutable      = true
  default      = "https://github.com/coder/envbuilder-starter-devcontainer"
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    set -e
    curl -fsSL https://code-server.dev/install.sh | sh -s -- --method=standalone --prefix=/tmp/code-server
    /tmp/code-server/bin/code-server --auth none --port 13337 >/tmp/code-server.log 2>&1 &
  EOT
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  url          = "http://localhost:13337/?folder=/workspaces"
  icon         = "/icon/code.svg"
}

resource "docker_volume" "workspaces" {
  name = "coder-${data.coder_workspace.me.id}"
  lifecycle {
    ignore_changes = all
  }
}

resource "docker_container" "workspace" {
  count    = data.coder_workspace.me.start_count
  image    = var.devcontainer_builder
  name     = "coder-${data.coder_workspace_owner.me.name}-${lower(data.coder_workspace.me.name)}"
  hostname = data.coder_workspace.me.name
  env = [
    "CODER_AGENT_TOKEN=${coder_agent.main.token}",
    "CODER_AGENT_URL=${replace(data.coder_workspace.me.access_url, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")}",
    "ENVBUILDER_GIT_URL=${data.coder_parameter.repo.value}",
    "ENVBUILDER_FALLBACK_IMAGE=${var.fallback_image}",
    "ENVBUILDER_INIT_SCRIPT=${replace(coder_agent.main.init_script, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")}",
    "ENVBUILDER_WORKSPACE_FOLDER=/workspaces/${lower(data.coder_workspace.me.name)}",
  ]

  host {
    host = "host.docker.internal"
    ip   = "host-gateway"
  }

  volumes {
    container_path = "/workspaces"
    volume_name    = docker_volume.workspaces.name
    read_only      = false
  }
}
