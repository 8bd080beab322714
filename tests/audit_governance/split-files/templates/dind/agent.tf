resource "coder_agent" "dev" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    #!/bin/bash
    if ! pgrep -x dockerd >/dev/null; then
      sudo nohup dockerd >/tmp/dockerd.log 2>&1 &
    fi
    timeout 30 sh -c 'until [ -S /var/run/docker.sock ]; do sleep 1; done' || echo "dockerd did not come up"
  EOT

  metadata {
    display_name = "Containers"
    key          = "containers"
    script       = "docker ps -q | wc -l"
    interval     = 30
    timeout      = 5
  }
}
