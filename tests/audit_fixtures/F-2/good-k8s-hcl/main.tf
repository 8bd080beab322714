# Fixture: Kubernetes workloads with an unprivileged security context (F-2 satisfied).
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
      security_context {
        privileged                 = false
        allow_privilege_escalation = false
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
          security_context {
            privileged                 = false
            allow_privilege_escalation = false
          }
        }
      }
    }
  }
}
