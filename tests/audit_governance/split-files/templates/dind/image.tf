# Pull the pinned image (no build here; CI builds docker/Dockerfile).
resource "docker_image" "workspace" {
  name         = local.image
  keep_locally = true
}
