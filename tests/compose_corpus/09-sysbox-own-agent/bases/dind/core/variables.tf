# The contract inputs (seed 000) and the platform. The core decides what
# `wsc render` decides for them; it reads nothing else and declares no
# provider and no resource.

variable "platform" {
  type        = string
  description = "the platform of the base (a platform of the catalog that wsc renders)"
}

variable "workspace_name" {
  type        = string
  description = "the workspace name (data.coder_workspace.me.name)"
}

variable "owner" {
  type        = string
  description = "the owner's username (data.coder_workspace_owner.me.name)"
}

variable "image_id" {
  type        = string
  description = "the toolchain image reference"
}

variable "compute_profile" {
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })
  description = "the compute resources: vCPUs, memory and storage as binary quantities (8Gi), GPUs"

  validation {
    condition     = can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.compute_profile.memory)) && can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.compute_profile.storage))
    error_message = "memory and storage are whole numbers followed by Ki, Mi, Gi or Ti."
  }
}

variable "capabilities" {
  type = object({
    persistent-home   = optional(bool)
    network-egress    = optional(string)
    identity-mode     = optional(string)
    gpu-support       = optional(bool)
    artifact-cache    = optional(bool)
    secrets-injection = optional(string)
    gui-vnc           = optional(bool)
    gui-rdp           = optional(bool)
  })
  description = "the requested capabilities; one not given takes the catalog's default"
  default     = {}
}
