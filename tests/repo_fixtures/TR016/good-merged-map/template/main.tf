# The map is built with merge() of two locals; together they cover both options.
module "toolchain" {
  source = "../toolchain"
}

locals {
  standard = {
    "sw-dev-small" = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  }
  heavy = {
    "sw-dev-large" = { cpu = 8, memory = "16Gi", storage = "100Gi" }
  }
  compute_profiles = merge(local.standard, local.heavy)
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-small"
  option {
    name  = "Small"
    value = "sw-dev-small"
  }
  option {
    name  = "Large"
    value = "sw-dev-large"
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
