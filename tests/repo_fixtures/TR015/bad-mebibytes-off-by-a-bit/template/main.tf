# Quantities in Mi through lookup(); sw-dev-medium's memory is 8000Mi, not 8192Mi (8Gi).
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
}

locals {
  compute_profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4096Mi", storage = "20480Mi" }
    "sw-dev-medium" = { cpu = 4, memory = "8000Mi", storage = "51200Mi" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = lookup(local.compute_profiles, data.coder_parameter.compute_profile.value)
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
