package pycheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/driver/discover"
	"github.com/asynclint/asynclint/internal/testenv"
)

// TestASYNC251AgreesWithRuff compares ASYNC251 findings with ruff's on the
// directories in ASYNCLINT_RUFF_COMPARE (colon-separated; "stdlib" for the
// Python standard library); in CI, where it is unset, on the standard
// library, the rule fixtures and the example project. It runs ruff 0.17.4
// through ruff-anchor (node; the npm package @astral-sh/ruff-wasm-nodejs),
// found at ASYNCLINT_RUFF_ANCHOR or ../shared/bench/ruff-anchor beside the
// repository. By hand, without ASYNCLINT_RUFF_COMPARE, it skips:
// scripts/bench-python.sh runs it.
func TestASYNC251AgreesWithRuff(t *testing.T) {
	env := os.Getenv("ASYNCLINT_RUFF_COMPARE")
	if env == "" && !testenv.InCI() {
		t.Skip("set ASYNCLINT_RUFF_COMPARE=stdlib (or directories) to compare with ruff")
	}
	if env == "" {
		env = "stdlib:../../../testdata/python:../../../testdata/example/python"
	}
	anchor := os.Getenv("ASYNCLINT_RUFF_ANCHOR")
	if anchor == "" {
		var err error
		if anchor, err = filepath.Abs("../../../../shared/bench/ruff-anchor"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(anchor); err != nil {
		testenv.Missing(t, "ruff-anchor", "put shared/bench beside the repository or set ASYNCLINT_RUFF_ANCHOR")
		return
	}
	if _, err := exec.LookPath("node"); err != nil {
		testenv.Missing(t, "node", "apt-get install nodejs npm")
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
		cmd := exec.Command(anchor, append([]string{"--select=ASYNC251"}, paths...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil && len(out) == 0 {
			t.Fatalf("ruff-anchor: %v\n%s", err, stderr.String())
		}
		var ruff []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if strings.Contains(l, " ASYNC251 ") {
				ruff = append(ruff, strings.SplitN(l, " ", 2)[0])
			}
		}
		res := run(t, []string{dir}, Options{Select: []string{"ASYNC251"}, NoIgnore: true})
		var ours []string
		for _, f := range res.Findings {
			if f.Code == "ASYNC251" {
				ours = append(ours, fmt.Sprintf("%s:%d:%d:", f.Path, f.Start.Line, f.Start.Col))
			}
		}
		sort.Strings(ruff)
		sort.Strings(ours)
		t.Logf("%s: ruff %d, asynclint %d ASYNC251 findings", dir, len(ruff), len(ours))
		diff(t, ours, ruff)
	}
}
