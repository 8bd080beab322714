# Fixture: kubernetes_manifest workloads (a restricted Pod, a Deployment, a
# Service) with scratch volumes, no socket (F-1 satisfied).
locals {
  restricted = {
    runAsNonRoot             = true
    allowPrivilegeEscalation = false
    capabilities             = { drop = ["ALL"] }
    seccompProfile           = { type = "RuntimeDefault" }
  }
}

resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec = {
      securityContext = { runAsNonRoot = true, runAsUser = 1000 }
      containers = [{
        name            = "runner"
        image           = "ghcr.io/acme/ci-runner:2026.11"
        securityContext = local.restricted
        volumeMounts    = [{ name = "scratch", mountPath = "/scratch" }]
      }]
      volumes = [{ name = "scratch", emptyDir = {} }]
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
        spec = {
          containers = [{
            name            = "runner"
            image           = "ghcr.io/acme/ci-runner:2026.11"
            securityContext = local.restricted
            volumeMounts    = [{ name = "cache", mountPath = "/cache" }]
          }]
          volumes = [{ name = "cache", persistentVolumeClaim = { claimName = "ci-cache" } }]
        }
      }
    }
  }
}

resource "kubernetes_manifest" "runner_svc" {
  manifest = {
    apiVersion = "v1"
    kind       = "Service"
    metadata   = { name = "ci-runner" }
    spec       = { selector = { app = "ci-runner" }, ports = [{ port = 80, targetPort = 8080 }] }
  }
}
