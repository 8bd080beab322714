# A Kubernetes workspace as kubernetes_manifest resources: the pod's
# resources, the claims, the egress rules, the identity and the names come
# from module.core; these manifests carry them out. The pod meets the
# "restricted" Pod Security Standard and never mounts the API token.

locals {
  eff   = module.core.effective
  d     = module.core.decisions
  name  = module.core.decisions.name
  names = module.core.object_names
  home  = module.core.effective.home

  agent_endpoint = var.coder_url
  extra_env = {
    for k, v in { VAULT_ADDR = var.vault_addr } : k => v
    if v != null && local.eff.secrets_injection == "vault"
  }
  volume_class = { home = var.storage_class, cache = var.cache_storage_class }
  volume_size  = { for k, v in { cache = var.cache_size } : k => v if v != null }
  ami_id       = null

  labels = {
    "app.kubernetes.io/name"       = "coder-workspace"
    "app.kubernetes.io/instance"   = local.name
    "app.kubernetes.io/managed-by" = "wsc"
    "coder.com/owner"              = var.owner
    "coder.com/workspace"          = var.workspace_name
    "wsc.dev/platform"             = local.platform
    "wsc.dev/contract"             = local.contract
  }
  # The name of each object by the component it is, and its metadata.
  object_name = {
    identity  = local.name
    agent     = local.names.agent
    token     = coalesce(var.agent_token_secret, local.names["agent-token"])
    home      = local.names.home
    cache     = local.names.cache
    egress    = local.names.egress
    workspace = local.name
  }
  meta = {
    for component, name in local.object_name : component => {
      name      = name
      namespace = var.namespace
      labels    = merge(local.labels, { "app.kubernetes.io/component" = component })
    }
  }

  # identity-mode: the annotation the core names, with the setting's value.
  sa_annotation_value = {
    "eks.amazonaws.com/role-arn"     = var.role_arn
    "iam.gke.io/gcp-service-account" = var.gcp_service_account
  }
  sa_annotations = {
    for k in compact([local.d.service_account_annotation]) : k => local.sa_annotation_value[k]
  }

  # The egress rules: DNS and the control plane always; what the mode opens
  # is the core's (pod_egress_open), https-only keeping the cluster out.
  open = module.core.pod_egress_open
  egress = concat(
    [{
      to = [{
        namespaceSelector = { matchLabels = { "kubernetes.io/metadata.name" = "kube-system" } }
        podSelector       = { matchLabels = { k8s-app = "kube-dns" } }
      }]
      ports = [{ port = 53, protocol = "UDP" }, { port = 53, protocol = "TCP" }]
    }],
    [
      for ns in [var.control_plane_namespace] : {
        to = [{
          namespaceSelector = ns == null ? null : { matchLabels = { "kubernetes.io/metadata.name" = ns } }
          podSelector       = { matchLabels = length(var.control_plane_labels) > 0 ? var.control_plane_labels : null }
        }]
      } if ns != null || length(var.control_plane_labels) > 0
    ],
    [
      for c in [var.coder_cidrs] : {
        to    = [for x in c : { ipBlock = { cidr = x } }]
        ports = [{ port = 443, protocol = "TCP" }, { port = 3478, protocol = "UDP" }]
      } if length(c) > 0
    ],
    [
      for o in [local.open] : {
        ports = o.ports
        to = [
          for t in o.to : {
            ipBlock = {
              cidr   = t.cidr
              except = concat(t.except, [for c in var.cluster_cidrs : c if o.except_cluster && strcontains(c, ":") == t.ipv6])
            }
          }
        ]
      } if o != null
    ],
  )

  # The pod's volumes and mounts, each present when its capability is.
  volumes = concat(
    [for v in [local.names.home] : { name = "home", persistentVolumeClaim = { claimName = v } } if local.eff.persistent_home],
    [for v in [local.names.cache] : { name = "cache", persistentVolumeClaim = { claimName = v } } if local.eff.artifact_cache],
    [
      for a in [var.oidc_audience] : {
        name      = "oidc-token"
        projected = { sources = [{ serviceAccountToken = { audience = a, expirationSeconds = 3600, path = "token" } }] }
      } if local.d.projected_token
    ],
    [
      for v in [local.names.secrets] : {
        name = "secrets"
        csi  = { driver = "secrets-store.csi.k8s.io", readOnly = true, volumeAttributes = { secretProviderClass = v } }
      } if local.d.secrets == "secrets-store-csi"
    ],
  )
  mounts = concat(
    [for p in [local.home] : { name = "home", mountPath = p } if local.eff.persistent_home],
    [for m in module.core.cache_mounts : { name = "cache", mountPath = m.path, subPath = m.shared }],
    [for p in ["/var/run/secrets/tokens"] : { name = "oidc-token", mountPath = p, readOnly = true } if local.d.projected_token],
    [for p in ["/mnt/secrets"] : { name = "secrets", mountPath = p, readOnly = true } if local.d.secrets == "secrets-store-csi"],
  )
  env = concat(
    [
      {
        name      = "CODER_AGENT_TOKEN"
        valueFrom = { secretKeyRef = { name = local.object_name.token, key = "token" } }
      },
      {
        name      = "CODER_AGENT_INIT_SCRIPT"
        valueFrom = { configMapKeyRef = { name = local.names.agent, key = "init_script" } }
      },
    ],
    [for u in [var.coder_url] : { name = "CODER_AGENT_URL", value = u } if u != null],
    [for k, v in merge(local.d.runtime_env, local.extra_env) : { name = k, value = v }],
  )
  resources = { cpu = local.d.cpu, memory = local.d.memory }
  limits = merge(local.resources, {
    for n in compact([local.d.gpu_limit == null ? null : tostring(local.d.gpu_limit)]) : "nvidia.com/gpu" => n
  })
  pod_annotations = {
    for k, v in {
      "vault.hashicorp.com/agent-inject" = "true"
      "vault.hashicorp.com/role"         = var.vault_role
    } : k => v if local.d.secrets == "vault-agent"
  }
  restricted = { type = "RuntimeDefault" }
}

