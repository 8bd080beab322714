# The Terraform side of legacy-swdev, edited separately from toolchain.yaml.
output "capabilities" {
  value = {
    persistent-home = true
    gui-vnc         = true
    gui-rdp         = false
  }
}

output "image_id" {
  value = "ghcr.io/acme/swdev:0.5.0"
}

output "version" {
  value = "0.4.0"
}
