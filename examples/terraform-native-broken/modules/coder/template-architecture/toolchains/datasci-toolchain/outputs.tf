# Data science with CUDA: Jupyter, pandas and PyTorch.
output "capabilities" {
  value = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "iam"
    gpu-support       = true
    artifact-cache    = true
    secrets-injection = "secrets-manager"
    gui-vnc           = false
    gui-rdp           = false
  }
}

output "image_id" {
  value = "ghcr.io/acme/datasci-cuda:12.4-0.9.3"
}

output "startup_script" {
  value = "jupyter lab --no-browser --port 8888 >/tmp/jupyter.log 2>&1 &"
}

output "environment_variables" {
  value = {}
}
