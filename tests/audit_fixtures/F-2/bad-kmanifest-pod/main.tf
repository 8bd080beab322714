# Fixture: a kubernetes_manifest Pod runs a privileged init container (F-2).
resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner", labels = { app = "ci-runner" } }
    spec = {
      initContainers = [
        {
          name    = "sysctl"
          image   = "busybox:1.37"
          command = ["sysctl", "-w", "vm.max_map_count=262144"]
          securityContext = {
            privileged = true
          }
        }
      ]
      containers = [
        {
          name  = "runner"
          image = "ghcr.io/acme/ci-runner:2026.11"
        }
      ]
    }
  }
}
