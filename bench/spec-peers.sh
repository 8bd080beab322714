#!/usr/bin/env bash
# wsc spec validate side by side with the reference OpenSpec CLI, recorded in
# BENCHMARKS.md.   bash bench/spec-peers.sh
# Installs @fission-ai/openspec 1.13.2 with npm under target/peers/openspec
# on first use (the same copy .ci/run installs); it runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
runs=${BENCH_RUNS:-50}
peer_runs=${BENCH_PEER_RUNS:-10}
export OPENSPEC_TELEMETRY=0 DO_NOT_TRACK=1 OPENSPEC_NO_UPDATE_CHECK=1

cargo build --release --locked -q
wsc=$PWD/target/release/wsc
openspec=$PWD/target/peers/openspec/node_modules/.bin/openspec
if [ ! -x "$openspec" ]; then
  mkdir -p target/peers/openspec
  npm install --silent --no-audit --no-fund --prefix target/peers/openspec "@fission-ai/openspec@1.13.2" >/dev/null
fi

# median wall-clock milliseconds of N runs of a command in a directory
median_ms() {
  local n=$1 dir=$2
  shift 2
  python3 - "$n" "$dir" "$@" <<'PY'
import statistics, subprocess, sys, time
n = int(sys.argv[1]); cwd = sys.argv[2]; cmd = sys.argv[3:]
times = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.1f}")
PY
}

synth="$out/openspec-synth"
rm -rf "$synth"
python3 bench/gen_openspec.py "$synth" 100 20
own=$(mktemp -d)
cp -r openspec "$own/"

echo "## machine"
echo "$(nproc) cores, $(uname -m); openspec $("$openspec" --version)"
echo "## verdicts"
for t in "$own" "$synth"; do
  w=0; (cd "$t" && "$wsc" spec validate -q . >/dev/null 2>&1) || w=$?
  o=0; (cd "$t" && "$openspec" validate --all --strict >/dev/null 2>&1) || o=$?
  echo "$(basename "$t"): wsc exit $w, openspec exit $o"
done
echo "## time (median wall-clock ms; wsc $runs runs, openspec $peer_runs runs)"
for t in "$own:the project's openspec/ (2 specs, 58 scenarios)" "$synth:synthetic: 100 specs (800 requirements, 2400 scenarios), 20 changes"; do
  dir=${t%%:*}
  label=${t#*:}
  w=$(median_ms "$runs" "$dir" "$wsc" spec validate .)
  o=$(median_ms "$peer_runs" "$dir" "$openspec" validate --all --strict)
  printf '%-72s wsc %7s ms   openspec %8s ms   %sx\n' "$label" "$w" "$o" "$(python3 -c "print(round($o / $w))")"
done
rm -rf "$own"
