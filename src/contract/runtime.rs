//! The runtime contract's numbers and names (shared/runtime-contract.md),
//! defaults of `[runtime]` in `wsc.toml`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// The workspace user and its UID.
    pub user: String,
    pub uid: u32,
    /// The template variable carrying the host's docker GID, and its default.
    pub docker_gid_variable: String,
    pub docker_gid_default: u32,
    /// Where files are staged in the image, outside the home bind.
    pub staging_dir: String,
    /// The host directory under which home binds live.
    pub workspaces_root: String,
    /// The host helper the destroy-time cleanup calls.
    pub cleanup_helper: String,
    pub stop_timeout: u32,
    pub destroy_grace_seconds: u32,
    /// Dockerfiles of the images, relative to the audited directory (default:
    /// each template's own: see `wsc audit`'s image attribution).
    pub image: Vec<String>,
    /// Template directories the contract does not govern (reported as skipped).
    pub exclude: Vec<String>,
    /// Globs of template directories (relative to the audited directory)
    /// held to the Docker-in-Docker contract whatever they contain.
    pub templates: Vec<String>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            user: "coder".to_string(),
            uid: 1000,
            docker_gid_variable: "docker_gid".to_string(),
            docker_gid_default: 988,
            staging_dir: "/home/coder-files".to_string(),
            workspaces_root: "/coder-workspaces".to_string(),
            cleanup_helper: "/usr/local/bin/coder-delete-workspace-dir".to_string(),
            stop_timeout: 180,
            destroy_grace_seconds: 60,
            image: Vec::new(),
            exclude: Vec::new(),
            templates: Vec::new(),
        }
    }
}
