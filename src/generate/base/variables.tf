# Settings every base has.

variable "toolchain_version" {
  type        = string
  description = "metadata: the toolchain template's version"
  default     = null
}

variable "vault_addr" {
  type        = string
  description = "secrets-injection vault: the Vault address (VAULT_ADDR in runtime_env)"
  default     = null
}
