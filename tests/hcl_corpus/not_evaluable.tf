# Outputs terraform computes but wsc must refuse (NotEvaluable), never guess.

output "ne_function" {
  value = length([1, 2])
}

output "ne_arithmetic" {
  value = 1 + 2
}

output "ne_for" {
  value = [for x in [1, 2] : x]
}

output "ne_directive" {
  value = "%{if true}yes%{endif}"
}

output "ne_splat" {
  value = [{ a = 1 }][*].a
}

output "ne_path" {
  value = path.module
}

output "ne_nested_unify" {
  value = true ? [1] : ["a"]
}

output "ne_format_g" {
  value = format("%g", 1.5)
}

output "ne_format_tie" {
  value = format("%.1f", 0.35)
}

output "ne_combining" {
  value = "e\u0301"
}

output "ne_comparison" {
  value = 1 < 2
}
