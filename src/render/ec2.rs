//! The ec2-linux, ec2-windows and ec2-gpu platforms as Terraform (the AWS
//! provider): the instance type chosen for the profile, IMDSv2 only,
//! encrypted gp3 volumes in whole GiB, a home volume of its own that
//! outlives the instance, a security group whose egress rules follow
//! network-egress (one rule resource per address), an instance profile
//! that can read the agent token from Parameter Store, and user data that
//! fetches the token (never carries it), mounts the home volume by its
//! device id and starts the agent.

use crate::contract::model::{ImageRef, Os};

use super::hcl::{Block, Expr, heredoc_literal, raw, required_providers, s, variable};
use super::outputs::{CACHE_DIRS, Outputs, home};
use super::plan::{Egress, Identity, Plan, Secrets};
use super::{Options, Target, placeholder};

/// The root volume of every instance, GiB.
pub const ROOT_GIB: i64 = 50;

/// The device name the home volume is attached as (Nitro instances show it
/// as an NVMe device named after the volume id instead).
pub const HOME_DEVICE: &str = "/dev/sdh";

/// The VPC's DNS resolver (the Amazon-provided one, reachable from every
/// subnet).
pub const VPC_RESOLVER: &str = "169.254.169.253/32";

fn egress_rule(
    name: &str,
    description: &str,
    protocol: &str,
    port: Option<i64>,
    cidr: Expr,
    v6: bool,
) -> Block {
    let mut b = Block::new("resource", &["aws_vpc_security_group_egress_rule", name])
        .attr("security_group_id", raw("aws_security_group.workspace.id"))
        .attr("description", s(description))
        .attr("ip_protocol", s(protocol));
    if let Some(p) = port {
        b = b
            .attr("from_port", Expr::Num(p))
            .attr("to_port", Expr::Num(p));
    }
    b.attr(if v6 { "cidr_ipv6" } else { "cidr_ipv4" }, cidr)
}

/// A Terraform variable in a shell's single quotes (its own single quotes
/// escaped by Terraform's `replace`).
fn sh_var(name: &str) -> String {
    format!("'${{replace(var.{name}, \"'\", \"'\\\\''\")}}'")
}

/// A Terraform variable in PowerShell's single quotes.
fn ps_var(name: &str) -> String {
    format!("'${{replace(var.{name}, \"'\", \"''\")}}'")
}

/// A value for a POSIX shell, in single quotes.
pub fn sh_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}

