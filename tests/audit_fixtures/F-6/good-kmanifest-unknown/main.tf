# Fixture: a kubernetes_manifest whose hostNetwork is a variable without a
# default, and a merge() whose later, unknown argument may replace the
# hostNetwork before it: both unknown, so F-6 does not guess.
variable "host_network" {
  type = bool
}

variable "spec_overrides" {
  type = any
}

locals {
  container = { name = "runner", image = "ghcr.io/acme/ci-runner:2026.11" }
}

resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec = {
      hostNetwork = var.host_network
      containers  = [local.container]
    }
  }
}

resource "kubernetes_manifest" "runners" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = { name = "ci-runners" }
    spec = {
      selector = { matchLabels = { app = "ci-runner" } }
      template = {
        metadata = { labels = { app = "ci-runner" } }
        spec     = merge({ hostNetwork = true, containers = [local.container] }, var.spec_overrides)
      }
    }
  }
}
