//! The kubernetes platform: typed Kubernetes objects for a plan (never
//! string templates), so every field name and type is the API's own.
//!
//! What each capability becomes:
//! - persistent-home: a ReadWriteOnce claim of the profile's storage,
//!   mounted at the home;
//! - network-egress: a NetworkPolicy that denies ingress and allows egress
//!   to DNS (kube-dns, UDP and TCP 53) and the Coder control plane always,
//!   TCP 443 outside the cluster for https-only, everything for
//!   unrestricted; the cloud metadata address is never reachable;
//! - identity-mode: a ServiceAccount annotated for IRSA (iam) or GKE
//!   workload identity, or a projected token with an audience (oidc); the
//!   API token is never mounted;
//! - secrets-injection: a Secret's keys as variables, Vault Agent
//!   annotations, or a Secrets Store CSI volume;
//! - artifact-cache: one shared ReadWriteMany claim mounted at the cache
//!   directories;
//! - gui-vnc: a VNC port on the container, reached through the agent (no
//!   Service, no host port).
//!
//! The pod meets the "restricted" Pod Security Standard.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    CSIVolumeSource, Capabilities, ConfigMap, ConfigMapKeySelector, Container, ContainerPort,
    EnvFromSource, EnvVar, EnvVarSource, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, Pod, PodSecurityContext, PodSpec, ProjectedVolumeSource,
    ResourceRequirements, SeccompProfile, SecretEnvSource, SecretKeySelector, SecurityContext,
    ServiceAccount, ServiceAccountTokenProjection, Volume, VolumeMount, VolumeProjection,
    VolumeResourceRequirements,
};
use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort,
    NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

use crate::contract::catalog::Catalog;

use super::names::with_suffix;
use super::outputs::{CACHE_DIRS, DEFAULT_CACHE_SIZE};
use super::plan::{Egress, Identity, Plan, Secrets};
use super::{Options, placeholder};

/// The cloud metadata addresses (IPv4 and IPv6) no workspace reaches.
pub const METADATA_CIDRS: &[&str] = &["169.254.169.254/32", "fd00:ec2::254/128"];

/// The VNC port of gui-vnc.
pub const VNC_PORT: i32 = 5901;

/// The user id of the workspace user (the contract's `coder`).
pub const UID: i64 = 1000;

/// Every object of a workspace, in the order they are applied.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Object {
    ServiceAccount(Box<ServiceAccount>),
    ConfigMap(Box<ConfigMap>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    NetworkPolicy(Box<NetworkPolicy>),
    Pod(Box<Pod>),
}

impl Object {
    /// `Kind/name`, for messages and tests.
    pub fn id(&self) -> String {
        let (kind, meta) = match self {
            Object::ServiceAccount(o) => ("ServiceAccount", &o.metadata),
            Object::ConfigMap(o) => ("ConfigMap", &o.metadata),
            Object::PersistentVolumeClaim(o) => ("PersistentVolumeClaim", &o.metadata),
            Object::NetworkPolicy(o) => ("NetworkPolicy", &o.metadata),
            Object::Pod(o) => ("Pod", &o.metadata),
        };
        format!("{kind}/{}", meta.name.as_deref().unwrap_or_default())
    }
}

/// The label that says what part of the workspace an object is (and
/// names its `kubernetes_manifest` resource).
pub const COMPONENT: &str = "app.kubernetes.io/component";

fn meta(
    name: &str,
    component: &str,
    plan: &Plan<'_>,
    opts: &Options,
    labels: &BTreeMap<String, String>,
) -> ObjectMeta {
    let mut labels = labels.clone();
    labels.insert(COMPONENT.to_string(), component.to_string());
    ObjectMeta {
        name: Some(name.to_string()),
        namespace: opts.base.namespace.clone(),
        labels: Some(labels),
        annotations: (!plan.annotations.is_empty()).then(|| plan.annotations.clone()),
        ..ObjectMeta::default()
    }
}

