# Fixture: Kubernetes workloads with a container port only, no host port or network (F-6 satisfied).
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
    host_network = false
    container {
      name  = "runner"
      image = "ghcr.io/acme/ci-runner:2026.11"
      port {
        container_port = 8080
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
        host_network = false
        container {
          name  = "runner"
          image = "ghcr.io/acme/ci-runner:2026.11"
          port {
            container_port = 8080
          }
        }
      }
    }
  }
}
