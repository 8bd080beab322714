# Runs the Coder control plane itself on the Docker host: coderd and its
# PostgreSQL. Not a workspace template; no agent runs here.
terraform {
  required_providers {
    docker = {
      source = "kreuzwerker/docker"
    }
  }
}

variable "access_url" {
  type    = string
  default = "https://coder.example.com"
}

variable "pg_password" {
  type      = string
  sensitive = true
}

resource "docker_network" "coder" {
  name = "coder"
}

resource "docker_volume" "pgdata" {
  name = "coder-pgdata"
}

resource "docker_container" "postgres" {
  name    = "coder-postgres"
  image   = "postgres:17"
  restart = "unless-stopped"
  env     = ["POSTGRES_USER=coder", "POSTGRES_DB=coder", "POSTGRES_PASSWORD=${var.pg_password}"]

  networks_advanced {
    name = docker_network.coder.name
  }

  volumes {
    container_path = "/var/lib/postgresql/data"
    volume_name    = docker_volume.pgdata.name
  }
}

resource "docker_container" "coder" {
  name       = "coderd"
  image      = "ghcr.io/coder/coder:v2.22.1"
  restart    = "unless-stopped"
  group_add  = ["998"]
  depends_on = [docker_container.postgres]
  env = [
    "CODER_ACCESS_URL=${var.access_url}",
    "CODER_HTTP_ADDRESS=0.0.0.0:7080",
    "CODER_PG_CONNECTION_URL=postgres://coder:${var.pg_password}@coder-postgres/coder?sslmode=disable",
  ]

  networks_advanced {
    name = docker_network.coder.name
  }

  ports {
    internal = 7080
    external = 7080
  }

  volumes {
    host_path      = "/var/run/docker.sock"
    container_path = "/var/run/docker.sock"
  }
}