/// The labels of every object: who and what it is, and the composition's
/// own labels (which may not replace these).
pub fn labels(plan: &Plan<'_>, cat: &Catalog) -> BTreeMap<String, String> {
    let mut l: BTreeMap<String, String> = plan.labels.clone();
    for (k, v) in [
        ("app.kubernetes.io/name", "coder-workspace".to_string()),
        ("app.kubernetes.io/instance", plan.name.clone()),
        ("app.kubernetes.io/managed-by", "wsc".to_string()),
        ("coder.com/owner", plan.owner.clone()),
        ("coder.com/workspace", plan.workspace.clone()),
        ("wsc.dev/platform", plan.platform.name.clone()),
        ("wsc.dev/contract", cat.version.to_string()),
    ] {
        l.insert(k.to_string(), v);
    }
    l
}

fn quantity(s: impl Into<String>) -> KQuantity {
    KQuantity(s.into())
}

fn claim(
    name: &str,
    meta: ObjectMeta,
    mode: &str,
    size: String,
    class: Option<String>,
) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            ..meta
        },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec![mode.to_string()]),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), quantity(size))])),
                ..VolumeResourceRequirements::default()
            }),
            storage_class_name: class,
            ..PersistentVolumeClaimSpec::default()
        }),
        ..PersistentVolumeClaim::default()
    }
}

fn port(protocol: &str, n: i32) -> NetworkPolicyPort {
    NetworkPolicyPort {
        protocol: Some(protocol.to_string()),
        port: Some(IntOrString::Int(n)),
        ..NetworkPolicyPort::default()
    }
}

fn to_cidr(cidr: &str, except: &[String]) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        ip_block: Some(IPBlock {
            cidr: cidr.to_string(),
            except: (!except.is_empty()).then(|| except.to_vec()),
        }),
        ..NetworkPolicyPeer::default()
    }
}

/// The egress rules of a mode: DNS and the control plane always.
fn egress_rules(plan: &Plan<'_>, opts: &Options) -> Vec<NetworkPolicyEgressRule> {
    let base = &opts.base;
    let mut rules = vec![NetworkPolicyEgressRule {
        to: Some(vec![NetworkPolicyPeer {
            namespace_selector: Some(LabelSelector {
                match_labels: Some(BTreeMap::from([(
                    "kubernetes.io/metadata.name".to_string(),
                    "kube-system".to_string(),
                )])),
                ..LabelSelector::default()
            }),
            pod_selector: Some(LabelSelector {
                match_labels: Some(BTreeMap::from([(
                    "k8s-app".to_string(),
                    "kube-dns".to_string(),
                )])),
                ..LabelSelector::default()
            }),
            ..NetworkPolicyPeer::default()
        }]),
        ports: Some(vec![port("UDP", 53), port("TCP", 53)]),
    }];
    // The control plane in the cluster, by selector (policies see pod
    // addresses, so a Service address would not match).
    if base.control_plane_namespace.is_some() || !base.control_plane_labels.is_empty() {
        rules.push(NetworkPolicyEgressRule {
            to: Some(vec![NetworkPolicyPeer {
                namespace_selector: base
                    .control_plane_namespace
                    .as_ref()
                    .map(|ns| LabelSelector {
                        match_labels: Some(BTreeMap::from([(
                            "kubernetes.io/metadata.name".to_string(),
                            ns.clone(),
                        )])),
                        ..LabelSelector::default()
                    }),
                pod_selector: Some(LabelSelector {
                    match_labels: (!base.control_plane_labels.is_empty())
                        .then(|| base.control_plane_labels.clone()),
                    ..LabelSelector::default()
                }),
                ..NetworkPolicyPeer::default()
            }]),
            ports: None,
        });
    }
    // The access URL's addresses: HTTPS, and STUN for direct connections.
    let coder: Vec<String> = if base.coder_cidrs.is_empty() {
        vec![placeholder("coder_cidrs")]
    } else {
        base.coder_cidrs.clone()
    };
    rules.push(NetworkPolicyEgressRule {
        to: Some(coder.iter().map(|c| to_cidr(c, &[])).collect()),
        ports: Some(vec![port("TCP", 443), port("UDP", 3478)]),
    });
    let metadata: Vec<String> = METADATA_CIDRS.iter().map(|s| (*s).to_string()).collect();
    match plan.caps.egress {
        Egress::None => {}
        Egress::HttpsOnly => {
            let mut except4: Vec<String> = vec![METADATA_CIDRS[0].to_string()];
            except4.extend(
                base.cluster_cidrs
                    .iter()
                    .filter(|c| !c.contains(':'))
                    .cloned(),
            );
            let mut except6: Vec<String> = vec![METADATA_CIDRS[1].to_string()];
            except6.extend(
                base.cluster_cidrs
                    .iter()
                    .filter(|c| c.contains(':'))
                    .cloned(),
            );
            rules.push(NetworkPolicyEgressRule {
                to: Some(vec![
                    to_cidr("0.0.0.0/0", &except4),
                    to_cidr("::/0", &except6),
                ]),
                ports: Some(vec![port("TCP", 443)]),
            });
        }
        Egress::Unrestricted => {
            rules.push(NetworkPolicyEgressRule {
                to: Some(vec![
                    to_cidr("0.0.0.0/0", &metadata[..1]),
                    to_cidr("::/0", &metadata[1..]),
                ]),
                ports: None,
            });
        }
    }
    rules
}

