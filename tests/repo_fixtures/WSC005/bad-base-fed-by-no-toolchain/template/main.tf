# The base gets literal capabilities and image: no toolchain module feeds it.
module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  image_id        = "ghcr.io/acme/tools:1.0"
  capabilities    = { persistent-home = true }
}
