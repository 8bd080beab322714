# Shared helpers of the boot scripts.
set -euo pipefail
mkdir -p /tmp/boot-state
log() { echo "[boot] $*" >&2; }
