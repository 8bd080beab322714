# The preset's value and the parameter's default both come from one local, not a literal.
module "toolchain" {
  source = "../toolchain"
}

locals {
  everyday_profile = "sw-dev-medium"
  compute_profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = local.everyday_profile
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
    (data.coder_parameter.compute_profile.name) = local.everyday_profile
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
