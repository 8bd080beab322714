# Options from `dynamic "option"` over a list (option.value); the GPU preset picks datasci-standard, not offered.
module "toolchain" {
  source = "../toolchain"
}

locals {
  offered = ["datasci-large", "datasci-xlarge"]
  gpu_profiles = {
    datasci-large  = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
    datasci-xlarge = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
  }
}

data "coder_parameter" "profile" {
  name    = "profile"
  default = "datasci-large"
  dynamic "option" {
    for_each = local.offered
    content {
      name  = option.value
      value = option.value
    }
  }
}

data "coder_workspace_preset" "cheap" {
  name = "Cheap"
  parameters = {
    (data.coder_parameter.profile.name) = "datasci-standard"
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.gpu_profiles[data.coder_parameter.profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
