# Fixture: a directory whose only workload is a kubernetes_manifest Pod:
# F-1, F-2 and F-6 check it, so there is something to audit.
resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec = {
      securityContext = { runAsNonRoot = true }
      containers      = [{ name = "runner", image = "ghcr.io/acme/ci-runner:2026.11" }]
    }
  }
}
