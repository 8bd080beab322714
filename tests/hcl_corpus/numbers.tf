output "n_int" {
  value = 42
}

output "n_negative" {
  value = -17
}

output "n_float" {
  value = 3.25
}

output "n_exponent" {
  value = 1.5e3
}

output "n_negative_exponent" {
  value = 25e-3
}

output "n_list" {
  value = [0, 1, -2.5, 1e2, 0.1, 100.500, 1E-2]
}

output "n_big_exact" {
  value = [tostring(12345678901234567890123), tostring(1e30), tostring(0.000001), tostring(-0)]
}

output "n_bools_null" {
  value = [true, false, null]
}
