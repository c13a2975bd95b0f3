#!/usr/bin/env bash
# bench-corpus.sh: asynclint's Python check on real async code, side by side
# in one run with its floor and with ruff 0.17.4's WASM build, time and peak
# RSS of each as its own process (/usr/bin/time -v), then the cache (cold
# run writing it, warm run on the unchanged tree) and the scaling (1x, 2x,
# 4x copies of the corpus). Prints each ratio against its target.
#
# The async corpus is the Python sources Debian installs for a fixed set of
# packages (apt-get installs the missing ones when run as root); the stdlib
# corpus is the machine's Python standard library.
#
# Usage: scripts/bench-corpus.sh [async|stdlib|scale|all]   (default all)
# Env:   ASYNCLINT (the binary; default: built into a temporary dir),
#        RUFF_ANCHOR (default ../shared/bench/ruff-anchor)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
GO=${GO:-go}
anchor=${RUFF_ANCHOR:-../shared/bench/ruff-anchor}
[[ -x $anchor || -n ${RUFF_ANCHOR:-} ]] || anchor=../../shared/bench/ruff-anchor # from a worktree
pkgs=(aiohttp tornado twisted httpx anyio trio starlette fastapi uvicorn sqlalchemy botocore django)
dist=/usr/lib/python3/dist-packages

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ ! -x /usr/bin/time ]]; then
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
		apt-get install -y -qq time >/dev/null
	else
		echo "bench-corpus: /usr/bin/time missing (Debian package time)" >&2
		exit 2
	fi
fi

bin=${ASYNCLINT:-}
if [[ -z $bin ]]; then
	bin=$tmp/asynclint
	$GO build -o "$bin" ./cmd/asynclint
fi
# The floor runs as its own process too: the pycheck test binary's
# BenchmarkFloorCorpus (walk, read, prefilter, and parse with the check's
# workers the files the check parses: those that may define an async
# function, and the modules that calls from async code lead into, listed
# by an untimed check run; the floor of the former alone is printed beside
# it).
$GO test -c -o "$tmp/pycheck.test" ./internal/python/pycheck

# Each timed command runs BENCH_ROUNDS times (default 5), the commands of a
# corpus taking turns in each round, so that a change in the machine's load
# during the run falls on all of them alike. Each figure printed is the
# median over the rounds, and each ratio the median of the ratios of the
# rounds (the two commands of a ratio ran minutes apart at most).
rounds=${BENCH_ROUNDS:-5}

# measure NAME CMD...: runs CMD, appends "seconds maxrss_kb cpu_seconds"
# to $tmp/NAME, one line a round (cpu: user + system, which a busy machine
# inflates less than the elapsed time). The elapsed time is bash's
# microsecond clock around /usr/bin/time (whose own %e counts hundredths:
# a 60 ms warm run would read as 0.06 s, 10% off), so it includes
# /usr/bin/time's start, the same for every command.
measure() {
	local name=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%M %U %S' -o "$tmp/$name.one" "$@" >/dev/null 2>"$tmp/$name.err" || true
	t1=$EPOCHREALTIME
	if [[ ! -s $tmp/$name.one ]] || grep -q 'Command terminated by signal' "$tmp/$name.one"; then
		echo "bench-corpus: $name failed:" >&2
		cat "$tmp/$name.err" >&2
		exit 2
	fi
	tail -1 "$tmp/$name.one" | awk -v us=$((${t1/./} - ${t0/./})) '{ printf "%.6f %s %s\n", us / 1e6, $1, $2 + $3 }' >>"$tmp/$name"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
secs() { cut -d' ' -f1 "$tmp/$1" | median; }
rss() { cut -d' ' -f2 "$tmp/$1" | median; }
cpu() { cut -d' ' -f3 "$tmp/$1" | median; }
# ratio NAME REF FIELD: the median over the rounds of NAME's FIELD (1
# elapsed, 2 peak RSS, 3 cpu) over REF's in the same round; the ratio of
# the medians when the two did not run the same rounds.
ratio() {
	if [[ $(wc -l <"$tmp/$1") == $(wc -l <"$tmp/$2") ]]; then
		paste -d' ' "$tmp/$1" "$tmp/$2" | awk -v f="$3" '{ print ($(f + 3) > 0 ? $f / $(f + 3) : 0) }' | median
	else
		local a b
		a=$(cut -d' ' -f"$3" "$tmp/$1" | median)
		b=$(cut -d' ' -f"$3" "$tmp/$2" | median)
		awk -v a="$a" -v b="$b" 'BEGIN { print (b > 0 ? a / b : 0) }'
	fi
}

# line LABEL NAME [REF TARGET WHAT]: one result line (elapsed, cpu, peak
# RSS), with the ratio against REF's when REF is given: of the elapsed
# time (and of the cpu time beside it), or of the peak RSS (WHAT=rss).
line() {
	local label=$1 name=$2 ref=${3:-} target=${4:-} what=${5:-time}
	awk -v l="$label" -v t="$(secs "$name")" -v m="$(rss "$name")" -v c="$(cpu "$name")" \
		-v rt="${ref:+$(ratio "$name" "$ref" 1)}" -v rm="${ref:+$(ratio "$name" "$ref" 2)}" -v rc="${ref:+$(ratio "$name" "$ref" 3)}" \
		-v tg="$target" -v w="$what" 'BEGIN {
		printf "  %-32s %6.3f s (cpu %6.2f s) %5.0f MB", l, t, c, m / 1024
		if (rt != "") {
			if (w == "rss") { r = rm; printf "   peak RSS ratio %.2f", r }
			else { r = rt; printf "   time ratio %.3f (cpu %.2f)", r, rc }
			if (tg != "") printf " target <= %s%s", tg, (r <= tg + 0 ? "" : "  MISSED")
		}
		printf "\n"
	}'
}

