# Fixture: kubernetes_manifest workloads under the restricted Pod Security
# Standard (runAsNonRoot, no privilege escalation, capabilities dropped, not
# privileged) (F-2 satisfied).
resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec = {
      securityContext = {
        runAsNonRoot   = true
        runAsUser      = 1000
        seccompProfile = { type = "RuntimeDefault" }
      }
      containers = [{
        name  = "runner"
        image = "ghcr.io/acme/ci-runner:2026.11"
        securityContext = {
          privileged               = false
          allowPrivilegeEscalation = false
          capabilities             = { drop = ["ALL"] }
        }
      }]
    }
  }
}

resource "kubernetes_manifest" "nightly" {
  manifest = {
    apiVersion = "batch/v1"
    kind       = "CronJob"
    metadata   = { name = "ci-nightly" }
    spec = {
      schedule = "0 3 * * *"
      jobTemplate = {
        spec = {
          template = {
            spec = {
              restartPolicy = "Never"
              containers = [{
                name            = "nightly"
                image           = "ghcr.io/acme/ci-runner:2026.11"
                securityContext = { runAsNonRoot = true, allowPrivilegeEscalation = false }
              }]
            }
          }
        }
      }
    }
  }
}
