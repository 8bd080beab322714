# The profile is a literal object (not checked); the capabilities fit Kubernetes.
module "toolchain" {
  source = "../toolchain"
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
