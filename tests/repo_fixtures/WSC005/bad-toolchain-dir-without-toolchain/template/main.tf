# The module that feeds the base declares no capabilities output.
module "tools" {
  source = "../tools"
}

module "infra" {
  source          = "../base"
  workspace_name  = "ws"
  owner           = "me"
  compute_profile = { cpu = 2, memory = "4Gi", storage = "20Gi" }
  image_id        = module.tools.image_id
  capabilities    = { persistent-home = true }
}
