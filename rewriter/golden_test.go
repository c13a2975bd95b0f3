package rewriter

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pycheck"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// copyTree copies the Python files (and golden files) under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == "__pycache__" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !strings.HasSuffix(p, ".py") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixTree checks and fixes the tree at dir in place, returning the plan.
// It plans as fix does, from models whose trees the check dropped (the
// planner restores those it reads), and fails when that plan differs from
// one made with every tree kept, or from one made from the models a
// cache gives back.
func fixTree(t *testing.T, dir string, opts PyOptions) *Plan {
	t.Helper()
	plan := planPython(t, dir, opts, dropped)
	for _, mode := range []analysisMode{kept, cached} {
		if other := planPython(t, dir, opts, mode); !samePlan(plan, other) {
			t.Errorf("%s: the plan from dropped trees differs from the plan %s:\n%s\nagainst\n%s", dir, mode, planText(dir, plan), planText(dir, other))
		}
	}
	for _, e := range Write([]string{dir}, plan.Changes, VerifyPython) {
		t.Errorf("write: %v", e)
	}
	return plan
}

// analysisMode is how the check a plan is made from keeps its models.
type analysisMode int

const (
	dropped analysisMode = iota // each tree dropped once modelled, as fix runs
	kept                        // every tree kept
	cached                      // read back from a cache a first run filled
)

func (m analysisMode) String() string {
	return [...]string{"from dropped trees", "with trees kept", "from a warm cache"}[m]
}

// analyse checks the tree at dir as mode says.
func analyse(t *testing.T, dir string, opts pycheck.Options, mode analysisMode) *pycheck.Result {
	t.Helper()
	opts.NoTrees = mode != kept
	if mode == cached {
		c, err := pycache.OpenMemory("test")
		if err != nil {
			t.Fatal(err)
		}
		opts.Cache = c
		if _, err := pycheck.Run([]string{dir}, opts); err != nil {
			t.Fatal(err)
		}
	}
	res, err := pycheck.Run([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if mode == cached && res.CacheMisses > 0 {
		t.Fatalf("%s: %d files parsed again from a warm cache", dir, res.CacheMisses)
	}
	return res
}

// planPython checks the tree at dir as mode says and plans its fixes.
func planPython(t *testing.T, dir string, opts PyOptions, mode analysisMode) *Plan {
	t.Helper()
	res := analyse(t, dir, pycheck.Options{AllFunctions: opts.AllBlocking}, mode)
	plan, err := PlanPython(res.Project, res.Findings, opts)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// samePlan reports whether two plans change the same files alike and
// leave the same sites.
func samePlan(a, b *Plan) bool {
	if len(a.Changes) != len(b.Changes) || len(a.Fixed) != len(b.Fixed) || len(a.Skipped) != len(b.Skipped) || len(a.Refused) != len(b.Refused) {
		return false
	}
	for i, c := range a.Changes {
		if c.Path != b.Changes[i].Path || !bytes.Equal(c.New, b.Changes[i].New) {
			return false
		}
	}
	return manualText("", a) == manualText("", b)
}

// planText renders a plan's changes and manual sites, for a failure.
func planText(dir string, plan *Plan) string {
	var b strings.Builder
	for _, c := range plan.Changes {
		b.WriteString(Diff(c.Path, c.Old, c.New))
	}
	return b.String() + manualText(dir, plan)
}

// manualText renders the manual sites of a plan, paths relative to dir.
func manualText(dir string, plan *Plan) string {
	var b strings.Builder
	for _, m := range plan.Manual {
		rel, _ := filepath.Rel(dir, m.Path)
		fmt.Fprintf(&b, "%s:%d:%d: %s %s\n", filepath.ToSlash(rel), m.Pos.Line, m.Pos.Col, m.Code, m.Reason)
	}
	for _, m := range plan.Refused {
		rel, _ := filepath.Rel(dir, m.Path)
		fmt.Fprintf(&b, "%s:%d:%d: refused %s\n", filepath.ToSlash(rel), m.Pos.Line, m.Pos.Col, m.Reason)
	}
	return b.String()
}

// checkGolden compares got with the golden file; with -update it writes it.
// An absent golden file means the result must equal want (the input).
func checkGolden(t *testing.T, golden string, got, input []byte) {
	t.Helper()
	if *update {
		if bytes.Equal(got, input) {
			os.Remove(golden)
			return
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		want = input
	} else if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: mismatch\n%s", golden, Diff(golden, want, got))
	}
}

// TestGolden rewrites each testdata/*.py file (alone in a temporary tree)
// and each testdata/<dir>/ tree, comparing every file with its .golden file
// (absent: unchanged) and the manual sites with <case>.manual (absent:
// none). Cases whose name starts with "deprecate" run with Deprecate, those
// starting with "all_blocking" with AllBlocking and Deprecate; all run with
// Twins. The output must byte-compile (when python3 is present)
// and a second run must change nothing.
func TestGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && !strings.HasSuffix(name, ".py") || e.IsDir() && (name == "fuzz" || name == "prune") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			src := filepath.Join("testdata", name)
			dir := t.TempDir()
			if e.IsDir() {
				copyTree(t, src, dir)
			} else {
				b, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			all := strings.HasPrefix(name, "all_blocking")
			opts := PyOptions{Twins: true, Deprecate: strings.HasPrefix(name, "deprecate") || all, AllBlocking: all}
			plan := fixTree(t, dir, opts)
			base := strings.TrimSuffix(src, ".py")
			checkGolden(t, base+".manual", []byte(manualText(dir, plan)), nil)
			checkTreeGoldens(t, dir, func(rel string) string {
				if e.IsDir() {
					return filepath.Join(src, rel)
				}
				return src
			})
			pyCompile(t, dir)
			again := fixTree(t, dir, opts)
			if len(again.Changes) != 0 {
				for _, c := range again.Changes {
					t.Errorf("second fix changed %s:\n%s", c.Path, Diff(c.Path, c.Old, c.New))
				}
			}
		})
	}
}

// checkTreeGoldens compares every Python file under dir, as a test left it,
// with the golden beside its original (origOf maps a path relative to dir
// to that original).
func checkTreeGoldens(t *testing.T, dir string, origOf func(rel string) string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".py") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		orig := origOf(rel)
		input, err := os.ReadFile(orig)
		if err != nil {
			return err
		}
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checkGolden(t, orig+".golden", got, input)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
