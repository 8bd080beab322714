variable "subnet_id" {
  type = string
}

resource "aws_instance" "workspace" {
  ami           = var.image_id
  instance_type = var.compute_profile.gpu_type == "nvidia-a100" ? "p4d.24xlarge" : "g4dn.xlarge"
  subnet_id     = var.subnet_id
  metadata_options {
    http_tokens = "required"
  }
  root_block_device {
    encrypted   = true
    volume_type = "gp3"
    volume_size = 100
  }
}
