terraform {
  # 1.9: validation conditions may refer to locals and other variables.
  # No required_providers: terraform_data is built in, so `terraform init`
  # needs no network.
  required_version = ">= 1.9.0"
}