have_ruff() { [[ -x $anchor ]] && command -v node >/dev/null; }

# corpus NAME PATHS...: the side-by-side run on one corpus.
corpus() {
	local name=$1 target_ruff=$2
	shift 2
	local list=$tmp/$name.list
	find "$@" -name '*.py' -not -path '*/site-packages/*' -not -path '*/__pycache__/*' | sort >"$list"
	echo "$name: $(wc -l <"$list") files, $(xargs -d '\n' -a "$list" cat | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }'), $(nproc) cores, median of $rounds rounds"
	local paths
	paths=$(
		IFS=:
		echo "$*"
	)
	# The files the check parses (not timed), for the floor doing the same
	# parsing work.
	ASYNCLINT_CORPUS="$paths" ASYNCLINT_PARSED_OUT="$tmp/$name.parsed" "$tmp/pycheck.test" -test.run '^$' -test.bench '^BenchmarkCheckCorpus$' -test.benchtime 1x >/dev/null
	if have_ruff; then
		"$anchor" --version >/dev/null 2>&1 || true # installs the npm package once
	fi
	local round
	for ((round = 1; round <= rounds; round++)); do
		measure "$name-floor" env ASYNCLINT_CORPUS="$paths" "$tmp/pycheck.test" -test.run '^$' -test.bench '^BenchmarkFloorCorpus$' -test.benchtime 1x
		measure "$name-floorall" env ASYNCLINT_CORPUS="$paths" ASYNCLINT_PARSED="$tmp/$name.parsed" "$tmp/pycheck.test" -test.run '^$' -test.bench '^BenchmarkFloorCorpus$' -test.benchtime 1x
		measure "$name-check" "$bin" check --no-cache --no-config --lang python --exit-zero --quiet "$@"
		if have_ruff && ((round == 1)); then
			# Once: ruff takes several times the others' time, and its
			# ratios are far from their targets.
			measure "$name-ruff" xargs -d '\n' -a "$list" "$anchor" --select=ASYNC
		fi
		if ((round == 1)); then
			# Once: fix's peak memory, which keeps models, not trees, as
			# check does (the rewriter parses again the files it edits).
			measure "$name-fix" "$bin" fix --twins --diff --no-cache --no-config --lang python "$@"
		fi
		# A new cache directory each round, none removed before the run:
		# removing the last round's entries just before it leaves the file
		# system work (the freed inodes and folders) that the cold run then
		# pays for (0.135 s of a 1.0 s run on the async corpus).
		local cache=$tmp/cache-$name-$round
		measure "$name-cold" "$bin" check --cache-dir "$cache" --no-config --lang python --exit-zero --quiet "$@"
		measure "$name-warm" "$bin" check --cache-dir "$cache" --no-config --lang python --exit-zero --quiet "$@"
	done
	line "floor, the files with async def" "$name-floor"
	line "floor, the $(wc -l <"$tmp/$name.parsed") files check parses" "$name-floorall"
	line "check --no-cache / floor" "$name-check" "$name-floorall" 1.3
	line "check --no-cache / async-def floor" "$name-check" "$name-floor"
	if have_ruff; then
		line "ruff-WASM --select=ASYNC" "$name-ruff"
		line "check --no-cache / ruff" "$name-check" "$name-ruff" "$target_ruff"
		line "check --no-cache / ruff" "$name-check" "$name-ruff" 1.0 rss
		line "fix --twins --diff / ruff" "$name-fix" "$name-ruff" 1.0 rss
	fi
	line "fix --twins --diff / check" "$name-fix" "$name-check" "" rss
	line "check, cold, writing the cache" "$name-cold" "$name-check"
	line "check, warm (unchanged tree)" "$name-warm" "$name-check" 0.15
}

