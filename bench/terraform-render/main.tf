# A provider-free Terraform peer of `wsc render --format k8s-yaml` for one
# composition (bench/run.sh times `terraform plan` of it): the workspace pod's
# manifest built in locals from the composition's inputs and written with
# yamlencode, the way a base module would compute it without a cluster.
# It does less than wsc: no NetworkPolicy, claims, service account or
# validation, so the comparison favours terraform.

variable "owner" {
  type    = string
  default = "alice"
}

variable "workspace_name" {
  type    = string
  default = "alice-dev"
}

variable "image_id" {
  type    = string
  default = "ghcr.io/acme/python-dev:3.11-slim"
}

variable "compute" {
  type = object({ cpu = number, memory = string, storage = string })
  default = {
    cpu     = 4
    memory  = "8Gi"
    storage = "50Gi"
  }
}

variable "env" {
  type = map(string)
  default = {
    EDITOR        = "vim"
    PIP_INDEX_URL = "https://pypi.internal.acme.dev/simple"
  }
}

locals {
  name = substr(lower("ws-${var.owner}-${var.workspace_name}"), 0, 63)
  labels = {
    "app.kubernetes.io/name"     = "coder-workspace"
    "app.kubernetes.io/instance" = local.name
    "coder.com/owner"            = var.owner
    "coder.com/workspace"        = var.workspace_name
  }
  resources = {
    cpu    = tostring(var.compute.cpu)
    memory = var.compute.memory
  }
  pod = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = local.name, labels = local.labels }
    spec = {
      automountServiceAccountToken = false
      securityContext = {
        runAsNonRoot   = true
        runAsUser      = 1000
        fsGroup        = 1000
        seccompProfile = { type = "RuntimeDefault" }
      }
      containers = [{
        name      = "dev"
        image     = var.image_id
        env       = [for k, v in var.env : { name = k, value = v }]
        resources = { requests = local.resources, limits = local.resources }
        securityContext = {
          allowPrivilegeEscalation = false
          capabilities             = { drop = ["ALL"] }
        }
      }]
    }
  }
}

output "manifest" {
  value = yamlencode(local.pod)
}
