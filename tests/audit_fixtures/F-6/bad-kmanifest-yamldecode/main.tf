# Fixture: a kubernetes_manifest whose manifest is yamldecode() of a heredoc
# that interpolates a variable with a default of true into hostNetwork (F-6);
# the finding points at the default.
variable "host_network" {
  type    = bool
  default = true
}

resource "kubernetes_manifest" "runner" {
  manifest = yamldecode(<<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-runner
spec:
  selector:
    matchLabels:
      app: node-runner
  template:
    metadata:
      labels:
        app: node-runner
    spec:
      hostNetwork: ${var.host_network}
      containers:
        - name: runner
          image: ghcr.io/acme/ci-runner:2026.11
EOF
  )
}
