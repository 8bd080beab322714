# Contract outputs (workspace template contract 1.0). None of them depends on the
# instance, so a template can feed metadata and runtime_env to coder_agent and the
# agent's init_script back into this module without a cycle.

output "agent_endpoint" {
  description = "Coder access URL the workspace agent dials (string)."
  value       = var.coder_url
}

output "runtime_env" {
  description = "Environment variables for the agent's sessions (map(string)); never secret values."
  value = tomap(merge(
    {
      HOME                     = "/home/coder"
      AWS_REGION               = data.aws_region.current.name
      CODER_WORKSPACE_PLATFORM = "ec2-linux"
      WORKSPACE_NETWORK_EGRESS = var.capabilities.network-egress
    },
    var.capabilities.artifact-cache ? { ARTIFACT_CACHE_DIR = "/var/cache/artifacts" } : {},
    var.capabilities.gui-vnc ? { DISPLAY = ":1" } : {},
    var.capabilities.secrets-injection == "vault" ? { VAULT_ADDR = var.vault_addr } : {},
    var.capabilities.secrets-injection == "secrets-manager" ? { SECRETS_PREFIX = "coder/${var.owner}/${var.workspace_name}/" } : {},
  ))
}

output "volume_mounts" {
  description = "Volumes mounted into the workspace (list of {path, type, size, storage_class})."
  value = concat(
    [{
      path          = "/home/coder"
      type          = "ebs" # its own volume with persistent-home, else the root volume
      size          = "${local.storage_gib}Gi"
      storage_class = "gp3"
    }],
    var.capabilities.artifact-cache ? [{
      path          = "/var/cache/artifacts"
      type          = "efs"
      size          = null
      storage_class = null
    }] : [],
  )
}

output "metadata" {
  description = "Provenance of the workspace (object)."
  value = {
    platform          = "ec2-linux"
    os                = "linux"
    arch              = "amd64"
    toolchain_version = local.image_is_ami ? var.toolchain_version : try(coalesce(var.toolchain_version, regex(":([A-Za-z0-9_][A-Za-z0-9_.-]*)(@sha256:[0-9a-f]{64})?$", var.image_id)[0]), null)
    base_version      = local.base_version
    image_digest      = try(regex("@(sha256:[0-9a-f]{64})$", var.image_id)[0], null)
    ami_id            = local.ami_id
    provisioned_at    = timestamp()
  }
}
