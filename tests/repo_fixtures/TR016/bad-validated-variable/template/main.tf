# var.profile's validation allows sw-dev-large, but the locals map indexed by var.profile has no entry for it.
module "toolchain" {
  source = "../toolchain"
}

variable "profile" {
  type    = string
  default = "sw-dev-small"
  validation {
    condition     = contains(["sw-dev-small", "sw-dev-large"], var.profile)
    error_message = "Unsupported profile."
  }
}

locals {
  profiles = {
    sw-dev-small  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    sw-dev-medium = { cpu = 4, memory = "8Gi", storage = "50Gi" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
