#!/usr/bin/env bash
# golangci-check.sh: build a golangci-lint with asynclint's module plugin
# (golangci/) the way users do (`golangci-lint custom` with a path: plugin)
# and check it on testdata/example/go and golangci/testdata/mod:
#
#   1. its findings equal `asynclint check` (with max-same-issues: 0);
#   2. the settings (disable, enable, stdlib, a bad key) act as documented;
#   3. //nolint:asynclint, //nolint:AL200, //asynclint:ignore and a bare
#      //nolint silence a finding, //nolint:AL201 does not; what nolintlint
#      says about them;
#   4. `run --fix` rewrites every AL200 wait without "conflicting edits",
#      and the result builds and vets.
#
# A manual check, not part of `make test`: it needs the Go module proxy and
# takes a few minutes (two golangci-lint builds). Everything is written
# under a fresh directory in ${TMPDIR:-/tmp}; the repository is not touched.
#
#   scripts/golangci-check.sh              # golangci-lint v2.15.0
#   GCL_VERSION=v2.8.0 scripts/golangci-check.sh
#   KEEP=1 scripts/golangci-check.sh       # keep the work directory
#
# Exit status: 0 all checks passed (or golangci-lint could not be fetched:
# the check is skipped with a message), 1 a check failed.
set -euo pipefail

GCL_VERSION=${GCL_VERSION:-v2.15.0}
GCL_MODULE=github.com/golangci/golangci-lint/v2
ROOT=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v go >/dev/null 2>&1; then
	echo "golangci-check: go is not installed; skipped"
	exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/golangci-check.XXXXXX")
if [[ -z "${KEEP:-}" ]]; then
	trap 'rm -rf "$WORK"' EXIT
else
	echo "golangci-check: work directory $WORK"
fi
export GOLANGCI_LINT_CACHE="$WORK/cache" # never replay another build's results
export GOFLAGS=-buildvcs=false

failures=0
pass() { echo "ok   $*"; }
fail() {
	echo "FAIL $*"
	failures=$((failures + 1))
}

# 0. Fetch and install golangci-lint.
if ! go mod download -json "$GCL_MODULE@$GCL_VERSION" >"$WORK/download.json" 2>"$WORK/download.err"; then
	echo "golangci-check: cannot fetch $GCL_MODULE@$GCL_VERSION from the Go module proxy; skipped"
	sed 's/^/  /' "$WORK/download.err" "$WORK/download.json" | head -5
	exit 0
fi
GCL_SRC=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' "$WORK/download.json")
echo "golangci-check: golangci-lint $GCL_VERSION, $(go version)"
echo "golangci-check: golangci-lint requires $(grep -E '^\s*golang.org/x/tools ' "$GCL_SRC/go.mod" | xargs), asynclint requires $(cd "$ROOT" && go list -m golang.org/x/tools)"
GOBIN="$WORK/bin" go install "$GCL_MODULE/cmd/golangci-lint@$GCL_VERSION"
GCL="$WORK/bin/golangci-lint"

# `golangci-lint custom` clones https://github.com/golangci/golangci-lint.
# Where GitHub is out of reach, serve the same tree from the module proxy's
# zip through a local git repository (git's url.<base>.insteadOf).
if ! timeout 20 git ls-remote --exit-code https://github.com/golangci/golangci-lint.git "refs/tags/$GCL_VERSION" >/dev/null 2>&1; then
	echo "golangci-check: github.com unreachable; cloning $GCL_VERSION from the module proxy's copy"
	MIRROR="$WORK/mirror/golangci-lint.git"
	mkdir -p "$MIRROR"
	cp -r "$GCL_SRC/." "$MIRROR"
	chmod -R u+w "$MIRROR"
	git -C "$MIRROR" init -q
	git -C "$MIRROR" add -A
	git -C "$MIRROR" -c user.name=golangci-check -c user.email=golangci-check@localhost commit -qm "$GCL_VERSION from the Go module proxy"
	git -C "$MIRROR" tag "$GCL_VERSION"
	export GIT_CONFIG_COUNT=1
	export GIT_CONFIG_KEY_0="url.file://$MIRROR.insteadOf"
	export GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git
