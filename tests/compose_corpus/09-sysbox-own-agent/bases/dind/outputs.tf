# The contract's outputs (seed 000). None depends on a resource of this
# module, so a template may feed them to its coder_agent and pass the
# agent's init script back in without a cycle. What they hold is the
# core's decision; main.tf adds only what the base's settings know
# (local.extra_env, local.volume_class, local.volume_size, local.ami_id).

output "agent_endpoint" {
  description = "the Coder access URL the workspace agent dials"
  value       = local.agent_endpoint
}

output "runtime_env" {
  description = "environment variables for the workspace (never a secret's value)"
  value       = merge(module.core.decisions.runtime_env, local.extra_env)
}

output "volume_mounts" {
  description = "persistent and shared storage of the workspace: path, type (pvc, ebs, efs, local), size, storage_class"
  value = [
    for v in module.core.volumes : {
      path          = v.path
      type          = v.type
      size          = lookup(local.volume_size, v.kind, v.size)
      storage_class = lookup(local.volume_class, v.kind, v.storage_class)
    }
  ]
}

output "metadata" {
  description = "provenance and tracking data"
  value = {
    platform          = local.platform
    os                = module.core.effective.os
    arch              = var.arch
    toolchain_version = var.toolchain_version
    base_version      = local.base_version
    image_digest      = try(regex("@(sha256:[0-9a-f]{64})$", var.image_id)[0], null)
    ami_id            = local.ami_id
    provisioned_at    = timestamp()
  }
}
