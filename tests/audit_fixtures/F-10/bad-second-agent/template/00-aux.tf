# A second agent (a sidecar's); the workspace container runs coder_agent.main.
resource "coder_agent" "aux" {
  os             = "linux"
  arch           = "amd64"
  startup_script = "echo sidecar ready\n"
}