fi

# 1. Build the custom binary.
mkdir -p "$WORK/build"
cat >"$WORK/build/.custom-gcl.yml" <<EOF
version: $GCL_VERSION
name: custom-gcl
destination: .
plugins:
  - module: github.com/asynclint/asynclint
    import: github.com/asynclint/asynclint/golangci
    path: $ROOT
EOF
if ! (cd "$WORK/build" && "$GCL" custom -v >"$WORK/custom.log" 2>&1); then
	cat "$WORK/custom.log"
	fail "golangci-lint custom"
	exit 1
fi
CUSTOM="$WORK/build/custom-gcl"
pass "golangci-lint custom built $("$CUSTOM" version 2>&1 | head -1)"
echo "     x/tools in the binary: $(go version -m "$CUSTOM" | awk '$2 == "golang.org/x/tools" {print $3}')"

(cd "$ROOT" && go build -o "$WORK/asynclint" ./cmd/asynclint)

# Copies of the test modules; the example's replace points at this checkout.
cp -r "$ROOT/testdata/example/go" "$WORK/example"
sed -i.orig "s#=> ../../../runtime#=> $ROOT/runtime#" "$WORK/example/go.mod"
rm -f "$WORK/example/go.mod.orig"
cp -r "$ROOT/golangci/testdata/mod" "$WORK/mod"

