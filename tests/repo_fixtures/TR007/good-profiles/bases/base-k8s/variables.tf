variable "workspace_name" {
  type = string
}

variable "owner" {
  type = string
}

variable "image_id" {
  type = string
}

variable "compute_profile" {
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })
}

variable "capabilities" {
  type = object({
    persistent-home   = optional(bool, true)
    network-egress    = optional(string, "https-only")
    identity-mode     = optional(string, "iam")
    gpu-support       = optional(bool, false)
    artifact-cache    = optional(bool, false)
    secrets-injection = optional(string, "variables")
    gui-vnc           = optional(bool, false)
    gui-rdp           = optional(bool, false)
  })
}
