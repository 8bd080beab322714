# var.profile validated with contains(); the map is another variable's default (var.M[var.profile]).
module "toolchain" {
  source = "../toolchain"
}

variable "profile" {
  type    = string
  default = "datasci-large"
  validation {
    condition     = contains(["datasci-large", "datasci-xlarge"], var.profile)
    error_message = "Pick a GPU profile."
  }
}

variable "profiles" {
  type = map(any)
  default = {
    datasci-large  = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
    datasci-xlarge = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
