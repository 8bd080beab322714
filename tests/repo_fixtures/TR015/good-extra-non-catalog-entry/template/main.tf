# A shared map also holds a team-specific entry the template does not offer; offered entries match the catalog.
module "toolchain" {
  source = "../toolchain"
}

locals {
  all_profiles = {
    "sw-dev-small"   = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-large"   = { cpu = 8, memory = "16Gi", storage = "100Gi" }
    "team-build-box" = { cpu = 24, memory = "48Gi", storage = "300Gi" }
  }
  selected = lookup(local.all_profiles, data.coder_parameter.compute_profile.value)
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
  compute_profile = local.selected
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
