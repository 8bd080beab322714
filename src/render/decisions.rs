//! What render decided, platform-neutral and small: the instance type,
//! volume sizes, egress rules, the pod's resources and identity, the
//! container's sizes. Read from the rendered artefacts (the contract
//! outputs, the Kubernetes objects, the Terraform blocks), never
//! recomputed, so that a second implementation of the decisions (the
//! provider-free core module of `render::core`) can be compared with
//! what render writes.
//!
//! Every key is always present (null when the platform has no such
//! decision):
//!
//! - `platform`, `name` (the DNS-1123 label of the workspace's objects);
//! - `instance_type`, `root_gib`, `home_gib`, `role_policies` (the
//!   instance role holds the workspace's policies: identity-mode iam),
//!   EC2;
//! - `home_claim`, `cache_claim` (claim sizes as written), `cpu`,
//!   `memory` (the pod's requests), `gpu_limit`,
//!   `service_account_annotation` (its key), `projected_token` (an OIDC
//!   token is projected), Kubernetes;
//! - `docker_memory_mib`, `docker_cpu_shares`, `home_bind` (the host
//!   directory, the Coder data sources read as the inputs),
//!   `egress_label`, docker-sysbox;
//! - `egress`: every egress rule as `PROTOCOL PORT DESTINATION[ except
//!   CIDR,…]` (`all all` for every protocol and port; destinations are
//!   CIDRs, `coder` for the control plane's addresses, `vpc` for the VPC's
//!   block, `NAMESPACE/LABELS` for pods), sorted; null on docker-sysbox,
//!   where the host's firewall enforces it;
//! - `secrets`: how secrets reach the workspace (`secret-env`,
//!   `vault-agent`, `secrets-store-csi`, `secrets-manager-policy`) or null;
//! - `gui`: `vnc`, `vnc+dcv` (ec2-gpu), `rdp` or null;
//! - `volume_mounts`: the contract output as `PATH TYPE SIZE CLASS` (`-`
//!   when unset), sorted; `runtime_env`: the contract output.

use serde_json::{Map, Value, json};

use super::hcl::{Block, Expr, Item};
use super::{Options, Rendered, Target};

/// The placeholder of the control plane's addresses.
const CODER_PLACEHOLDER: &str = "<wsc:placeholder coder_cidrs>";

fn find<'b>(blocks: &'b [Block], kind: &str, labels: &[&str]) -> Option<&'b Block> {
    blocks.iter().find(|b| {
        b.kind == kind
            && b.labels
                .iter()
                .map(String::as_str)
                .eq(labels.iter().copied())
    })
}

fn attr<'b>(b: &'b Block, name: &str) -> Option<&'b Expr> {
    b.body.iter().find_map(|i| match i {
        Item::Attr(n, e) if n == name => Some(e),
        _ => None,
    })
}

fn inner<'b>(b: &'b Block, kind: &str) -> Option<&'b Block> {
    b.body.iter().find_map(|i| match i {
        Item::Block(x) if x.kind == kind => Some(x),
        _ => None,
    })
}

fn num(e: Option<&Expr>) -> Value {
    match e {
        Some(Expr::Num(n)) => json!(n),
        _ => Value::Null,
    }
}

fn text(e: Option<&Expr>) -> Value {
    match e {
        Some(Expr::Str(v)) => json!(v),
        _ => Value::Null,
    }
}

/// A rule's destination in the EC2 Terraform: a CIDR, or what a
/// reference stands for.
fn ec2_destination(rule: &Block) -> String {
    let cidr = attr(rule, "cidr_ipv4").or_else(|| attr(rule, "cidr_ipv6"));
    match cidr {
        Some(Expr::Str(c)) => c.clone(),
        Some(Expr::Raw(r)) if r == "each.value" => match attr(rule, "for_each") {
            Some(Expr::Raw(f)) if f.contains("var.coder_cidrs") => "coder".to_string(),
            Some(Expr::Raw(f)) => f.clone(),
            _ => r.clone(),
        },
        Some(Expr::Raw(r)) if r == "data.aws_vpc.workspace.cidr_block" => "vpc".to_string(),
        Some(Expr::Raw(r)) => r.clone(),
        _ => "?".to_string(),
    }
}

