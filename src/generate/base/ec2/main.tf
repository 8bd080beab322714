# An EC2 workspace: the instance type, the volume sizes (GiB), the egress
# rules and the identity come from module.core; these resources carry
# them out. IMDSv2 only, encrypted gp3 volumes, no ingress, no secret in
# the user data.

locals {
  eff     = module.core.effective
  windows = local.eff.os == "windows"
  name    = module.core.decisions.name
  ami_id  = startswith(var.image_id, "ami-") ? var.image_id : var.ami_id
  # The agent token's parameter: the one named, or this module's.
  token_parameter = coalesce(var.agent_token_parameter, "/coder/${local.name}/agent-token")

  agent_endpoint = var.coder_url
  extra_env = {
    for k, v in {
      VAULT_ADDR                                = local.eff.secrets_injection == "vault" ? var.vault_addr : null
      AWS_REGION                                = var.region
      CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT = local.eff.identity_mode == "workload-identity" ? var.gcp_service_account : null
    } : k => v if v != null
  }
  volume_class = {}
  volume_size  = {}

  tags = {
    Name                  = local.name
    "coder.com/owner"     = var.owner
    "coder.com/workspace" = var.workspace_name
    "wsc.dev/platform"    = local.platform
    managed-by            = "wsc"
  }
  # AWS name prefixes are short; the core's name is cut, never re-made.
  prefix = "${substr(local.name, 0, min(32, length(local.name)))}-"

  # The user data: a template per OS, fed only decisions and settings.
  user_data = templatefile("${path.module}/${local.windows ? "user_data.ps1.tftpl" : "user_data.sh.tftpl"}", {
    home            = local.eff.home
    persistent_home = local.eff.persistent_home
    artifact_cache  = local.eff.artifact_cache
    cache_mounts    = module.core.cache_mounts
    gui_vnc         = local.eff.gui_vnc
    gui_rdp         = local.eff.gui_rdp
    dcv             = module.core.decisions.gui == "vnc+dcv"
    gpus            = local.eff.gpus
    env             = merge(module.core.decisions.runtime_env, local.extra_env)
    efs_id          = coalesce(var.artifact_cache_efs_id, "-")
    token_parameter = local.token_parameter
    coder_url       = var.coder_url
    init_script_b64 = base64encode(var.agent_init_script)
    home_device     = "/dev/sdh"
    # Both sides of a conditional are evaluated: a splat is empty, not an
    # index out of range, when there is no home volume.
    home_volume_id = replace(join("", aws_ebs_volume.home[*].id), "-", "")
  })
}

data "aws_subnet" "workspace" {
  id = var.subnet_id
}

data "aws_vpc" "workspace" {
  count = local.eff.artifact_cache ? 1 : 0
  id    = var.vpc_id
}

# Identity: a role the instance takes on, allowed to read its agent token.
resource "aws_iam_role" "workspace" {
  name_prefix = local.prefix
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

# The agent's token as a SecureString (never in the user data), made here
# unless agent_token_parameter names one.
resource "aws_ssm_parameter" "agent_token" {
  count  = var.agent_token_parameter == null ? 1 : 0
  name   = local.token_parameter
  type   = "SecureString"
  key_id = var.kms_key_id
  value  = var.agent_token
  tags   = local.tags

  lifecycle {
    precondition {
      condition     = var.agent_token != null
      error_message = "pass agent_token (coder_agent.main.token), or name an existing parameter in agent_token_parameter."
    }
  }
}

resource "aws_iam_role_policy" "agent_token" {
  role = aws_iam_role.workspace.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ssm:GetParameter"]
      Resource = "arn:aws:ssm:*:*:parameter/${trimprefix(local.token_parameter, "/")}"
    }]
  })
}

# identity-mode iam: the role is the workspace's AWS identity and holds the
# policies the platform grants. oidc and workload-identity present another
# identity: the role reads the agent token and nothing else.
resource "aws_iam_role_policy_attachment" "workspace" {
  for_each   = module.core.decisions.role_policies ? toset(var.workspace_policy_arns) : toset([])
  role       = aws_iam_role.workspace.name
  policy_arn = each.value
}

# secrets-injection secrets-manager: the role may read the named secrets.
resource "aws_iam_role_policy" "secrets" {
  count = module.core.decisions.secrets == "secrets-manager-policy" && length(var.secret_arns) > 0 ? 1 : 0
  role  = aws_iam_role.workspace.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = var.secret_arns
    }]
  })
}

resource "aws_iam_instance_profile" "workspace" {
  name_prefix = local.prefix
  role        = aws_iam_role.workspace.name
}

# Network: no ingress (the agent dials out); egress rule by rule.
resource "aws_security_group" "workspace" {
  name_prefix = local.prefix
  description = "Coder workspace ${var.owner}/${var.workspace_name} (network-egress: ${local.eff.network_egress})"
  vpc_id      = var.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_egress_rule" "rule" {
  for_each          = module.core.security_group_egress
  security_group_id = aws_security_group.workspace.id
  description       = each.value.description
  ip_protocol       = each.value.ip_protocol
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.vpc ? one(data.aws_vpc.workspace[*].cidr_block) : each.value.cidr_ipv4
  cidr_ipv6         = each.value.cidr_ipv6
}

resource "aws_vpc_security_group_egress_rule" "coder" {
  for_each          = toset(var.coder_cidrs)
  security_group_id = aws_security_group.workspace.id
  description       = "HTTPS to the Coder control plane"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_instance" "workspace" {
  ami                         = local.ami_id
  instance_type               = module.core.decisions.instance_type
  subnet_id                   = var.subnet_id
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.workspace.id]
  iam_instance_profile        = aws_iam_instance_profile.workspace.name
  ebs_optimized               = true
  monitoring                  = true
  user_data_replace_on_change = false
  user_data                   = local.user_data

  # IMDSv2 only, one hop: a container on the instance cannot reach it.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = module.core.decisions.root_gib
    encrypted   = true
    kms_key_id  = var.kms_key_id
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = local.ami_id != null
      error_message = "image_id is not an AMI (ami-…) and ami_id is not set: the instance has no image."
    }
    precondition {
      condition     = !local.eff.artifact_cache || var.artifact_cache_efs_id != null
      error_message = "artifact-cache needs artifact_cache_efs_id, the EFS file system of the shared cache."
    }
  }
}

# persistent-home: a volume of its own, sized by the core in whole GiB; it
# is detached, not destroyed, when the instance stops or is replaced.
resource "aws_ebs_volume" "home" {
  count             = local.eff.persistent_home ? 1 : 0
  availability_zone = data.aws_subnet.workspace.availability_zone
  type              = "gp3"
  size              = module.core.decisions.home_gib
  encrypted         = true
  kms_key_id        = var.kms_key_id
  tags              = local.tags
}

resource "aws_volume_attachment" "home" {
  count                          = local.eff.persistent_home ? 1 : 0
  device_name                    = "/dev/sdh"
  volume_id                      = aws_ebs_volume.home[0].id
  instance_id                    = aws_instance.workspace.id
  stop_instance_before_detaching = true
}
