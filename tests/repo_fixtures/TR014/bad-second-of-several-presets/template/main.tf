# Options come from `dynamic "option"` over the profile map; of three presets only the last is invalid.
module "toolchain" {
  source = "../toolchain"
}

locals {
  profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-small"
  dynamic "option" {
    for_each = local.profiles
    content {
      name  = option.key
      value = option.key
    }
  }
}

data "coder_workspace_preset" "small" {
  name       = "Small"
  parameters = { (data.coder_parameter.compute_profile.name) = "sw-dev-small" }
}

data "coder_workspace_preset" "medium" {
  name       = "Medium"
  parameters = { "compute_profile" = "sw-dev-medium" }
}

data "coder_workspace_preset" "huge" {
  name       = "Huge"
  parameters = { (data.coder_parameter.compute_profile.name) = "platform-devsecops" }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = lookup(local.profiles, data.coder_parameter.compute_profile.value)
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
