package rewriter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/pyparse"
)

// FuzzRewritePython rewrites arbitrary Python sources (with twins and
// deprecations) and checks that the output parses whenever the input did,
// that Write's verifier agrees, and that a second fix changes nothing.
func FuzzRewritePython(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.py"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("import time\nasync def f():\n    time.sleep(1)\n"))
	f.Add([]byte("from time import sleep\ndef g():\n    sleep(1)\nasync def f():\n    g()\n"))
	f.Add([]byte("import time\r\nasync def f():\r\n\tx = [time.sleep(i) for i in range(3)]\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p := pyparse.NewParser()
		m, err := p.Parse("in.py", src, pyparse.Options{})
		p.Close()
		if err != nil || m.SyntaxError != nil {
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "mod.py")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := pycheck.Run([]string{dir}, pycheck.Options{})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := PlanPython(res.Project, res.Findings, PyOptions{Twins: true, Deprecate: true})
		if err != nil {
			t.Fatalf("plan: %v", err)
		}
		for _, c := range plan.Changes {
			if err := VerifyPython(c.Path, c.Old, c.New); err != nil {
				t.Fatalf("%v\ninput:\n%s\noutput:\n%s", err, c.Old, c.New)
			}
			if err := os.WriteFile(c.Path, c.New, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if len(plan.Changes) == 0 {
			return
		}
		// A second fix finds nothing more to change.
		res, err = pycheck.Run([]string{dir}, pycheck.Options{})
		if err != nil {
			t.Fatal(err)
		}
		again, err := PlanPython(res.Project, res.Findings, PyOptions{Twins: true, Deprecate: true})
		if err != nil {
			t.Fatalf("second plan: %v", err)
		}
		for _, c := range again.Changes {
			t.Fatalf("second fix changed the output:\ninput:\n%s\n%s", src, Diff(c.Path, c.Old, c.New))
		}
	})
}
