# Contract outputs (workspace template contract 1.0). None of them depends on the
# pod, so a template can feed metadata and runtime_env to coder_agent and the
# agent's init_script back into this module without a cycle.

output "agent_endpoint" {
  description = "URL the workspace agent dials to reach coderd (string)."
  value       = var.coder_url
}

output "runtime_env" {
  description = "Environment variables for the agent's sessions (map(string)); never secret values."
  value = tomap(merge(
    {
      HOME                     = "/home/coder"
      CODER_WORKSPACE_PLATFORM = "kubernetes"
      WORKSPACE_NAMESPACE      = var.namespace
      WORKSPACE_NETWORK_EGRESS = var.capabilities.network-egress
    },
    var.capabilities.identity-mode == "iam" ? { AWS_REGION = var.aws_region } : {},
    var.capabilities.artifact-cache ? { ARTIFACT_CACHE_DIR = "/var/cache/artifacts" } : {},
    var.capabilities.secrets-injection == "vault" ? { VAULT_ADDR = var.vault_addr } : {},
    var.capabilities.secrets-injection == "secrets-manager" ? {
      AWS_REGION     = var.aws_region
      SECRETS_PREFIX = "coder/${var.owner}/${var.workspace_name}/"
    } : {},
  ))
}

output "volume_mounts" {
  description = "Volumes mounted into the workspace (list of {path, type, size, storage_class})."
  value = concat(
    [{
      path          = "/home/coder"
      type          = var.capabilities.persistent-home ? "pvc" : "local"
      size          = var.compute_profile.storage
      storage_class = var.capabilities.persistent-home ? var.storage_class : null
    }],
    var.capabilities.artifact-cache ? [{
      path          = "/var/cache/artifacts"
      type          = "pvc"
      size          = null
      storage_class = var.artifact_cache_storage_class
    }] : [],
  )
}

output "metadata" {
  description = "Provenance of the workspace (object)."
  value = {
    platform          = "kubernetes"
    os                = "linux"
    arch              = "amd64"
    toolchain_version = try(coalesce(var.toolchain_version, regex(":([A-Za-z0-9_][A-Za-z0-9_.-]*)(@sha256:[0-9a-f]{64})?$", var.image_id)[0]), null)
    base_version      = local.base_version
    image_digest      = try(regex("@(sha256:[0-9a-f]{64})$", var.image_id)[0], null)
    ami_id            = null
    provisioned_at    = timestamp()
  }
}
