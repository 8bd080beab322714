# GPU template: the map is a variable's default, indexed by the parameter; two valid presets.
module "toolchain" {
  source = "../toolchain"
}

variable "gpu_profiles" {
  type = map(any)
  default = {
    "datasci-large"  = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
    "datasci-xlarge" = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
  }
}

data "coder_parameter" "gpu" {
  name    = "gpu"
  default = "datasci-large"
  option {
    name  = "One T4"
    value = "datasci-large"
  }
  option {
    name  = "Four A100"
    value = "datasci-xlarge"
  }
}

data "coder_workspace_preset" "t4" {
  name       = "T4"
  parameters = { (data.coder_parameter.gpu.name) = "datasci-large" }
}

data "coder_workspace_preset" "a100" {
  name       = "A100"
  parameters = { "gpu" = "datasci-xlarge" }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.gpu_profiles[data.coder_parameter.gpu.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
