# The contract's inputs (seed 000), typed as the catalog types them.

variable "workspace_name" {
  type        = string
  description = "workspace name, from data.coder_workspace.me.name"
}

variable "owner" {
  type        = string
  description = "owner user name, from data.coder_workspace_owner.me.name"
}

variable "compute_profile" {
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })
  description = "the resources the workspace gets"

  validation {
    condition     = can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.compute_profile.memory)) && can(regex("^[0-9]+(Ki|Mi|Gi|Ti)$", var.compute_profile.storage))
    error_message = "memory and storage are whole numbers followed by Ki, Mi, Gi or Ti (8Gi)."
  }

  validation {
    condition     = var.compute_profile.cpu >= 1 && var.compute_profile.cpu <= 64 && floor(var.compute_profile.cpu) == var.compute_profile.cpu
    error_message = "cpu is a whole number of vCPUs from 1 to 64."
  }

  validation {
    condition     = coalesce(var.compute_profile.gpu_count, 0) == 0
    error_message = "ec2-linux schedules no GPUs."
  }
}

variable "image_id" {
  type        = string
  description = "the toolchain's image reference"
}

variable "capabilities" {
  type = object({
    persistent-home   = optional(bool, true)
    network-egress    = optional(string, "https-only")
    identity-mode     = optional(string, "iam")
    gpu-support       = optional(bool, false)
    artifact-cache    = optional(bool, false)
    secrets-injection = optional(string, "variables")
    gui-vnc           = optional(bool, false)
    gui-rdp           = optional(bool, false)
  })
  description = "the capabilities the toolchain requests"

  validation {
    condition     = contains(["none", "https-only", "unrestricted"], var.capabilities["network-egress"])
    error_message = "network-egress on ec2-linux is one of none, https-only, unrestricted."
  }

  validation {
    condition     = contains(["oidc", "iam", "workload-identity"], var.capabilities["identity-mode"])
    error_message = "identity-mode on ec2-linux is one of oidc, iam, workload-identity."
  }

  validation {
    condition     = !var.capabilities["gpu-support"]
    error_message = "ec2-linux does not support gpu-support."
  }

  validation {
    condition     = contains(["variables", "vault", "secrets-manager"], var.capabilities["secrets-injection"])
    error_message = "secrets-injection on ec2-linux is one of variables, vault, secrets-manager."
  }

  validation {
    condition     = !var.capabilities["gui-rdp"]
    error_message = "ec2-linux does not support gui-rdp."
  }
}

variable "arch" {
  type        = string
  description = "the CPU architecture of the workspace: amd64 or arm64"
  default     = "amd64"

  validation {
    condition     = contains(["amd64", "arm64"], var.arch)
    error_message = "ec2-linux runs amd64 or arm64."
  }
}

# Settings every base has.

variable "toolchain_version" {
  type        = string
  description = "metadata: the toolchain template's version"
  default     = null
}

variable "vault_addr" {
  type        = string
  description = "secrets-injection vault: the Vault address (VAULT_ADDR in runtime_env)"
  default     = null
}

# EC2 settings: where the instance runs and how it reaches Coder. The
# agent token is never an input: the instance reads it from Parameter
# Store with its own role.

variable "subnet_id" {
  type        = string
  description = "the subnet of the workspace instance"
}

variable "vpc_id" {
  type        = string
  description = "the VPC of the subnet"
}

variable "ami_id" {
  type        = string
  description = "the AMI, when image_id is not one (an image_id starting with ami- wins)"
  default     = null
}

variable "coder_url" {
  type        = string
  description = "the Coder access URL the agent dials (https://…)"
}

variable "coder_cidrs" {
  type        = list(string)
  description = "the addresses (CIDR) of the Coder control plane; HTTPS to them is allowed whatever network-egress says"
  default     = []
}

variable "agent_token" {
  type        = string
  description = "the Coder agent's token (coder_agent.token), written into a SecureString parameter the instance reads with its own identity; leave null when agent_token_parameter names a parameter made elsewhere"
  default     = null
  sensitive   = true
}

variable "agent_token_parameter" {
  type        = string
  description = "an existing SSM Parameter Store name (SecureString) holding the agent token; null: this module makes /coder/<workspace>/agent-token from agent_token"
  default     = null
}

variable "agent_init_script" {
  type        = string
  description = "the Coder agent's init script (coder_agent.init_script)"
}

variable "kms_key_id" {
  type        = string
  description = "the KMS key (customer managed) that encrypts the volumes; null: the account's default EBS key"
  default     = null
}

variable "region" {
  type        = string
  description = "the AWS region (AWS_REGION in runtime_env when given)"
  default     = null
}

variable "workspace_policy_arns" {
  type        = list(string)
  description = "identity-mode iam: the IAM policies the workspace's role holds (its AWS identity)"
  default     = []
}

variable "secret_arns" {
  type        = list(string)
  description = "secrets-injection secrets-manager: the Secrets Manager secrets the workspace may read"
  default     = []
}

variable "artifact_cache_efs_id" {
  type        = string
  description = "artifact-cache: the EFS file system shared by the workspaces' caches (its mount targets in the VPC)"
  default     = null
}

variable "gcp_service_account" {
  type        = string
  description = "identity-mode workload-identity: the GCP service account the workspace impersonates"
  default     = null
}
