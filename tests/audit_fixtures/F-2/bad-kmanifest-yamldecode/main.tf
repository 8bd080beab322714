# Fixture: a kubernetes_manifest whose manifest is yamldecode() of a
# templatefile() runs a privileged container (F-2); the finding points into
# the template file.
variable "image" {
  type = string
}

resource "kubernetes_manifest" "runners" {
  manifest = yamldecode(templatefile("${path.module}/manifests/runners.yaml.tftpl", {
    image    = var.image
    replicas = 2
  }))
}
