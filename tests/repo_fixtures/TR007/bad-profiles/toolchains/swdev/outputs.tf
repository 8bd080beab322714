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

# The same profiles in another order, and one more: templates would offer
# what toolchain.yaml does not say.
output "profiles" {
  value = ["sw-dev-medium", "sw-dev-small", "sw-dev-large"]
}
