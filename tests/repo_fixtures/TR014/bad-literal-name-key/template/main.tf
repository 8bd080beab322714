# A preset keyed by the literal string "compute_profile" sets a misspelled profile (sw-dev-meduim).
module "toolchain" {
  source = "../toolchain"
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-medium"
  option {
    name  = "Small"
    value = "sw-dev-small"
  }
  option {
    name  = "Medium"
    value = "sw-dev-medium"
  }
}

data "coder_workspace_preset" "everyday" {
  name    = "Everyday"
  default = true
  parameters = {
    "compute_profile" = "sw-dev-meduim"
  }
}

locals {
  compute_profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
  selected = local.compute_profiles[data.coder_parameter.compute_profile.value]
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.selected
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
