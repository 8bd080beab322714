# Fixture: a kubernetes_manifest hostPath volume whose path is a variable
# without a default: the path is unknown, so F-1 does not guess.
variable "host_path" {
  type        = string
  description = "Node directory holding the runner's cache"
}

resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec = {
      containers = [{
        name         = "runner"
        image        = "ghcr.io/acme/ci-runner:2026.11"
        volumeMounts = [{ name = "cache", mountPath = "/cache" }]
      }]
      volumes = [{
        name     = "cache"
        hostPath = { path = var.host_path, type = "Directory" }
      }]
    }
  }
}
