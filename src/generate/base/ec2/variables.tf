# EC2 settings: where the instance runs and how it reaches Coder. The
# agent token is never an input: the instance reads it from Parameter
# Store with its own role.

variable "subnet_id" {
  type        = string
  description = "the subnet of the workspace instance"
}

variable "vpc_id" {
  type        = string
  description = "the VPC of the subnet"
}

variable "ami_id" {
  type        = string
  description = "the AMI, when image_id is not one (an image_id starting with ami- wins)"
  default     = null
}

variable "coder_url" {
  type        = string
  description = "the Coder access URL the agent dials (https://…)"
}

variable "coder_cidrs" {
  type        = list(string)
  description = "the addresses (CIDR) of the Coder control plane; HTTPS to them is allowed whatever network-egress says"
  default     = []
}

variable "agent_token" {
  type        = string
  description = "the Coder agent's token (coder_agent.token), written into a SecureString parameter the instance reads with its own identity; leave null when agent_token_parameter names a parameter made elsewhere"
  default     = null
  sensitive   = true
}

variable "agent_token_parameter" {
  type        = string
  description = "an existing SSM Parameter Store name (SecureString) holding the agent token; null: this module makes /coder/<workspace>/agent-token from agent_token"
  default     = null
}

variable "agent_init_script" {
  type        = string
  description = "the Coder agent's init script (coder_agent.init_script)"
}

variable "kms_key_id" {
  type        = string
  description = "the KMS key (customer managed) that encrypts the volumes; null: the account's default EBS key"
  default     = null
}

variable "region" {
  type        = string
  description = "the AWS region (AWS_REGION in runtime_env when given)"
  default     = null
}

variable "workspace_policy_arns" {
  type        = list(string)
  description = "identity-mode iam: the IAM policies the workspace's role holds (its AWS identity)"
  default     = []
}

variable "secret_arns" {
  type        = list(string)
  description = "secrets-injection secrets-manager: the Secrets Manager secrets the workspace may read"
  default     = []
}

variable "artifact_cache_efs_id" {
  type        = string
  description = "artifact-cache: the EFS file system shared by the workspaces' caches (its mount targets in the VPC)"
  default     = null
}

variable "gcp_service_account" {
  type        = string
  description = "identity-mode workload-identity: the GCP service account the workspace impersonates"
  default     = null
}
