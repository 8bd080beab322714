# Fixture: a kubernetes_manifest Pod, keys quoted, shares the node's network
# and publishes a port on it (F-6).
resource "kubernetes_manifest" "runner" {
  manifest = {
    "apiVersion" = "v1"
    "kind"       = "Pod"
    "metadata" = {
      "name" = "ci-runner"
    }
    "spec" = {
      "hostNetwork" = true
      "containers" = [
        {
          "name"  = "runner"
          "image" = "ghcr.io/acme/ci-runner:2026.11"
          "ports" = [
            {
              "containerPort" = 8080
              "hostPort"      = 8080
            }
          ]
        }
      ]
    }
  }
}
