# The variable's default is not among the values its validation allows.
module "toolchain" {
  source = "../toolchain"
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}

variable "profile" {
  type    = string
  default = "sw-dev-large"
  validation {
    condition     = contains(["sw-dev-small", "sw-dev-medium"], var.profile)
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
