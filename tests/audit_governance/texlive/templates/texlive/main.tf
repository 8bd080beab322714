# TeX Live workspace: a full TeX distribution with code-server and LaTeX Workshop.
terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.0"
    }
    docker = {
      source  = "kreuzwerker/docker"
      version = "~> 3.0"
    }
  }
}

variable "image" {
  type        = string
  description = "TeX Live workspace image (built from Containerfile by CI)"
  default     = "ghcr.io/thesis-lab/texlive-workspace:2024"
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "dev" {
  os             = "linux"
  arch           = "amd64"
  startup_script = file("${path.module}/startup.sh")

  metadata {
    display_name = "TeX Live"
    key          = "tlmgr"
    script       = "tlmgr --version | head -n1"
    interval     = 3600
    timeout      = 5
  }
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.dev.id
  slug         = "code"
  display_name = "VS Code"
  url          = "http://localhost:8080/?folder=/home/tex/thesis"
  icon         = "/icon/code.svg"
  subdomain    = false

  healthcheck {
    url       = "http://localhost:8080/healthz"
    interval  = 5
    threshold = 10
  }
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = var.image
  name       = "coder-${data.coder_workspace.me.id}"
  hostname   = lower(data.coder_workspace.me.name)
  entrypoint = ["sh", "-c", replace(coder_agent.dev.init_script, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.dev.token}"]
  memory     = 4096

  host {
    host = "host.docker.internal"
    ip   = "host-gateway"
  }

  volumes {
    container_path = "/home/tex"
    volume_name    = docker_volume.home.name
  }
}
