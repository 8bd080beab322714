# Non-GPU entries written with gpu_count = 0 and gpu_type = null (or ""), as a typed object needs.
module "toolchain" {
  source = "../toolchain"
}

variable "profiles" {
  type = map(object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = number
    gpu_type  = string
  }))
  default = {
    "sw-dev-small"       = { cpu = 2, memory = "4Gi", storage = "20Gi", gpu_count = 0, gpu_type = null }
    "sw-dev-medium"      = { cpu = 4, memory = "8Gi", storage = "50Gi", gpu_count = 0, gpu_type = "" }
    "platform-devsecops" = { cpu = 4, memory = "8Gi", storage = "100Gi", gpu_count = 0, gpu_type = null }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-small"
  dynamic "option" {
    for_each = var.profiles
    content {
      name  = option.key
      value = option.key
    }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.profiles[data.coder_parameter.compute_profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
