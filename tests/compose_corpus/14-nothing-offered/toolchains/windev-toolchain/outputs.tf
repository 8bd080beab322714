# The Terraform side of toolchain.yaml: what a composed template reads.
# The two must agree (wsc check compares them, TR007).

output "name" {
  value = "windev-toolchain"
}

output "version" {
  value = "2.0.1"
}

output "os" {
  value = "windows"
}

output "image_id" {
  value = "ami-0a1b2c3d4e5f60718"
}

output "capabilities" {
  value = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "oidc"
    secrets-injection = "secrets-manager"
    gui-rdp           = true
  }
}

output "profiles" {
  value = ["sw-dev-medium", "sw-dev-large"]
}

output "environment_variables" {
  value = {
    DOTNET_CLI_TELEMETRY_OPTOUT = "1"
  }
}

output "startup_script" {
  value = <<-EOT
    # PowerShell: the source folder on the persistent home; safe to re-run.
    New-Item -ItemType Directory -Force -Path "$env:USERPROFILE\source" | Out-Null
  EOT
}
