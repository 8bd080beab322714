variable "namespace" {
  type    = string
  default = "coder-workspaces"
}

variable "storage_class" {
  type    = string
  default = "gp3-encrypted"
}

resource "kubernetes_persistent_volume_claim_v1" "home" {
  count = var.capabilities.persistent-home ? 1 : 0
  metadata {
    name      = "coder-${var.owner}-${var.workspace_name}-home"
    namespace = var.namespace
  }
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class
    resources {
      requests = { storage = var.compute_profile.storage }
    }
  }
}
