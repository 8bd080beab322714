# The toolchain comes from git and wsc.toml maps no checkout for it.
module "toolchain" {
  source = "git::https://github.com/acme/toolchains.git//tools?ref=v1.0.0"
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
