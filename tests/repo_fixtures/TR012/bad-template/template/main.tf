# The template offers sw-dev-medium, which the toolchain's profiles leave out.
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
    name  = "Medium"
    value = "sw-dev-medium"
  }
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = data.coder_parameter.size.value
  image_id        = module.toolchain.image_id
  capabilities    = { persistent-home = true }
}
