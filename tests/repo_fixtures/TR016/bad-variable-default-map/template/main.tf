# Map as a variable default with unquoted keys, indexed by the parameter; datasci-xlarge has no entry.
module "toolchain" {
  source = "../toolchain"
}

variable "profiles" {
  type = map(any)
  default = {
    datasci-large = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
  }
}

data "coder_parameter" "profile" {
  name    = "profile"
  default = "datasci-large"
  option {
    name  = "1x T4"
    value = "datasci-large"
  }
  option {
    name  = "4x A100"
    value = "datasci-xlarge"
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = var.profiles[data.coder_parameter.profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
