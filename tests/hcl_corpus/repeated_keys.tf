# Object keys written twice: terraform keeps the value written last (hcl-edit
# refuses such objects; wsc parses them with a stand-in key and warns).

locals {
  repeated_env = {
    EDITOR = "vim"
    LANG   = "C.UTF-8"
    EDITOR = "nano"
  }
  repeated_quoted = { "a b" = 1, c = 2, "a b" = 3 }
  repeated_mixed  = { k = "ident", "k" = "quoted" }
  repeated_thrice = { x = 1, x = 2, x = 3, y = 4 }
}

output "repeated_env" {
  value = local.repeated_env
}

output "repeated_quoted" {
  value = local.repeated_quoted
}

output "repeated_mixed" {
  value = local.repeated_mixed
}

output "repeated_thrice" {
  value = local.repeated_thrice
}

output "repeated_inline" {
  value = { a = 1, a = 2 }
}
