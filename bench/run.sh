#!/usr/bin/env bash
# Benchmarks of `wsc validate`, recorded in BENCHMARKS.md.
#   bash bench/run.sh            whole-process figures and the terraform comparison
#   BENCH_INPROCESS=1 bash bench/run.sh   also the in-process divan benchmarks
# Everything that needs terraform prints a SKIP line when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
export CHECKPOINT_DISABLE=1

cargo build --release --locked -q
wsc=target/release/wsc
runs=${BENCH_RUNS:-300}

tfrc=$(mktemp)
export TF_CLI_CONFIG_FILE="$tfrc"
echo "## machine"
echo "$(nproc) cores, $(uname -m), $(rustc --version)"
if command -v terraform >/dev/null 2>&1; then terraform version | sed -n 1p; else echo "SKIP: terraform not found"; fi

# Whole-process timer: hyperfine when installed (no shell, warm-up runs),
# otherwise bench/timeit.py. Prints "median_ms p90_ms exit".
timeit() {
  local n=$1
  shift
  if command -v hyperfine >/dev/null 2>&1; then
    local json
    json=$(mktemp)
    hyperfine -N -i --warmup 10 --runs "$n" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    local status=0
    "$@" >/dev/null 2>&1 || status=$?
    python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['results'][0]
t = sorted(x * 1000 for x in r['times'])
print(f\"{r['median'] * 1000:.3f} {t[min(len(t) - 1, int(len(t) * 0.9))]:.3f} {sys.argv[2]}\")" "$json" "$status"
    rm -f "$json"
  else
    python3 bench/timeit.py "$n" "$@"
  fi
}

if [ "${BENCH_INPROCESS:-0}" = 1 ]; then
  echo "## in-process (divan, one core)"
  cargo bench --locked --bench validate 2>&1 | grep -E "├|╰|│  [├╰]|Kitem|Mitem" | tee "$out/inprocess.txt"
fi

echo "## whole process: wsc validate of one file ($runs runs; median ms, p90 ms, exit)"
for f in benches/inputs/valid.yaml benches/inputs/invalid.yaml examples/compositions/broken-legacy.yaml; do
  printf '%-45s %s\n' "$f" "$(timeit "$runs" "$wsc" validate "$f")"
done
printf '%-45s %s\n' "(json) benches/inputs/invalid.yaml" "$(timeit "$runs" "$wsc" validate --format json benches/inputs/invalid.yaml)"

echo "## batch: wsc validate of 1000 compositions in one process"
batch="$out/batch"
rm -rf "$batch"
mkdir -p "$batch"
for i in $(seq 0 499); do
  sed "s/workspace_name: carol-ml/workspace_name: carol-ml-$i/" benches/inputs/valid.yaml >"$batch/v$i.yaml"
  sed "s/workspace_name: carol-ml/workspace_name: carol-ml-$i/" benches/inputs/invalid.yaml >"$batch/i$i.yaml"
done
read -r batch_ms _ batch_status < <(timeit 20 "$wsc" validate "$batch"/*.yaml)
read -r batch_json_ms _ _ < <(timeit 20 "$wsc" validate --format json "$batch"/*.yaml)
per_comp_us=$(python3 -c "print(f'{$batch_ms * 1000 / 1000:.2f}')")
echo "1000 files, text: median ${batch_ms} ms (exit $batch_status) = ${per_comp_us} µs per composition"
echo "1000 files, json: median ${batch_json_ms} ms"

echo "## wsc check: synthetic repository (bench/gen_repo.py: 1000 toolchains, 8 bases, 500 pairings)"
synth="$out/synth-repo"
rm -rf "$synth"
python3 bench/gen_repo.py "$synth" 1000 8 500
read -r synth_ms synth_p90 synth_status < <(timeit 20 "$wsc" check "$synth")
rss_file=$(mktemp)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M" -o "$rss_file" "$wsc" check "$synth" >/dev/null 2>&1 || true
  rss_kb=$(tail -n 1 "$rss_file")
else
  rss_kb="? (no /usr/bin/time)"
fi
rm -f "$rss_file"
echo "wsc check synthetic: median ${synth_ms} ms, p90 ${synth_p90} ms (exit $synth_status), peak RSS ${rss_kb} KiB"
synth10="$out/synth-repo-10x"
rm -rf "$synth10"
python3 bench/gen_repo.py "$synth10" 10000 80 5000
read -r synth10_ms _ synth10_status < <(timeit 5 "$wsc" check "$synth10")
python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'wsc check synthetic at 10x (10000 toolchains, 80 bases, 5000 pairings): median {b} ms (exit $synth10_status) = x{b / a:.1f} the 1x time (linear: about 10, at most 12)')" "$synth_ms" "$synth10_ms"
if command -v valgrind >/dev/null; then
  i1=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$wsc" check "$synth" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' || true)
  i10=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$wsc" check "$synth10" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' || true)
  python3 -c "import sys; a, b = int(sys.argv[1]), int(sys.argv[2]); print(f'instructions (callgrind): 1x {a:,}, 10x {b:,} = x{b / a:.2f}')" "$i1" "$i10"
fi
read -r tn_ms _ tn_status < <(timeit "$runs" "$wsc" check examples/terraform-native-broken)
echo "wsc check examples/terraform-native-broken (3 templates, seed 000 layout): median ${tn_ms} ms (exit $tn_status)"
read -r tr_ms tr_p90 tr_status < <(timeit "$runs" "$wsc" check examples/template-repo)
echo "wsc check examples/template-repo: median ${tr_ms} ms, p90 ${tr_p90} ms (exit $tr_status)"

echo "## wsc audit (whole process)"
for d in examples/ddev-workspace examples/ddev-workspace-broken examples/plain-docker examples; do
  printf '%-45s %s\n' "wsc audit $d" "$(timeit "$runs" "$wsc" audit "$d")"
done

echo "## linear growth: the same shape at N and 10 N (median ms of 5 runs; the ratio should be about 10)"
growth="$out/growth"
mkdir -p "$growth"
for n in 4000 40000; do python3 bench/gen_growth.py "$growth" "$n"; done
grow() {
  local label=$1 small=$2 large=$3
  shift 3
  read -r a _ _ < <(timeit 5 "$@" "$small")
  read -r b _ _ < <(timeit 5 "$@" "$large")
  python3 -c "import sys; a, b = float(sys.argv[2]), float(sys.argv[3]); print(f'{sys.argv[1]:58} {a:9.1f} ms {b:9.1f} ms  x{b / a:5.1f}')" "$label" "$a" "$b"
}
grow "audit: image with 4,000 / 40,000 RUN lines" "$growth/run-4000" "$growth/run-40000" "$wsc" audit -q
grow "audit: 4,000 / 40,000 chmod globs, 200 staged scripts" "$growth/chmod-4000" "$growth/chmod-40000" "$wsc" audit -q
grow "audit: boot script file() of 4,000 / 40,000 lines" "$growth/boot-4000" "$growth/boot-40000" "$wsc" audit -q
grow "validate (text): 4,000 / 40,000 repeated keys" "$growth/dupkeys-4000.yaml" "$growth/dupkeys-40000.yaml" "$wsc" validate
grow "validate (json): 4,000 / 40,000 repeated keys" "$growth/dupkeys-4000.yaml" "$growth/dupkeys-40000.yaml" "$wsc" validate --format json

echo "## terraform-native peer (bench/terraform-native): terraform plan per composition"
if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIP: terraform not found"
  exit 0
fi
tfruns=${BENCH_TF_RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work" "$tfrc"' EXIT
cp bench/terraform-native/*.tf "$work"/
export TF_IN_AUTOMATION=1
terraform -chdir="$work" init -input=false -no-color >/dev/null
bash bench/terraform-native/run.sh bench/terraform-native/cases/bench-valid.tfvars.json bench/terraform-native/cases/bench-invalid.tfvars.json
for kind in valid invalid; do
  vars="$PWD/bench/terraform-native/cases/bench-$kind.tfvars.json"
  read -r tf_ms _ tf_status < <(timeit "$tfruns" terraform -chdir="$work" plan -input=false -lock=false -refresh=false -no-color -var-file="$vars")
  read -r wsc_ms _ wsc_status < <(timeit "$runs" "$wsc" validate "benches/inputs/$kind.yaml")
  python3 - "$kind" "$tf_ms" "$tf_status" "$wsc_ms" "$wsc_status" "$per_comp_us" <<'PY'
import sys
kind, tf, tfs, w, ws, per = sys.argv[1:]
tf, w, per = float(tf), float(w), float(per)
print(f"{kind:8} terraform plan {tf:8.1f} ms (exit {tfs})  wsc validate {w:6.2f} ms (exit {ws})  "
      f"per process {tf / w:6.1f}x  per composition {tf * 1000 / per:9.0f}x")
PY
done

echo "## terraform-render peer (bench/terraform-render): terraform plan of a pod manifest vs wsc render"
rwork=$(mktemp -d)
cp bench/terraform-render/*.tf "$rwork"/
terraform -chdir="$rwork" init -input=false -no-color >/dev/null
read -r tr_ms _ tr_status < <(timeit "$tfruns" terraform -chdir="$rwork" plan -input=false -lock=false -refresh=false -no-color)
read -r wr_ms _ wr_status < <(timeit "$runs" "$wsc" render --format k8s-yaml examples/compositions/pod-swdev.yaml)
rm -rf "$rwork"
python3 - "$tr_ms" "$tr_status" "$wr_ms" "$wr_status" <<'PY'
import sys
tf, tfs, w, ws = sys.argv[1:]
tf, w = float(tf), float(w)
print(f"terraform plan (yamlencode of a pod) {tf:8.1f} ms (exit {tfs})  "
      f"wsc render --format k8s-yaml {w:6.2f} ms (exit {ws})  per process {tf / w:6.1f}x")
PY
