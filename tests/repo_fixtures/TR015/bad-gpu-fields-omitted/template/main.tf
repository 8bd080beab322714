# Admin-chosen profile (var.profile with a validation); the datasci-large entry leaves out its GPU.
module "toolchain" {
  source = "../toolchain"
}

variable "profile" {
  type    = string
  default = "datasci-large"
  validation {
    condition     = contains(["datasci-large", "datasci-xlarge"], var.profile)
    error_message = "Pick datasci-large or datasci-xlarge."
  }
}

locals {
  profiles = {
    datasci-large  = { cpu = 16, memory = "64Gi", storage = "1Ti" }
    datasci-xlarge = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
