# GPU variant of the ml template: its own CUDA image, GPUs passed through.
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

resource "coder_agent" "gpu" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    nvidia-smi -L || echo "no GPU visible"
    jupyter lab --no-browser --ServerApp.token='' --port 8888 >/tmp/jupyter.log 2>&1 &
  EOT
}

resource "coder_app" "jupyter" {
  agent_id     = coder_agent.gpu.id
  slug         = "jupyter"
  display_name = "JupyterLab"
  url          = "http://localhost:8888"
  subdomain    = true
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "harbor.example.ai/coder/ml-gpu:cuda12.6"
  name       = "coder-${data.coder_workspace.me.id}"
  hostname   = data.coder_workspace.me.name
  gpus       = "all"
  shm_size   = 8192
  entrypoint = ["sh", "-c", coder_agent.gpu.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.gpu.token}"]
}
