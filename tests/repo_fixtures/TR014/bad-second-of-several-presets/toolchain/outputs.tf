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
  value = "ghcr.io/acme/swdev:1.0"
}
