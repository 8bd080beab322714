# The Terraform side of toolchain.yaml: what a composed template reads.
# The two must agree (wsc check compares them, TR007).

output "name" {
  value = "python-dev"
}

output "version" {
  value = "1.2.0"
}

output "image_id" {
  value = "ghcr.io/acme/swdev:1.2.0"
}

output "capabilities" {
  value = {
    persistent-home   = true
    network-egress    = "https-only"
    identity-mode     = "iam"
    artifact-cache    = true
    secrets-injection = "vault"
  }
}

output "profiles" {
  value = ["sw-dev-small", "sw-dev-medium", "sw-dev-large", "platform-devsecops"]
}

output "environment_variables" {
  value = {
    EDITOR        = "vim"
    PIP_INDEX_URL = "https://pypi.internal.acme.dev/simple"
  }
}

output "startup_script" {
  value = <<-EOT
    #!/bin/bash
    # Project directories and the language servers' caches; safe to re-run.
    mkdir -p "$HOME/projects" "$HOME/.cache/pip" "$HOME/go"
    if [ -f "$HOME/projects/requirements.txt" ]; then
      pip install --user --quiet -r "$HOME/projects/requirements.txt" || echo "pip install failed" >&2
    fi
    exit 0
  EOT
}
