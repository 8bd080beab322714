locals {
  base_version = "2.4.0"
  name_hash    = substr(sha1(coalesce(var.workspace_id, lower("${var.owner}/${var.workspace_name}"))), 0, 8)
  name         = "coder-${substr(lower(var.owner), 0, 16)}-${substr(lower(var.workspace_name), 0, 24)}-${local.name_hash}"
  tags         = { "coder.owner" = var.owner, "coder.workspace" = var.workspace_name, "coder.base" = "base-ec2-linux" }

  # Quantities to whole GiB: "500Gi" is 500, "1Ti" is 1024; the unit is never dropped.
  gib_per_unit = { Mi = 1 / 1024, Gi = 1, Ti = 1024 }
  memory       = regex("^([0-9]+)(Mi|Gi|Ti)$", var.compute_profile.memory)
  storage      = regex("^([0-9]+)(Gi|Ti)$", var.compute_profile.storage)
  memory_gib   = tonumber(local.memory[0]) * local.gib_per_unit[local.memory[1]]
  storage_gib  = tonumber(local.storage[0]) * local.gib_per_unit[local.storage[1]]

  # Catalog: m6i (4 GiB per vCPU), or r6i (8 GiB per vCPU) when the profile needs more memory per vCPU.
  family        = local.memory_gib / var.compute_profile.cpu > 4 ? "r6i" : "m6i"
  gib_per_vcpu  = { m6i = 4, r6i = 8 }
  vcpus_by_size = { "large" = 2, "xlarge" = 4, "2xlarge" = 8, "4xlarge" = 16, "8xlarge" = 32, "12xlarge" = 48, "16xlarge" = 64 }
  fitting = {
    for size, vcpus in local.vcpus_by_size : size => vcpus
    if vcpus >= var.compute_profile.cpu && vcpus * local.gib_per_vcpu[local.family] >= local.memory_gib
  }
  smallest      = try([for size, vcpus in local.fitting : size if vcpus == min(values(local.fitting)...)][0], null)
  instance_type = var.instance_type != null ? var.instance_type : (local.smallest != null ? "${local.family}.${local.smallest}" : null)

  image_is_ami = can(regex("^ami-", var.image_id))
  ami_id       = local.image_is_ami ? var.image_id : data.aws_ami.al2023[0].id
  root_gib     = var.capabilities.persistent-home ? var.root_volume_gib : max(var.root_volume_gib, local.storage_gib)

  # The VPC resolver, IMDS and Time Sync are not filtered by security groups; everything else is.
  egress_rules = concat(
    [for cidr in var.coder_control_plane_cidrs : { description = "Coder control plane", protocol = "-1", port = 0, cidr = cidr }],
    var.capabilities.network-egress == "https-only" ? [{ description = "HTTPS", protocol = "tcp", port = 443, cidr = "0.0.0.0/0" }] : [],
    var.capabilities.network-egress == "unrestricted" ? [{ description = "All outbound", protocol = "-1", port = 0, cidr = "0.0.0.0/0" }] : [],
    var.capabilities.artifact-cache ? [{ description = "EFS artifact cache", protocol = "tcp", port = 2049, cidr = data.aws_vpc.workspace.cidr_block }] : [],
  )

  host_mounts = concat(["/home/coder"], var.capabilities.artifact-cache ? ["/var/cache/artifacts"] : [])
  # No secrets in user data: the agent authenticates with the instance identity document (IMDSv2),
  # which is why the workspace container shares the host network; hop limit 1 keeps containers it
  # starts itself away from IMDS. Free-form values are single-quoted for bash, ids are validated, the
  # init script travels base64-encoded. Directives carry no ~ strip markers: combined with <<- they
  # would defeat the indentation removal (the blank lines they leave are harmless).
  user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    id coder >/dev/null 2>&1 || useradd --create-home --shell /bin/bash coder
    %{if var.capabilities.persistent-home}
    dev=/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${replace(try(aws_ebs_volume.home[0].id, ""), "-", "")}
    until [ -e "$dev" ]; do sleep 2; done
    blkid "$dev" >/dev/null || mkfs.ext4 -L coder-home "$dev"
    echo "$dev /home/coder ext4 defaults,nofail 0 2" >> /etc/fstab
    mount /home/coder && chown coder:coder /home/coder
    %{endif}
    %{if var.capabilities.artifact-cache}
    dnf install -y amazon-efs-utils && mkdir -p /var/cache/artifacts
    mount -t efs -o tls ${var.artifact_cache_efs_id}:/ /var/cache/artifacts
    %{endif}
    install -d -m 0755 /opt/coder
    echo '${base64encode(var.agent_init_script)}' | base64 -d > /opt/coder/init.sh
    %{if local.image_is_ami}
    systemd-run --unit coder-agent --uid coder --gid coder --working-directory /home/coder sh /opt/coder/init.sh
    %{else}
    dnf install -y docker && systemctl enable --now docker
    docker run -d --name workspace --restart unless-stopped --network host --user "$(id -u coder):$(id -g coder)" \
      ${join(" ", [for p in local.host_mounts : "-v ${p}:${p}"])} -v /opt/coder:/opt/coder:ro \
      '${replace(var.image_id, "'", "'\\''")}' sh /opt/coder/init.sh
    %{endif}
  EOT
}

