output "agent_endpoint" {
  value = var.coder_url
}

output "runtime_env" {
  value = {}
}

output "volume_mounts" {
  value = []
}

output "metadata" {
  value = {
    platform = var.platform_name
    os       = "linux"
  }
}

variable "platform_name" {
  description = "Set by each caller: the platform is not stated here."
  type        = string
}
