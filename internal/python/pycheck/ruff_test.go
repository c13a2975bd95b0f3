package pycheck

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/driver/discover"
	"github.com/asynclint/asynclint/internal/ruffanchor"
	"github.com/asynclint/asynclint/internal/testenv"
)

// ruffCodes are the direct rules compared with ruff.
var ruffCodes = []string{"ASYNC210", "ASYNC212", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC230", "ASYNC240", "ASYNC250", "ASYNC251"}

// TestDirectRulesAgreeWithRuff compares the direct rules' findings (ASYNC210
// to ASYNC251) with ruff's on the
// directories in ASYNCLINT_RUFF_COMPARE (colon-separated; "stdlib" for the
// Python standard library); in CI, where it is unset, on the standard
// library, the rule fixtures and the example project. It runs ruff 0.17.4
// through ruff-anchor (node; the npm package @astral-sh/ruff-wasm-nodejs),
// found at ASYNCLINT_RUFF_ANCHOR or ../shared/bench/ruff-anchor beside the
// repository. By hand, without ASYNCLINT_RUFF_COMPARE, it skips:
// scripts/bench-python.sh runs it.
func TestDirectRulesAgreeWithRuff(t *testing.T) {
	env := os.Getenv("ASYNCLINT_RUFF_COMPARE")
	if env == "" && !testenv.InCI() {
		t.Skip("set ASYNCLINT_RUFF_COMPARE=stdlib (or directories) to compare with ruff")
	}
	if env == "" {
		env = "stdlib:../../../testdata/python:../../../testdata/example/python"
	}
	anchor := ruffanchor.Path()
	if anchor == "" {
		testenv.Missing(t, "ruff-anchor", ruffanchor.How)
		return
	}
	for _, dir := range strings.Split(env, ":") {
		if dir == "stdlib" {
			out, err := exec.Command("python3", "-c", `import sysconfig; print(sysconfig.get_paths()["stdlib"])`).Output()
			if err != nil {
				t.Fatal(err)
			}
			dir = strings.TrimSpace(string(out))
		}
		files, _ := discover.Walk([]string{dir}, discover.Options{Exts: []string{".py"}, NoIgnore: true})
		var paths []string
		for _, f := range files {
			paths = append(paths, f.Path)
		}
		if len(paths) == 0 {
			t.Fatalf("%s: no Python files", dir)
		}
		cmd := exec.Command(anchor, append([]string{"--select=" + strings.Join(ruffCodes, ",")}, paths...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil && len(out) == 0 {
			t.Fatalf("ruff-anchor: %v\n%s", err, stderr.String())
		}
		var ruff []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && strings.HasPrefix(f[1], "ASYNC") {
				ruff = append(ruff, f[0]+" "+f[1])
			}
		}
		res := run(t, []string{dir}, Options{Select: ruffCodes, NoIgnore: true})
		var ours []string
		for _, f := range res.Findings {
			if strings.HasPrefix(f.Code, "ASYNC") {
				ours = append(ours, fmt.Sprintf("%s:%d:%d: %s", f.Path, f.Start.Line, f.Start.Col, f.Code))
			}
		}
		sort.Strings(ruff)
		sort.Strings(ours)
		t.Logf("%s: ruff %d, asynclint %d ASYNC2xx findings", dir, len(ruff), len(ours))
		diff(t, ours, ruff)
	}
}