asyncdirs() {
	local missing=()
	for p in "${pkgs[@]}"; do
		[[ -d $dist/$p ]] || missing+=("python3-$p")
	done
	if ((${#missing[@]})); then
		if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
			apt-get install -y -qq "${missing[@]}" >/dev/null
		else
			echo "bench-corpus: missing ${missing[*]} (apt-get install them as root)" >&2
			exit 2
		fi
	fi
	for p in "${pkgs[@]}"; do
		echo "$dist/$p"
	done
}

if [[ $what == all || $what == async ]]; then
	mapfile -t dirs < <(asyncdirs)
	echo "== async corpus: Debian's ${pkgs[*]} =="
	corpus async 0.5 "${dirs[@]}"
fi

if [[ $what == all || $what == stdlib ]]; then
	stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
	echo "== Python standard library ($stdlib) =="
	corpus stdlib 0.3 "$stdlib"
fi

if [[ $what == all || $what == scale ]]; then
	mapfile -t dirs < <(asyncdirs)
	echo "== scaling: 1x, 2x, 4x copies of the async corpus (check --no-cache) =="
	for n in 1 2 4; do
		for ((i = 1; i <= n; i++)); do
			if [[ ! -d $tmp/copies/c$i ]]; then
				mkdir -p "$tmp/copies/c$i"
				for d in "${dirs[@]}"; do
					(cd "$(dirname "$d")" && find -L "$(basename "$d")" -name '*.py' -print0 | xargs -0 cp --parents -t "$tmp/copies/c$i")
				done
			fi
		done
		args=()
		for ((i = 1; i <= n; i++)); do args+=("$tmp/copies/c$i"); done
		measure "scale$n" "$bin" check --no-cache --no-config --lang python --exit-zero --quiet "${args[@]}"
		line "${n}x" "scale$n"
	done
	awk -v t1="$(secs scale1)" -v t2="$(secs scale2)" -v t4="$(secs scale4)" \
		-v m1="$(rss scale1)" -v m2="$(rss scale2)" -v m4="$(rss scale4)" 'BEGIN {
		# least-squares slope and intercept over (1,t1) (2,t2) (4,t4)
		n = 3; sx = 7; sxx = 21
		st = t1 + t2 + t4; sxt = t1 + 2 * t2 + 4 * t4
		sm = m1 + m2 + m4; sxm = m1 + 2 * m2 + 4 * m4
		bt = (n * sxt - sx * st) / (n * sxx - sx * sx); at = (st - bt * sx) / n
		bm = (n * sxm - sx * sm) / (n * sxx - sx * sx); am = (sm - bm * sx) / n
		printf "  time: %.2f s per copy (fixed part %+.2f s); 4x/1x = %.2f (linear: 4.00 minus the fixed part)\n", bt, at, t4 / t1
		printf "  peak RSS: %.0f MB per copy (fixed part %+.0f MB); 4x/1x = %.2f\n", bm / 1024, am / 1024, m4 / m1
	}'
fi
