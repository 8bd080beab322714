output "capabilities" {
  value = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "iam"
    gpu-support       = false
    artifact-cache    = false
    secrets-injection = "variables"
    gui-vnc           = false
    gui-rdp           = false
  }
}

output "image_id" {
  value = "ghcr.io/acme/tools:1.0"
}
