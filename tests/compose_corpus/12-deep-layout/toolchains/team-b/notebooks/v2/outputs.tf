# The Terraform side of toolchain.yaml: what a composed template reads.
# The two must agree (wsc check compares them, TR007). gpu-support is
# optional (toolchain.yaml): a template on a base without GPUs sets it
# back to false.

output "name" {
  value = "datasci-toolchain"
}

output "version" {
  value = "0.9.3"
}

output "image_id" {
  value = "ghcr.io/acme/datasci:0.9.3"
}

output "capabilities" {
  value = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "iam"
    artifact-cache    = true
    secrets-injection = "secrets-manager"
    gpu-support       = true
    gui-vnc           = true
  }
}

output "profiles" {
  value = ["datasci-standard", "datasci-large", "datasci-xlarge"]
}

output "environment_variables" {
  value = {
    JUPYTER_PORT = "8888"
  }
}

output "startup_script" {
  value = <<-EOT
    #!/bin/bash
    # JupyterLab on localhost only; the Coder app proxies it.
    mkdir -p "$HOME/notebooks"
    if ! pgrep -f jupyter-lab >/dev/null; then
      nohup jupyter lab --no-browser --ip=127.0.0.1 --port=8888 --notebook-dir="$HOME/notebooks" >/tmp/jupyter.log 2>&1 &
    fi
    exit 0
  EOT
}
