locals {
  # Platform capability support (contract seed 000). Enum capabilities are
  # supported with every value on every platform, so one set per platform
  # is enough.
  platform_support = {
    "kubernetes"  = ["persistent-home", "network-egress", "identity-mode", "artifact-cache", "secrets-injection", "gui-vnc"]
    "ec2-linux"   = ["persistent-home", "network-egress", "identity-mode", "artifact-cache", "secrets-injection", "gui-vnc"]
    "ec2-windows" = ["persistent-home", "network-egress", "identity-mode", "secrets-injection", "gui-rdp"]
    "ec2-gpu"     = ["persistent-home", "network-egress", "identity-mode", "gpu-support", "artifact-cache", "secrets-injection", "gui-vnc"]
  }

  # Compute profiles (contract seed 000).
  compute_profiles = {
    "sw-dev-small"       = { cpu = 2, memory = "4Gi", storage = "20Gi", gpu_count = 0, gpu_type = null }
    "sw-dev-medium"      = { cpu = 4, memory = "8Gi", storage = "50Gi", gpu_count = 0, gpu_type = null }
    "sw-dev-large"       = { cpu = 8, memory = "16Gi", storage = "100Gi", gpu_count = 0, gpu_type = null }
    "platform-devsecops" = { cpu = 4, memory = "8Gi", storage = "100Gi", gpu_count = 0, gpu_type = null }
    "datasci-standard"   = { cpu = 8, memory = "32Gi", storage = "500Gi", gpu_count = 0, gpu_type = null }
    "datasci-large"      = { cpu = 16, memory = "64Gi", storage = "1Ti", gpu_count = 1, gpu_type = "nvidia-t4" }
    "datasci-xlarge"     = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
  }

  caps = var.capabilities

  compute = merge(
    local.compute_profiles[var.compute_profile],
    { for k, v in var.compute_override : k => v if v != null },
  )

  # A bool capability is requested when true; an enum capability always
  # requests its (effective) value.
  requested   = [for name, value in local.caps : name if value != false]
  unsupported = sort(setsubtract(local.requested, local.platform_support[var.platform]))

  wants_gpu = local.caps["gpu-support"]
  has_gpus  = local.compute.gpu_count > 0
}

# Every rule is a precondition on one resource, so a single plan reports
# every rule the composition breaks (variable validations would stop the
# walk before the other rules are evaluated).
resource "terraform_data" "composition" {
  input = {
    platform     = var.platform
    capabilities = local.caps
    compute      = local.compute
  }

  lifecycle {
    precondition {
      condition     = !(local.caps["gui-vnc"] && local.caps["gui-rdp"])
      error_message = "TC003: gui-vnc and gui-rdp cannot both be enabled."
    }

    precondition {
      condition     = !(local.wants_gpu && local.caps["network-egress"] == "none")
      error_message = "TC004: gpu-support needs network-egress https-only or unrestricted, not none."
    }

    precondition {
      condition     = length(local.unsupported) == 0
      error_message = "TC006: platform ${var.platform} does not support ${join(", ", local.unsupported)}."
    }

    precondition {
      condition     = floor(local.compute.cpu) == local.compute.cpu && local.compute.cpu >= 1 && local.compute.cpu <= 64
      error_message = "TC007: cpu must be an integer in 1-64, got ${local.compute.cpu}."
    }

    precondition {
      condition     = floor(local.compute.gpu_count) == local.compute.gpu_count && local.compute.gpu_count >= 0 && local.compute.gpu_count <= 8
      error_message = "TC007: gpu_count must be an integer in 0-8, got ${local.compute.gpu_count}."
    }

    precondition {
      condition     = !local.has_gpus || local.wants_gpu
      error_message = "TC011: gpu_count is ${local.compute.gpu_count} but gpu-support is not enabled."
    }

    precondition {
      condition     = !local.wants_gpu || local.has_gpus
      error_message = "TC011: gpu-support is enabled but gpu_count is 0."
    }

    precondition {
      condition     = local.compute.gpu_type == null || local.has_gpus
      error_message = "TC011: gpu_type is set but gpu_count is 0."
    }

    precondition {
      condition     = !local.has_gpus || local.compute.gpu_type != null
      error_message = "TC011: gpu_count is ${local.compute.gpu_count} but no gpu_type is set."
    }
  }
}
