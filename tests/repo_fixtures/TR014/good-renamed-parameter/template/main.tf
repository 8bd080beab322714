# The profile parameter's label differs from its name; the preset also sets another parameter with options.
module "toolchain" {
  source = "../toolchain"
}

data "coder_parameter" "size" {
  name    = "workspace_size"
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

data "coder_parameter" "region" {
  name    = "region"
  default = "us-east-1"
  option {
    name  = "US"
    value = "us-east-1"
  }
  option {
    name  = "EU"
    value = "eu-west-1"
  }
}

data "coder_workspace_preset" "eu_large" {
  name = "EU, large"
  parameters = {
    "workspace_size"                   = "sw-dev-large"
    (data.coder_parameter.region.name) = "eu-west-1"
  }
}

locals {
  sizes = {
    "sw-dev-small" = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-large" = { cpu = 8, memory = "16Gi", storage = "100Gi" }
  }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.sizes[data.coder_parameter.size.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