fn env(name: &str, value: impl Into<String>) -> EnvVar {
    EnvVar {
        name: name.to_string(),
        value: Some(value.into()),
        ..EnvVar::default()
    }
}

/// The workspace's Kubernetes objects.
pub fn objects(
    plan: &Plan<'_>,
    cat: &Catalog,
    opts: &Options,
    env_vars: &BTreeMap<String, String>,
) -> Vec<Object> {
    let base = &opts.base;
    let name = &plan.name;
    let labels = labels(plan, cat);
    let m = |n: &str, component: &str| meta(n, component, plan, opts, &labels);
    let home = "/home/coder";
    let mut objects = Vec::new();

    // Identity.
    let sa_name = name.clone();
    let mut sa_meta = m(&sa_name, "identity");
    let annotation = match plan.caps.identity {
        Identity::Iam => Some((
            "eks.amazonaws.com/role-arn",
            base.role_arn
                .clone()
                .unwrap_or_else(|| placeholder("role_arn")),
        )),
        Identity::WorkloadIdentity => Some((
            "iam.gke.io/gcp-service-account",
            base.gcp_service_account
                .clone()
                .unwrap_or_else(|| placeholder("gcp_service_account")),
        )),
        Identity::Oidc => None,
    };
    if let Some((k, v)) = annotation {
        sa_meta
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(k.to_string(), v);
    }
    objects.push(Object::ServiceAccount(Box::new(ServiceAccount {
        metadata: sa_meta,
        automount_service_account_token: Some(false),
        ..ServiceAccount::default()
    })));

    // The agent's init script, given by the template.
    let agent_cm = with_suffix(name, "agent");
    objects.push(Object::ConfigMap(Box::new(ConfigMap {
        metadata: m(&agent_cm, "agent"),
        data: Some(BTreeMap::from([(
            "init_script".to_string(),
            placeholder("agent_init_script"),
        )])),
        ..ConfigMap::default()
    })));

    let mut volumes = Vec::new();
    let mut mounts = Vec::new();
    if plan.caps.persistent_home {
        let claim_name = with_suffix(name, "home");
        objects.push(Object::PersistentVolumeClaim(Box::new(claim(
            &claim_name,
            m(&claim_name, "home"),
            "ReadWriteOnce",
            plan.compute.storage.to_string(),
            base.storage_class.clone(),
        ))));
        volumes.push(Volume {
            name: "home".to_string(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name,
                read_only: None,
            }),
            ..Volume::default()
        });
        mounts.push(VolumeMount {
            name: "home".to_string(),
            mount_path: home.to_string(),
            ..VolumeMount::default()
        });
    }
    if plan.caps.artifact_cache {
        let claim_name = with_suffix(name, "cache");
        objects.push(Object::PersistentVolumeClaim(Box::new(claim(
            &claim_name,
            m(&claim_name, "cache"),
            "ReadWriteMany",
            base.cache_size
                .clone()
                .unwrap_or_else(|| DEFAULT_CACHE_SIZE.to_string()),
            base.cache_storage_class.clone(),
        ))));
        volumes.push(Volume {
            name: "cache".to_string(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name,
                read_only: None,
            }),
            ..Volume::default()
        });
        for (dir, _, _) in CACHE_DIRS {
            mounts.push(VolumeMount {
                name: "cache".to_string(),
                mount_path: format!("{home}/{dir}"),
                sub_path: Some(dir.trim_start_matches('.').to_string()),
                ..VolumeMount::default()
            });
        }
    }
    if plan.caps.identity == Identity::Oidc {
        volumes.push(Volume {
            name: "oidc-token".to_string(),
            projected: Some(ProjectedVolumeSource {
                sources: Some(vec![VolumeProjection {
                    service_account_token: Some(ServiceAccountTokenProjection {
                        audience: Some(
                            base.oidc_audience
                                .clone()
                                .unwrap_or_else(|| placeholder("oidc_audience")),
                        ),
                        expiration_seconds: Some(3600),
                        path: "token".to_string(),
                    }),
                    ..VolumeProjection::default()
                }]),
                ..ProjectedVolumeSource::default()
            }),
            ..Volume::default()
        });
        mounts.push(VolumeMount {
            name: "oidc-token".to_string(),
            mount_path: "/var/run/secrets/tokens".to_string(),
            read_only: Some(true),
            ..VolumeMount::default()
        });
    }
    let mut pod_annotations = plan.annotations.clone();
    let mut env_from = Vec::new();
    match plan.caps.secrets {
        Secrets::Variables => env_from.push(EnvFromSource {
            secret_ref: Some(SecretEnvSource {
                name: with_suffix(name, "secrets"),
                optional: Some(true),
            }),
            ..EnvFromSource::default()
        }),
        Secrets::Vault => {
            pod_annotations.insert(
                "vault.hashicorp.com/agent-inject".to_string(),
                "true".to_string(),
            );
            pod_annotations.insert(
                "vault.hashicorp.com/role".to_string(),
                base.vault_role
                    .clone()
                    .unwrap_or_else(|| placeholder("vault_role")),
            );
        }
        Secrets::SecretsManager => {
            volumes.push(Volume {
                name: "secrets".to_string(),
                csi: Some(CSIVolumeSource {
                    driver: "secrets-store.csi.k8s.io".to_string(),
                    read_only: Some(true),
                    volume_attributes: Some(BTreeMap::from([(
                        "secretProviderClass".to_string(),
                        with_suffix(name, "secrets"),
                    )])),
                    ..CSIVolumeSource::default()
                }),
                ..Volume::default()
            });
            mounts.push(VolumeMount {
                name: "secrets".to_string(),
                mount_path: "/mnt/secrets".to_string(),
                read_only: Some(true),
                ..VolumeMount::default()
            });
        }
    }

    // The network policy.
    let np_name = with_suffix(name, "egress");
    objects.push(Object::NetworkPolicy(Box::new(NetworkPolicy {
        metadata: m(&np_name, "egress"),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(LabelSelector {
                match_labels: Some(BTreeMap::from([(
                    "app.kubernetes.io/instance".to_string(),
                    name.clone(),
                )])),
                ..LabelSelector::default()
            }),
            policy_types: Some(vec!["Ingress".to_string(), "Egress".to_string()]),
            ingress: Some(Vec::new()),
            egress: Some(egress_rules(plan, opts)),
        }),
    })));

    // The pod.
    let mut vars = vec![
        EnvVar {
            name: "CODER_AGENT_TOKEN".to_string(),
            value_from: Some(EnvVarSource {
                secret_key_ref: Some(SecretKeySelector {
                    name: base
                        .agent_token_secret
                        .clone()
                        .unwrap_or_else(|| with_suffix(name, "agent-token")),
                    key: "token".to_string(),
                    optional: None,
                }),
                ..EnvVarSource::default()
            }),
            ..EnvVar::default()
        },
        EnvVar {
            name: "CODER_AGENT_INIT_SCRIPT".to_string(),
            value_from: Some(EnvVarSource {
                config_map_key_ref: Some(ConfigMapKeySelector {
                    name: agent_cm,
                    key: "init_script".to_string(),
                    optional: None,
                }),
                ..EnvVarSource::default()
            }),
            ..EnvVar::default()
        },
    ];
    if let Some(url) = &base.coder_url {
        vars.push(env("CODER_AGENT_URL", url.clone()));
    }
    vars.extend(env_vars.iter().map(|(k, v)| env(k, v.clone())));
    let c = &plan.compute;
    let resources = BTreeMap::from([
        ("cpu".to_string(), quantity(c.cpu.to_string())),
        ("memory".to_string(), quantity(c.memory.to_string())),
    ]);
    let mut limits = resources.clone();
    if c.gpu_count > 0 {
        limits.insert(
            "nvidia.com/gpu".to_string(),
            quantity(c.gpu_count.to_string()),
        );
    }
    let container = Container {
        name: "dev".to_string(),
        image: Some(plan.image.to_string()),
        image_pull_policy: Some("Always".to_string()),
        command: Some(vec![
            "sh".to_string(),
            "-c".to_string(),
            "$(CODER_AGENT_INIT_SCRIPT)".to_string(),
        ]),
        env: Some(vars),
        env_from: (!env_from.is_empty()).then_some(env_from),
        ports: plan.caps.gui_vnc.then(|| {
            vec![ContainerPort {
                name: Some("vnc".to_string()),
                container_port: VNC_PORT,
                protocol: Some("TCP".to_string()),
                ..ContainerPort::default()
            }]
        }),
        resources: Some(ResourceRequirements {
            requests: Some(resources),
            limits: Some(limits),
            ..ResourceRequirements::default()
        }),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            capabilities: Some(Capabilities {
                drop: Some(vec!["ALL".to_string()]),
                add: None,
            }),
            run_as_non_root: Some(true),
            run_as_user: Some(UID),
            seccomp_profile: Some(SeccompProfile {
                type_: "RuntimeDefault".to_string(),
                localhost_profile: None,
            }),
            ..SecurityContext::default()
        }),
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        working_dir: Some(home.to_string()),
        ..Container::default()
    };
    let mut pod_meta = m(name, "workspace");
    pod_meta.annotations = (!pod_annotations.is_empty()).then_some(pod_annotations);
    objects.push(Object::Pod(Box::new(Pod {
        metadata: pod_meta,
        spec: Some(PodSpec {
            service_account_name: Some(sa_name),
            automount_service_account_token: Some(false),
            security_context: Some(PodSecurityContext {
                run_as_non_root: Some(true),
                run_as_user: Some(UID),
                run_as_group: Some(UID),
                fs_group: Some(UID),
                seccomp_profile: Some(SeccompProfile {
                    type_: "RuntimeDefault".to_string(),
                    localhost_profile: None,
                }),
                ..PodSecurityContext::default()
            }),
            node_selector: (!base.node_selector.is_empty()).then(|| base.node_selector.clone()),
            containers: vec![container],
            volumes: (!volumes.is_empty()).then_some(volumes),
            restart_policy: Some("Always".to_string()),
            ..PodSpec::default()
        }),
        ..Pod::default()
    })));
    objects
}

/// The objects as one multi-document YAML manifest.
pub fn to_yaml(objects: &[Object]) -> Result<String, String> {
    let mut out = String::new();
    for o in objects {
        let v = serde_json::to_value(o).map_err(|e| format!("{}: {e}", o.id()))?;
        out.push_str("---\n");
        out.push_str(&super::yaml::document(&v));
    }
    Ok(out)
}
