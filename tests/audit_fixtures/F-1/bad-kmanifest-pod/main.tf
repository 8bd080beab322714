# Fixture: a kubernetes_manifest Pod, written as an object expression, mounts the node's Docker socket through hostPath (F-1).
terraform {
  required_providers {
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

variable "namespace" {
  type = string
}

resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata = {
      name      = "ci-runner"
      namespace = var.namespace
    }
    spec = {
      containers = [
        {
          name  = "runner"
          image = "ghcr.io/acme/ci-runner:2026.11"
          volumeMounts = [
            { name = "docker-sock", mountPath = "/var/run/docker.sock" },
          ]
        },
      ]
      volumes = [
        {
          name = "docker-sock"
          hostPath = {
            path = "/var/run/docker.sock"
            type = "Socket"
          }
        },
      ]
    }
  }
}
