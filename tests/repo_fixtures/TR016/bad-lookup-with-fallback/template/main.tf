# A lookup with a default: choosing sw-dev-large silently gets the small profile.
module "toolchain" {
  source = "../toolchain"
}

data "coder_parameter" "size" {
  name    = "size"
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

locals {
  sizes = {
    sw-dev-small = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  }
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = lookup(local.sizes, data.coder_parameter.size.value, local.sizes["sw-dev-small"])
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
