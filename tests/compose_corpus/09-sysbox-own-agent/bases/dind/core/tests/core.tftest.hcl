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

  assert {
    condition     = output.object_names.home == "ws-alice-dev-9bcfccf4-home"
    error_message = "a short name takes its suffix as is"
  }
}

run "long_object_names_are_labels" {
  command = plan

  variables {
    platform       = "kubernetes"
    owner          = "a-very-long-owner-name-of-thirty"
    workspace_name = "and-a-workspace-named-at-length"
  }

  assert {
    condition     = alltrue([for n in values(output.object_names) : length(n) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", n))])
    error_message = "every object name is a DNS-1123 label"
  }

  assert {
    condition     = endswith(output.object_names["agent-token"], "-agent-token") && output.object_names["agent-token"] != output.object_names.agent
    error_message = "the suffix stays whole and names stay apart"
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

# The structured outputs a base's resource layer reads.

run "structured_outputs_kubernetes" {
  command = plan

  variables {
    platform     = "kubernetes"
    capabilities = { artifact-cache = true, identity-mode = "oidc" }
  }

  assert {
    condition     = output.volumes[0].kind == "home" && output.volumes[0].type == "pvc" && output.volumes[0].size == "50Gi" && length(output.volumes) == 5
    error_message = "the home claim, then one cache mount per cache directory"
  }

  assert {
    condition     = output.cache_mounts[2].path == "/home/coder/.m2" && output.cache_mounts[2].shared == "m2"
    error_message = "each cache directory has its directory in the shared cache"
  }

  assert {
    condition     = output.pod_egress_open.ports[0].port == 443 && output.pod_egress_open.except_cluster && output.pod_egress_open.to[1].except == ["fd00:ec2::254/128"]
    error_message = "https-only opens 443 beyond the cluster, never the metadata address"
  }

  assert {
    condition     = output.effective.identity_mode == "oidc" && output.effective.persistent_home && length(output.security_group_egress) == 0
    error_message = "the effective capabilities; no security group off EC2"
  }
}

run "structured_outputs_kubernetes_unrestricted" {
  command = plan

  variables {
    platform     = "kubernetes"
    capabilities = { network-egress = "unrestricted", persistent-home = false }
  }

  assert {
    condition     = output.pod_egress_open.ports == null && !output.pod_egress_open.except_cluster && length(output.volumes) == 0
    error_message = "unrestricted opens every port; no home claim without persistent-home"
  }
}

run "structured_outputs_kubernetes_none" {
  command = plan

  variables {
    platform     = "kubernetes"
    capabilities = { network-egress = "none" }
  }

  assert {
    condition     = output.pod_egress_open == null
    error_message = "egress none opens nothing"
  }
}

run "structured_outputs_ec2" {
  command = plan

  variables {
    platform     = "ec2-linux"
    capabilities = { artifact-cache = true, network-egress = "unrestricted" }
  }

  assert {
    condition     = join(",", sort(keys(output.security_group_egress))) == "all_v4,all_v6,artifact_cache,dns_tcp,dns_udp"
    error_message = "DNS, the cache's NFS and everything for unrestricted"
  }

  assert {
    condition     = output.security_group_egress.artifact_cache.vpc && output.security_group_egress.all_v6.cidr_ipv6 == "::/0" && output.security_group_egress.all_v4.port == null
    error_message = "the NFS rule goes to the VPC; unrestricted has no port"
  }

  assert {
    condition     = output.volumes[0].type == "ebs" && output.volumes[0].size == "50Gi" && output.volumes[0].storage_class == "gp3" && output.volumes[1].type == "efs"
    error_message = "the home is an EBS volume in whole GiB, the caches on EFS"
  }

  assert {
    condition     = output.pod_egress_open == null
    error_message = "no pod rule on EC2"
  }
}

run "structured_outputs_docker" {
  command = plan

  variables {
    platform     = "docker-sysbox"
    capabilities = { persistent-home = false }
  }

  assert {
    condition     = length(output.volumes) == 1 && output.volumes[0].type == "local" && output.volumes[0].size == null
    error_message = "the docker home is local whatever persistent-home says"
  }
}
