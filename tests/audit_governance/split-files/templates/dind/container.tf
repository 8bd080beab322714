resource "docker_volume" "home" {
  name = "${local.prefix}-home"
}

resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = docker_image.workspace.image_id
  name       = local.prefix
  hostname   = data.coder_workspace.me.name
  runtime    = local.runtime
  entrypoint = ["sh", "-c", coder_agent.dev.init_script]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.dev.token}"]

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
  }
}
