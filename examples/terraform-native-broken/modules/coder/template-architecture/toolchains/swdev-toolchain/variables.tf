variable "language_version" {
  description = "Python version baked into the image."
  type        = string
  default     = "3.11"
}

variable "include_tools" {
  description = "Extra CLI tools installed at start."
  type        = list(string)
  default     = ["kubectl", "terraform"]
}
