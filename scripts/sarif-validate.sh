#!/usr/bin/env bash
# scripts/sarif-validate.sh: validate asynclint's SARIF output with
# Microsoft's SARIF Multitool (the validator GitHub code scanning's SARIF
# rules come from). Called by `make lint`.
#
#   scripts/sarif-validate.sh            check --format sarif on testdata/example, validated
#   scripts/sarif-validate.sh FILE...    validate these SARIF files instead
#
# The validator (npm package @microsoft/sarif-multitool@5.7.0) is installed
# once into ${XDG_CACHE_HOME:-$HOME/.cache}/asynclint-sarif. It runs two rule
# sets: "Sarif" (the SARIF 2.1.0 schema and Microsoft's rules) and "Gh"
# (what GitHub code scanning requires of an upload). The script fails when
# either reports a result of level "error", prints warnings (and notes with
# SARIF_VALIDATE_NOTES=1), and checks that the log holds as many results as
# `check --format json` has findings. It exits 0, saying so, when npm or
# node is missing.
#
# Environment: ASYNCLINT (binary; default: built from ./cmd/asynclint into a
# temporary directory), SARIF_MULTITOOL_DIR (install directory),
# SARIF_VALIDATE_NOTES=1 (print notes too).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=5.7.0
DIR=${SARIF_MULTITOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/asynclint-sarif}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	echo "sarif-validate: npm or node not found; skipping the SARIF validation" >&2
	exit 0
fi

# The installed version, or nothing.
installed() {
	node -e 'try { process.stdout.write(require(process.argv[1] + "/package.json").version) } catch (e) {}' \
		"$DIR/node_modules/@microsoft/sarif-multitool"
}
if [[ $(installed) != "$VERSION" ]]; then
	echo "sarif-validate: installing @microsoft/sarif-multitool@$VERSION into $DIR" >&2
	mkdir -p "$DIR"
	npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "@microsoft/sarif-multitool@$VERSION" >&2
	if [[ $(installed) != "$VERSION" ]]; then
		echo "sarif-validate: @microsoft/sarif-multitool@$VERSION did not install into $DIR" >&2
		exit 2
	fi
fi
# The package's bin.js hands its arguments to a shell unquoted, which breaks
# on paths with spaces and on the ';' of list options: run the platform's
# native executable it points to instead.
TOOL=$(node -p 'require(process.argv[1])' "$DIR/node_modules/@microsoft/sarif-multitool")
if [[ ! -x $TOOL ]]; then
	echo "sarif-validate: $TOOL is not an executable" >&2
	exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/asynclint-sarif.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# check runs asynclint, which exits 1 when there are findings.
check() {
	local status=0
	(cd "$ROOT" && "$BIN" check --quiet "$@") || status=$?
	if ((status > 1)); then
		echo "sarif-validate: asynclint check $* failed (exit $status)" >&2
		exit 2
	fi
}

if (($# > 0)); then
	FILES=("$@")
else
	BIN=${ASYNCLINT:-}
	if [[ -z $BIN ]]; then
		BIN=$WORK/asynclint
		(cd "$ROOT" && go build -o "$BIN" ./cmd/asynclint)
	fi
	case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
	check --format sarif testdata/example >"$WORK/example.sarif"
	check --format json testdata/example >"$WORK/example.json"
	node - "$WORK/example.sarif" "$WORK/example.json" <<'EOF'
const fs = require("fs");
const [sarifFile, jsonFile] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(sarifFile, "utf8"));
const findings = JSON.parse(fs.readFileSync(jsonFile, "utf8")).findings || [];
const results = (log.runs || []).flatMap((r) => r.results || []);
if (findings.length === 0) {
	console.error("sarif-validate: check found nothing in testdata/example; the example is meant to have findings");
	process.exit(1);
}
if (results.length !== findings.length) {
	console.error(`sarif-validate: the SARIF log has ${results.length} results, --format json has ${findings.length} findings`);
	process.exit(1);
}
EOF
	FILES=("$WORK/example.sarif")
fi

failed=0
for f in "${FILES[@]}"; do
	for kind in Sarif Gh; do
		out=$WORK/validation-$kind.sarif
		rm -f "$out"
		if ! "$TOOL" validate "$f" -o "$out" --rule-kind "$kind" --level "Error;Warning;Note" >"$WORK/log" 2>&1; then
			cat "$WORK/log" >&2
			echo "sarif-validate: the validator failed on $f" >&2
			exit 2
		fi
		# The validator exits 0 whatever it finds: read its own SARIF log.
		node - "$out" "$f" "$kind" "${SARIF_VALIDATE_NOTES:-0}" <<'EOF' || failed=1
const fs = require("fs");
const [out, file, kind, notes] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(out, "utf8"));
let errors = 0, warnings = 0, noteCount = 0;
for (const run of log.runs || []) {
	const rules = new Map((run.tool.driver.rules || []).map((r) => [r.id, r]));
	for (const res of run.results || []) {
		const level = res.level || "warning";
		if (level === "error") errors++;
		else if (level === "warning") warnings++;
		else noteCount++;
		if (level === "note" && notes !== "1") continue;
		const rule = rules.get(res.ruleId) || {};
		let text = (res.message && res.message.text) || "";
		if (!text && res.message && res.message.id && rule.messageStrings) {
			const tmpl = (rule.messageStrings[res.message.id] || {}).text || "";
			const args = res.message.arguments || [];
			text = tmpl.replace(/\{(\d+)\}/g, (_, i) => args[+i] ?? "");
		}
		console.log(`${file}: ${level} ${res.ruleId} ${rule.name || ""}: ${text}`);
	}
}
console.log(`sarif-validate: ${file} (${kind} rules): ${errors} errors, ${warnings} warnings, ${noteCount} notes`);
process.exit(errors > 0 ? 1 : 0);
EOF
	done
done
if ((failed)); then
	echo "sarif-validate: FAILED: the validator reported errors" >&2
	exit 1
fi
echo "sarif-validate: ok"
