# ---------------------------------------------------------------------------
# Contract inputs (workspace template contract 1.0)
# ---------------------------------------------------------------------------

variable "workspace_name" {
  description = "Workspace name, from data.coder_workspace.me.name."
  type        = string

  validation {
    condition     = length(var.workspace_name) <= 32 && can(regex("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$", var.workspace_name)) && !contains(["new", "create"], lower(var.workspace_name))
    error_message = "workspace_name must be a Coder name: 1-32 letters, digits and single hyphens, not \"new\" or \"create\"."
  }
}

variable "owner" {
  description = "Owner username, from data.coder_workspace_owner.me.name."
  type        = string

  validation {
    condition     = length(var.owner) <= 32 && can(regex("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$", var.owner)) && !contains(["new", "create"], lower(var.owner))
    error_message = "owner must be a Coder name: 1-32 letters, digits and single hyphens, not \"new\" or \"create\"."
  }
}

variable "image_id" {
  description = "Toolchain image: an AMI (ami-...) booted directly, or an OCI reference run with Docker on Amazon Linux 2023."
  type        = string

  validation {
    condition     = can(regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$", var.image_id)) || (!startswith(var.image_id, "ami-") && can(regex("^[a-z0-9][a-z0-9._/:-]*(@sha256:[0-9a-f]{64})?$", lower(var.image_id))))
    error_message = "image_id must be ami- followed by 8 or 17 hex digits, or an OCI image reference."
  }
}

variable "compute_profile" {
  description = "Compute resources; memory and storage are quantities (Mi/Gi/Ti, powers of 1024)."
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
  })

  validation {
    condition     = var.compute_profile.cpu >= 1 && var.compute_profile.cpu <= 64 && floor(var.compute_profile.cpu) == var.compute_profile.cpu
    error_message = "compute_profile.cpu must be a whole number of vCPUs between 1 and 64."
  }

  validation {
    condition     = can(regex("^[1-9][0-9]*(Mi|Gi|Ti)$", var.compute_profile.memory)) && can(regex("^[1-9][0-9]*(Gi|Ti)$", var.compute_profile.storage))
    error_message = "compute_profile.memory must be a Mi/Gi/Ti quantity and compute_profile.storage a Gi/Ti quantity (EBS sizes are whole GiB)."
  }

  validation {
    condition     = var.compute_profile.gpu_count == 0
    error_message = "base-ec2-linux has no GPUs; use base-ec2-gpu for GPU profiles."
  }
}

variable "capabilities" {
  description = "Capabilities requested by the toolchain; omitted keys take the contract defaults."
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

  validation {
    condition     = contains(["none", "https-only", "unrestricted"], var.capabilities.network-egress)
    error_message = "capabilities.network-egress must be one of none, https-only, unrestricted."
  }

  validation {
    condition     = contains(["oidc", "iam", "workload-identity"], var.capabilities.identity-mode)
    error_message = "capabilities.identity-mode must be one of oidc, iam, workload-identity."
  }

  validation {
    condition     = contains(["variables", "vault", "secrets-manager"], var.capabilities.secrets-injection)
    error_message = "capabilities.secrets-injection must be one of variables, vault, secrets-manager."
  }

  validation {
    condition     = !(var.capabilities.gui-vnc && var.capabilities.gui-rdp)
    error_message = "gui-vnc and gui-rdp are mutually exclusive."
  }

  validation {
    condition     = !var.capabilities.gpu-support && !var.capabilities.gui-rdp
    error_message = "base-ec2-linux does not support gpu-support or gui-rdp."
  }
}

# ---------------------------------------------------------------------------
# Base-specific inputs
# ---------------------------------------------------------------------------

variable "workspace_id" {
  description = "Workspace id (data.coder_workspace.me.id); hashed into resource names. Falls back to owner/workspace_name."
  type        = string
  default     = null
}

variable "start_count" {
  description = "data.coder_workspace.me.start_count: 1 runs the instance, 0 stops it. The home volume is never gated."
  type        = number
  default     = 1

  validation {
    condition     = contains([0, 1], var.start_count)
    error_message = "start_count must be 0 or 1."
  }
}

variable "agent_init_script" {
  description = "init_script of a coder_agent with auth = \"aws-instance-identity\": it carries no token, so it may go into user data."
  type        = string
  default     = "echo 'no agent configured'"
}

variable "subnet_id" {
  description = "Subnet for the instance; null uses the default subnet of availability_zone."
  type        = string
  default     = null

  validation {
    condition     = var.subnet_id == null || can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", coalesce(var.subnet_id, "-")))
    error_message = "subnet_id must be a subnet id (subnet-...)."
  }
}

variable "availability_zone" {
  description = "Availability zone whose default subnet is used when subnet_id is null."
  type        = string
  default     = null
}

variable "instance_type" {
  description = "Overrides the instance type chosen from the catalog."
  type        = string
  default     = null
}

variable "instance_profile_name" {
  description = "IAM instance profile attached when identity-mode = iam."
  type        = string
  default     = "coder-workspace"
}

variable "root_volume_gib" {
  description = "Root volume size in GiB when home is on its own volume (persistent-home)."
  type        = number
  default     = 30

  validation {
    condition     = var.root_volume_gib >= 8 && floor(var.root_volume_gib) == var.root_volume_gib
    error_message = "root_volume_gib must be a whole number of at least 8."
  }
}

variable "kms_key_id" {
  description = "KMS key for EBS encryption; null uses the account's aws/ebs key. Volumes are always encrypted."
  type        = string
  default     = null
}

variable "snapshot_home_on_delete" {
  description = "Take a final snapshot of the home volume when the workspace is deleted."
  type        = bool
  default     = true
}

variable "coder_url" {
  description = "Coder access URL the agent dials."
  type        = string
  default     = "https://coder.example.com"

  validation {
    condition     = startswith(var.coder_url, "https://")
    error_message = "coder_url must be an https:// URL (https-only egress allows nothing else)."
  }
}

variable "coder_control_plane_cidrs" {
  description = "Addresses of coderd and its DERP relays; allowed on every port in every network-egress mode."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.coder_control_plane_cidrs) > 0 || var.capabilities.network-egress != "none"
    error_message = "network-egress = none needs coder_control_plane_cidrs, or the agent never connects."
  }
}

variable "artifact_cache_efs_id" {
  description = "EFS file system mounted at /var/cache/artifacts when artifact-cache is requested."
  type        = string
  default     = null

  validation {
    condition     = var.artifact_cache_efs_id == null ? !var.capabilities.artifact-cache : can(regex("^fs-([0-9a-f]{8}|[0-9a-f]{17})$", var.artifact_cache_efs_id))
    error_message = "artifact-cache needs artifact_cache_efs_id, an EFS id (fs-...)."
  }
}

variable "vault_addr" {
  description = "Vault address exported when secrets-injection = vault."
  type        = string
  default     = "https://vault.internal:8200"
}

variable "toolchain_version" {
  description = "Toolchain version for metadata; defaults to the OCI image tag."
  type        = string
  default     = null
}
