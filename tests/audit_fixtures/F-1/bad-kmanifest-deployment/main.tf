# Fixture: a kubernetes_manifest Deployment, keys quoted as in JSON and the
# volumes in a local, binds the node's /var/run (which holds the Docker
# socket) in its pod template (F-1).
locals {
  labels = { "app" = "ci-runner" }
  runner_volumes = [
    {
      "name"     = "run"
      "hostPath" = { "path" = "/var/run" }
    },
  ]
}

resource "kubernetes_manifest" "runners" {
  manifest = {
    "apiVersion" = "apps/v1"
    "kind"       = "Deployment"
    "metadata"   = { "name" = "ci-runners", "namespace" = "ci" }
    "spec" = {
      "replicas" = 2
      "selector" = { "matchLabels" = local.labels }
      "template" = {
        "metadata" = { "labels" = local.labels }
        "spec" = {
          "containers" = [{
            "name"         = "runner"
            "image"        = "ghcr.io/acme/ci-runner:2026.11"
            "volumeMounts" = [{ "name" = "run", "mountPath" = "/var/run" }]
          }]
          "volumes" = local.runner_volumes
        }
      }
    }
  }
}
