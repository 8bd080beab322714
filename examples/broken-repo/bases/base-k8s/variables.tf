# Written before the contract settled: image_id is missing, owner is a number
# and the GPU count is required.
variable "workspace_name" {
  type = string
}

variable "owner" {
  type = number
}

variable "compute_profile" {
  type = object({
    cpu       = number
    memory    = string
    storage   = string
    gpu_count = number
  })
}

variable "capabilities" {
  type = map(string)
}
