# A CI runner pod with the same faults as the broken workspace: the node's
# Docker socket, a privileged container, host networking and a host port.
resource "kubernetes_pod_v1" "runner" {
  metadata {
    name      = "ci-runner"
    namespace = "ci"
  }

  spec {
    host_network = true

    container {
      name  = "runner"
      image = "ghcr.io/acme/ci-runner:3.2"

      security_context {
        privileged = true
      }

      port {
        container_port = 8080
        host_port      = 8080
      }

      volume_mount {
        name       = "docker-sock"
        mount_path = "/var/run/docker.sock"
      }
    }

    volume {
      name = "docker-sock"
      host_path {
        path = "/var/run/docker.sock"
      }
    }
  }
}
