#!/usr/bin/env bash
# CI helper of the template repository (not a boot script).
set -euo pipefail
terraform -chdir=template init -backend=false
terraform -chdir=template validate
