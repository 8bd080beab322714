# Data science on a GPU instance. The profile is chosen by the template's
# administrator through a variable.
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

variable "profile" {
  description = "The compute profile every workspace of this template gets."
  type        = string
  default     = "datasci-large"

  validation {
    condition     = contains(["datasci-large", "datasci-xlarge"], var.profile)
    error_message = "Pick datasci-large or datasci-xlarge."
  }
}

variable "profiles" {
  description = "The GPU profiles, as the contract defines them."
  type = map(object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = number
    gpu_type  = string
  }))
  default = {
    datasci-large  = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
    datasci-xlarge = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
  }
}

module "toolchain" {
  source = "../../modules/coder/template-architecture/toolchains/datasci-toolchain"
}

module "gpu" {
  source = "../../modules/coder/template-architecture/bases/base-ec2-gpu"

  workspace_name  = data.coder_workspace.me.name
  owner           = data.coder_workspace_owner.me.name
  compute_profile = var.profiles[var.profile]
  image_id        = module.toolchain.image_id
  capabilities = merge(module.toolchain.capabilities, {
    artifact-cache = false
  })

  coder_url = data.coder_workspace.me.access_url
  subnet_id = "subnet-0abc1234"
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = module.toolchain.startup_script
  env            = module.gpu.runtime_env
}
