#!/usr/bin/env bash
# make bench: the Python and Go benchmarks, each side by side with its floor
# (and with ruff's WASM build for Python) in one run. Ratios are what to
# read; absolute times depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Python: real async code and the standard library, each process timed (time, peak RSS) =="
bash scripts/bench-corpus.sh all
echo
echo "== Python: asynclint check on the Python standard library (in-process, ASYNC251 agreement) =="
bash scripts/bench-python.sh "${BENCH_COUNT:-3}"
echo
echo "== Go: asynclint check ./... and go vet -vettool on golang.org/x/tools =="
if [[ -f scripts/bench-go.sh ]]; then
  bash scripts/bench-go.sh
else
  echo "scripts/bench-go.sh missing" >&2
  exit 2
fi
