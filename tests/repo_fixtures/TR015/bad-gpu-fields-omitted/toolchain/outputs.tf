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
  value = "ghcr.io/acme/datasci:1.0"
}