data "aws_subnet" "workspace" {
  id                = var.subnet_id
  availability_zone = var.subnet_id == null ? var.availability_zone : null
  default_for_az    = var.subnet_id == null ? true : null
}

data "aws_vpc" "workspace" {
  id = data.aws_subnet.workspace.vpc_id
}

data "aws_region" "current" {}

data "aws_ami" "al2023" {
  count       = local.image_is_ami ? 0 : 1
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}

resource "aws_security_group" "workspace" {
  name_prefix = "${local.name}-"
  description = "Coder workspace ${var.owner}/${var.workspace_name}: egress ${var.capabilities.network-egress}, no ingress"
  vpc_id      = data.aws_subnet.workspace.vpc_id
  tags        = local.tags

  dynamic "egress" {
    for_each = local.egress_rules
    content {
      description = egress.value.description
      protocol    = egress.value.protocol
      from_port   = egress.value.port
      to_port     = egress.value.port
      cidr_blocks = [egress.value.cidr]
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Home outlives stops (never gated by start_count); deletion leaves a final snapshot unless told otherwise.
resource "aws_ebs_volume" "home" {
  count             = var.capabilities.persistent-home ? 1 : 0
  availability_zone = data.aws_subnet.workspace.availability_zone
  size              = local.storage_gib
  type              = "gp3"
  encrypted         = true
  kms_key_id        = var.kms_key_id
  final_snapshot    = var.snapshot_home_on_delete
  tags              = merge(local.tags, { Name = "${local.name}-home" })
}

resource "aws_instance" "workspace" {
  count                  = var.start_count
  ami                    = local.ami_id
  instance_type          = local.instance_type
  subnet_id              = data.aws_subnet.workspace.id
  vpc_security_group_ids = [aws_security_group.workspace.id]
  iam_instance_profile   = var.capabilities.identity-mode == "iam" ? var.instance_profile_name : null
  user_data_base64       = base64encode(local.user_data)
  tags                   = merge(local.tags, { Name = local.name })

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required" # IMDSv2 only
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = local.root_gib
    encrypted             = true
    kms_key_id            = var.kms_key_id
    delete_on_termination = true
  }

  lifecycle {
    precondition {
      condition     = local.instance_type != null
      error_message = "No m6i/r6i size has ${var.compute_profile.cpu} vCPUs and ${var.compute_profile.memory}; set instance_type."
    }
  }
}

resource "aws_volume_attachment" "home" {
  count                          = var.capabilities.persistent-home ? var.start_count : 0
  device_name                    = "/dev/sdh"
  volume_id                      = aws_ebs_volume.home[0].id
  instance_id                    = aws_instance.workspace[0].id
  stop_instance_before_detaching = true
}
