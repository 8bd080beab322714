# Fixture: a kubernetes_manifest reads a manifest of the tree with
# yamldecode(file()): it publishes a port on the node (F-6), reported once
# though both the file and the resource are read.
resource "kubernetes_manifest" "runner" {
  manifest = yamldecode(file("${path.module}/manifests/runner.yaml"))
}
