# Multi-line map entries reached through `local.selected`; sw-dev-medium's storage is 5Gi instead of 50Gi.
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
    "sw-dev-small" = {
      cpu     = 2
      memory  = "4Gi"
      storage = "20Gi"
    }
    "sw-dev-medium" = {
      cpu     = 4
      memory  = "8Gi"
      storage = "5Gi"
    }
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
