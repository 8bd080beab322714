# Docker-in-Docker under Sysbox. The image's entrypoint starts dockerd and then
# execs its arguments, so the agent runs through `command`, not `entrypoint`.
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
    # The daemon belongs to the image's entrypoint; only wait for it here.
    for i in $(seq 1 30); do
      [ -S /var/run/docker.sock ] && break
      sleep 1
    done
    docker version --format 'docker {{.Server.Version}} ready' || echo "docker is not up"
    code-server --auth none --port 13337 >/tmp/code-server.log 2>&1 &
  EOT
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  url          = "http://localhost:13337/?folder=/home/coder"
  icon         = "/icon/code.svg"
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_container" "workspace" {
  count    = data.coder_workspace.me.start_count
  image    = "registry.platform.internal/coder/sysbox-dind:24.04"
  name     = "coder-${data.coder_workspace.me.id}"
  hostname = data.coder_workspace.me.name
  runtime  = "sysbox-runc"
  command  = ["sh", "-c", coder_agent.main.init_script]
  env      = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
  }
}
