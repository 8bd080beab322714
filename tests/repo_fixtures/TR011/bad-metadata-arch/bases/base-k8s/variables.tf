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
  description = "Toolchain container image (OCI reference, optionally pinned with @sha256:...)."
  type        = string

  validation {
    condition     = !startswith(var.image_id, "ami-") && can(regex("^[a-z0-9][a-z0-9._/:-]*(@sha256:[0-9a-f]{64})?$", lower(var.image_id)))
    error_message = "image_id must be an OCI image reference; AMIs only run on the ec2-* bases."
  }
}

variable "compute_profile" {
  description = "Compute resources: vCPUs, memory and home storage as Kubernetes quantities."
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
    error_message = "compute_profile.memory must be a Mi/Gi/Ti quantity and compute_profile.storage a Gi/Ti quantity (e.g. \"8Gi\", \"100Gi\")."
  }

  validation {
    condition     = var.compute_profile.gpu_count == 0
    error_message = "base-k8s schedules no GPUs; use base-ec2-gpu for GPU profiles."
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
    condition     = !var.capabilities.gpu-support && !var.capabilities.gui-vnc && !var.capabilities.gui-rdp
    error_message = "base-k8s does not support gpu-support, gui-vnc or gui-rdp (see base.yaml supports)."
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
  description = "data.coder_workspace.me.start_count: 1 runs the pod, 0 stops it. Storage is never gated."
  type        = number
  default     = 1

  validation {
    condition     = contains([0, 1], var.start_count)
    error_message = "start_count must be 0 or 1."
  }
}

variable "agent_init_script" {
  description = "coder_agent.init_script, run as the container command."
  type        = string
  default     = "sleep infinity"
}

variable "agent_token" {
  description = "coder_agent.token; delivered through a Kubernetes Secret, never a plain env value."
  type        = string
  default     = ""
  sensitive   = true
}

variable "namespace" {
  description = "Namespace for workspace pods; expected to enforce Pod Security \"restricted\"."
  type        = string
  default     = "coder-workspaces"

  validation {
    condition     = length(var.namespace) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label."
  }
}

variable "storage_class" {
  description = "StorageClass of the home PVC (an encrypted gp3 class on EKS)."
  type        = string
  default     = "gp3-encrypted"
}

variable "arch" {
  description = "CPU architecture of the node pool the pod is scheduled on."
  type        = string
  default     = "amd64"

  validation {
    condition     = contains(["amd64", "arm64"], var.arch)
    error_message = "arch must be amd64 or arm64."
  }
}

variable "node_selector" {
  description = "Extra node selector labels for the workspace node pool."
  type        = map(string)
  default     = {}
}

variable "coder_url" {
  description = "URL the agent dials to reach coderd (in-cluster Service address by default)."
  type        = string
  default     = "http://coder.coder.svc.cluster.local"
}

variable "coder_namespace" {
  description = "Namespace running coderd; egress to it is allowed in every network-egress mode."
  type        = string
  default     = "coder"
}

variable "coder_pod_labels" {
  description = "Labels selecting the coderd (and DERP) pods inside coder_namespace."
  type        = map(string)
  default     = { "app.kubernetes.io/name" = "coder" }
}

variable "coder_control_plane_cidrs" {
  description = "Addresses of an out-of-cluster Coder control plane (coderd, DERP relays), allowed in every mode."
  type        = list(string)
  default     = []
}

variable "cluster_pod_cidrs" {
  description = "Pod address ranges; https-only egress never reaches them through the 443 rule."
  type        = list(string)
  default     = ["10.0.0.0/16"]
}

variable "irsa_role_arn" {
  description = "IAM role assumed through IRSA when identity-mode = iam."
  type        = string
  default     = null

  validation {
    condition     = var.irsa_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", coalesce(var.irsa_role_arn, "-")))
    error_message = "irsa_role_arn must be an IAM role ARN."
  }

  validation {
    condition     = var.irsa_role_arn != null || var.capabilities.identity-mode != "iam"
    error_message = "identity-mode = iam needs irsa_role_arn for the IRSA service-account annotation."
  }
}

variable "gcp_service_account" {
  description = "GCP service account bound when identity-mode = workload-identity."
  type        = string
  default     = null
}

variable "artifact_cache_claim" {
  description = "Existing ReadWriteMany PVC shared by workspaces as the artifact cache."
  type        = string
  default     = "coder-artifact-cache"
}

variable "artifact_cache_storage_class" {
  description = "StorageClass of the shared artifact cache claim (reported in volume_mounts)."
  type        = string
  default     = "efs-sc"
}

variable "vault_addr" {
  description = "Vault address exported when secrets-injection = vault."
  type        = string
  default     = "https://vault.internal:8200"
}

variable "aws_region" {
  description = "Region exported for IRSA and Secrets Manager clients."
  type        = string
  default     = "us-east-1"
}

variable "toolchain_version" {
  description = "Toolchain version for metadata; defaults to the image tag."
  type        = string
  default     = null
}
