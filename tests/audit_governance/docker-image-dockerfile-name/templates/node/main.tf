# Node.js workspace. The build directory holds the production image of the
# service too; the workspace uses the development stage in Dockerfile.dev.
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

data "coder_parameter" "node_version" {
  name         = "node_version"
  display_name = "Node.js version"
  type         = "string"
  default      = "22"
  mutable      = true
  option {
    name  = "Node 20 LTS"
    value = "20"
  }
  option {
    name  = "Node 22 LTS"
    value = "22"
  }
}

resource "docker_image" "dev" {
  name = "coder-node${data.coder_parameter.node_version.value}-${data.coder_workspace.me.id}"
  build {
    context    = "${path.module}/build"
    dockerfile = "Dockerfile.dev"
    build_args = {
      NODE_VERSION = data.coder_parameter.node_version.value
    }
  }
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    corepack enable --install-directory ~/.local/bin
    code-server --auth none --port 13337 >/tmp/code-server.log 2>&1 &
  EOT
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  url          = "http://localhost:13337/?folder=/home/node/app"
  icon         = "/icon/code.svg"
}

resource "coder_app" "preview" {
  agent_id     = coder_agent.main.id
  slug         = "preview"
  display_name = "Dev server"
  url          = "http://localhost:5173"
  subdomain    = true
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = docker_image.dev.image_id
  name       = "coder-${data.coder_workspace.me.id}"
  hostname   = data.coder_workspace.me.name
  user       = "node"
  entrypoint = ["sh", "-c", coder_agent.main.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/node"
    volume_name    = docker_volume.home.name
  }
}
