# Options from `dynamic "option"` over the map; sw-dev-large's storage is "100G" (decimal), not 100Gi.
module "toolchain" {
  source = "../toolchain"
}

locals {
  profiles = {
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
    "sw-dev-large"  = { cpu = 8, memory = "16Gi", storage = "100G" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-medium"
  dynamic "option" {
    for_each = local.profiles
    content {
      name  = option.key
      value = option.key
    }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.profiles[data.coder_parameter.compute_profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
