#!/bin/bash
# Side-by-side figures: kusari-bench against the PyTorch peer scripts, interleaved in one run
# so that both see the same machine load; prints every JSON line, then medians and ratios.
#
#   peers/compare_peers.sh [--reps N] [--threads T] [--only lenet|mlp]
#
# Needs a release build (swift build -c release) and the peers from /work/shared/peers/setup.sh.
# Environment: PEERS_DIR (default /work/shared/peers), PEERS_PYTHON (default /opt/peers/bin/python).
# Kept out of the package build on purpose: nothing here is a dependency of Kusari.
set -euo pipefail
reps=3 threads=2 only=""
while (($#)); do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "usage: $0 [--reps N] [--threads T] [--only lenet|mlp]" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/.build/release/kusari-bench"
peers="${PEERS_DIR:-/work/shared/peers}"
python="${PEERS_PYTHON:-/opt/peers/bin/python}"
[[ -x "$bench" ]] || { echo "no $bench: run swift build -c release first" >&2; exit 1; }
[[ -x "$python" ]] || { echo "no $python: run $peers/setup.sh first" >&2; exit 1; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
run() {  # name, command...
  local name="$1"; shift
  echo "+ $*" >&2
  "$@" | tail -n 1 | sed "s/^{/{\"run\":\"$name\",/" | tee -a "$log"
}
for ((rep = 1; rep <= reps; rep++)); do
  if [[ -z "$only" || "$only" == lenet ]]; then
    run kusari_lenet "$bench" lenet --threads "$threads"
    run torch_lenet env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$peers/torch_lenet.py" --epochs 1 --batchsize 100 --threads "$threads"
  fi
  if [[ -z "$only" || "$only" == mlp ]]; then
    run kusari_mlp "$bench" mlp --threads "$threads"
    run torch_mlp env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$peers/torch_mlp.py" --threads "$threads"
  fi
done
python3 - "$log" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs.setdefault(r["run"], []).append(r)
def first(v): return v[0] if isinstance(v, list) else v
def med(name, key):
    values = [float(first(r[key])) for r in runs.get(name, []) if key in r]
    return statistics.median(values) if values else None
def rss(name):
    return med(name, "peak_rss_mib")
print(f"\n{'model':6} {'figure':14} {'kusari':>9} {'pytorch':>9} {'ratio':>7}   (medians of {max(map(len, runs.values()))} runs)")
for model in ("lenet", "mlp"):
    k, t = "kusari_" + model, "torch_" + model
    if k not in runs: continue
    for key, label in (("train_epoch_s", "train s/epoch"), ("eval_s", "eval s"), ("test_accuracy", "accuracy"), ("peak_rss_mib", "peak RSS MiB")):
        a, b = med(k, key), med(t, key)
        if a is None: continue
        ratio = f"{a / b:7.3f}" if b and key in ("train_epoch_s", "eval_s", "peak_rss_mib") else "      -"
        print(f"{model:6} {label:14} {a:9.3f} {b if b is not None else float('nan'):9.3f} {ratio}")
PY
