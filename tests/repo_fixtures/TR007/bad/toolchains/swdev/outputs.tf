output "capabilities" {
  value = {
    persistent-home = true
    artifact-cache  = false
  }
}

output "image_id" {
  value = "ghcr.io/acme/swdev:1.1.0"
}

output "version" {
  value = "1.0.0"
}
