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
