#!/usr/bin/env bash
# make demo: asynclint on the bundled example, as a new user's first command.
#
#   1. check    the findings in testdata/example (Python and Go)
#   2. report   migration coverage before, and the blocking roots to convert first
#   3. fix      Phase 1 and 2: --twins --deprecate --all-blocking on a temporary copy
#               (the repository is not touched)
#   4. report   coverage after, and the compat functions with what still uses them
#   5. fix      Phase 3: --prune removes the sync versions nothing uses any more
#   6. report   coverage at the end, and what is left for a person
#   7. Python   N concurrent operations under asyncio.gather, before and after (needs python3)
#   8. Go       the example's components under a cancelled context, before and after
#
# The timings are measured on this machine at each run and printed; nothing
# is asserted about them.
#
# Environment: ASYNCLINT (binary, default bin/asynclint), DEMO_N (concurrent
# Python operations, default 50), DEMO_CANCEL_AFTER (Go, default 10ms).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${ASYNCLINT:-$ROOT/bin/asynclint}
N=${DEMO_N:-50}
CANCEL_AFTER=${DEMO_CANCEL_AFTER:-10ms}

case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [[ ! -x $BIN ]]; then
	echo "demo: $BIN not found; run 'make build' (or 'make demo', which builds it) first" >&2
	exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/asynclint-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [[ -t 1 ]]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
section() {
	printf '\n%s==== %s ====%s\n\n' "$BOLD" "$*" "$PLAIN"
}

# lint runs an asynclint command whose exit status 1 means "findings" or "gate
# failed": only 2 and above (usage or internal error) stop the demo.
lint() {
	local rc=0
	"$BIN" "$@" || rc=$?
	if ((rc >= 2)); then
		echo "demo: 'asynclint $*' failed with exit status $rc" >&2
		exit "$rc"
	fi
}

# remaining prints the number of blocking sites left to migrate.
remaining() {
	"$BIN" report --format json "$@" | awk -F': *' '/"remaining":/ { sub(/,$/, "", $2); print $2; exit }'
}

# coverage prints the overall coverage of a report over the given paths.
coverage() {
	"$BIN" report --format json "$@" | awk -F': *' '/"coverage":/ { sub(/,$/, "", $2); printf "%.1f%%\n", $2; exit }'
}

cd "$ROOT"
section "1. asynclint check testdata/example: the findings"
lint check testdata/example

section "2. asynclint report testdata/example: coverage before the migration, and the roots to convert first"
lint report testdata/example
BEFORE_COV=$(coverage testdata/example)
BEFORE_REM=$(remaining testdata/example)

section "3. Phase 1 and 2: asynclint fix --twins --deprecate --all-blocking, on a temporary copy"
# Two pristine copies: "before" to measure the original code, "after" to fix.
for copy in before after; do
	cp -R "$ROOT/testdata/example" "$WORK/$copy"
	find "$WORK/$copy" -name __pycache__ -prune -exec rm -rf {} +
	if [[ -f $WORK/$copy/go/go.mod ]]; then
		# The example's go.mod points at the repository by a relative path.
		(cd "$WORK/$copy/go" && go mod edit -replace "github.com/asynclint/asynclint/runtime=$ROOT/runtime")
	fi
done
echo "copy: $WORK/after"
cd "$WORK/after"
lint fix --twins --deprecate --all-blocking . 2>&1 | tee "$WORK/fix.log"
echo
echo "files changed by the fix:"
diff -rq "$WORK/before" "$WORK/after" | sed -e "s|^Files $WORK/before/\([^ ]*\) and .* differ$|  \1|" -e "s|^Only in $WORK/after/*|  (new) |" || true

section "4. asynclint report: coverage after Phase 1 and 2, and what still uses the sync versions"
lint report .
TWINS_COV=$(coverage .)

section "5. Phase 3: asynclint fix --prune removes the sync versions nothing uses any more"
lint fix --prune .
echo
echo "a second run changes nothing:"
lint fix --prune --dry-run . 2>&1 | tail -1

