# Options from `dynamic "option"` over the profile map itself (option.key), so every option has an entry.
module "toolchain" {
  source = "../toolchain"
}

locals {
  profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
    "sw-dev-large"  = { cpu = 8, memory = "16Gi", storage = "100Gi" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-medium"
  dynamic "option" {
    for_each = local.profiles
    content {
      name  = upper(option.key)
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
