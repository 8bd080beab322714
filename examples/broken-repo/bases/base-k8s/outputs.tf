output "agent_endpoint" {
  value = "https://coder.acme.dev"
}

output "runtime_env" {
  value = { HOME = "/home/coder" }
}
