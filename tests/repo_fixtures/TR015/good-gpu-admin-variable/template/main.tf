# GPU profiles chosen by var.profile (validated with contains()); storage in Gi (1024Gi = 1Ti), multi-line.
module "toolchain" {
  source = "../toolchain"
}

variable "profile" {
  type    = string
  default = "datasci-xlarge"
  validation {
    condition     = contains(["datasci-large", "datasci-xlarge"], var.profile)
    error_message = "Unsupported profile."
  }
}

locals {
  gpu_profiles = {
    datasci-large = {
      cpu       = 16
      memory    = "65536Mi"
      storage   = "1024Gi"
      gpu_count = 1
      gpu_type  = "nvidia-t4"
    }
    datasci-xlarge = {
      cpu       = 32
      memory    = "64Gi"
      storage   = "2048Gi"
      gpu_count = 4
      gpu_type  = "nvidia-a100"
    }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.gpu_profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
