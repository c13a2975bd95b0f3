#!/usr/bin/env bash
# readme-rules.sh: regenerate the README's rule reference from the rule docs
# beside the code (`asynclint rules --format markdown`). A test in
# cmd/asynclint fails when the README is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=$(mktemp)
trap 'rm -f "$ref"' EXIT
go run ./cmd/asynclint rules --format markdown > "$ref"
python3 - "$ref" <<'PY'
import sys
ref = open(sys.argv[1]).read()
readme = open("README.md").read()
begin = readme.index("<!-- BEGIN RULES")
begin = readme.index("\n", begin) + 1
end = readme.index("<!-- END RULES -->")
open("README.md", "w").write(readme[:begin] + ref + readme[end:])
PY
