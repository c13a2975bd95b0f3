#!/usr/bin/env bash
# bench-go.sh: time asynclint's Go analysis on a large real module
# (golang.org/x/tools@v0.52.0 by default) against the floor, side by side in
# one run:
#   1. gocheck.Run on ./... against a checker whose single analyzer declares
#      a fact type and does nothing (the Go benchmark BenchmarkModule);
#   2. go vet -vettool=asynclint against plain go vet, each from the same
#      build cache holding the packages' compiled export data.
# Usage: scripts/bench-go.sh [module@version]
set -euo pipefail

cd "$(dirname "$0")/.."
MOD=${1:-golang.org/x/tools@v0.52.0}
GO=${GO:-go}

DIR=$($GO mod download -json "$MOD" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [[ -z "$DIR" || ! -d "$DIR" ]]; then
	echo "bench-go: cannot download $MOD" >&2
	exit 2
fi
echo "module: $MOD ($DIR), $(nproc) cores, $($GO version)"

echo
echo "== gocheck.Run vs floor (load + type-check + no-op fact analyzer)"
ASYNCLINT_BENCH_DIR=$DIR $GO test -run '^$' -bench '^BenchmarkModule$' -benchtime 1x ./internal/golang/gocheck |
	grep -E '^BenchmarkModule' |
	awk '{ for (i = 1; i < NF; i++) if ($(i+1) ~ /-s$|ratio|packages|findings|sites|errors/) printf "  %-12s %s\n", $(i+1), $i }'

TMP=$(mktemp -d)
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# Peak memory: each side as a process of its own (the test binary runs one
# side once), under /usr/bin/time.
if [[ -x /usr/bin/time ]]; then
	echo
	echo "== peak RSS, each side in its own process"
	$GO test -c -o "$TMP/gocheck.test" ./internal/golang/gocheck
	for side in Floor Check; do
		(cd internal/golang/gocheck && ASYNCLINT_BENCH_DIR=$DIR /usr/bin/time -f '%e %M' -o "$TMP/$side.time" \
			"$TMP/gocheck.test" -test.run '^$' -test.bench "^BenchmarkModule${side}Alone\$" -test.benchtime 1x >/dev/null)
	done
	read -r ft fm <"$TMP/Floor.time"
	read -r ct cm <"$TMP/Check.time"
	awk -v ft="$ft" -v fm="$fm" -v ct="$ct" -v cm="$cm" 'BEGIN {
		printf "  floor     %6.2f s %6.0f MB\n", ft, fm / 1024
		printf "  asynclint %6.2f s %6.0f MB\n", ct, cm / 1024
		printf "  time ratio %.2f (target <= 1.2), peak RSS ratio %.2f (target <= 1.2)\n", ct / ft, cm / fm
	}'
fi
TOOL="$TMP/asynclint"
if [[ -d cmd/asynclint ]] && $GO build -o "$TOOL" ./cmd/asynclint 2>/dev/null; then
	echo
	echo "== go vet (vet tool: cmd/asynclint)"
else
	$GO build -o "$TOOL" ./internal/golang/internal/golang/gocheck/internal/vetmain
	echo
	echo "== go vet (vet tool: internal/golang/gocheck/internal/vetmain; cmd/asynclint did not build)"
fi

# Both vet runs start from the same build cache, holding the export data of
# every package and test variant but no vet results.
(cd "$DIR" && GOCACHE="$TMP/base" GOFLAGS=-mod=mod $GO list -export -test -deps ./... >/dev/null)
cp -a "$TMP/base" "$TMP/plain"
cp -a "$TMP/base" "$TMP/tool"

timed() { # timed CACHE ARGS...: prints seconds, output in $TMP/out
	local cache=$1
	shift
	local t0 t1
	t0=$(date +%s.%N)
	(cd "$DIR" && GOCACHE="$cache" GOFLAGS=-mod=mod "$@" >"$TMP/out" 2>&1) || true
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}
plain=$(timed "$TMP/plain" $GO vet ./...)
tool=$(timed "$TMP/tool" $GO vet -vettool="$TOOL" ./...)
reports=$(grep -cE '\.go:[0-9]+:[0-9]+: ' "$TMP/out" || true)
echo "  go vet ./...                     ${plain}s"
echo "  go vet -vettool=asynclint ./...  ${tool}s  ($reports reports)"
echo "  ratio                            $(echo "$tool $plain" | awk '{ printf "%.2f", $1 / $2 }')"
