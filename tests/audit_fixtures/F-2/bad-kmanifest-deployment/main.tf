# Fixture: a kubernetes_manifest Deployment whose pod template is a merge()
# of a shared local and the container list; the container's security context
# is privileged (F-2). A later merge() argument that is unknown only hides
# the keys before it.
variable "pod_overrides" {
  type        = map(string)
  description = "Extra pod spec fields"
}

locals {
  pod_defaults = {
    serviceAccountName = "ci-runner"
    restartPolicy      = "Always"
  }
  runner = {
    name  = "runner"
    image = "ghcr.io/acme/ci-runner:2026.11"
    securityContext = {
      privileged = true
    }
  }
}

resource "kubernetes_manifest" "runners" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = { name = "ci-runners" }
    spec = {
      replicas = 2
      selector = { matchLabels = { app = "ci-runner" } }
      template = {
        metadata = { labels = { app = "ci-runner" } }
        spec = merge(local.pod_defaults, var.pod_overrides, {
          containers = [local.runner]
        })
      }
    }
  }
}
