# Options from `dynamic "option"` over a separate list; lookup() into a map that lacks platform-devsecops.
module "toolchain" {
  source = "../toolchain"
}

locals {
  offered = ["sw-dev-medium", "platform-devsecops"]
  sizes = {
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-medium"
  dynamic "option" {
    for_each = local.offered
    content {
      name  = option.value
      value = option.value
    }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = lookup(local.sizes, data.coder_parameter.compute_profile.value)
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
