# The map has more entries than the two static options offer; lookup() with the parameter value.
module "toolchain" {
  source = "../toolchain"
}

locals {
  compute_profiles = {
    "sw-dev-small"       = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium"      = { cpu = 4, memory = "8Gi", storage = "50Gi" }
    "sw-dev-large"       = { cpu = 8, memory = "16Gi", storage = "100Gi" }
    "platform-devsecops" = { cpu = 4, memory = "8Gi", storage = "100Gi" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "platform-devsecops"
  option {
    name  = "DevSecOps"
    value = "platform-devsecops"
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
  compute_profile = lookup(local.compute_profiles, data.coder_parameter.compute_profile.value)
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