# identity-mode: the workspace's ServiceAccount; its API token is never
# mounted (automountServiceAccountToken false here and on the pod).
resource "kubernetes_manifest" "identity" {
  manifest = {
    apiVersion                   = "v1"
    kind                         = "ServiceAccount"
    automountServiceAccountToken = false
    metadata = merge(local.meta.identity, {
      annotations = length(local.sa_annotations) > 0 ? local.sa_annotations : null
    })
  }

  lifecycle {
    precondition {
      condition     = alltrue([for v in values(local.sa_annotations) : v != null])
      error_message = "identity-mode ${local.eff.identity_mode} annotates the ServiceAccount: set role_arn (iam) or gcp_service_account (workload-identity)."
    }
  }
}

# The agent's init script, given by the template.
resource "kubernetes_manifest" "agent" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    data       = { init_script = var.agent_init_script }
    metadata   = local.meta.agent
  }
}

# The agent's token, in a Secret the pod reads by reference (never a plain
# value in its spec); made here unless agent_token_secret names one.
resource "kubernetes_manifest" "agent_token" {
  count = var.agent_token_secret == null ? 1 : 0
  manifest = {
    apiVersion = "v1"
    kind       = "Secret"
    type       = "Opaque"
    stringData = { token = var.agent_token }
    metadata   = local.meta.token
  }

  lifecycle {
    precondition {
      condition     = var.agent_token != null
      error_message = "pass agent_token (coder_agent.main.token), or name an existing Secret in agent_token_secret."
    }
  }
}

# persistent-home: a claim of the core's size that outlives the pod.
resource "kubernetes_manifest" "home" {
  count = local.eff.persistent_home ? 1 : 0
  manifest = {
    apiVersion = "v1"
    kind       = "PersistentVolumeClaim"
    metadata   = local.meta.home
    spec = {
      accessModes      = ["ReadWriteOnce"]
      storageClassName = var.storage_class
      resources        = { requests = { storage = local.d.home_claim } }
    }
  }
}

# artifact-cache: one claim shared by the cache directories.
resource "kubernetes_manifest" "cache" {
  count = local.eff.artifact_cache ? 1 : 0
  manifest = {
    apiVersion = "v1"
    kind       = "PersistentVolumeClaim"
    metadata   = local.meta.cache
    spec = {
      accessModes      = ["ReadWriteMany"]
      storageClassName = var.cache_storage_class
      resources        = { requests = { storage = coalesce(var.cache_size, local.d.cache_claim) } }
    }
  }
}

# network-egress: no ingress; egress rule by rule. Enforced where the
# cluster's network plugin enforces NetworkPolicies.
resource "kubernetes_manifest" "egress" {
  manifest = {
    apiVersion = "networking.k8s.io/v1"
    kind       = "NetworkPolicy"
    metadata   = local.meta.egress
    spec = {
      podSelector = { matchLabels = { "app.kubernetes.io/instance" = local.name } }
      policyTypes = ["Ingress", "Egress"]
      ingress     = []
      egress      = local.egress
    }
  }
}

resource "kubernetes_manifest" "workspace" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata = merge(local.meta.workspace, {
      annotations = length(local.pod_annotations) > 0 ? local.pod_annotations : null
    })
    spec = {
      serviceAccountName           = local.name
      automountServiceAccountToken = false
      restartPolicy                = "Always"
      nodeSelector                 = length(var.node_selector) > 0 ? var.node_selector : null
      securityContext = {
        runAsNonRoot   = true
        runAsUser      = 1000
        runAsGroup     = 1000
        fsGroup        = 1000
        seccompProfile = local.restricted
      }
      containers = [{
        name            = "dev"
        image           = var.image_id
        imagePullPolicy = "Always"
        command         = ["sh", "-c", "$(CODER_AGENT_INIT_SCRIPT)"]
        workingDir      = local.home
        env             = local.env
        envFrom         = local.d.secrets == "secret-env" ? [{ secretRef = { name = local.names.secrets, optional = true } }] : null
        ports           = local.eff.gui_vnc ? [{ name = "vnc", containerPort = 5901, protocol = "TCP" }] : null
        resources       = { requests = local.resources, limits = local.limits }
        securityContext = {
          allowPrivilegeEscalation = false
          capabilities             = { drop = ["ALL"] }
          runAsNonRoot             = true
          runAsUser                = 1000
          seccompProfile           = local.restricted
        }
        volumeMounts = length(local.mounts) > 0 ? local.mounts : null
      }]
      volumes = length(local.volumes) > 0 ? local.volumes : null
    }
  }

  lifecycle {
    precondition {
      condition     = !local.d.projected_token || var.oidc_audience != null
      error_message = "identity-mode oidc projects a token for an audience: set oidc_audience."
    }
    precondition {
      condition     = local.d.secrets != "vault-agent" || var.vault_role != null
      error_message = "secrets-injection vault: set vault_role, the role the Vault Agent logs in as."
    }
  }
}
