#!/usr/bin/env bash
# bench-python.sh: time asynclint's Python check on the machine's Python
# standard library against the floor (read every file, byte prefilter,
# parallel parse of the files that pass it) and against ruff 0.17.4's WASM
# build (../shared/bench/ruff-anchor) on the same files, in the same run;
# then check that ASYNC251 findings agree with ruff's exactly.
# Usage: scripts/bench-python.sh [-count N]   (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3}
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
anchor=${RUFF_ANCHOR:-../shared/bench/ruff-anchor}
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$stdlib" -name '*.py' -not -path '*/site-packages/*' | sort > "$list"
echo "stdlib: $stdlib ($(wc -l < "$list") files, $(cat "$list" | xargs -d '\n' du -cb | tail -1 | cut -f1) bytes)"

bench=$(go test -run '^$' -bench 'Stdlib$' -benchtime "${count}x" ./internal/python/pycheck)
echo "$bench" | grep '^Benchmark'
check_ns=$(echo "$bench" | awk '/^BenchmarkCheckStdlib/ {print $3}')
floor_ns=$(echo "$bench" | awk '/^BenchmarkFloorStdlib/ {print $3}')
sites_ns=$(echo "$bench" | awk '/^BenchmarkSitesStdlib/ {print $3}')

ruff_s=""
if [[ -x $anchor ]] && command -v node >/dev/null; then
  "$anchor" --version >/dev/null 2>&1 || true # installs the npm package once
  start=$(date +%s.%N)
  xargs -d '\n' -a "$list" "$anchor" --select=ASYNC > /dev/null || true
  end=$(date +%s.%N)
  ruff_s=$(echo "$end - $start" | bc -l)
fi

awk -v c="$check_ns" -v f="$floor_ns" -v s="$sites_ns" -v r="$ruff_s" 'BEGIN {
  printf "asynclint check: %.3f s\n", c / 1e9
  printf "floor:           %.3f s   ratio check/floor = %.2f (target <= 1.30)\n", f / 1e9, c / f
  printf "with sites:      %.3f s   ratio sites/floor = %.2f (as report runs it)\n", s / 1e9, s / f
  if (r != "") printf "ruff WASM:       %.3f s   ratio check/ruff  = %.2f (target <= 0.50)\n", r, (c / 1e9) / r
}'

if [[ -n $ruff_s ]]; then
  echo "ASYNC2xx agreement with ruff (stdlib and testdata/python):"
  ASYNCLINT_RUFF_COMPARE="stdlib:../../../testdata/python" go test -count=1 -run 'AgreeWithRuff' -v ./internal/python/pycheck | grep -E 'ruff [0-9]+|^(ok|FAIL|---)'
fi
