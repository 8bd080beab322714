#!/usr/bin/env python3
"""Generate a synthetic template repository for `wsc check` scale figures.

Usage: gen_repo.py OUT_DIR [TOOLCHAINS=1000] [BASES=8] [PAIRINGS=500]

Toolchains cycle through software-development, Windows and data-science
shapes (every tenth is a Terraform-only toolchain with a bool variable);
bases carry a Terraform module; bases cover the four contract platforms twice; pairings join a
toolchain with a base of a fitting platform, so the repository is mostly
valid with a realistic sprinkling of findings (every 50th pairing offers a
profile its toolchain does not list)."""
import os
import sys

out = sys.argv[1]
n_tc = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
n_base = int(sys.argv[3]) if len(sys.argv) > 3 else 8
n_pair = int(sys.argv[4]) if len(sys.argv) > 4 else 500

SHAPES = [
    ("linux", "ghcr.io/acme/swdev-{i}:1.{i}.0",
     "  persistent-home: true\n  network-egress: https-only\n  artifact-cache: true\n  secrets-injection: vault\n",
     "[sw-dev-small, sw-dev-medium, sw-dev-large]", "sw-dev-medium", ["kubernetes", "ec2-linux"], ""),
    ("windows", "ami-{i:08x}",
     "  persistent-home: true\n  gui-rdp: true\n  identity-mode: oidc\n",
     "[sw-dev-medium, sw-dev-large]", "sw-dev-large", ["ec2-windows"], ""),
    ("linux", "ghcr.io/acme/datasci-{i}:0.{i}.1",
     "  persistent-home: true\n  gpu-support: true\n  gui-vnc: true\n  artifact-cache: true\n",
     "[datasci-large, datasci-xlarge]", "datasci-large", ["ec2-gpu"], "optional: [gui-vnc]\n"),
]
PLATFORMS = ["kubernetes", "ec2-linux", "ec2-windows", "ec2-gpu"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


BASE_VARIABLES = open(os.path.join(os.path.dirname(__file__), "..", "tests", "repo_fixtures",
                           "TR001", "good", "bases", "base-k8s", "variables.tf")).read()
BASE_OUTPUTS = open(os.path.join(os.path.dirname(__file__), "..", "tests", "repo_fixtures",
                         "TR001", "good", "bases", "base-k8s", "outputs.tf")).read()
TF_TOOLCHAIN = """variable "with_cache" {
  type    = bool
  default = true
}

locals {
  image = "ghcr.io/acme/tf-%(i)d:${lower("V1")}"
}

output "capabilities" {
  value = {
    persistent-home = true
    artifact-cache  = var.with_cache
    network-egress  = "https-only"
  }
}

output "image_id" {
  value = local.image
}

output "profiles" {
  value = ["sw-dev-small", "sw-dev-medium"]
}
"""

for i in range(n_tc):
    os_, image, caps, profiles, default, _, extra = SHAPES[i % len(SHAPES)]
    if i % 10 == 9:
        # Every tenth toolchain is Terraform-only, checked per assignment.
        write(f"{out}/toolchains/tc-{i:04d}/outputs.tf", TF_TOOLCHAIN % {"i": i})
        continue
    write(f"{out}/toolchains/tc-{i:04d}/toolchain.yaml",
          f"name: tc-{i:04d}\nversion: 1.0.{i}\ncontract: \"1.0\"\nimage_id: {image.format(i=i)}\n"
          f"os: {os_}\ncapabilities:\n{caps}{extra}profiles: {profiles}\ndefault_profile: {default}\n")
bases = []
for j in range(n_base):
    platform = PLATFORMS[j % len(PLATFORMS)]
    bases.append((f"base-{j}", platform))
    write(f"{out}/bases/base-{j}/base.yaml",
          f"name: base-{j}\nversion: 1.{j}.0\ncontract: \"1.0\"\nplatform: {platform}\n")
    write(f"{out}/bases/base-{j}/variables.tf", BASE_VARIABLES)
    write(f"{out}/bases/base-{j}/outputs.tf", BASE_OUTPUTS)
lines = ["pairings:"]
for k in range(n_pair):
    i = (k * 7) % n_tc
    if i % 10 == 9:
        i -= 1
    _, _, _, profiles, default, fits, _ = SHAPES[i % len(SHAPES)]
    base = next(b for b, p in bases if p in fits)
    lines.append(f"  p-{k:04d}:\n    toolchain: tc-{i:04d}\n    base: {base}")
    if k % 50 == 0:
        lines.append("    profiles: [platform-devsecops]")
write(f"{out}/pairings.yaml", "\n".join(lines) + "\n")
print(f"{out}: {n_tc} toolchains, {n_base} bases, {n_pair} pairings")