section "6. asynclint report: coverage at the end, and what is left for a person"
lint report . | awk '/^Coverage /, /^$/' | head -1
AFTER_COV=$(coverage .)
AFTER_REM=$(remaining .)
echo
echo "Left for a person (what no fix rewrites mechanically):"
"$BIN" report --format json . | python3 -c '
import json, sys
r = json.load(sys.stdin)
rest = [s for s in r["sites"] if s["state"] not in ("async-safe", "compat")]
for s in rest:
    print("  %s:%d  %s in %s (%s)" % (s["filename"], s["location"]["line"], s["callee"], s["function"], s["state"]))
if not rest:
    print("  nothing")
' 2>/dev/null || lint report .
grep -E ' manual: | refused: ' "$WORK/fix.log" | sed 's/^/  /' || true
cd "$ROOT"
printf '\nmigration coverage: %s before, %s after Phase 1 and 2, %s after Phase 3 (the sync versions removed\n' "$BEFORE_COV" "$TWINS_COV" "$AFTER_COV"
echo "took their compat sites with them). Blocking sites left to migrate: $BEFORE_REM before, $AFTER_REM after:"
echo "$((BEFORE_REM - AFTER_REM)) rewritten or removed, 100% of those a fix can rewrite; the $AFTER_REM left are listed above"
echo "(each with its state; the refused and manual ones with the reason no fix rewrites them)."

section "7. Python: $N concurrent operations under asyncio.gather"
if command -v python3 >/dev/null 2>&1; then
	py_before=$(cd "$WORK/before/python" && python3 -W ignore demo_driver.py "$N" --seconds-only)
	py_after=$(cd "$WORK/after/python" && python3 -W ignore demo_driver.py "$N" --seconds-only)
	awk -v b="$py_before" -v a="$py_after" -v n="$N" 'BEGIN {
		printf "before the fix: %7.3f s wall time\n", b
		printf "after the fix:  %7.3f s wall time\n", a
		if (a > 0) printf "speedup:        %7.2fx (wall time %+.0f%%; the plan promised a >20%% improvement)\n", b / a, 100 * (a - b) / b
	}'
else
	echo "python3 not found: skipped"
fi

section "8. Go: each component under a context cancelled after $CANCEL_AFTER"
# Built first, so that compilation is not timed.
(cd "$WORK/before/go" && GOWORK=off go build -o "$WORK/demo-before" ./cmd/demo)
(cd "$WORK/after/go" && GOWORK=off go build -o "$WORK/demo-after" ./cmd/demo)
"$WORK/demo-before" -json -cancel-after "$CANCEL_AFTER" >"$WORK/go-before.json"
"$WORK/demo-after" -json -cancel-after "$CANCEL_AFTER" >"$WORK/go-after.json"
# Join the two runs by component: "name<TAB>ns" lines from each JSON array.
times() {
	awk -F'"' '/"component":/ { name = $4 } /"elapsed_ns":/ { gsub(/[^0-9]/, "", $3); print name "\t" $3 }' "$1"
}
times "$WORK/go-before.json" >"$WORK/go-before.tsv"
times "$WORK/go-after.json" >"$WORK/go-after.tsv"
awk -F'\t' '
	NR == FNR { before[$1] = $2; order[++n] = $1; next }
	{ after[$1] = $2 }
	END {
		printf "%-44s %14s %14s\n", "component", "before", "after"
		for (i = 1; i <= n; i++) {
			c = order[i]; tb += before[c]; ta += after[c]
			printf "%-44s %11.1f ms %11.1f ms\n", c, before[c] / 1e6, after[c] / 1e6
		}
		printf "%-44s %11.1f ms %11.1f ms\n", "total", tb / 1e6, ta / 1e6
		if (ta > 0) printf "\ntotal time to return: %.2fx shorter after the fix (%+.0f%%), with the same cancellation\n", tb / ta, 100 * (ta - tb) / tb
	}' "$WORK/go-before.tsv" "$WORK/go-after.tsv"

section "done"
echo "The repository was not modified; the fixed copy was in $WORK and is removed now."
