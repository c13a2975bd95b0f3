package gofix_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/golang/gocheck"
	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
)

// TestExample fixes a temporary copy of the Go example project in each
// form, then checks that no AL200 is left, that the copy builds, vets and
// passes its own tests, and that a second fix changes nothing.
func TestExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a copy of the example module")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		stdlib bool
	}{{"asyncrt", false}, {"stdlib", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // the two copies are independent; most of the time is spent waiting on go commands
			dir := copyExample(t, repo)
			opts := gocheck.Options{Tests: true, Stdlib: tc.stdlib}
			res, err := gocheck.Run(dir, []string{"./..."}, opts)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := gofix.Plan(res.Findings)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Skipped) > 0 {
				t.Fatalf("skipped: %v", plan.Skipped)
			}
			if len(plan.Changes) == 0 {
				t.Fatal("nothing to fix in the example")
			}
			if errs := rewriter.Write([]string{dir}, plan.Changes, gofix.Verify); len(errs) > 0 {
				t.Fatalf("write: %v", errs)
			}
			for _, ch := range plan.Changes {
				uses := strings.Contains(string(ch.New), "asynclint/runtime")
				if tc.stdlib && uses && !strings.Contains(string(ch.Old), "asynclint/runtime") {
					t.Errorf("%s: --stdlib fix imports the runtime package", ch.Path)
				}
			}

			for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}, {"test", "./..."}} {
				cmd := exec.Command("go", args...)
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("go %s in the fixed copy: %v\n%s", strings.Join(args, " "), err, out)
				}
			}

			again, err := gocheck.Run(dir, []string{"./..."}, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range again.Findings {
				if f.Code == "AL200" || f.Code == "E999" {
					t.Errorf("after fix: %s:%d:%d: %s %s", f.Path, f.Start.Line, f.Start.Col, f.Code, f.Message)
				}
			}
			plan2, err := gofix.Plan(again.Findings)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan2.Changes) > 0 || len(plan2.Skipped) > 0 {
				t.Errorf("second fix: %d changes, %d skipped; want none", len(plan2.Changes), len(plan2.Skipped))
			}
		})
	}
}

// copyExample copies testdata/example/go into a temporary directory, its
// go.mod pointing at the repository by absolute path.
func copyExample(t *testing.T, repo string) string {
	t.Helper()
	src := filepath.Join(repo, "testdata", "example", "go")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			const rel = "=> ../../.."
			if !strings.Contains(string(data), rel) {
				t.Fatalf("%s: no %q replace to rewrite", path, rel)
			}
			data = []byte(strings.Replace(string(data), rel, "=> "+repo, 1))
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
