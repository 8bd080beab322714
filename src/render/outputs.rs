//! The contract outputs (seed 000): `agent_endpoint`, `runtime_env`,
//! `volume_mounts` and `metadata`, with the instance chosen on EC2 and
//! notes on what the rendering decided or could not know.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::contract::catalog::Catalog;
use crate::contract::model::{ImageRef, Os};

use super::instances::{self, Need};
use super::plan::{Identity, Plan, Secrets};
use super::{Options, RenderError, Target};

/// One volume mount, as seed 000 shapes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolumeMount {
    pub path: String,
    /// `pvc`, `ebs`, `efs` or `local`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A binary quantity (`100Gi`); EBS sizes are whole GiB.
    pub size: Option<String>,
    pub storage_class: Option<String>,
}

/// Provenance and tracking data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub platform: String,
    pub os: &'static str,
    pub arch: &'static str,
    pub toolchain_version: Option<String>,
    pub base_version: Option<String>,
    pub image_digest: Option<String>,
    pub ami_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_at: Option<String>,
}

/// The EC2 instance type chosen for the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instance {
    #[serde(rename = "type")]
    pub name: String,
    pub vcpu: u32,
    pub memory: String,
    pub gpus: u32,
    pub gpu_type: Option<String>,
}

/// The contract outputs of a rendered composition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outputs {
    /// The Coder access URL the agent dials (from the base config).
    pub agent_endpoint: Option<String>,
    pub runtime_env: BTreeMap<String, String>,
    pub volume_mounts: Vec<VolumeMount>,
    pub metadata: Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<Instance>,
    /// What the rendering decided or could not know, in sentences.
    pub notes: Vec<String>,
}

/// The home directory of the workspace user.
pub fn home(os: Os) -> &'static str {
    match os {
        Os::Linux => "/home/coder",
        Os::Windows => "C:\\Users\\coder",
    }
}

/// The cache directories a shared artifact cache is mounted at, under the
/// home, and the variable that points each tool at its own.
pub const CACHE_DIRS: &[(&str, &str, &str)] = &[
    (".cache", "XDG_CACHE_HOME", ""),
    (".gradle", "GRADLE_USER_HOME", ""),
    (".m2", "MAVEN_OPTS", "-Dmaven.repo.local="),
    (".npm", "npm_config_cache", ""),
];

/// The default size of the shared artifact cache claim on Kubernetes.
pub const DEFAULT_CACHE_SIZE: &str = "50Gi";

fn volume(
    path: String,
    kind: &'static str,
    size: Option<String>,
    class: Option<String>,
) -> VolumeMount {
    VolumeMount {
        path,
        kind,
        size,
        storage_class: class,
    }
}

