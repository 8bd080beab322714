# Legacy DDEV workspace (2023). Superseded by the ddev template of the
# platform repository; kept until the last workspaces are migrated.
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
    sudo dockerd > /tmp/dockerd.log 2>&1 &
    sleep 5
    cd ~/project && ddev start
  EOT
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "legacy-registry.example.com/ddev-dind:2023"
  name       = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  hostname   = data.coder_workspace.me.name
  runtime    = "sysbox-runc"
  entrypoint = ["sh", "-c", coder_agent.main.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
  }
}
