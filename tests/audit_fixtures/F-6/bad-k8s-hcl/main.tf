# Fixture: Kubernetes workloads publish a port on the node and share its network (F-6).
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
    host_network = true
    container {
      name  = "runner"
      image = "ghcr.io/acme/ci-runner:2026.11"
      port {
        container_port = 8080
        host_port      = 8080
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
        host_network = true
        container {
          name  = "runner"
          image = "ghcr.io/acme/ci-runner:2026.11"
          port {
            container_port = 8080
            host_port      = 8080
          }
        }
      }
    }
  }
}
