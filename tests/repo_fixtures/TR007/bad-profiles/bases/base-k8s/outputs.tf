output "agent_endpoint" {
  value = "https://coder.acme.dev"
}

output "runtime_env" {
  value = { HOME = "/home/coder" }
}

output "volume_mounts" {
  value = [{ path = "/home/coder", type = "pvc", size = var.compute_profile.storage, storage_class = "gp3" }]
}

output "metadata" {
  value = { platform = "kubernetes", os = "linux", arch = "amd64" }
}
