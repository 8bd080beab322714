//! The override policy (interface.md section 3): which overrides a composition
//! may request, and which environment, label and annotation names are reserved.

use super::composition::OverrideKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Overrides a composition may request.
    pub allow: Vec<OverrideKind>,
    pub deny_env_prefixes: Vec<String>,
    pub deny_label_prefixes: Vec<String>,
    pub deny_annotation_prefixes: Vec<String>,
}

impl Default for Policy {
    /// The policy of the public Terraform implementation of the contract.
    fn default() -> Self {
        Self {
            allow: vec![
                OverrideKind::ComputeProfile,
                OverrideKind::EnvironmentVariables,
                OverrideKind::Labels,
                OverrideKind::Annotations,
            ],
            deny_env_prefixes: vec!["AWS_".to_string(), "CODER_AGENT_".to_string()],
            deny_label_prefixes: vec![
                "kubernetes.io/".to_string(),
                "eks.amazonaws.com/".to_string(),
            ],
            deny_annotation_prefixes: Vec::new(),
        }
    }
}

impl Policy {
    pub fn allows(&self, kind: OverrideKind) -> bool {
        self.allow.contains(&kind)
    }

    /// The reserved prefixes for the names of a map override.
    pub fn denied_prefixes(&self, kind: OverrideKind) -> &[String] {
        match kind {
            OverrideKind::EnvironmentVariables => &self.deny_env_prefixes,
            OverrideKind::Labels => &self.deny_label_prefixes,
            OverrideKind::Annotations => &self.deny_annotation_prefixes,
            _ => &[],
        }
    }
}
