# Go workspace. Written against kreuzwerker/docker 2.x, where docker_image
# builds take `path` (3.x renamed it to `context`).
terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
    docker = {
      source  = "kreuzwerker/docker"
      version = "~> 2.25"
    }
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "docker_image" "golang" {
  name = "coder-golang-${data.coder_workspace.me.id}"
  build {
    path = "."
    tag  = ["coder-golang:latest"]
  }
  keep_locally = true
}

resource "coder_agent" "go" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    go env -w GOPATH=$HOME/go GOFLAGS=-buildvcs=false
    code-server --auth none --port 13337 >/tmp/code-server.log 2>&1 &
  EOT
  env = {
    GOPROXY = "https://athens.build.internal,direct"
  }
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.go.id
  slug         = "code-server"
  display_name = "VS Code"
  url          = "http://localhost:13337/?folder=/home/coder/go/src"
  icon         = "/icon/code.svg"
}

resource "docker_volume" "gopath" {
  name = "coder-${data.coder_workspace.me.id}-gopath"
}

resource "docker_container" "workspace" {
  count    = data.coder_workspace.me.start_count
  image    = docker_image.golang.latest
  name     = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
  hostname = data.coder_workspace.me.name
  command  = ["sh", "-c", coder_agent.go.init_script]
  env      = ["CODER_AGENT_TOKEN=${coder_agent.go.token}"]

  volumes {
    container_path = "/home/coder/go"
    volume_name    = docker_volume.gopath.name
  }
}
