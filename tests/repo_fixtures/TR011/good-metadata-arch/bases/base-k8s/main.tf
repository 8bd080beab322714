locals {
  base_version = "3.1.0"
  # A DNS-1123 label (<= 63 chars); the hash keeps truncated names of different workspaces apart.
  name_hash = substr(sha1(coalesce(var.workspace_id, lower("${var.owner}/${var.workspace_name}"))), 0, 8)
  name      = "coder-${substr(lower(var.owner), 0, 16)}-${substr(lower(var.workspace_name), 0, 24)}-${local.name_hash}"
  identity  = var.capabilities.identity-mode
  selector  = { "app.kubernetes.io/instance" = local.name }
  labels = merge(local.selector, {
    "app.kubernetes.io/name" = "coder-workspace"
    "coder.com/owner"        = var.owner
    "coder.com/workspace"    = var.workspace_name
  })
  # Egress beyond DNS and the Coder control plane, per network-egress mode; "none" adds nothing.
  extra_egress = {
    https-only   = { except = concat(var.cluster_pod_cidrs, ["169.254.169.254/32"]), ports = ["443"] }
    unrestricted = { except = ["169.254.169.254/32"], ports = [] }
  }
  mounts = merge(
    { home = "/home/coder" },
    var.capabilities.artifact-cache ? { artifact-cache = "/var/cache/artifacts" } : {},
  )
}

resource "kubernetes_service_account_v1" "workspace" {
  metadata {
    name      = local.name
    namespace = var.namespace
    labels    = local.labels
    annotations = merge(
      local.identity == "iam" ? { "eks.amazonaws.com/role-arn" = var.irsa_role_arn } : {},
      local.identity == "workload-identity" && var.gcp_service_account != null ? { "iam.gke.io/gcp-service-account" = var.gcp_service_account } : {},
    )
  }
  automount_service_account_token = local.identity == "iam"
}

resource "kubernetes_secret_v1" "agent" { # the agent token never appears in the pod spec
  metadata {
    name      = "${local.name}-agent"
    namespace = var.namespace
    labels    = local.labels
  }
  data = { CODER_AGENT_TOKEN = var.agent_token }
}

resource "kubernetes_persistent_volume_claim_v1" "home" { # never gated by start_count: home survives a stop
  count = var.capabilities.persistent-home ? 1 : 0
  metadata {
    name      = "${local.name}-home"
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class
    resources { requests = { storage = var.compute_profile.storage } }
  }
  wait_until_bound = false
}

resource "kubernetes_pod_v1" "workspace" {
  count = var.start_count
  metadata {
    name      = local.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    hostname                        = lower(var.workspace_name)
    service_account_name            = kubernetes_service_account_v1.workspace.metadata[0].name
    automount_service_account_token = local.identity == "iam"
    enable_service_links            = false
    node_selector                   = merge(var.node_selector, { "kubernetes.io/arch" = var.arch })
    security_context { # Pod Security "restricted"
      run_as_non_root = true
      run_as_user     = 1000
      run_as_group    = 1000
      fs_group        = 1000
      seccomp_profile { type = "RuntimeDefault" }
    }
    container {
      name    = "workspace"
      image   = var.image_id
      command = ["sh", "-c", var.agent_init_script]
      env_from {
        secret_ref { name = kubernetes_secret_v1.agent.metadata[0].name }
      }
      resources {
        requests = { cpu = tostring(var.compute_profile.cpu), memory = var.compute_profile.memory }
        limits   = { cpu = tostring(var.compute_profile.cpu), memory = var.compute_profile.memory }
      }
      security_context {
        allow_privilege_escalation = false
        run_as_non_root            = true
        capabilities { drop = ["ALL"] }
        seccomp_profile { type = "RuntimeDefault" }
      }
      dynamic "volume_mount" {
        for_each = local.mounts
        content {
          name       = volume_mount.key
          mount_path = volume_mount.value
        }
      }
    }
    volume {
      name = "home"
      dynamic "persistent_volume_claim" {
        for_each = kubernetes_persistent_volume_claim_v1.home
        content { claim_name = persistent_volume_claim.value.metadata[0].name }
      }
      dynamic "empty_dir" { # without persistent-home, home is scratch space
        for_each = var.capabilities.persistent-home ? [] : [var.compute_profile.storage]
        content { size_limit = empty_dir.value }
      }
    }
    dynamic "volume" {
      for_each = var.capabilities.artifact-cache ? [var.artifact_cache_claim] : []
      content {
        name = "artifact-cache"
        persistent_volume_claim { claim_name = volume.value }
      }
    }
  }
}

resource "kubernetes_network_policy_v1" "egress" {
  metadata {
    name      = "${local.name}-egress"
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    pod_selector { match_labels = local.selector }
    policy_types = ["Egress"]
    egress { # every mode: DNS to kube-dns
      to {
        namespace_selector { match_labels = { "kubernetes.io/metadata.name" = "kube-system" } }
        pod_selector { match_labels = { "k8s-app" = "kube-dns" } }
      }
      dynamic "ports" {
        for_each = ["UDP", "TCP"]
        content {
          protocol = ports.value
          port     = "53"
        }
      }
    }
    egress { # every mode: coderd and DERP, named by selector, or the agent never connects
      to {
        namespace_selector { match_labels = { "kubernetes.io/metadata.name" = var.coder_namespace } }
        pod_selector { match_labels = var.coder_pod_labels }
      }
      dynamic "to" {
        for_each = var.coder_control_plane_cidrs
        content {
          ip_block { cidr = to.value }
        }
      }
    }
    dynamic "egress" {
      for_each = { for mode, rule in local.extra_egress : mode => rule if mode == var.capabilities.network-egress }
      content {
        to {
          ip_block {
            cidr   = "0.0.0.0/0"
            except = egress.value.except
          }
        }
        dynamic "ports" {
          for_each = egress.value.ports
          content {
            protocol = "TCP"
            port     = ports.value
          }
        }
      }
    }
  }
}
