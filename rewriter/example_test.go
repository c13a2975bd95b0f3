package rewriter

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycheck"
)

// TestFixExample fixes a copy of testdata/example/python with twins and
// deprecations, then checks that no ASYNC251 or AL100 is left, that every
// file compiles (when python3 is present), and that a second fix changes
// nothing.
func TestFixExample(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "testdata", "example", "python"), dir)
	opts := PyOptions{Twins: true, Deprecate: true}
	plan := fixTree(t, dir, opts)
	if len(plan.Changes) == 0 || len(plan.Fixed) == 0 {
		t.Fatalf("nothing fixed in the example: %d changes, %d fixed", len(plan.Changes), len(plan.Fixed))
	}
	for _, m := range plan.Manual {
		t.Errorf("manual site in the example: %s:%d:%d %s %s", m.Path, m.Pos.Line, m.Pos.Col, m.Code, m.Reason)
	}
	res, err := pycheck.Run([]string{dir}, pycheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("left after fix: %s:%d:%d: %s %s", f.Path, f.Start.Line, f.Start.Col, f.Code, f.Message)
	}
	again := fixTree(t, dir, opts)
	for _, c := range again.Changes {
		t.Errorf("second fix changed %s:\n%s", c.Path, Diff(c.Path, c.Old, c.New))
	}
	pyCompile(t, dir)
}

// pyCompile byte-compiles every Python file under dir with python3 (when
// present), so an output tree-sitter accepts but Python rejects (an
// indentation or `await` placement error) fails the test.
func pyCompile(t *testing.T, dir string) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 not found: compile check skipped")
		return
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
			files = append(files, p)
		}
		return err
	})
	if len(files) == 0 {
		return
	}
	cmd := exec.Command(python, append([]string{"-m", "py_compile"}, files...)...)
	cmd.Env = append(os.Environ(), "PYTHONPYCACHEPREFIX="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("py_compile after fix: %v\n%s", err, out)
	}
}
