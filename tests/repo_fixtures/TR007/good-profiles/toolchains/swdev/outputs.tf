output "capabilities" {
  value = {
    persistent-home = true
    artifact-cache  = true
  }
}

output "image_id" {
  value = "ghcr.io/acme/swdev:1.0.0"
}

output "version" {
  value = "1.0.0"
}

# The same profiles in the same order as toolchain.yaml.
output "profiles" {
  value = ["sw-dev-small", "sw-dev-medium"]
}
