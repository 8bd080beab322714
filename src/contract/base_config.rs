//! What a base needs beyond the contract inputs (`wsc render
//! --base-config FILE`): where the Coder control plane is, where the
//! workspace runs, and provenance. Every field is optional; what is not
//! given is rendered as a declared variable or a marked placeholder.

use std::collections::BTreeMap;

/// The shape of a field, for the reader and the JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A string → string mapping.
    Map,
    /// A list of strings.
    List,
}

/// Every field: its key, shape and meaning.
pub const FIELDS: &[(&str, FieldKind, &str)] = &[
    (
        "coder_url",
        FieldKind::Text,
        "the Coder access URL the agent dials (https://…)",
    ),
    (
        "coder_cidrs",
        FieldKind::List,
        "the addresses (CIDR) of the Coder control plane, to which egress `none` still allows HTTPS",
    ),
    (
        "control_plane_namespace",
        FieldKind::Text,
        "Kubernetes: the namespace of coderd, for the NetworkPolicy's control-plane exception",
    ),
    (
        "control_plane_labels",
        FieldKind::Map,
        "Kubernetes: the pod labels of coderd",
    ),
    (
        "namespace",
        FieldKind::Text,
        "Kubernetes: the namespace of the workspace's objects",
    ),
    (
        "storage_class",
        FieldKind::Text,
        "Kubernetes: the storage class of the home claim (the cluster's default when unset)",
    ),
    (
        "cache_storage_class",
        FieldKind::Text,
        "Kubernetes: the storage class of the shared artifact cache (ReadWriteMany)",
    ),
    (
        "cache_size",
        FieldKind::Text,
        "Kubernetes: the size of the shared artifact cache claim (a binary quantity, default 50Gi)",
    ),
    (
        "node_selector",
        FieldKind::Map,
        "Kubernetes: the node selector of the workspace pod",
    ),
    (
        "toolchain_version",
        FieldKind::Text,
        "metadata: the toolchain template's version",
    ),
    (
        "base_version",
        FieldKind::Text,
        "metadata: the infrastructure base's version",
    ),
    (
        "ami_id",
        FieldKind::Text,
        "EC2: the AMI, when image_id is not one",
    ),
    ("region", FieldKind::Text, "EC2: the AWS region"),
    (
        "vault_addr",
        FieldKind::Text,
        "secrets-injection vault: the Vault address",
    ),
    (
        "vault_role",
        FieldKind::Text,
        "secrets-injection vault: the Vault role the agent logs in as",
    ),
    (
        "role_arn",
        FieldKind::Text,
        "identity-mode iam: the IAM role the workspace assumes",
    ),
    (
        "gcp_service_account",
        FieldKind::Text,
        "identity-mode workload-identity: the GCP service account",
    ),
    (
        "oidc_audience",
        FieldKind::Text,
        "identity-mode oidc: the audience of the projected token",
    ),
    (
        "agent_token_secret",
        FieldKind::Text,
        "Kubernetes: the Secret (key `token`) holding the agent token",
    ),
    (
        "cluster_cidrs",
        FieldKind::List,
        "Kubernetes: the pod and service CIDRs, which https-only egress does not reach",
    ),
];

/// A base config as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseConfig {
    pub coder_url: Option<String>,
    pub coder_cidrs: Vec<String>,
    pub control_plane_namespace: Option<String>,
    pub control_plane_labels: BTreeMap<String, String>,
    pub namespace: Option<String>,
    pub storage_class: Option<String>,
    pub cache_storage_class: Option<String>,
    pub cache_size: Option<String>,
    pub node_selector: BTreeMap<String, String>,
    pub toolchain_version: Option<String>,
    pub base_version: Option<String>,
    pub ami_id: Option<String>,
    pub region: Option<String>,
    pub vault_addr: Option<String>,
    pub vault_role: Option<String>,
    pub role_arn: Option<String>,
    pub gcp_service_account: Option<String>,
    pub oidc_audience: Option<String>,
    pub agent_token_secret: Option<String>,
    pub cluster_cidrs: Vec<String>,
}

impl BaseConfig {
    /// Sets a text field by key; false for a key that is not a text field.
    pub fn set_text(&mut self, key: &str, value: String) -> bool {
        let slot = match key {
            "coder_url" => &mut self.coder_url,
            "control_plane_namespace" => &mut self.control_plane_namespace,
            "namespace" => &mut self.namespace,
            "storage_class" => &mut self.storage_class,
            "cache_storage_class" => &mut self.cache_storage_class,
            "cache_size" => &mut self.cache_size,
            "toolchain_version" => &mut self.toolchain_version,
            "base_version" => &mut self.base_version,
            "ami_id" => &mut self.ami_id,
            "region" => &mut self.region,
            "vault_addr" => &mut self.vault_addr,
            "vault_role" => &mut self.vault_role,
            "role_arn" => &mut self.role_arn,
            "gcp_service_account" => &mut self.gcp_service_account,
            "oidc_audience" => &mut self.oidc_audience,
            "agent_token_secret" => &mut self.agent_token_secret,
            _ => return false,
        };
        *slot = Some(value);
        true
    }

    /// The map field of a key.
    pub fn map_mut(&mut self, key: &str) -> Option<&mut BTreeMap<String, String>> {
        match key {
            "control_plane_labels" => Some(&mut self.control_plane_labels),
            "node_selector" => Some(&mut self.node_selector),
            _ => None,
        }
    }

    /// The list field of a key.
    pub fn list_mut(&mut self, key: &str) -> Option<&mut Vec<String>> {
        match key {
            "coder_cidrs" => Some(&mut self.coder_cidrs),
            "cluster_cidrs" => Some(&mut self.cluster_cidrs),
            _ => None,
        }
    }
}
