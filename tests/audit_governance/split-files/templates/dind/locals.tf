data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  runtime = "sysbox-runc"
  image   = "ghcr.io/infra-team/dind-workspace@sha256:4f1c0d3b9a7e2f6c8d5b1a0e9f3c7d2b6a4e8f0c1d3b5a7e9f2c4d6b8a0e1f3c"
  prefix  = "coder-${data.coder_workspace_owner.me.name}-${data.coder_workspace.me.name}"
}
