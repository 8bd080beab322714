# The toolchain comes from git; wsc.toml maps it to a checkout.
module "toolchain" {
  source = "git::https://github.com/acme/toolchains.git//tools?ref=v1.0.0"
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.profiles[data.coder_parameter.size.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}

data "coder_parameter" "size" {
  name    = "size"
  default = "sw-dev-small"
  option {
    name  = "Small"
    value = "sw-dev-small"
  }
}

locals {
  profiles = {
    sw-dev-small = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  }
}
