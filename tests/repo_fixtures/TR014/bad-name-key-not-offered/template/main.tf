# A preset keyed by (data.coder_parameter.compute_profile.name) picks a catalog profile the parameter does not offer.
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

module "toolchain" {
  source = "../toolchain"
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  type    = "string"
  default = "sw-dev-small"
  option {
    name  = "Small (2 CPU, 4 GB)"
    value = "sw-dev-small"
  }
  option {
    name  = "Medium (4 CPU, 8 GB)"
    value = "sw-dev-medium"
  }
}

data "coder_workspace_preset" "big" {
  name = "Big"
  parameters = {
    (data.coder_parameter.compute_profile.name) = "sw-dev-large"
  }
}

locals {
  compute_profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = data.coder_workspace.me.name
  owner           = data.coder_workspace_owner.me.name
  compute_profile = local.compute_profiles[data.coder_parameter.compute_profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
