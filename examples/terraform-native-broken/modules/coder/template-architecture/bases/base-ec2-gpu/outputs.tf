locals {
  base_version = "1.6.1"
}

output "agent_endpoint" {
  value = var.coder_url
}

output "runtime_env" {
  value = { CODER_WORKSPACE_PLATFORM = "ec2-gpu" }
}

output "volume_mounts" {
  value = [{
    path          = "/home/coder"
    type          = var.capabilities.persistent-home ? "ebs" : "local"
    size          = var.compute_profile.storage
    storage_class = null
  }]
}

output "metadata" {
  value = {
    platform          = "ec2-gpu"
    os                = "linux"
    arch              = "amd64"
    toolchain_version = null
    base_version      = local.base_version
    image_digest      = null
    ami_id            = null
    provisioned_at    = timestamp()
  }
}
