variable "platform" {
  description = "Platform the workspace runs on: kubernetes, ec2-linux, ec2-windows or ec2-gpu."
  type        = string
  nullable    = false

  # Guard so the support table can be indexed; not one of the benchmarked rules.
  validation {
    condition     = contains(keys(local.platform_support), var.platform)
    error_message = "TC016: unknown platform \"${var.platform}\", expected one of ${join(", ", sort(keys(local.platform_support)))}."
  }
}

variable "compute_profile" {
  description = "Name of a compute profile from the contract's profile table."
  type        = string
  nullable    = false

  # Guard so the profile table can be indexed; not one of the benchmarked rules.
  validation {
    condition     = contains(keys(local.compute_profiles), var.compute_profile)
    error_message = "TC009: unknown compute profile \"${var.compute_profile}\", expected one of ${join(", ", sort(keys(local.compute_profiles)))}."
  }
}

variable "compute_override" {
  description = <<-EOT
    Optional partial compute profile merged over the named profile, like a
    composition's overrides.compute_profile. Null attributes keep the
    profile's value. The seed's profiles are all in range, so this is what
    makes TC007 (and gpu_type-only TC011 cases) reachable.
  EOT
  type = object({
    cpu       = optional(number)
    memory    = optional(string)
    storage   = optional(string)
    gpu_count = optional(number)
    gpu_type  = optional(string)
  })
  default  = {}
  nullable = false
}

variable "capabilities" {
  description = "Requested capabilities; omitted keys take the contract default."
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
  default  = {}
  nullable = false
}
