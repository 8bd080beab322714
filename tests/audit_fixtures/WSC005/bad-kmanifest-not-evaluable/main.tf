# Fixture: kubernetes_manifest resources whose manifest, or its pod spec, is
# not known before apply (a data source's body, a variable without a
# default): F-1, F-2 and F-6 cannot check them and say so (WSC005).
variable "runner_spec" {
  type = any
}

data "http" "runner" {
  url = "https://manifests.acme.example/ci-runner.yaml"
}

resource "kubernetes_manifest" "fetched" {
  manifest = yamldecode(data.http.runner.response_body)
}

resource "kubernetes_manifest" "runner" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "ci-runner" }
    spec       = var.runner_spec
  }
}
