# The map key is misspelled ("sw-dev-meduim"), so the option sw-dev-medium has no entry.
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
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-meduim" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
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
