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
      HOME                     = local.home
      AWS_REGION               = data.aws_region.current.name
      CODER_WORKSPACE_PLATFORM = "ec2-windows"
      WORKSPACE_NETWORK_EGRESS = var.capabilities.network-egress
      WORKSPACE_RDP            = var.capabilities.gui-rdp ? "enabled" : "disabled"
    },
    var.capabilities.secrets-injection == "vault" ? { VAULT_ADDR = var.vault_addr } : {},
    var.capabilities.secrets-injection == "secrets-manager" ? { SECRETS_PREFIX = "coder/${var.owner}/${var.workspace_name}/" } : {},
  ))
}

output "volume_mounts" {
  description = "Volumes mounted into the workspace (list of {path, type, size, storage_class})."
  value = [{
    path          = local.home
    type          = "ebs" # its own volume (D:) with persistent-home, else the root volume (C:)
    size          = "${local.storage_gib}Gi"
    storage_class = "gp3"
  }]
}

output "metadata" {
  description = "Provenance of the workspace (object)."
  value = {
    platform          = "ec2-windows"
    os                = "windows"
    arch              = "amd64"
    toolchain_version = var.toolchain_version
    base_version      = local.base_version
    image_digest      = null
    ami_id            = var.image_id
    provisioned_at    = timestamp()
  }
}