/// The contract outputs of a plan.
pub fn outputs(
    plan: &Plan<'_>,
    target: Target,
    cat: &Catalog,
    opts: &Options,
) -> Result<Outputs, RenderError> {
    let base = &opts.base;
    let mut notes = Vec::new();
    let home = home(plan.os);
    let sep = if plan.os == Os::Windows { '\\' } else { '/' };

    // The home volume, sized in the platform's unit.
    let mut volume_mounts = Vec::new();
    if target == Target::DockerSysbox && !plan.caps.persistent_home {
        notes.push(
            "docker-sysbox keeps the home on its host bind whatever persistent-home says: the runtime contract (INV-5) gives every Docker-in-Docker workspace one".to_string(),
        );
    }
    if plan.caps.persistent_home || target == Target::DockerSysbox {
        volume_mounts.push(match target {
            Target::Kubernetes => volume(
                home.to_string(),
                "pvc",
                Some(plan.compute.storage.to_string()),
                base.storage_class.clone(),
            ),
            Target::DockerSysbox => volume(home.to_string(), "local", None, None),
            _ => volume(
                home.to_string(),
                "ebs",
                Some(format!("{}Gi", plan.compute.storage.gib_ceil())),
                Some("gp3".to_string()),
            ),
        });
    }
    let mut runtime_env = BTreeMap::new();
    if plan.caps.artifact_cache {
        for (dir, var, prefix) in CACHE_DIRS {
            let path = format!("{home}{sep}{dir}");
            volume_mounts.push(match target {
                Target::Kubernetes => volume(
                    path.clone(),
                    "pvc",
                    Some(
                        base.cache_size
                            .clone()
                            .unwrap_or_else(|| DEFAULT_CACHE_SIZE.to_string()),
                    ),
                    base.cache_storage_class.clone(),
                ),
                Target::DockerSysbox => volume(path.clone(), "local", None, None),
                _ => volume(path.clone(), "efs", None, None),
            });
            let value = if *var == "MAVEN_OPTS" {
                format!("{prefix}{path}{sep}repository")
            } else {
                format!("{prefix}{path}")
            };
            runtime_env.insert((*var).to_string(), value);
        }
    }
    if plan.caps.gui_vnc {
        runtime_env.insert("DISPLAY".to_string(), ":1".to_string());
    }
    if plan.caps.secrets == Secrets::Vault {
        match &base.vault_addr {
            Some(a) => {
                runtime_env.insert("VAULT_ADDR".to_string(), a.clone());
            }
            None => notes.push(
                "secrets-injection is vault but the base config gives no `vault_addr`: VAULT_ADDR is not set".to_string(),
            ),
        }
    }
    if target.is_ec2()
        && let Some(r) = &base.region
    {
        runtime_env.insert("AWS_REGION".to_string(), r.clone());
    }
    // The composition's own variables come last: they win, and say so when
    // they replace one a capability set.
    for (k, v) in &plan.env {
        if let Some(old) = runtime_env.insert(k.clone(), v.clone())
            && old != *v
        {
            notes.push(format!(
                "overrides.environment_variables sets {k}, replacing `{old}` that a capability set"
            ));
        }
    }

    // The instance type, on EC2.
    let instance = if target.is_ec2() {
        let need = Need {
            vcpu: plan.compute.cpu,
            memory_bytes: plan.compute.memory.bytes,
            gpus: plan.compute.gpu_count,
            gpu_type: plan.compute.gpu_type,
        };
        let choice =
            instances::choose(cat, &need).map_err(|e| RenderError::NoInstance(e.to_string()))?;
        if !choice.over.is_empty() {
            notes.push(format!(
                "{} over-provisions the profile: {}",
                choice.instance.name,
                choice.over.join(", ")
            ));
        }
        let i = choice.instance;
        Some(Instance {
            name: i.name.clone(),
            vcpu: i.vcpu,
            memory: i.memory.to_string(),
            gpus: i.gpus,
            gpu_type: i
                .gpu_type
                .and_then(|g| cat.gpu_types.get(g))
                .map(|g| g.name.clone()),
        })
    } else {
        None
    };

    if target == Target::DockerSysbox {
        notes.push(format!(
            "docker-sysbox: identity-mode {} is the Docker host's to provide; the container gets no cloud credentials of its own",
            plan.caps.identity.name()
        ));
    } else if target.is_ec2() {
        match plan.caps.identity {
            Identity::Iam => {}
            Identity::Oidc => notes.push(
                "identity-mode oidc on EC2: the instance role reads the agent token and nothing else; workloads present OIDC tokens (Coder external auth), not the instance's credentials".to_string(),
            ),
            Identity::WorkloadIdentity => {
                notes.push(
                    "identity-mode workload-identity on EC2: GCP workload identity federation takes the instance role as its AWS identity; its credential configuration goes in GOOGLE_APPLICATION_CREDENTIALS".to_string(),
                );
                if let Some(sa) = &base.gcp_service_account {
                    // The composition's own value, if any, stays.
                    runtime_env
                        .entry("CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT".to_string())
                        .or_insert_with(|| sa.clone());
                }
            }
        }
    }
    if target == Target::DockerSysbox {
        notes.push(format!(
            "docker-sysbox: network-egress {} is not enforced by Terraform; the Docker host's firewall (the DOCKER-USER chain) enforces it for containers labelled wsc.dev/network-egress",
            plan.caps.egress.name()
        ));
    }
    if target == Target::Kubernetes {
        notes.push(
            "the NetworkPolicy of network-egress is enforced only where the cluster's network plugin enforces NetworkPolicies".to_string(),
        );
    }
    if base.coder_url.is_none() {
        notes.push(
            "the base config gives no `coder_url`: agent_endpoint is unset, and egress to the Coder control plane cannot be narrowed to its addresses".to_string(),
        );
    }

    let (image_digest, ami_id) = match &plan.image {
        ImageRef::Oci { digest, .. } => (digest.clone(), None),
        ImageRef::Ami(id) => (None, Some(id.clone())),
    };
    let ami_id = if target.is_ec2() {
        ami_id.or_else(|| base.ami_id.clone())
    } else {
        None
    };
    let metadata = Metadata {
        platform: plan.platform.name.clone(),
        os: plan.os.as_str(),
        arch: plan.arch.as_str(),
        toolchain_version: base.toolchain_version.clone(),
        base_version: base.base_version.clone(),
        image_digest,
        ami_id,
        provisioned_at: opts.timestamp.clone(),
    };
    Ok(Outputs {
        agent_endpoint: base.coder_url.clone(),
        runtime_env,
        volume_mounts,
        metadata,
        instance,
        notes,
    })
}
