# The preset uses the option's display name ("Medium") instead of its value.
module "toolchain" {
  source = "../toolchain"
}

data "coder_parameter" "size" {
  name         = "workspace_size"
  display_name = "Workspace size"
  default      = "sw-dev-small"
  option {
    name  = "Small"
    value = "sw-dev-small"
  }
  option {
    name  = "Medium"
    value = "sw-dev-medium"
  }
}

data "coder_workspace_preset" "medium" {
  name = "Medium"
  parameters = {
    "workspace_size" = "Medium"
  }
}

variable "sizes" {
  type = map(object({ cpu = number, memory = string, storage = string }))
  default = {
    sw-dev-small  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    sw-dev-medium = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.sizes[data.coder_parameter.size.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
