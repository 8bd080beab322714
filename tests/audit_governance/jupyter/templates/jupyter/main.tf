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

data "coder_parameter" "gpu" {
  name         = "gpu"
  display_name = "Attach a GPU"
  description  = "Use the CUDA image and pass the host's GPUs through."
  type         = "bool"
  form_type    = "switch"
  default      = "false"
}

locals {
  use_gpu = data.coder_parameter.gpu.value == "true"
  image   = local.use_gpu ? "harbor.ml.internal/coder/jupyter-gpu:cuda12.4" : "harbor.ml.internal/coder/jupyter-cpu:2025.02"
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    #!/bin/sh
    mkdir -p /home/jovyan/work
    jupyter lab --no-browser --ServerApp.token='' --ServerApp.password='' \
      --ServerApp.base_url=/@${data.coder_workspace_owner.me.name}/${data.coder_workspace.me.name}/apps/jupyter \
      --ip=127.0.0.1 --port=8888 --notebook-dir=/home/jovyan/work >/tmp/jupyter.log 2>&1 &
  EOT
}

resource "coder_app" "jupyter" {
  agent_id     = coder_agent.main.id
  slug         = "jupyter"
  display_name = "JupyterLab"
  icon         = "/icon/jupyter.svg"
  url          = "http://localhost:8888/@${data.coder_workspace_owner.me.name}/${data.coder_workspace.me.name}/apps/jupyter"
  share        = "owner"
  subdomain    = false

  healthcheck {
    url       = "http://localhost:8888/@${data.coder_workspace_owner.me.name}/${data.coder_workspace.me.name}/apps/jupyter/api"
    interval  = 10
    threshold = 20
  }
}

resource "docker_volume" "work" {
  name = "coder-${data.coder_workspace.me.id}-work"
}

resource "docker_container" "workspace" {
  count    = data.coder_workspace.me.start_count
  image    = local.image
  name     = "coder-${data.coder_workspace.me.id}"
  hostname = data.coder_workspace.me.name
  user     = "jovyan"
  gpus     = local.use_gpu ? "all" : null
  command  = ["sh", "-c", coder_agent.main.init_script]
  env      = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  volumes {
    container_path = "/home/jovyan/work"
    volume_name    = docker_volume.work.name
  }
}
