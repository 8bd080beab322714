# Team "Borg" writes a base in one file and trusts the template author to
# fill in the cluster: project, region and labels have no defaults.

terraform {
  required_version = ">= 1.5"
}

variable "workspace_name" { type = string }
variable "owner" { type = string }
variable "image_id" { type = string }
variable "compute_profile" {
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })
}
variable "capabilities" { type = any }

# Filled by the template.
variable "agent_token" {
  type      = string
  sensitive = true
}
variable "agent_init_script" { type = string }
variable "start_count" { type = number }

# Nobody can fill these but the template's administrator.
variable "gcp_project" {
  type        = string
  description = "the GCP project of the GKE cluster"
}
variable "region" {
  type = string
}
variable "extra_labels" {
  type = map(string)
}
variable "node_pool" {
  description = "no type at all: any"
}

# Optional knobs.
variable "namespace" {
  type    = string
  default = "coder"
}

locals {
  name = "coder-${var.owner}-${var.workspace_name}"
}

output "agent_endpoint" {
  value = "https://coder.${var.region}.example.com"
}

output "runtime_env" {
  value = {
    GOOGLE_CLOUD_PROJECT = var.gcp_project
    WORKSPACE_NAMESPACE  = var.namespace
  }
}

output "volume_mounts" {
  value = [{ path = "/home/coder", type = "pvc", size = var.compute_profile.storage, storage_class = "standard-rwo" }]
}

output "metadata" {
  value = {
    platform       = "kubernetes"
    os             = "linux"
    arch           = "amd64"
    base_version   = "0.3.0"
    node_pool      = var.node_pool
    labels         = var.extra_labels
    workspace      = local.name
    provisioned_at = timestamp()
  }
}
