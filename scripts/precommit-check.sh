#!/usr/bin/env bash
# scripts/precommit-check.sh: check the hooks of .pre-commit-hooks.yaml on
# the example project.
#
# 1. Always: the Go test in internal/driver/precommit/ parses the manifest strictly, installs
#    the hooks as pre-commit does (`go install ./...`), and runs each hook's
#    entry and args on testdata/example with the files pre-commit would pass
#    (types, files, exclude honoured), expecting exit status 1 and exactly
#    the example's expected findings (EXPECTED.txt).
# 2. When pre-commit itself is installed (Debian: apt-get install pre-commit):
#    `pre-commit try-repo` runs each hook from this working tree on a copy of
#    the example's Python or Go half, in a fresh git repository, and expects
#    it to fail with the rules' codes in the output (asynclint-fix: with the
#    files rewritten). try-repo takes this working tree's changes to tracked
#    files but not new untracked ones; PRECOMMIT_CHECK_REF=HEAD (or any ref)
#    tries that commit instead. Set PRECOMMIT_CHECK_SKIP_REAL=1 to skip this
#    part.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

echo "precommit-check: hooks on testdata/example as pre-commit runs them (go test ./internal/driver/precommit/)"
go test -count=1 ./precommit/

if [[ ${PRECOMMIT_CHECK_SKIP_REAL:-} == 1 ]] || ! command -v pre-commit >/dev/null 2>&1; then
	echo "precommit-check: pre-commit not installed (or PRECOMMIT_CHECK_SKIP_REAL=1); the pre-commit try-repo check was skipped"
	echo "precommit-check: ok"
	exit 0
fi

echo "precommit-check: pre-commit validate-manifest .pre-commit-hooks.yaml"
pre-commit validate-manifest .pre-commit-hooks.yaml

WORK=$(mktemp -d "${TMPDIR:-/tmp}/asynclint-precommit.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# pre-commit installs golang hooks with GOPATH set to its environment
# directory; keep the module cache that is already filled.
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE
export PRE_COMMIT_HOME=$WORK/cache
export GIT_AUTHOR_NAME=asynclint GIT_AUTHOR_EMAIL=asynclint@example.invalid
export GIT_COMMITTER_NAME=asynclint GIT_COMMITTER_EMAIL=asynclint@example.invalid

# try HOOK DIR CODE: copy testdata/example/DIR into a new git repository,
# run the hook on all its files, expect exit status 1 and CODE in the output.
try() {
	local hook=$1 dir=$2 code=$3 repo=$WORK/$1 status=0
	cp -R "testdata/example/$dir" "$repo"
	git -C "$repo" init -q
	git -C "$repo" add -A
	local ref=()
	if [[ -n ${PRECOMMIT_CHECK_REF:-} ]]; then
		ref=(--ref "$(git rev-parse "$PRECOMMIT_CHECK_REF")")
	fi
	(cd "$repo" && pre-commit try-repo "$ROOT" "$hook" "${ref[@]}" --all-files) >"$WORK/$hook.log" 2>&1 || status=$?
	if ((status != 1)) || ! grep -q "$code" "$WORK/$hook.log"; then
		cat "$WORK/$hook.log" >&2
		echo "precommit-check: pre-commit try-repo $hook: exit $status, want 1 with $code in the output" >&2
		exit 1
	fi
	echo "precommit-check: pre-commit try-repo $hook on testdata/example/$dir: failed with $code as expected"
}
try asynclint python ASYNC251
try asynclint-project python AL100
try asynclint-go go AL200
try asynclint-fix python 'Fixed [1-9]'
if git -C "$WORK/asynclint-fix" diff --quiet; then
	echo "precommit-check: pre-commit try-repo asynclint-fix changed no file" >&2
	exit 1
fi
echo "precommit-check: ok"