config() { # config FILE [SETTINGS-LINE ...]: a .golangci.yml enabling asynclint
	local file=$1
	shift
	{
		printf 'version: "2"\nrun:\n  relative-path-mode: wd\nlinters:\n  default: none\n  enable: [asynclint%s]\n' "${EXTRA_LINTERS:-}"
		printf '  settings:\n%s    custom:\n      asynclint:\n        type: module\n' "${EXTRA_SETTINGS:-}"
		if (($# > 0)); then
			printf '        settings:\n'
			printf '          %s\n' "$@"
		fi
		printf 'issues:\n  max-same-issues: 0\n  max-issues-per-linter: 0\n'
	} >"$file"
}

# gcl DIR CONFIG [ARGS...]: run the custom binary, print path:line:col: CODE.
gcl() {
	local dir=$1 cfg=$2
	shift 2
	(cd "$dir" && "$CUSTOM" run -c "$cfg" --output.text.path=stdout --output.text.print-issued-lines=false "$@" ./... 2>"$WORK/gcl.err" || true) |
		sed -n 's/^\([^ :]*:[0-9]*:[0-9]*\): \(AL[0-9]*\): .*(asynclint)$/\1: \2/p' | sort
}

# check DIR: asynclint check's findings, as path:line:col: CODE.
check() {
	(cd "$1" && "$WORK/asynclint" check --show-all . 2>/dev/null || true) | sed -n 's/^\([^ :]*:[0-9]*:[0-9]*\): \(AL[0-9]*\) .*/\1: \2/p' | sort
}

# 2. Findings equal asynclint check.
for d in example mod; do
	config "$WORK/$d/.golangci.yml"
	got=$(gcl "$WORK/$d" "$WORK/$d/.golangci.yml")
	want=$(check "$WORK/$d")
	if [[ -n "$want" && "$got" == "$want" ]]; then
		pass "$d: custom-gcl finds what asynclint check finds ($(wc -l <<<"$want") findings)"
	else
		fail "$d: custom-gcl and asynclint check differ"
		diff <(echo "$want") <(echo "$got") | sed 's/^/     /' || true
		sed 's/^/     /' "$WORK/gcl.err"
	fi
done

# 3. Settings.
config "$WORK/s.yml" "disable: [AL201]"
got=$(gcl "$WORK/mod" "$WORK/s.yml")
[[ "$got" == "app/app.go:13:2: AL200" ]] && pass "settings disable: [AL201]" || fail "settings disable: [AL201]: got $got"
config "$WORK/s.yml" "enable: [al201]"
got=$(gcl "$WORK/mod" "$WORK/s.yml")
[[ "$got" == "app/app.go:19:2: AL201" ]] && pass "settings enable: [al201]" || fail "settings enable: [al201]: got $got"
config "$WORK/s.yml" "disabled: [AL201]"
if (cd "$WORK/mod" && "$CUSTOM" run -c "$WORK/s.yml" ./... >"$WORK/bad.out" 2>&1); then
	fail "settings disabled: [AL201] was accepted"
elif grep -q 'unknown key "disabled"' "$WORK/bad.out"; then
	pass "settings disabled: [AL201] stops golangci-lint: $(grep -m1 -o 'asynclint settings: .*' "$WORK/bad.out")"
else
	fail "settings disabled: [AL201]: $(head -3 "$WORK/bad.out")"
fi

# 4. Suppression comments, with nolintlint.
mkdir -p "$WORK/mod/quiet"
cat >"$WORK/mod/quiet/quiet.go" <<'EOF'
// Package quiet holds each suppression form.
package quiet

import (
	"context"
	"time"
)

func A(ctx context.Context) error {
	time.Sleep(time.Second) //nolint:asynclint // fixed pause
	return ctx.Err()
}

func B(ctx context.Context) error {
	time.Sleep(time.Second) //nolint:AL200 // fixed pause
	return ctx.Err()
}

func C(ctx context.Context) error {
	time.Sleep(time.Second) //asynclint:ignore AL200 fixed pause
	return ctx.Err()
}

func D(ctx context.Context) error {
	time.Sleep(time.Second) //nolint // fixed pause
	return ctx.Err()
}

func E(ctx context.Context) error {
	//nolint:asynclint // fixed pause
	time.Sleep(time.Second)
	return ctx.Err()
}

func F(ctx context.Context) error {
	time.Sleep(time.Second) //nolint:AL201 // the wrong rule: reported
	return ctx.Err()
}

func G(ctx context.Context) error {
	time.Sleep(time.Second)
	return ctx.Err()
}
EOF
EXTRA_LINTERS=", nolintlint" EXTRA_SETTINGS=$'    nolintlint:\n      require-specific: true\n' config "$WORK/n.yml"
got=$(gcl "$WORK/mod" "$WORK/n.yml" | grep '^quiet/' || true)
want=$'quiet/quiet.go:36:2: AL200\nquiet/quiet.go:41:2: AL200'
[[ "$got" == "$want" ]] && pass "//nolint:asynclint, //nolint:AL200, //asynclint:ignore, bare //nolint silence; //nolint:AL201 does not" ||
	fail "suppression: got $got, want $want"
(cd "$WORK/mod" && "$CUSTOM" run -c "$WORK/n.yml" --output.text.print-issued-lines=false ./quiet/ 2>&1 || true) | grep -E '\(nolintlint\)$|unknown linters' | sed 's/^/     nolintlint: /' || true

# 5. run --fix rewrites the AL200 waits; the result builds.
for d in example mod; do
	rm -rf "$WORK/fix-$d"
	cp -r "$WORK/$d" "$WORK/fix-$d"
	rm -rf "$WORK/fix-$d/quiet"
	(cd "$WORK/fix-$d" && "$CUSTOM" run -c "$WORK/$d/.golangci.yml" --fix ./... >"$WORK/fix.out" 2>&1 || true)
	if grep -q 'conflicting edits' "$WORK/fix.out"; then
		fail "$d: run --fix skipped conflicting edits"
	fi
	left=$(check "$WORK/fix-$d" | grep -c 'AL200' || true)
	changed=$(diff -rq -x quiet "$WORK/$d" "$WORK/fix-$d" | grep -c '\.go differ$' || true)
	if ((left == 0 && changed > 0)) && (cd "$WORK/fix-$d" && go build ./... && go vet ./...); then
		pass "$d: run --fix rewrote the AL200 waits ($changed files); the result builds and vets"
	else
		fail "$d: run --fix: $left AL200 findings left, $changed files changed"
		head -20 "$WORK/fix.out" | sed 's/^/     /'
	fi
done

if ((failures > 0)); then
	echo "golangci-check: $failures checks failed"
	exit 1
fi
echo "golangci-check: all checks passed"
