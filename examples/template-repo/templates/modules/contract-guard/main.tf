# The contract guard, written by `wsc compose` from the contract's catalog.
# Every composed template calls it with the chosen compute profile and the
# toolchain's capabilities; a choice the contract forbids fails `terraform
# plan` here, with the rule's code. It needs no provider. Do not edit:
# compose again when the catalog changes.

terraform {
  required_version = ">= 1.5"
}

variable "platform" {
  type        = string
  description = "the platform of the template's base"
  validation {
    condition     = contains(keys(local.support), var.platform)
    error_message = "TC016: unknown platform \"${var.platform}\"; the contract has ${join(", ", sort(keys(local.support)))}."
  }
}

variable "profile" {
  type        = string
  description = "the compute profile chosen for the workspace (data.coder_parameter.compute_profile.value)"
}

variable "offered" {
  type        = list(string)
  description = "the profiles the template offers (those that validate on its base)"
}

variable "capabilities" {
  type        = any
  description = "the capabilities the toolchain requests (module.toolchain.capabilities); omitted ones take the contract's defaults"
  default     = {}
}

locals {
  profiles = {
    sw-dev-small = {
      cpu       = 2
      memory    = "4Gi"
      storage   = "20Gi"
      gpu_count = 0
      gpu_type  = null
    }
    sw-dev-medium = {
      cpu       = 4
      memory    = "8Gi"
      storage   = "50Gi"
      gpu_count = 0
      gpu_type  = null
    }
    sw-dev-large = {
      cpu       = 8
      memory    = "16Gi"
      storage   = "100Gi"
      gpu_count = 0
      gpu_type  = null
    }
    platform-devsecops = {
      cpu       = 4
      memory    = "8Gi"
      storage   = "100Gi"
      gpu_count = 0
      gpu_type  = null
    }
    datasci-standard = {
      cpu       = 8
      memory    = "32Gi"
      storage   = "500Gi"
      gpu_count = 0
      gpu_type  = null
    }
    datasci-large = {
      cpu       = 16
      memory    = "64Gi"
      storage   = "1Ti"
      gpu_count = 1
      gpu_type  = "nvidia-t4"
    }
    datasci-xlarge = {
      cpu       = 32
      memory    = "64Gi"
      storage   = "2Ti"
      gpu_count = 4
      gpu_type  = "nvidia-a100"
    }
  }
  defaults = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "iam"
    gpu-support       = false
    artifact-cache    = false
    secrets-injection = "variables"
    gui-vnc           = false
    gui-rdp           = false
  }
  support = {
    kubernetes = {
      persistent-home   = ["false", "true"]
      network-egress    = ["none", "https-only", "unrestricted"]
      identity-mode     = ["oidc", "iam", "workload-identity"]
      gpu-support       = ["false"]
      artifact-cache    = ["false", "true"]
      secrets-injection = ["variables", "vault", "secrets-manager"]
      gui-vnc           = ["false", "true"]
      gui-rdp           = ["false"]
    }
    ec2-linux = {
      persistent-home   = ["false", "true"]
      network-egress    = ["none", "https-only", "unrestricted"]
      identity-mode     = ["oidc", "iam", "workload-identity"]
      gpu-support       = ["false"]
      artifact-cache    = ["false", "true"]
      secrets-injection = ["variables", "vault", "secrets-manager"]
      gui-vnc           = ["false", "true"]
      gui-rdp           = ["false"]
    }
    ec2-windows = {
      persistent-home   = ["false", "true"]
      network-egress    = ["none", "https-only", "unrestricted"]
      identity-mode     = ["oidc", "iam", "workload-identity"]
      gpu-support       = ["false"]
      artifact-cache    = ["false"]
      secrets-injection = ["variables", "vault", "secrets-manager"]
      gui-vnc           = ["false"]
      gui-rdp           = ["false", "true"]
    }
    ec2-gpu = {
      persistent-home   = ["false", "true"]
      network-egress    = ["none", "https-only", "unrestricted"]
      identity-mode     = ["oidc", "iam", "workload-identity"]
      gpu-support       = ["false", "true"]
      artifact-cache    = ["false", "true"]
      secrets-injection = ["variables", "vault", "secrets-manager"]
      gui-vnc           = ["false", "true"]
      gui-rdp           = ["false"]
    }
    docker-sysbox = {
      persistent-home   = ["false", "true"]
      network-egress    = ["https-only", "unrestricted"]
      identity-mode     = ["oidc", "iam", "workload-identity"]
      gpu-support       = ["false"]
      artifact-cache    = ["false", "true"]
      secrets-injection = ["variables", "vault", "secrets-manager"]
      gui-vnc           = ["false", "true"]
      gui-rdp           = ["false"]
    }
  }
  capabilities = merge(local.defaults, var.capabilities)
  profile      = try(local.profiles[var.profile], null)
  unsupported  = sort([for name, values in lookup(local.support, var.platform, {}) : "${name} = ${local.capabilities[name]}" if !contains(values, tostring(local.capabilities[name]))])
  unknown      = sort([for name in keys(var.capabilities) : name if !contains(keys(local.defaults), name)])
  gpus         = try(local.profile.gpu_count, 0)
}

resource "terraform_data" "contract_guard" {
  input = {
    platform = var.platform
    profile  = var.profile
  }
  lifecycle {
    precondition {
      condition     = contains(var.offered, var.profile)
      error_message = "TC009: compute profile \"${var.profile}\" is not offered by this template; it offers ${join(", ", var.offered)}."
    }
    precondition {
      condition     = local.profile != null
      error_message = "TC009: compute profile \"${var.profile}\" is not in the contract's catalog."
    }
    precondition {
      condition     = length(local.unknown) == 0
      error_message = "TC001: the toolchain requests capabilities the contract does not define: ${join(", ", local.unknown)}."
    }
    precondition {
      condition     = length(local.unsupported) == 0
      error_message = "TC006: platform ${var.platform} does not support ${join(", ", local.unsupported)}."
    }
    precondition {
      condition     = sum([tostring(local.capabilities["gui-vnc"]) == "true" ? 1 : 0, tostring(local.capabilities["gui-rdp"]) == "true" ? 1 : 0]) <= 1
      error_message = "TC003: gui-vnc and gui-rdp exclude each other; request at most one."
    }
    precondition {
      condition     = !(contains(["true"], tostring(local.capabilities["gpu-support"]))) || contains(["https-only", "unrestricted"], tostring(local.capabilities["network-egress"]))
      error_message = "TC004: gpu-support true needs network-egress https-only or unrestricted (GPU drivers and CUDA are downloaded at start)."
    }
    precondition {
      condition     = local.gpus == 0 || tostring(local.capabilities["gpu-support"]) == "true"
      error_message = "TC011: compute profile \"${var.profile}\" has ${local.gpus} GPU(s) but the toolchain does not request gpu-support."
    }
    precondition {
      condition     = tostring(local.capabilities["gpu-support"]) != "true" || local.profile == null || local.gpus > 0
      error_message = "TC011: gpu-support is requested but compute profile \"${var.profile}\" has no GPU."
    }
  }
}

output "compute_profile" {
  description = "the chosen profile's resources, once every rule holds"
  value       = local.profile
}
