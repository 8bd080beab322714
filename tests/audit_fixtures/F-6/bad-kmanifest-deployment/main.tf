# Fixture: a kubernetes_manifest Deployment whose pod template is a local
# publishes a port on the node (F-6); the finding points into the local.
variable "image" {
  type    = string
  default = "ghcr.io/acme/ci-runner:2026.11"
}

locals {
  app = "ci-runner"
  pod_template = {
    metadata = { labels = { app = local.app } }
    spec = {
      containers = [{
        name  = "runner"
        image = var.image
        ports = [{ name = "http", containerPort = 8080, hostPort = 80, protocol = "TCP" }]
      }]
    }
  }
}

resource "kubernetes_manifest" "runners" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = { name = "ci-runners", labels = { app = local.app } }
    spec = {
      replicas = 2
      selector = { matchLabels = { app = local.app } }
      template = local.pod_template
    }
  }
}
