# Software development: Python, Node.js and the usual CLIs.
output "capabilities" {
  value = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "iam"
    gpu-support       = false
    artifact-cache    = true
    secrets-injection = "secrets-manager"
    gui-vnc           = false
    gui-rdp           = false
  }
}

output "image_id" {
  value = "ghcr.io/acme/swdev-python:${var.language_version}-1.4.0"
}

output "startup_script" {
  value = "pip install --user pre-commit && echo tools: ${join(" ", var.include_tools)}"
}

output "environment_variables" {
  value = { PIP_CACHE_DIR = "/home/coder/.cache/pip" }
}
