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
    error_message = "kubernetes schedules no GPUs."
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
    error_message = "network-egress on kubernetes is one of none, https-only, unrestricted."
  }

  validation {
    condition     = contains(["oidc", "iam", "workload-identity"], var.capabilities["identity-mode"])
    error_message = "identity-mode on kubernetes is one of oidc, iam, workload-identity."
  }

  validation {
    condition     = !var.capabilities["gpu-support"]
    error_message = "kubernetes does not support gpu-support."
  }

  validation {
    condition     = contains(["variables", "vault", "secrets-manager"], var.capabilities["secrets-injection"])
    error_message = "secrets-injection on kubernetes is one of variables, vault, secrets-manager."
  }

  validation {
    condition     = !var.capabilities["gui-rdp"]
    error_message = "kubernetes does not support gui-rdp."
  }
}

variable "arch" {
  type        = string
  description = "the CPU architecture of the workspace: amd64 or arm64"
  default     = "amd64"

  validation {
    condition     = contains(["amd64", "arm64"], var.arch)
    error_message = "kubernetes runs amd64 or arm64."
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

# Kubernetes settings: where the workspace runs and how it reaches Coder.
# The agent token is never an input: the pod reads it from a Secret.

variable "namespace" {
  type        = string
  description = "the namespace of the workspace's objects (expected to enforce Pod Security \"restricted\")"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace is a DNS-1123 label."
  }
}

variable "agent_init_script" {
  type        = string
  description = "the Coder agent's init script (coder_agent.init_script)"
}

variable "agent_token" {
  type        = string
  description = "the Coder agent's token (coder_agent.token), written into the agent token Secret; leave null when agent_token_secret names a Secret made elsewhere"
  default     = null
  sensitive   = true
}

variable "agent_token_secret" {
  type        = string
  description = "an existing Secret (key `token`) holding the agent token; null: this module makes <workspace name>-agent-token from agent_token"
  default     = null
}

variable "coder_url" {
  type        = string
  description = "the Coder access URL the agent dials (https://…)"
  default     = null
}

variable "coder_cidrs" {
  type        = list(string)
  description = "the addresses (CIDR) of the Coder control plane, to which every network-egress mode allows HTTPS and STUN"
  default     = []
}

variable "control_plane_namespace" {
  type        = string
  description = "the namespace of coderd in this cluster, for the NetworkPolicy's control-plane exception"
  default     = null
}

variable "control_plane_labels" {
  type        = map(string)
  description = "the pod labels of coderd in this cluster"
  default     = {}
}

variable "cluster_cidrs" {
  type        = list(string)
  description = "the pod and service CIDRs, which https-only egress does not reach"
  default     = []
}

variable "storage_class" {
  type        = string
  description = "the storage class of the home claim (the cluster's default when null)"
  default     = null
}

variable "cache_storage_class" {
  type        = string
  description = "the storage class of the shared artifact cache claim (ReadWriteMany)"
  default     = null
}

variable "cache_size" {
  type        = string
  description = "the size of the shared artifact cache claim (null: the core's default)"
  default     = null
}

variable "node_selector" {
  type        = map(string)
  description = "the node selector of the workspace pod"
  default     = {}
}

variable "role_arn" {
  type        = string
  description = "identity-mode iam: the IAM role the workspace assumes (IRSA)"
  default     = null
}

variable "gcp_service_account" {
  type        = string
  description = "identity-mode workload-identity: the GCP service account"
  default     = null
}

variable "oidc_audience" {
  type        = string
  description = "identity-mode oidc: the audience of the projected token"
  default     = null
}

variable "vault_role" {
  type        = string
  description = "secrets-injection vault: the Vault role the agent logs in as"
  default     = null
}
