# Variables with defaults, converted to their types the way terraform does.

variable "name" {
  type    = string
  default = "alice"
}

variable "size" {
  type        = string
  default     = "large"
  description = "the workspace size"
  validation {
    condition     = contains(["small", "medium", "large"], var.size)
    error_message = "size must be small, medium or large"
  }
}

variable "enabled" {
  type    = bool
  default = "true"
}

variable "replicas" {
  type    = number
  default = "3"
}

variable "compute" {
  type = object({
    cpu       = number
    memory    = string
    gpu_count = optional(number, 0)
    gpu_type  = optional(string)
    disk = optional(object({
      size  = optional(number, 20)
      class = optional(string, "gp3")
    }), {})
  })
  default = {
    cpu    = "4"
    memory = "8Gi"
    extra  = "dropped"
  }
}

variable "tags" {
  type    = set(string)
  default = ["b", "a", "b", 1]
}

variable "mixed" {
  type    = list(any)
  default = ["a", 1, true]
}

variable "limits" {
  type    = map(number)
  default = { cpu = "2", memory = 4 }
}

variable "triple" {
  type    = tuple([string, number, bool])
  default = ["a", "2", "false"]
}

variable "untyped" {
  default = { a = [1, "x"], b = null }
}

variable "ports" {
  type    = list(number)
  default = [443, 80, 8080]
}
