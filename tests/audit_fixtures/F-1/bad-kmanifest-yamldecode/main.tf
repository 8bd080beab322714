# Fixture: a kubernetes_manifest whose manifest is yamldecode() of a heredoc
# mounts the node's Docker socket (F-1); the finding points into the heredoc.
variable "image" {
  type = string
}

resource "kubernetes_manifest" "runner" {
  manifest = yamldecode(<<-EOT
    apiVersion: v1
    kind: Pod
    metadata:
      name: ci-runner
      namespace: ci
    spec:
      containers:
        - name: runner
          image: ${var.image}
          volumeMounts:
            - name: docker-sock
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker-sock
          hostPath:
            path: /var/run/docker.sock
    EOT
  )
}
