# Fixture: Kubernetes workloads mount the node's Docker socket through hostPath (F-1).
terraform {
  required_providers {
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

resource "kubernetes_pod_v1" "runner" {
  metadata {
    name = "ci-runner"
  }

  spec {
    container {
      name  = "runner"
      image = "ghcr.io/acme/ci-runner:2026.11"
      volume_mount {
        name       = "docker-sock"
        mount_path = "/var/run/docker.sock"
      }
    }
    volume {
      name = "docker-sock"
      host_path {
        path = "/var/run/docker.sock"
        type = "Socket"
      }
    }
  }
}

resource "kubernetes_deployment_v1" "runners" {
  metadata {
    name = "ci-runners"
  }

  spec {
    replicas = 2

    selector {
      match_labels = { app = "ci-runner" }
    }

    template {
      metadata {
        labels = { app = "ci-runner" }
      }

      spec {
        container {
          name  = "runner"
          image = "ghcr.io/acme/ci-runner:2026.11"
          volume_mount {
            name       = "docker-sock"
            mount_path = "/var/run/docker.sock"
          }
        }
        volume {
          name = "docker-sock"
          host_path {
            path = "/var/run/docker.sock"
            type = "Socket"
          }
        }
      }
    }
  }
}
