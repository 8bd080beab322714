# Fixture: a kubernetes_manifest container whose `privileged` is a variable
# without a default: the value is unknown, so F-2 does not guess.
variable "privileged" {
  type = bool
}

resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec = {
      containers = [{
        name            = "runner"
        image           = "ghcr.io/acme/ci-runner:2026.11"
        securityContext = { privileged = var.privileged }
      }]
    }
  }
}
