output "image_id" {
  value = "ghcr.io/acme/tools:1.0"
}
