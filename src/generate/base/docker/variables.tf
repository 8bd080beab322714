# docker-sysbox settings.

variable "docker_gid" {
  type        = number
  description = "the GID of the host's docker group, added to the workspace user's groups (runtime contract INV-2)"
  default     = 988
}

variable "coder_url" {
  type        = string
  description = "the Coder access URL the agent dials (null: the deployment's own access URL)"
  default     = null
}