/// A value for PowerShell, in single quotes.
pub fn ps_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// The user data: a shell script (Linux) or a PowerShell script (Windows)
/// as a heredoc template, every value it embeds escaped for the shell that
/// runs it and for Terraform's template syntax.
fn user_data(plan: &Plan<'_>, outputs: &Outputs, target: Target) -> String {
    let mut lines: Vec<String> = Vec::new();
    let home = home(plan.os);
    match plan.os {
        Os::Linux => {
            lines.push("#!/bin/bash".to_string());
            lines.push("set -euo pipefail".to_string());
            if plan.caps.persistent_home {
                // Nitro instances name the volume's NVMe device after its id.
                lines.push("dev=/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${replace(aws_ebs_volume.home.id, \"-\", \"\")}".to_string());
                lines.push(format!("[ -e \"$dev\" ] || dev={HOME_DEVICE}"));
                lines.push("until [ -e \"$dev\" ]; do sleep 1; done".to_string());
                lines.push("blkid \"$dev\" >/dev/null || mkfs.ext4 -q \"$dev\"".to_string());
                lines.push(format!("mkdir -p {home}"));
                lines.push(format!("grep -q ' {home} ' /etc/fstab || echo \"$dev {home} ext4 defaults,nofail 0 2\" >> /etc/fstab"));
                lines.push(format!("mountpoint -q {home} || mount {home}"));
            }
            if plan.caps.artifact_cache {
                // The shared cache: one EFS file system (TLS in transit),
                // each cache directory bound from it.
                lines.push("mkdir -p /mnt/artifact-cache".to_string());
                lines.push(format!("mountpoint -q /mnt/artifact-cache || mount -t efs -o tls {}:/ /mnt/artifact-cache", sh_var("artifact_cache_efs_id")));
                for (dir, _, _) in CACHE_DIRS {
                    let shared = dir.trim_start_matches('.');
                    lines.push(format!("mkdir -p /mnt/artifact-cache/{shared} {home}/{dir} && chown coder:coder /mnt/artifact-cache/{shared} {home}/{dir}"));
                    lines.push(format!("mountpoint -q {home}/{dir} || mount --bind /mnt/artifact-cache/{shared} {home}/{dir}"));
                }
            }
            if plan.caps.gui_vnc {
                // A VNC server on the loopback address only: users reach it
                // through the agent's port forwarding, never the network. On
                // ec2-gpu, NICE DCV (in the AMI) serves the GPU's display.
                if target == Target::Ec2Gpu {
                    lines.push("systemctl enable --now dcvserver || echo \"[boot] dcvserver not started\" >&2".to_string());
                }
                lines.push("if command -v vncserver >/dev/null; then sudo -u coder vncserver :1 -localhost yes -SecurityTypes None || echo \"[boot] vncserver not started\" >&2; else echo \"[boot] gui-vnc: the AMI has no vncserver\" >&2; fi".to_string());
            }
            if target == Target::Ec2Gpu && plan.compute.gpu_count > 0 {
                lines.push("# GPU drivers come with the AMI (a Deep Learning AMI); CUDA_VISIBLE_DEVICES stays unset.".to_string());
                lines.push("nvidia-smi >/dev/null".to_string());
            }
            for (k, v) in &outputs.runtime_env {
                lines.push(heredoc_literal(&format!(
                    "echo {} >> /etc/environment",
                    sh_quote(&format!("{k}={v}"))
                )));
            }
            // Variables reach the script in single quotes, their own quotes
            // escaped by Terraform.
            lines.push(format!("export CODER_AGENT_TOKEN=\"$(aws ssm get-parameter --with-decryption --name {} --query Parameter.Value --output text)\"", sh_var("agent_token_parameter")));
            lines.push(format!("export CODER_AGENT_URL={}", sh_var("coder_url")));
            lines.push("exec sudo --preserve-env=CODER_AGENT_TOKEN,CODER_AGENT_URL -u coder sh -c \"$AGENT_INIT\"".to_string());
            // The agent's init script arrives as a variable, base64-encoded so no
            // character of it is read by the shell that writes it.
            lines.insert(
                2,
                "AGENT_INIT=\"$(echo '${base64encode(var.agent_init_script)}' | base64 -d)\""
                    .to_string(),
            );
        }
        Os::Windows => {
            lines.push("<powershell>".to_string());
            lines.push("$ErrorActionPreference = 'Stop'".to_string());
            if plan.caps.persistent_home {
                lines.push("Get-Disk | Where-Object PartitionStyle -eq 'RAW' | Initialize-Disk -PartitionStyle GPT -PassThru | New-Partition -DriveLetter D -UseMaximumSize | Format-Volume -FileSystem NTFS -Confirm:$false".to_string());
            }
            if plan.caps.gui_rdp {
                lines.push("Set-ItemProperty -Path 'HKLM:\\System\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections -Value 0".to_string());
            }
            for (k, v) in &outputs.runtime_env {
                lines.push(heredoc_literal(&format!(
                    "[Environment]::SetEnvironmentVariable({}, {}, 'Machine')",
                    ps_quote(k),
                    ps_quote(v)
                )));
            }
            lines.push(format!("$env:CODER_AGENT_TOKEN = (Get-SSMParameterValue -Name {} -WithDecryption $true).Parameters[0].Value", ps_var("agent_token_parameter")));
            lines.push(format!("$env:CODER_AGENT_URL = {}", ps_var("coder_url")));
            lines.push("$init = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64encode(var.agent_init_script)}'))".to_string());
            lines.push("Invoke-Expression $init".to_string());
            lines.push("</powershell>".to_string());
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The Terraform blocks of an EC2 workspace.
pub fn blocks(plan: &Plan<'_>, outputs: &Outputs, target: Target, opts: &Options) -> Vec<Block> {
    let base = &opts.base;
    let instance = outputs.instance.as_ref();
    let instance_type = instance.map_or_else(|| placeholder("instance_type"), |i| i.name.clone());
    let ami = match &plan.image {
        ImageRef::Ami(id) => Some(id.clone()),
        ImageRef::Oci { .. } => base.ami_id.clone(),
    };
    let mut out = vec![
        required_providers(&[("aws", "hashicorp/aws", ">= 5.30, < 7.0")]),
        variable(
            "subnet_id",
            "string",
            "the subnet of the workspace instance",
            None,
        ),
        variable("vpc_id", "string", "the VPC of the subnet", None),
        variable("ami_id", "string", "the AMI of the workspace", ami.map(s)),
        variable(
            "coder_url",
            "string",
            "the Coder access URL the agent dials",
            base.coder_url.clone().map(s),
        ),
        variable(
            "coder_cidrs",
            "list(string)",
            "the addresses of the Coder control plane (HTTPS is allowed to them whatever network-egress says)",
            (!base.coder_cidrs.is_empty())
                .then(|| Expr::List(base.coder_cidrs.iter().map(|c| s(c.clone())).collect())),
        ),
        variable(
            "agent_token_parameter",
            "string",
            "the SSM Parameter Store name (SecureString) of the agent token; the instance reads it with its own identity",
            None,
        ),
        variable(
            "kms_key_id",
            "string",
            "the KMS key (a customer managed key) that encrypts the volumes; null: the account's default EBS key",
            Some(raw("null")),
        ),
        variable(
            "agent_init_script",
            "string",
            "the Coder agent's init script (coder_agent.init_script)",
            None,
        ),
    ];
    out.push(Block::new("data", &["aws_subnet", "workspace"]).attr("id", raw("var.subnet_id")));
    out.push(Block::new("locals", &[]).attr(
        "tags",
        Expr::Object(vec![
            ("Name".to_string(), s(plan.name.clone())),
            ("coder.com/owner".to_string(), s(plan.owner.clone())),
            ("coder.com/workspace".to_string(), s(plan.workspace.clone())),
            (
                "wsc.dev/platform".to_string(),
                s(plan.platform.name.clone()),
            ),
            ("managed-by".to_string(), s("wsc")),
        ]),
    ));
    // Identity: a role the instance takes on, allowed to read its token.
    out.push(
        Block::new("resource", &["aws_iam_role", "workspace"])
            .attr("name_prefix", s(format!("{}-", truncate(&plan.name, 32))))
            .attr(
                "assume_role_policy",
                policy(vec![
                    ("Effect", s("Allow")),
                    (
                        "Principal",
                        Expr::Object(vec![("Service".to_string(), s("ec2.amazonaws.com"))]),
                    ),
                    ("Action", s("sts:AssumeRole")),
                ]),
            )
            .attr("tags", raw("local.tags")),
    );
    out.push(
        Block::new("resource", &["aws_iam_role_policy", "agent_token"])
            .attr("role", raw("aws_iam_role.workspace.id"))
            .attr(
                "policy",
                policy(vec![
                    ("Effect", s("Allow")),
                    ("Action", Expr::List(vec![s("ssm:GetParameter")])),
                    (
                        "Resource",
                        raw("\"arn:aws:ssm:*:*:parameter/${trimprefix(var.agent_token_parameter, \"/\")}\""),
                    ),
                ]),
            ),
    );
    // What the workspace itself may do, by identity mode.
    match plan.caps.identity {
        // The instance role is the workspace's AWS identity: the policies
        // the platform grants it.
        Identity::Iam => {
            out.push(variable(
                "workspace_policy_arns",
                "list(string)",
                "identity-mode iam: the IAM policies the workspace's role holds (its AWS identity)",
                Some(Expr::List(Vec::new())),
            ));
            out.push(
                Block::new("resource", &["aws_iam_role_policy_attachment", "workspace"])
                    .attr("for_each", raw("toset(var.workspace_policy_arns)"))
                    .attr("role", raw("aws_iam_role.workspace.name"))
                    .attr("policy_arn", raw("each.value")),
            );
        }
        // Federated identities: the instance role reads the agent token and
        // nothing else; the workspace presents another identity.
        Identity::Oidc | Identity::WorkloadIdentity => {}
    }
    if plan.caps.secrets == Secrets::SecretsManager {
        out.push(variable(
            "secret_arns",
            "list(string)",
            "secrets-injection secrets-manager: the Secrets Manager secrets the workspace may read",
            Some(Expr::List(Vec::new())),
        ));
        out.push(
            Block::new("resource", &["aws_iam_role_policy", "secrets"])
                .attr("count", raw("length(var.secret_arns) > 0 ? 1 : 0"))
                .attr("role", raw("aws_iam_role.workspace.id"))
                .attr(
                    "policy",
                    policy(vec![
                        ("Effect", s("Allow")),
                        (
                            "Action",
                            Expr::List(vec![s("secretsmanager:GetSecretValue")]),
                        ),
                        ("Resource", raw("var.secret_arns")),
                    ]),
                ),
        );
    }
    out.push(
        Block::new("resource", &["aws_iam_instance_profile", "workspace"])
            .attr("name_prefix", s(format!("{}-", truncate(&plan.name, 32))))
            .attr("role", raw("aws_iam_role.workspace.name")),
    );
    // Network: no ingress (the agent dials out); egress by mode.
    out.push(
        Block::new("resource", &["aws_security_group", "workspace"])
            .attr("name_prefix", s(format!("{}-", truncate(&plan.name, 32))))
            .attr(
                "description",
                s(format!(
                    "Coder workspace {}/{} (network-egress: {})",
                    plan.owner,
                    plan.workspace,
                    plan.caps.egress.name()
                )),
            )
            .attr("vpc_id", raw("var.vpc_id"))
            .attr("tags", raw("local.tags")),
    );
    out.push(egress_rule(
        "dns_udp",
        "DNS to the VPC resolver",
        "udp",
        Some(53),
        s(VPC_RESOLVER),
        false,
    ));
    out.push(egress_rule(
        "dns_tcp",
        "DNS to the VPC resolver",
        "tcp",
        Some(53),
        s(VPC_RESOLVER),
        false,
    ));
    out.push(
        egress_rule(
            "coder",
            "HTTPS to the Coder control plane",
            "tcp",
            Some(443),
            raw("each.value"),
            false,
        )
        .attr("for_each", raw("toset(var.coder_cidrs)")),
    );
    if plan.caps.artifact_cache {
        out.push(variable(
            "artifact_cache_efs_id",
            "string",
            "artifact-cache: the EFS file system shared by the workspaces' caches (its mount targets in the VPC)",
            None,
        ));
        out.push(Block::new("data", &["aws_vpc", "workspace"]).attr("id", raw("var.vpc_id")));
        out.push(egress_rule(
            "artifact_cache",
            "NFS to the artifact cache's EFS mount targets in the VPC",
            "tcp",
            Some(2049),
            raw("data.aws_vpc.workspace.cidr_block"),
            false,
        ));
    }
    match plan.caps.egress {
        Egress::None => {}
        Egress::HttpsOnly => {
            out.push(egress_rule(
                "https_v4",
                "HTTPS anywhere (network-egress https-only)",
                "tcp",
                Some(443),
                s("0.0.0.0/0"),
                false,
            ));
            out.push(egress_rule(
                "https_v6",
                "HTTPS anywhere (network-egress https-only)",
                "tcp",
                Some(443),
                s("::/0"),
                true,
            ));
        }
        Egress::Unrestricted => {
            out.push(egress_rule(
                "all_v4",
                "everything (network-egress unrestricted)",
                "-1",
                None,
                s("0.0.0.0/0"),
                false,
            ));
            out.push(egress_rule(
                "all_v6",
                "everything (network-egress unrestricted)",
                "-1",
                None,
                s("::/0"),
                true,
            ));
        }
    }
    let inst = Block::new("resource", &["aws_instance", "workspace"])
        .attr("ami", raw("var.ami_id"))
        .attr("instance_type", s(instance_type))
        .attr("subnet_id", raw("var.subnet_id"))
        .attr("associate_public_ip_address", Expr::Bool(false))
        .attr(
            "vpc_security_group_ids",
            Expr::List(vec![raw("aws_security_group.workspace.id")]),
        )
        .attr(
            "iam_instance_profile",
            raw("aws_iam_instance_profile.workspace.name"),
        )
        .attr("ebs_optimized", Expr::Bool(true))
        .attr("monitoring", Expr::Bool(true))
        .attr("user_data_replace_on_change", Expr::Bool(false))
        .attr("user_data", Expr::Heredoc(user_data(plan, outputs, target)))
        .block(
            Block::new("metadata_options", &[])
                .attr("http_endpoint", s("enabled"))
                .attr("http_tokens", s("required"))
                .attr("http_put_response_hop_limit", Expr::Num(1)),
        )
        .block(
            Block::new("root_block_device", &[])
                .attr("volume_type", s("gp3"))
                .attr("volume_size", Expr::Num(ROOT_GIB))
                .attr("encrypted", Expr::Bool(true))
                .attr("kms_key_id", raw("var.kms_key_id")),
        )
        .attr("tags", raw("local.tags"));
    out.push(inst);
    if plan.caps.persistent_home {
        let gib = plan.compute.storage.gib_ceil();
        out.push(
            Block::new("resource", &["aws_ebs_volume", "home"])
                .attr(
                    "availability_zone",
                    raw("data.aws_subnet.workspace.availability_zone"),
                )
                .attr("type", s("gp3"))
                .attr("size", Expr::Num(i64::try_from(gib).unwrap_or(i64::MAX)))
                .attr("encrypted", Expr::Bool(true))
                .attr("kms_key_id", raw("var.kms_key_id"))
                .attr("tags", raw("local.tags")),
        );
        out.push(
            Block::new("resource", &["aws_volume_attachment", "home"])
                .attr("device_name", s(HOME_DEVICE))
                .attr("volume_id", raw("aws_ebs_volume.home.id"))
                .attr("instance_id", raw("aws_instance.workspace.id"))
                .attr("stop_instance_before_detaching", Expr::Bool(true)),
        );
    }
    out
}

/// `jsonencode({ Version = "2012-10-17", Statement = [{ … }] })`.
fn policy(statement: Vec<(&str, Expr)>) -> Expr {
    Expr::Call(
        "jsonencode".to_string(),
        vec![Expr::Object(vec![
            ("Version".to_string(), s("2012-10-17")),
            (
                "Statement".to_string(),
                Expr::List(vec![Expr::Object(
                    statement
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )]),
            ),
        ])],
    )
}

fn truncate(s: &str, n: usize) -> &str {
    &s[..s.len().min(n)]
}
