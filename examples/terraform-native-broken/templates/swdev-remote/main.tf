# The base comes from a registry nobody mapped to a checkout.
module "toolchain" {
  source = "../../modules/coder/template-architecture/toolchains/swdev-toolchain"
}

module "infra" {
  source  = "app.terraform.io/acme/coder-base-k8s/kubernetes"
  version = "~> 2.3"

  workspace_name  = "ws"
  owner           = "someone"
  compute_profile = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  image_id        = module.toolchain.image_id
  capabilities    = module.toolchain.capabilities
}
