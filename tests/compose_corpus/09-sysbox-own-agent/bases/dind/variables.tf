# The contract's inputs (seed 000), typed as the catalog types them.

variable "workspace_name" {
  type        = string
  description = "workspace name, from data.coder_workspace.me.name"
}

variable "owner" {
  type        = string
  description = "owner user name, from data.coder_workspace_owner.me.name"
}

variable "compute_profile" {
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })
  description = "the resources the workspace gets"

  validation {
    condition     = can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.compute_profile.memory)) && can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.compute_profile.storage))
    error_message = "memory and storage are whole numbers followed by Ki, Mi, Gi or Ti (8Gi)."
  }

  validation {
    condition     = var.compute_profile.cpu >= 1 && var.compute_profile.cpu <= 64 && floor(var.compute_profile.cpu) == var.compute_profile.cpu
    error_message = "cpu is a whole number of vCPUs from 1 to 64."
  }

  validation {
    condition     = coalesce(var.compute_profile.gpu_count, 0) == 0
    error_message = "docker-sysbox schedules no GPUs."
  }
}

variable "image_id" {
  type        = string
  description = "the toolchain's image reference"
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
  description = "the capabilities the toolchain requests"

  validation {
    condition     = contains(["https-only", "unrestricted"], var.capabilities["network-egress"])
    error_message = "network-egress on docker-sysbox is one of https-only, unrestricted."
  }

  validation {
    condition     = contains(["oidc", "iam", "workload-identity"], var.capabilities["identity-mode"])
    error_message = "identity-mode on docker-sysbox is one of oidc, iam, workload-identity."
  }

  validation {
    condition     = !var.capabilities["gpu-support"]
    error_message = "docker-sysbox does not support gpu-support."
  }

  validation {
    condition     = contains(["variables", "vault", "secrets-manager"], var.capabilities["secrets-injection"])
    error_message = "secrets-injection on docker-sysbox is one of variables, vault, secrets-manager."
  }

  validation {
    condition     = !var.capabilities["gui-rdp"]
    error_message = "docker-sysbox does not support gui-rdp."
  }
}

variable "arch" {
  type        = string
  description = "the CPU architecture of the workspace: amd64 or arm64"
  default     = "amd64"

  validation {
    condition     = contains(["amd64", "arm64"], var.arch)
    error_message = "docker-sysbox runs amd64 or arm64."
  }
}

# Settings every base has.

variable "toolchain_version" {
  type        = string
  description = "metadata: the toolchain template's version"
  default     = null
}

variable "vault_addr" {
  type        = string
  description = "secrets-injection vault: the Vault address (VAULT_ADDR in runtime_env)"
  default     = null
}

# docker-sysbox settings.

variable "docker_gid" {
  type        = number
  description = "the GID of the host's docker group, added to the workspace user's groups (runtime contract INV-2)"
  default     = 988
}

variable "coder_url" {
  type        = string
  description = "the Coder access URL the agent dials (null: the deployment's own access URL)"
  default     = null
}
