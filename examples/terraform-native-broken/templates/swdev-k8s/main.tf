# Software development on a Kubernetes pod (the composition of seed 000).
terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.4.0"
    }
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

module "toolchain" {
  source = "../../modules/coder/template-architecture/toolchains/swdev-toolchain"

  language_version = "3.12"
  include_tools    = ["docker", "kubectl", "terraform"]
}

module "infra" {
  source = "../../modules/coder/template-architecture/bases/base-k8s"

  workspace_name  = data.coder_workspace.me.name
  owner           = data.coder_workspace_owner.me.name
  compute_profile = local.selected_profile
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities

  coder_url     = data.coder_workspace.me.access_url
  namespace     = "coder-workspaces"
  storage_class = "gp3-encrypted"
}

data "coder_parameter" "compute_profile" {
  name         = "compute_profile"
  display_name = "Compute Profile"
  description  = "Select the resource allocation for your workspace"
  default      = "platform-devsecops"
  type         = "string"
  mutable      = true

  option {
    name  = "Small (2 CPU, 4 GB)"
    value = "sw-dev-small"
  }
  option {
    name  = "Medium (4 CPU, 8 GB)"
    value = "sw-dev-medium"
  }
  option {
    name  = "Large (8 CPU, 16 GB)"
    value = "sw-dev-large"
  }
  option {
    name  = "Huge"
    value = "sw-dev-xl"
  }
  option {
    name  = "GPU (16 CPU, 64 GB, 1 T4)"
    value = "datasci-large"
  }
}

data "coder_workspace_preset" "everyday" {
  name    = "Everyday"
  default = true
  parameters = {
    (data.coder_parameter.compute_profile.name) = "sw-dev-xlarge"
  }
}

locals {
  compute_profiles = {
    "sw-dev-small" = {
      cpu     = 2
      memory  = "4Gi"
      storage = "20Gi"
    }
    "sw-dev-medium" = {
      cpu     = 4
      memory  = "8Gi"
      storage = "5Gi"
    }
    "sw-dev-large" = {
      cpu     = 8
      memory  = "16Gi"
      storage = "100Gi"
    }
  }

  selected_profile = local.compute_profiles[data.coder_parameter.compute_profile.value]
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "arm64"
  startup_script = module.toolchain.startup_script

  env = merge(
    module.toolchain.environment_variables,
    module.infra.runtime_env
  )

  metadata {
    display_name = "Base version"
    key          = "base_version"
    script       = "echo ${module.infra.metadata.base_version}"
    interval     = 3600
  }
}
