output "effective" {
  description = "The composition after defaults and the profile lookup."
  value       = terraform_data.composition.input
}
