# The toolchain module has no provider: a template reads its outputs only.
terraform {
  required_version = ">= 1.5"
}
