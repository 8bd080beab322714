# A Terraform-only toolchain: its facts are its outputs, for every value of
# its variables.
variable "air_gapped" {
  type    = bool
  default = false
}

variable "edition" {
  type    = string
  default = "lab"
  validation {
    condition     = contains(["lab", "classic"], var.edition)
    error_message = "edition is lab or classic"
  }
}

locals {
  image = "ghcr.io/acme/notebook-${var.edition}:4.2"
}

output "capabilities" {
  value = {
    persistent-home = true
    network-egress  = var.air_gapped ? "none" : "https-only"
    gpu-support     = true
  }
}

output "image_id" {
  value = local.image
}

output "version" {
  value = data.external.release.result["version"]
}

output "profiles" {
  value = ["datasci-large"]
}
