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
