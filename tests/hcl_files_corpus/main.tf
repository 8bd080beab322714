# file() and templatefile() as terraform reads them: the boot scripts wsc
# audits are often kept in files next to the template.

variable "docker_gid" {
  type    = number
  default = 988
}

locals {
  user  = "coder"
  tools = ["git", "make"]
  owner = { name = "alice", email = "alice@example.com" }
}

output "plain_file" {
  value = file("${path.module}/scripts/plain.sh")
}

output "plain_file_relative" {
  value = file("scripts/plain.sh")
}

output "dotted_path" {
  value = file("./scripts/../scripts/plain.sh")
}

output "template_escapes" {
  value = templatefile("${path.module}/scripts/escapes.sh.tftpl", {})
}

output "template_vars" {
  value = templatefile("${path.module}/scripts/vars.sh.tftpl", {
    user       = local.user
    docker_gid = var.docker_gid
    enabled    = true
    owner      = local.owner
    tools      = join(" ", local.tools)
  })
}

output "template_strip" {
  value = templatefile("${path.module}/scripts/strip.sh.tftpl", { name = "x" })
}

output "joined_files" {
  value = join("\n", [file("${path.module}/scripts/plain.sh"), templatefile("${path.module}/scripts/escapes.sh.tftpl", {})])
}

output "heredoc_with_file" {
  value = <<-EOT
    #!/bin/bash
    ${file("${path.module}/scripts/plain.sh")}
    echo done
  EOT
}
