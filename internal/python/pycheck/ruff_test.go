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
)

// TestASYNC251AgreesWithRuff compares ASYNC251 findings with ruff's on the
// directories in ASYNCLINT_RUFF_COMPARE (colon-separated; "stdlib" for the
// Python standard library). It runs ../shared/bench/ruff-anchor (node), so
// it is skipped unless asked for: scripts/bench-python.sh runs it.
func TestASYNC251AgreesWithRuff(t *testing.T) {
	env := os.Getenv("ASYNCLINT_RUFF_COMPARE")
	if env == "" {
		t.Skip("set ASYNCLINT_RUFF_COMPARE to compare with ruff")
	}
	anchor, err := filepath.Abs("../../../../shared/bench/ruff-anchor")
	if err != nil {
		t.Fatal(err)
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
		cmd := exec.Command(anchor, append([]string{"--select=ASYNC251"}, paths...)...)
		out, err := cmd.Output()
		if err != nil && len(out) == 0 {
			t.Fatalf("ruff-anchor: %v", err)
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
