# The decisions of `wsc render`, written a second time in Terraform
# (src/render/*.rs is the first): the capabilities' effective values, the
# compute in exact units, the EC2 instance type, volume sizes, egress
# rules, the pod's resources and identity, the container's sizes. The
# catalog's data is in catalog.tf (local.catalog), render's constants in
# local.render.

locals {
  # The platform's renderer: kubernetes, ec2 or docker (null: none).
  target = (
    var.platform == "kubernetes" ? "kubernetes" :
    var.platform == "docker-sysbox" ? "docker" :
    contains(["ec2-linux", "ec2-windows", "ec2-gpu"], var.platform) ? "ec2" : null
  )
  os      = try(local.catalog.platforms[var.platform].os, "linux")
  windows = local.os == "windows"
  home    = local.windows ? "C:\\Users\\coder" : "/home/coder"
  sep     = local.windows ? "\\" : "/"

  # The capabilities: the value given, or the catalog's default.
  given = var.capabilities
  cap = {
    for k in keys(local.catalog.capability_defaults) : k => (
      try(local.given[k], null) != null ? tostring(local.given[k]) : tostring(local.catalog.capability_defaults[k])
    )
  }
  persistent_home = try(local.cap["persistent-home"], "false") == "true"
  artifact_cache  = try(local.cap["artifact-cache"], "false") == "true"
  gui_vnc         = try(local.cap["gui-vnc"], "false") == "true"
  # A catalog without gui-rdp never asks for it.
  gui_rdp = try(local.cap["gui-rdp"], "false") == "true"
  egress = (
    try(local.cap["network-egress"], "") == "none" ? "none" :
    try(local.cap["network-egress"], "") == "unrestricted" ? "unrestricted" : "https-only"
  )
  identity = (
    try(local.cap["identity-mode"], "") == "oidc" ? "oidc" :
    try(local.cap["identity-mode"], "") == "workload-identity" ? "workload-identity" : "iam"
  )
  secrets = (
    try(local.cap["secrets-injection"], "") == "vault" ? "vault" :
    try(local.cap["secrets-injection"], "") == "secrets-manager" ? "secrets-manager" : "variables"
  )

  # Quantities: bytes, whole GiB rounded up, and the text render writes
  # (the largest binary unit that divides the value exactly).
  units = { Ki = 1024, Mi = 1048576, Gi = 1073741824, Ti = 1099511627776 }
  bytes = {
    for k in ["memory", "storage"] : k => (
      tonumber(regex("^([0-9]+)(Ki|Mi|Gi|Ti)$", var.compute_profile[k])[0]) *
      local.units[regex("^([0-9]+)(Ki|Mi|Gi|Ti)$", var.compute_profile[k])[1]]
    )
  }
  quantity = {
    for k, b in local.bytes : k => (
      b % local.units.Ti == 0 ? format("%dTi", b / local.units.Ti) :
      b % local.units.Gi == 0 ? format("%dGi", b / local.units.Gi) :
      b % local.units.Mi == 0 ? format("%dMi", b / local.units.Mi) :
      b % local.units.Ki == 0 ? format("%dKi", b / local.units.Ki) : format("%d", b)
    )
  }
  storage_gib = ceil(local.bytes.storage / local.units.Gi)
  cpu         = var.compute_profile.cpu
  gpus        = var.compute_profile.gpu_count == null ? 0 : var.compute_profile.gpu_count
  gpu_type    = var.compute_profile.gpu_type

  # The DNS-1123 label of the workspace's objects (render/names.rs): a name
  # too long, or not the same once lowercased and cleaned, is cut and ends
  # in a hash of owner and workspace as written.
  name_whole = lower("ws-${var.owner}-${var.workspace_name}")
  name_clean = trim(replace(local.name_whole, "/[^a-z0-9]+/", "-"), "-")
  name_plain = (
    length(local.name_clean) <= 63 && local.name_clean == local.name_whole &&
    var.owner == lower(var.owner) && var.workspace_name == lower(var.workspace_name)
  )
  name_hash = substr(sha256("${var.owner}\u0000${var.workspace_name}"), 0, 8)
  name = local.name_plain ? local.name_clean : format(
    "%s-%s",
    replace(substr(local.name_clean, 0, min(54, length(local.name_clean))), "/-+$/", ""),
    local.name_hash,
  )

  # The EC2 instance type (render/instances.rs): a GPU profile takes a type
  # of its GPU type's family; any other one a general type, or a memory
  # one above 4 GiB per vCPU; the smallest by (vCPUs, memory, GPUs, name)
  # that meets every part.
  class = (
    local.gpus > 0 ? "gpu" :
    local.bytes.memory > local.cpu * local.render.general_gib_per_vcpu * local.units.Gi ? "memory" : "general"
  )
  candidates = [
    for i in local.catalog.instance_types : i
    if(local.gpus > 0 ? i.class == "gpu" && (local.gpu_type == null || i.gpu_type == local.gpu_type) : i.class == local.class)
  ]
  fitting = {
    for i in local.candidates : format("%010d %030d %010d %s", i.vcpu, i.memory_bytes, i.gpus, i.name) => i
    if i.vcpu >= local.cpu && i.memory_bytes >= local.bytes.memory && i.gpus >= local.gpus
  }
  instance = length(local.fitting) > 0 ? local.fitting[sort(keys(local.fitting))[0]] : null
  instance_what = (
    local.gpus > 0 && local.gpu_type != null ? "with ${local.gpu_type} GPUs" :
    local.gpus > 0 ? "with GPUs" : "of class ${local.class}"
  )

  # Egress rules, as render::decisions writes them.
  k8s_dns = "kube-system/k8s-app=kube-dns"
  k8s_egress = concat(
    ["udp 53 ${local.k8s_dns}", "tcp 53 ${local.k8s_dns}", "tcp 443 coder", "udp 3478 coder"],
    [for r in ["tcp 443", "all all"] : "${r} 0.0.0.0/0 except ${local.render.metadata_cidrs[0]}" if(local.egress == "https-only" ? r == "tcp 443" : local.egress == "unrestricted" ? r == "all all" : false)],
    [for r in ["tcp 443", "all all"] : "${r} ::/0 except ${local.render.metadata_cidrs[1]}" if(local.egress == "https-only" ? r == "tcp 443" : local.egress == "unrestricted" ? r == "all all" : false)],
  )
  ec2_egress = concat(
    ["udp 53 ${local.render.vpc_resolver}", "tcp 53 ${local.render.vpc_resolver}", "tcp 443 coder"],
    [for r in ["tcp 2049 vpc"] : r if local.artifact_cache],
    [for r in ["tcp 443 0.0.0.0/0", "tcp 443 ::/0"] : r if local.egress == "https-only"],
    [for r in ["all all 0.0.0.0/0", "all all ::/0"] : r if local.egress == "unrestricted"],
  )

  # The contract outputs volume_mounts and runtime_env (render/outputs.rs).
  home_mount = {
    kubernetes = "${local.home} pvc ${local.quantity.storage} -"
    docker     = "${local.home} local - -"
    ec2        = "${local.home} ebs ${local.storage_gib}Gi gp3"
  }
  cache_mount = {
    kubernetes = "pvc ${local.render.default_cache_size} -"
    docker     = "local - -"
    ec2        = "efs - -"
  }
  volume_mounts = concat(
    [for m in [try(local.home_mount[local.target], "")] : m if local.persistent_home || local.target == "docker"],
    [for d in local.render.cache_dirs : "${local.home}${local.sep}${d.dir} ${try(local.cache_mount[local.target], "")}" if local.artifact_cache],
  )
  runtime_env = merge(
    {
      for d in local.render.cache_dirs : d.var => (
        d.var == "MAVEN_OPTS" ? "${d.prefix}${local.home}${local.sep}${d.dir}${local.sep}repository" : "${d.prefix}${local.home}${local.sep}${d.dir}"
      ) if local.artifact_cache
    },
    { for k, v in { DISPLAY = ":1" } : k => v if local.gui_vnc },
  )

  # The same decisions with the structure the resource layer of a base
  # needs (outputs `effective`, `volumes`, `cache_mounts`,
  # `security_group_egress` and `pod_egress_open`): a base reads these
  # instead of deciding again.
  home_volume = {
    kubernetes = { type = "pvc", size = local.quantity.storage }
    docker     = { type = "local", size = null }
    ec2        = { type = "ebs", size = "${local.storage_gib}Gi" }
  }
  cache_volume = {
    kubernetes = { type = "pvc", size = local.render.default_cache_size }
    docker     = { type = "local", size = null }
    ec2        = { type = "efs", size = null }
  }
  volumes = concat(
    [
      for v in [try(local.home_volume[local.target], null)] : {
        kind = "home", path = local.home, type = v.type, size = v.size, storage_class = local.ec2 ? "gp3" : null
      } if v != null && (local.persistent_home || local.target == "docker")
    ],
    [
      for d in local.render.cache_dirs : {
        kind = "cache", path = "${local.home}${local.sep}${d.dir}", type = local.cache_volume[local.target].type,
        size = local.cache_volume[local.target].size, storage_class = null
      } if local.artifact_cache && local.target != null
    ],
  )
  # Each cache directory and the directory of the shared cache it is.
  cache_mounts = [
    for d in local.render.cache_dirs : { path = "${local.home}${local.sep}${d.dir}", shared = trimprefix(d.dir, ".") }
    if local.artifact_cache
  ]
  # EC2: one security group egress rule per entry; `vpc` marks the rule
  # whose address is the VPC's own range (known to the base, not here).
  sg_rules = {
    dns_udp        = { on = true, description = "DNS to the VPC resolver", ip_protocol = "udp", port = 53, cidr_ipv4 = local.render.vpc_resolver, cidr_ipv6 = null, vpc = false }
    dns_tcp        = { on = true, description = "DNS to the VPC resolver", ip_protocol = "tcp", port = 53, cidr_ipv4 = local.render.vpc_resolver, cidr_ipv6 = null, vpc = false }
    artifact_cache = { on = local.artifact_cache, description = "NFS to the artifact cache's EFS mount targets in the VPC", ip_protocol = "tcp", port = 2049, cidr_ipv4 = null, cidr_ipv6 = null, vpc = true }
    https_v4       = { on = local.egress == "https-only", description = "HTTPS anywhere (network-egress https-only)", ip_protocol = "tcp", port = 443, cidr_ipv4 = "0.0.0.0/0", cidr_ipv6 = null, vpc = false }
    https_v6       = { on = local.egress == "https-only", description = "HTTPS anywhere (network-egress https-only)", ip_protocol = "tcp", port = 443, cidr_ipv4 = null, cidr_ipv6 = "::/0", vpc = false }
    all_v4         = { on = local.egress == "unrestricted", description = "everything (network-egress unrestricted)", ip_protocol = "-1", port = null, cidr_ipv4 = "0.0.0.0/0", cidr_ipv6 = null, vpc = false }
    all_v6         = { on = local.egress == "unrestricted", description = "everything (network-egress unrestricted)", ip_protocol = "-1", port = null, cidr_ipv4 = null, cidr_ipv6 = "::/0", vpc = false }
  }
  security_group_egress = {
    for k, r in local.sg_rules : k => {
      description = r.description, ip_protocol = r.ip_protocol, port = r.port, cidr_ipv4 = r.cidr_ipv4, cidr_ipv6 = r.cidr_ipv6, vpc = r.vpc
    } if local.target == "ec2" && r.on
  }
  # Kubernetes: the rule that opens egress beyond DNS and the control plane
  # (null for `none`): its ports (null: every port) and its address blocks,
  # the metadata addresses excepted; https-only also keeps the cluster's own
  # ranges out (`except_cluster`).
  pod_egress_open = local.target == "kubernetes" && local.egress != "none" ? {
    ports          = local.egress == "https-only" ? [{ protocol = "TCP", port = 443 }] : null
    except_cluster = local.egress == "https-only"
    to = [
      { cidr = "0.0.0.0/0", ipv6 = false, except = [local.render.metadata_cidrs[0]] },
      { cidr = "::/0", ipv6 = true, except = [local.render.metadata_cidrs[1]] },
    ]
  } : null

  # Kubernetes: the names of the workspace's other objects, the name and a
  # suffix, cut and hashed when too long for a label (render/names.rs).
  object_names = {
    for sfx in ["agent", "agent-token", "cache", "egress", "home", "secrets"] : sfx => (
      length("${local.name}-${sfx}") <= 63 ? "${local.name}-${sfx}" : format(
        "%s-%s-%s",
        replace(substr(local.name, 0, min(length(local.name), 63 - 1 - 8 - 1 - length(sfx))), "/-+$/", ""),
        substr(sha256("${local.name}-${sfx}"), 0, 8),
        sfx,
      )
    )
  }

  k8s    = local.target == "kubernetes"
  ec2    = local.target == "ec2"
  docker = local.target == "docker"

  decisions = {
    platform      = var.platform
    name          = local.name
    instance_type = local.ec2 ? try(local.instance.name, null) : null
    root_gib      = local.ec2 ? local.render.root_gib : null
    home_gib      = local.ec2 && local.persistent_home ? local.storage_gib : null
    role_policies = local.ec2 ? local.identity == "iam" : null
    home_claim    = local.k8s && local.persistent_home ? local.quantity.storage : null
    cache_claim   = local.k8s && local.artifact_cache ? local.render.default_cache_size : null
    cpu           = local.k8s ? tostring(local.cpu) : null
    memory        = local.k8s ? local.quantity.memory : null
    gpu_limit     = local.k8s && local.gpus > 0 ? local.gpus : null
    service_account_annotation = (
      local.k8s && local.identity == "iam" ? "eks.amazonaws.com/role-arn" :
      local.k8s && local.identity == "workload-identity" ? "iam.gke.io/gcp-service-account" : null
    )
    projected_token   = local.k8s ? local.identity == "oidc" : null
    docker_memory_mib = local.docker ? ceil(local.bytes.memory / local.units.Mi) : null
    docker_cpu_shares = local.docker ? local.cpu * 1024 : null
    home_bind         = local.docker ? "${local.render.home_root}/${var.owner}-${var.workspace_name}" : null
    egress_label      = local.docker ? local.egress : null
    egress            = local.k8s ? sort(local.k8s_egress) : local.ec2 ? sort(local.ec2_egress) : null
    secrets = (
      local.k8s ? { variables = "secret-env", vault = "vault-agent", secrets-manager = "secrets-store-csi" }[local.secrets] :
      local.ec2 && local.secrets == "secrets-manager" ? "secrets-manager-policy" : null
    )
    gui = (
      local.ec2 && local.windows ? (local.gui_rdp ? "rdp" : null) :
      local.gui_vnc ? (local.ec2 && var.platform == "ec2-gpu" ? "vnc+dcv" : "vnc") : null
    )
    volume_mounts = sort(local.volume_mounts)
    runtime_env   = local.runtime_env
  }
}
