# The catalog's sizes spelled in Mi, plain bytes and with cpu as a string; all equal the catalog.
module "toolchain" {
  source = "../toolchain"
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-small"
  option {
    name  = "Small"
    value = "sw-dev-small"
  }
  option {
    name  = "Medium"
    value = "sw-dev-medium"
  }
  option {
    name  = "Large"
    value = "sw-dev-large"
  }
}

locals {
  compute_profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4096Mi", storage = "20480Mi" }
    "sw-dev-medium" = { cpu = "4", memory = "8192Mi", storage = "51200Mi" }
    "sw-dev-large"  = { cpu = 8, memory = "17179869184", storage = "100Gi" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.compute_profiles[data.coder_parameter.compute_profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