fn ec2_egress(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter(|b| {
            b.kind == "resource"
                && b.labels.first().map(String::as_str)
                    == Some("aws_vpc_security_group_egress_rule")
        })
        .map(|rule| {
            let (protocol, port) = match (attr(rule, "ip_protocol"), attr(rule, "from_port")) {
                (Some(Expr::Str(p)), _) if p == "-1" => ("all".to_string(), "all".to_string()),
                (Some(Expr::Str(p)), Some(Expr::Num(n))) => (p.to_ascii_lowercase(), n.to_string()),
                (Some(Expr::Str(p)), _) => (p.to_ascii_lowercase(), "all".to_string()),
                _ => ("?".to_string(), "?".to_string()),
            };
            format!("{protocol} {port} {}", ec2_destination(rule))
        })
        .collect()
}

/// `k=v,k=v` of a label selector's `matchLabels`, `*` when it selects all.
fn selector(v: &Value) -> String {
    match v.get("matchLabels").and_then(Value::as_object) {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(k, x)| format!("{k}={}", x.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(","),
        _ => "*".to_string(),
    }
}

/// A NetworkPolicy peer: a CIDR (and its exceptions) or pods.
fn k8s_peer(p: &Value) -> String {
    if let Some(ip) = p.get("ipBlock") {
        let cidr = ip.get("cidr").and_then(Value::as_str).unwrap_or_default();
        let cidr = if cidr == CODER_PLACEHOLDER {
            "coder"
        } else {
            cidr
        };
        let except: Vec<&str> = ip
            .get("except")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if except.is_empty() {
            return cidr.to_string();
        }
        return format!("{cidr} except {}", except.join(","));
    }
    let ns = p
        .get("namespaceSelector")
        .and_then(|n| n.get("matchLabels"))
        .and_then(|m| m.get("kubernetes.io/metadata.name"))
        .and_then(Value::as_str)
        .unwrap_or("*");
    let pods = p
        .get("podSelector")
        .map_or_else(|| "*".to_string(), selector);
    format!("{ns}/{pods}")
}

fn k8s_egress(policy: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let rules = policy["spec"]["egress"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for rule in &rules {
        let peers: Vec<String> = match rule.get("to").and_then(Value::as_array) {
            Some(to) if !to.is_empty() => to.iter().map(k8s_peer).collect(),
            _ => vec!["*".to_string()],
        };
        let ports: Vec<String> = match rule.get("ports").and_then(Value::as_array) {
            Some(ports) if !ports.is_empty() => ports
                .iter()
                .map(|p| {
                    let protocol = p
                        .get("protocol")
                        .and_then(Value::as_str)
                        .unwrap_or("TCP")
                        .to_ascii_lowercase();
                    let port = match p.get("port") {
                        Some(Value::Number(n)) => n.to_string(),
                        Some(Value::String(s)) => s.clone(),
                        _ => "all".to_string(),
                    };
                    format!("{protocol} {port}")
                })
                .collect(),
            _ => vec!["all all".to_string()],
        };
        for port in &ports {
            for peer in &peers {
                out.push(format!("{port} {peer}"));
            }
        }
    }
    out
}

/// The object of a component (`home`, `egress`, `workspace`, …), as JSON.
fn component(objects: &[Value], name: &str) -> Option<Value> {
    objects
        .iter()
        .find(|o| o["metadata"]["labels"][super::kubernetes::COMPONENT].as_str() == Some(name))
        .cloned()
}

fn claim_size(claim: Option<&Value>) -> Value {
    claim.map_or(Value::Null, |c| {
        c["spec"]["resources"]["requests"]["storage"].clone()
    })
}

/// The Kubernetes decisions.
fn kubernetes(r: &Rendered<'_>, d: &mut Map<String, Value>) {
    let objects: Vec<Value> = r
        .objects
        .iter()
        .filter_map(|o| serde_json::to_value(o).ok())
        .collect();
    d.insert(
        "home_claim".into(),
        claim_size(component(&objects, "home").as_ref()),
    );
    d.insert(
        "cache_claim".into(),
        claim_size(component(&objects, "cache").as_ref()),
    );
    let pod = component(&objects, "workspace").unwrap_or(Value::Null);
    let container = &pod["spec"]["containers"][0];
    let requests = &container["resources"]["requests"];
    d.insert("cpu".into(), requests["cpu"].clone());
    d.insert("memory".into(), requests["memory"].clone());
    d.insert(
        "gpu_limit".into(),
        container["resources"]["limits"]["nvidia.com/gpu"]
            .as_str()
            .and_then(|g| g.parse::<u64>().ok())
            .map_or(Value::Null, |g| json!(g)),
    );
    let sa = component(&objects, "identity").unwrap_or(Value::Null);
    d.insert(
        "service_account_annotation".into(),
        sa["metadata"]["annotations"]
            .as_object()
            .and_then(|a| a.keys().next())
            .map_or(Value::Null, |k| json!(k)),
    );
    let volumes = pod["spec"]["volumes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    d.insert(
        "projected_token".into(),
        json!(volumes.iter().any(|v| {
            v["projected"]["sources"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x.get("serviceAccountToken").is_some()))
        })),
    );
    let env_secret = container["envFrom"]
        .as_array()
        .is_some_and(|e| e.iter().any(|x| x.get("secretRef").is_some()));
    let vault = pod["metadata"]["annotations"]["vault.hashicorp.com/agent-inject"] == "true";
    let csi = volumes
        .iter()
        .any(|v| v["csi"]["driver"] == "secrets-store.csi.k8s.io");
    let secrets = if csi {
        json!("secrets-store-csi")
    } else if vault {
        json!("vault-agent")
    } else if env_secret {
        json!("secret-env")
    } else {
        Value::Null
    };
    d.insert("secrets".into(), secrets);
    let vnc = container["ports"]
        .as_array()
        .is_some_and(|p| p.iter().any(|x| x["name"] == "vnc"));
    d.insert("gui".into(), if vnc { json!("vnc") } else { Value::Null });
    let policy = component(&objects, "egress").unwrap_or(Value::Null);
    d.insert("egress".into(), sorted(k8s_egress(&policy)));
}

/// The EC2 decisions.
fn ec2(blocks: &[Block], d: &mut Map<String, Value>) {
    let instance = find(blocks, "resource", &["aws_instance", "workspace"]);
    d.insert(
        "instance_type".into(),
        text(instance.and_then(|i| attr(i, "instance_type"))),
    );
    d.insert(
        "root_gib".into(),
        num(instance
            .and_then(|i| inner(i, "root_block_device"))
            .and_then(|r| attr(r, "volume_size"))),
    );
    d.insert(
        "home_gib".into(),
        num(find(blocks, "resource", &["aws_ebs_volume", "home"]).and_then(|v| attr(v, "size"))),
    );
    d.insert(
        "role_policies".into(),
        json!(
            find(
                blocks,
                "resource",
                &["aws_iam_role_policy_attachment", "workspace"]
            )
            .is_some()
        ),
    );
    d.insert(
        "secrets".into(),
        if find(blocks, "resource", &["aws_iam_role_policy", "secrets"]).is_some() {
            json!("secrets-manager-policy")
        } else {
            Value::Null
        },
    );
    let user_data = match instance.and_then(|i| attr(i, "user_data")) {
        Some(Expr::Heredoc(t)) => t.as_str(),
        _ => "",
    };
    let gui = if user_data.contains("fDenyTSConnections") {
        json!("rdp")
    } else if user_data.contains("dcvserver") {
        json!("vnc+dcv")
    } else if user_data.contains("vncserver") {
        json!("vnc")
    } else {
        Value::Null
    };
    d.insert("gui".into(), gui);
    d.insert("egress".into(), sorted(ec2_egress(blocks)));
}

/// The docker-sysbox decisions.
fn docker(r: &Rendered<'_>, blocks: &[Block], d: &mut Map<String, Value>) {
    let container = find(blocks, "resource", &["docker_container", "workspace"]);
    d.insert(
        "docker_memory_mib".into(),
        num(container.and_then(|c| attr(c, "memory"))),
    );
    d.insert(
        "docker_cpu_shares".into(),
        num(container.and_then(|c| attr(c, "cpu_shares"))),
    );
    // The home bind's template, its data sources read as the inputs.
    let bind = find(blocks, "locals", &[])
        .and_then(|l| attr(l, "home_bind"))
        .and_then(|e| match e {
            Expr::Raw(t) => Some(
                t.trim_matches('"')
                    .replace("${local.owner}", &r.plan.owner)
                    .replace("${local.workspace}", &r.plan.workspace),
            ),
            _ => None,
        });
    d.insert("home_bind".into(), bind.map_or(Value::Null, |b| json!(b)));
    let label = container.and_then(|c| {
        c.body.iter().find_map(|i| match i {
            Item::Block(l)
                if l.kind == "labels"
                    && matches!(attr(l, "label"), Some(Expr::Str(k)) if k == "wsc.dev/network-egress") =>
            {
                Some(text(attr(l, "value")))
            }
            _ => None,
        })
    });
    d.insert("egress_label".into(), label.unwrap_or(Value::Null));
    let agent = find(blocks, "resource", &["coder_agent", "main"]);
    let display = matches!(
        agent.and_then(|a| attr(a, "env")),
        Some(Expr::Object(env)) if env.iter().any(|(k, _)| k == "DISPLAY")
    );
    d.insert(
        "gui".into(),
        if display { json!("vnc") } else { Value::Null },
    );
}

fn sorted(mut v: Vec<String>) -> Value {
    v.sort();
    Value::Array(v.into_iter().map(Value::String).collect())
}

/// What render decided for a rendered composition (see the module docs).
pub fn decisions(r: &Rendered<'_>, opts: &Options) -> Value {
    let mut d = Map::new();
    for key in [
        "instance_type",
        "root_gib",
        "home_gib",
        "role_policies",
        "home_claim",
        "cache_claim",
        "cpu",
        "memory",
        "gpu_limit",
        "service_account_annotation",
        "projected_token",
        "docker_memory_mib",
        "docker_cpu_shares",
        "home_bind",
        "egress_label",
        "egress",
        "secrets",
        "gui",
    ] {
        d.insert(key.into(), Value::Null);
    }
    d.insert("platform".into(), json!(r.outputs.metadata.platform));
    d.insert("name".into(), json!(r.plan.name));
    let blocks = if r.target == Target::Kubernetes {
        Vec::new()
    } else {
        r.terraform(opts).unwrap_or_default()
    };
    match r.target {
        Target::Kubernetes => kubernetes(r, &mut d),
        Target::DockerSysbox => docker(r, &blocks, &mut d),
        _ => ec2(&blocks, &mut d),
    }
    let mounts: Vec<String> = r
        .outputs
        .volume_mounts
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m.path,
                m.kind,
                m.size.as_deref().unwrap_or("-"),
                m.storage_class.as_deref().unwrap_or("-")
            )
        })
        .collect();
    d.insert("volume_mounts".into(), sorted(mounts));
    let env: Map<String, Value> = r
        .outputs
        .runtime_env
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    d.insert("runtime_env".into(), Value::Object(env));
    Value::Object(d)
}
