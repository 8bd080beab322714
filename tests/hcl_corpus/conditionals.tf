output "b_conditionals" {
  value = [true ? "a" : "b", false ? 1 : 2, var.enabled ? var.name : "off", "true" ? 1 : 0, true ? null : "x", false ? "y" : null]
}

output "b_unify" {
  value = [true ? 1 : "a", false ? "a" : true, true ? [1] : [2, 3], true ? { a = 1 } : { a = 2 }]
}

output "b_operators" {
  value = [var.size == "large", 1 != 2, 1 == "1", null == null, true && !false || false, !var.enabled, local.flag, 1.50 == 1.5]
}
