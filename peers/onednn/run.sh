#!/bin/bash
# kusari-bench conv against oneDNN (Debian's libdnnl-dev) on the same passes, in one run:
# builds conv_bench.c with gcc, then for each thread count and repetition runs kusari, oneDNN in
# its preferred (blocked) layouts and oneDNN held to plain NCHW, back to back so that all three see
# the same machine load; prints every JSON line, then a table of medians and ratios.
#
#   peers/onednn/run.sh [--reps N] [--threads "1 2"]
#
# Needs a release build (swift build -c release) and `apt-get install libdnnl-dev`. Kept out of
# the package build on purpose: nothing here is a dependency of Kusari.
set -euo pipefail
reps=3 threads="1 2"
while (($#)); do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "usage: $0 [--reps N] [--threads \"1 2\"]" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "$0")" && pwd)"
bench="$here/../../.build/release/kusari-bench"
[[ -x "$bench" ]] || { echo "no $bench: run swift build -c release first" >&2; exit 1; }
[[ -f /usr/include/oneapi/dnnl/dnnl.h ]] || { echo "no oneDNN headers: apt-get install libdnnl-dev" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -Wall -Wextra -fopenmp "$here/conv_bench.c" -o "$work/conv_bench" -ldnnl
log="$work/log"
for ((rep = 1; rep <= reps; rep++)); do
  for t in $threads; do
    "$bench" conv --threads "$t" | sed 's/}$/,"impl":"kusari"}/' | tee -a "$log"
    # OMP_WAIT_POLICY=passive: idle OpenMP threads sleep, as kusari's do, instead of spinning on
    # cores that other processes share.
    OMP_NUM_THREADS="$t" OMP_WAIT_POLICY=passive "$work/conv_bench" | tee -a "$log"
    OMP_NUM_THREADS="$t" OMP_WAIT_POLICY=passive "$work/conv_bench" --layout nchw \
      | sed 's/"impl":"onednn"/"impl":"onednn_nchw"/' | tee -a "$log"
  done
done
python3 - "$log" "$reps" <<'PY'
import json, statistics, sys
times = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    times.setdefault((r["case"], r["pass"], r["threads"], r["impl"]), []).append(r["ms"])
med = {key: statistics.median(v) for key, v in times.items()}
# oneDNN's backward-weights pass computes the bias gradient too: kusari's dW counts its db.
for (c, p, t, impl), ms in list(med.items()):
    if p == "db": med[(c, "dW", t, impl)] += med.pop((c, p, t, impl))
rows = sorted({(c, p) for c, p, _, _ in med}, key=lambda k: (k[0], ["forward", "dW", "dX", "backward"].index(k[1])))
counts = sorted({t for _, _, t, _ in med})
print(f"\nmedian ms of {sys.argv[2]} runs; ratio = kusari / oneDNN in its preferred layouts (goal: <= 1.25 on 2"
      " threads); nchw = oneDNN held to NCHW; dW includes the bias gradient for both")
header = f"{'case':6} {'pass':9}"
for t in counts:
    header += f" | {t}T kusari  onednn  ratio  nchw"
print(header)
for c, p in rows:
    line = f"{c:6} {p:9}"
    for t in counts:
        k, o, n = (med.get((c, p, t, impl)) for impl in ("kusari", "onednn", "onednn_nchw"))
        ratio = f"{k / o:6.2f}" if k and o else "     -"
        line += f" | {k or float('nan'):9.3f} {o or float('nan'):7.3f} {ratio} {n or float('nan'):6.3f}"
    print(line)
PY
