locals {
  base_version = "1.7.2"
  name_hash    = substr(sha1(coalesce(var.workspace_id, lower("${var.owner}/${var.workspace_name}"))), 0, 8)
  name         = "coder-${substr(lower(var.owner), 0, 16)}-${substr(lower(var.workspace_name), 0, 24)}-${local.name_hash}"
  tags         = { "coder.owner" = var.owner, "coder.workspace" = var.workspace_name, "coder.base" = "base-ec2-windows" }
  home         = var.capabilities.persistent-home ? "D:\\coder" : "C:\\coder\\home"

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
  root_gib      = var.capabilities.persistent-home ? var.root_volume_gib : max(var.root_volume_gib, local.storage_gib)

  # The VPC resolver, IMDS and Time Sync are not filtered by security groups; everything else is.
  egress_rules = concat(
    [for cidr in var.coder_control_plane_cidrs : { description = "Coder control plane", protocol = "-1", port = 0, cidr = cidr }],
    var.capabilities.network-egress == "https-only" ? [{ description = "HTTPS", protocol = "tcp", port = 443, cidr = "0.0.0.0/0" }] : [],
    var.capabilities.network-egress == "unrestricted" ? [{ description = "All outbound", protocol = "-1", port = 0, cidr = "0.0.0.0/0" }] : [],
  )

  # No secrets and no passwords in user data: the agent authenticates with the instance identity
  # document (IMDSv2); RDP credentials are provisioned at runtime, never here. Only validated ids
  # and base64 text reach PowerShell. RDP is switched on only when gui-rdp is requested.
  user_data = <<-EOT
    <powershell>
    $ErrorActionPreference = 'Stop'
    %{if var.capabilities.persistent-home}
    while (-not ($disk = Get-Disk | Where-Object SerialNumber -like '${replace(try(aws_ebs_volume.home[0].id, ""), "-", "")}*')) { Start-Sleep -Seconds 2 }
    if ($disk.PartitionStyle -eq 'RAW') {
      $disk | Initialize-Disk -PartitionStyle GPT -PassThru | New-Partition -UseMaximumSize -DriveLetter D | Format-Volume -FileSystem NTFS -NewFileSystemLabel coder-home -Confirm:$false
    } else {
      $disk | Set-Disk -IsOffline $false
      $disk | Get-Partition | Where-Object Type -eq 'Basic' | Set-Partition -NewDriveLetter D -ErrorAction SilentlyContinue
    }
    %{endif}
    New-Item -ItemType Directory -Force -Path '${local.home}', 'C:\coder' | Out-Null
    $ts = 'HKLM:\System\CurrentControlSet\Control\Terminal Server'
    %{if var.capabilities.gui-rdp}
    Set-ItemProperty -Path $ts -Name fDenyTSConnections -Value 0
    Set-ItemProperty -Path "$ts\WinStations\RDP-Tcp" -Name UserAuthentication -Value 1
    Enable-NetFirewallRule -DisplayGroup 'Remote Desktop'
    %{else}
    Set-ItemProperty -Path $ts -Name fDenyTSConnections -Value 1
    Disable-NetFirewallRule -DisplayGroup 'Remote Desktop'
    %{endif}
    $init = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64encode(var.agent_init_script)}'))
    Set-Content -Path 'C:\coder\init.ps1' -Value $init
    Start-Process powershell.exe -ArgumentList '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\coder\init.ps1' -WindowStyle Hidden
    </powershell>
    <persist>false</persist>
  EOT
}

data "aws_subnet" "workspace" {
  id                = var.subnet_id
  availability_zone = var.subnet_id == null ? var.availability_zone : null
  default_for_az    = var.subnet_id == null ? true : null
}

data "aws_region" "current" {}

resource "aws_security_group" "workspace" {
  name_prefix = "${local.name}-"
  description = "Coder workspace ${var.owner}/${var.workspace_name}: egress ${var.capabilities.network-egress}, RDP ${var.capabilities.gui-rdp ? "on" : "off"}"
  vpc_id      = data.aws_subnet.workspace.vpc_id
  tags        = local.tags

  dynamic "ingress" {
    for_each = var.capabilities.gui-rdp && length(var.rdp_ingress_cidrs) > 0 ? [var.rdp_ingress_cidrs] : []
    content {
      description = "RDP"
      protocol    = "tcp"
      from_port   = 3389
      to_port     = 3389
      cidr_blocks = ingress.value
    }
  }

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
  ami                    = var.image_id
  instance_type          = local.instance_type
  subnet_id              = data.aws_subnet.workspace.id
  vpc_security_group_ids = [aws_security_group.workspace.id]
  iam_instance_profile   = var.capabilities.identity-mode == "iam" ? var.instance_profile_name : null
  get_password_data      = false # the Administrator password is never read into state
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
  device_name                    = "xvdh"
  volume_id                      = aws_ebs_volume.home[0].id
  instance_id                    = aws_instance.workspace[0].id
  stop_instance_before_detaching = true
}
