# Fixture: a container that is no workspace template is still a container
# workload (F-1, F-2 and F-6 check it), so there is something to audit.
resource "docker_container" "registry_mirror" {
  name  = "registry-mirror"
  image = "registry:2"
  env   = ["REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io"]
}
