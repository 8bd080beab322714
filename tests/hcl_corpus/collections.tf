output "c_nested" {
  value = {
    name  = var.name
    "quoted key" = { inner = [1, { x = "y" }], empty = {} }
    (local.key) = local.obj.nested.deep
    list = [[], [[]], local.list[1], local.obj["k"], var.ports.0]
  }
}

output "c_duplicate_keys" {
  value = { "a" = 1, a = 2, b = 3 }
}

output "c_key_kinds" {
  value = { (1) = "one", (true) = "yes", ("s") = "string" }
}

output "c_compute" {
  value = var.compute
}

output "c_typed_vars" {
  value = [var.tags, var.mixed, var.limits, var.triple, var.untyped, var.enabled, var.replicas]
}

output "c_attribute_access" {
  value = [var.compute.gpu_count, var.compute.disk.class, var.compute.gpu_type, var.limits["cpu"]]
}

output "c_parens" {
  value = ((("p")))
}
