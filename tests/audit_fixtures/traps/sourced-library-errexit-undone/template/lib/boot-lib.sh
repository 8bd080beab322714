# Shared helpers of the boot scripts (functions only).
set -euo pipefail
log() { echo "[boot] $*" >&2; }
warn() { log "warning: $*"; }
