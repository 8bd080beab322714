# Pull-through cache of Docker Hub for the workspace hosts.
terraform {
  required_providers {
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

resource "docker_image" "mirror" {
  name = "registry-mirror:local"
  build {
    context = path.module
  }
}

resource "docker_volume" "cache" {
  name = "registry-mirror-cache"
}

resource "docker_container" "mirror" {
  name    = "registry-mirror"
  image   = docker_image.mirror.image_id
  restart = "always"
  command = ["serve", "/etc/docker/registry/config.yml"]

  ports {
    internal = 5000
    external = 5000
    ip       = "10.20.0.5"
  }

  volumes {
    container_path = "/var/lib/registry"
    volume_name    = docker_volume.cache.name
  }
}
