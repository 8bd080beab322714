# The template overrides a capability the implication does not involve.
module "toolchain" {
  source = "../toolchain"
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities    = merge(module.toolchain.capabilities, { artifact-cache = true })
}

variable "profile" {
  type    = string
  default = "datasci-large"
  validation {
    condition     = contains(["datasci-large"], var.profile)
    error_message = "not a profile of this template"
  }
}

variable "profiles" {
  type = map(object({ cpu = number, memory = string, storage = string, gpu_count = optional(number, 0), gpu_type = optional(string) }))
  default = {
    sw-dev-small  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    sw-dev-medium = { cpu = 4, memory = "8Gi", storage = "50Gi" }
    datasci-large = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}
