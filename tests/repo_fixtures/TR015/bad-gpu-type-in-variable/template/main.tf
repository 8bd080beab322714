# Map as a variable default indexed by the parameter; datasci-xlarge says nvidia-t4 instead of nvidia-a100.
module "toolchain" {
  source = "../toolchain"
}

variable "gpu_profiles" {
  type = map(object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = number
    gpu_type  = string
  }))
  default = {
    datasci-large  = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
    datasci-xlarge = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-t4" }
  }
}

data "coder_parameter" "gpu_profile" {
  name    = "gpu_profile"
  default = "datasci-large"
  option {
    name  = "1x T4"
    value = "datasci-large"
  }
  option {
    name  = "4x A100"
    value = "datasci-xlarge"
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.gpu_profiles[data.coder_parameter.gpu_profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
