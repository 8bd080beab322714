# A DDEV workspace that breaks the runtime contract in every way the template
# can: privileged instead of Sysbox, the host socket mounted, published ports,
# a literal docker GID, an extra mount nobody cleans up, no stop handling.
terraform {
  required_providers {
    coder  = { source = "coder/coder" }
    docker = { source = "kreuzwerker/docker" }
  }
}

# A connection to the host daemon, not a mount: must not count as F-1.
provider "docker" {
  host = "unix:///var/run/docker.sock"
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = file("${path.module}/boot.sh")
  env = {
    CODER_WORKSPACE_NAME = data.coder_workspace.me.name
  }
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  name       = "coder-${data.coder_workspace.me.id}"
  hostname   = data.coder_workspace.me.name
  image      = "ghcr.io/acme/ddev-workspace:latest"
  runtime    = "runc"
  privileged = true
  user       = "root"
  group_add  = ["988"]
  entrypoint = ["sh", "-c", coder_agent.main.init_script]

  volumes {
    host_path      = "/srv/homes/${data.coder_workspace_owner.me.name}"
    container_path = "/home/coder"
  }

  volumes {
    host_path      = "/var/run/docker.sock"
    container_path = "/var/run/docker.sock"
  }

  volumes {
    host_path      = "/srv/cache/${data.coder_workspace.me.id}"
    container_path = "/cache"
  }

  ports {
    internal = 80
    external = 8080
  }
}

resource "coder_app" "web" {
  agent_id = coder_agent.main.id
  slug     = "web"
  url      = "http://localhost:8080"
}
