# Fixture: kubernetes_manifest workloads with container ports only, exposed
# by a Service, no host port or network (F-6 satisfied).
resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner", labels = { app = "ci-runner" } }
    spec = {
      hostNetwork     = false
      securityContext = { runAsNonRoot = true }
      containers = [{
        name  = "runner"
        image = "ghcr.io/acme/ci-runner:2026.11"
        ports = [{ containerPort = 8080 }]
      }]
    }
  }
}

resource "kubernetes_manifest" "runners" {
  manifest = yamldecode(<<-EOT
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ci-runners
    spec:
      selector:
        matchLabels:
          app: ci-runner
      template:
        metadata:
          labels:
            app: ci-runner
        spec:
          containers:
            - name: runner
              image: ghcr.io/acme/ci-runner:2026.11
              ports:
                - containerPort: 8080
    EOT
  )
}

resource "kubernetes_manifest" "runner_svc" {
  manifest = {
    apiVersion = "v1"
    kind       = "Service"
    metadata   = { name = "ci-runner" }
    spec = {
      selector = { app = "ci-runner" }
      ports    = [{ port = 80, targetPort = 8080 }]
    }
  }
}
