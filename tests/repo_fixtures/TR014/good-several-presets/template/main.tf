# Options from `dynamic "option"` over the map; three presets, keyed both ways, one not touching the profile.
module "toolchain" {
  source = "../toolchain"
}

locals {
  profiles = {
    "sw-dev-small"  = { cpu = 2, memory = "4Gi", storage = "20Gi" }
    "sw-dev-medium" = { cpu = 4, memory = "8Gi", storage = "50Gi" }
    "sw-dev-large"  = { cpu = 8, memory = "16Gi", storage = "100Gi" }
  }
}

data "coder_parameter" "compute_profile" {
  name    = "compute_profile"
  default = "sw-dev-medium"
  dynamic "option" {
    for_each = local.profiles
    content {
      name  = "${option.key} (${option.value.cpu} CPU)"
      value = option.key
    }
  }
}

data "coder_parameter" "dotfiles" {
  name    = "dotfiles_uri"
  default = ""
}

data "coder_workspace_preset" "small" {
  name       = "Small"
  parameters = { (data.coder_parameter.compute_profile.name) = "sw-dev-small" }
}

data "coder_workspace_preset" "large" {
  name       = "Large"
  parameters = { "compute_profile" = "sw-dev-large", "dotfiles_uri" = "https://github.com/me/dots" }
}

data "coder_workspace_preset" "dotfiles_only" {
  name       = "My dotfiles"
  parameters = { (data.coder_parameter.dotfiles.name) = "https://github.com/acme/dotfiles" }
}

module "base" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = local.profiles[data.coder_parameter.compute_profile.value]
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
