# The core's decisions for a handful of compositions (`terraform test`,
# offline: the core declares no provider).

variables {
  workspace_name = "dev"
  owner          = "alice"
  image_id       = "ghcr.io/acme/dev:1.0"
  compute_profile = {
    cpu     = 4
    memory  = "8Gi"
    storage = "50Gi"
  }
  capabilities = {}
}

run "kubernetes_defaults" {
  command = plan

  variables {
    platform = "kubernetes"
  }

  assert {
    condition     = output.decisions.name == "ws-alice-dev"
    error_message = "the name is ws-alice-dev"
  }

  assert {
    condition     = output.decisions.home_claim == "50Gi" && output.decisions.memory == "8Gi" && output.decisions.cpu == "4"
    error_message = "the claim and the pod's requests keep their units"
  }

  assert {
    condition     = output.decisions.service_account_annotation == "eks.amazonaws.com/role-arn" && output.decisions.instance_type == null
    error_message = "identity-mode iam annotates the service account for IRSA"
  }

  assert {
    condition     = contains(output.decisions.egress, "tcp 443 0.0.0.0/0 except 169.254.169.254/32")
    error_message = "https-only allows 443 anywhere but the metadata address"
  }
}

run "kubernetes_egress_none" {
  command = plan

  variables {
    platform     = "kubernetes"
    capabilities = { network-egress = "none", identity-mode = "oidc" }
  }

  assert {
    condition     = length([for r in output.decisions.egress : r if strcontains(r, "0.0.0.0/0") || strcontains(r, "::/0")]) == 0
    error_message = "egress none opens nothing to the internet"
  }

  assert {
    condition     = output.decisions.projected_token && output.decisions.service_account_annotation == null
    error_message = "oidc projects a token and annotates nothing"
  }
}

run "ec2_terabyte_home" {
  command = plan

  variables {
    platform        = "ec2-linux"
    compute_profile = { cpu = 4, memory = "16Gi", storage = "1Ti" }
  }

  assert {
    condition     = output.decisions.home_gib == 1024 && output.decisions.root_gib == 50
    error_message = "1Ti is a 1024 GiB home volume"
  }

  assert {
    condition     = output.decisions.instance_type == "m6i.xlarge"
    error_message = "4 vCPUs and 16Gi take m6i.xlarge"
  }
}

run "ec2_memory_class_and_odd_sizes" {
  command = plan

  variables {
    platform        = "ec2-linux"
    compute_profile = { cpu = 2, memory = "9Gi", storage = "1536Mi" }
  }

  assert {
    condition     = output.decisions.instance_type == "r6i.large" && output.decisions.home_gib == 2
    error_message = "more than 4 GiB per vCPU takes a memory type; 1536Mi rounds up to 2 GiB"
  }
}

run "ec2_gpu_types" {
  command = plan

  variables {
    platform        = "ec2-gpu"
    compute_profile = { cpu = 32, memory = "64Gi", storage = "2Ti", gpu_count = 4, gpu_type = "nvidia-a100" }
    capabilities    = { gpu-support = true, gui-vnc = true }
  }

  assert {
    condition     = output.decisions.instance_type == "p4d.24xlarge" && output.decisions.gui == "vnc+dcv"
    error_message = "4 A100s take p4d.24xlarge"
  }
}

run "ec2_gpu_t4" {
  command = plan

  variables {
    platform        = "ec2-gpu"
    compute_profile = { cpu = 8, memory = "32Gi", storage = "100Gi", gpu_count = 4, gpu_type = "nvidia-t4" }
    capabilities    = { gpu-support = true }
  }

  assert {
    condition     = output.decisions.instance_type == "g4dn.12xlarge"
    error_message = "4 T4s take g4dn.12xlarge, not a larger type with one"
  }
}

run "ec2_windows_rdp" {
  command = plan

  variables {
    platform     = "ec2-windows"
    capabilities = { gui-rdp = true, secrets-injection = "secrets-manager" }
  }

  assert {
    condition     = output.decisions.gui == "rdp" && output.decisions.secrets == "secrets-manager-policy"
    error_message = "gui-rdp opens RDP; secrets-manager grants the role its secrets"
  }

  assert {
    condition     = contains(output.decisions.volume_mounts, "C:\\Users\\coder ebs 50Gi gp3")
    error_message = "the Windows home is an EBS volume"
  }
}

run "docker_sysbox" {
  command = plan

  variables {
    platform        = "docker-sysbox"
    compute_profile = { cpu = 2, memory = "1536Mi", storage = "20Gi" }
    capabilities    = { persistent-home = false }
  }

  assert {
    condition     = output.decisions.docker_memory_mib == 1536 && output.decisions.docker_cpu_shares == 2048
    error_message = "the container's memory in MiB, 1024 CPU shares per vCPU"
  }

  assert {
    condition     = output.decisions.home_bind == "/coder-workspaces/alice-dev" && output.decisions.egress == null
    error_message = "the home bind whatever persistent-home says"
  }
}

run "long_names_end_in_a_hash" {
  command = plan

  variables {
    platform = "kubernetes"
    owner    = "Alice"
  }

  assert {
    condition     = output.decisions.name == "ws-alice-dev-9bcfccf4"
    error_message = "case is kept apart by the hash"
  }
}

run "no_instance_type_fits" {
  command = plan

  variables {
    platform        = "ec2-linux"
    compute_profile = { cpu = 64, memory = "2Ti", storage = "50Gi" }
  }

  expect_failures = [output.decisions]
}

run "unknown_gpu_type" {
  command = plan

  variables {
    platform        = "ec2-gpu"
    compute_profile = { cpu = 8, memory = "32Gi", storage = "100Gi", gpu_count = 1, gpu_type = "nvidia-h100" }
    capabilities    = { gpu-support = true }
  }

  expect_failures = [output.decisions]
}
