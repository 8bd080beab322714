output "decisions" {
  description = "what wsc render decides for the inputs (render::decisions)"
  value       = local.decisions

  precondition {
    condition     = local.target != null
    error_message = "no renderer for platform `${var.platform}`: wsc renders kubernetes, ec2-linux, ec2-windows, ec2-gpu and docker-sysbox"
  }

  precondition {
    condition     = local.gpu_type == null || contains(local.catalog.gpu_types, coalesce(local.gpu_type, "-"))
    error_message = "the catalog has no GPU type `${coalesce(local.gpu_type, "-")}`: ${join(", ", local.catalog.gpu_types)}"
  }

  precondition {
    condition     = local.target != "ec2" || local.instance != null
    error_message = "no EC2 instance type ${local.instance_what} has ${var.compute_profile.cpu} vCPUs, ${local.quantity.memory} of memory and ${local.gpus} GPUs"
  }
}

# What a base's resource layer reads besides `decisions` (the same choices,
# structured): the effective capabilities, the volumes as objects, the
# cache directories, and the egress rules per platform.

output "effective" {
  description = "the capabilities in effect (a value not given takes the catalog's default), the OS and the home"
  value = {
    persistent_home   = local.persistent_home
    artifact_cache    = local.artifact_cache
    gui_vnc           = local.gui_vnc
    gui_rdp           = local.gui_rdp
    network_egress    = local.egress
    identity_mode     = local.identity
    secrets_injection = local.secrets
    os                = local.os
    home              = local.home
    gpus              = local.gpus
  }
}

output "volumes" {
  description = "the volume mounts as objects (kind home or cache; path, type, size, storage_class as seed 000 shapes them)"
  value       = local.volumes
}

output "cache_mounts" {
  description = "artifact-cache: each cache directory and its directory in the shared cache"
  value       = local.cache_mounts
}

output "security_group_egress" {
  description = "EC2: the security group's egress rules by name (vpc: the address is the VPC's range)"
  value       = local.security_group_egress
}

output "pod_egress_open" {
  description = "Kubernetes: the egress rule network-egress opens beyond DNS and the control plane (null for none)"
  value       = local.pod_egress_open
}

output "object_names" {
  description = "Kubernetes: the names of the workspace's objects besides the pod, by suffix"
  value       = local.target == "kubernetes" ? local.object_names : {}
}
