package history

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"

	"github.com/asynclint/asynclint/internal/testenv"
)

// repo is a temporary git repository built by the test.
type repo struct {
	t   *testing.T
	dir string
	n   int
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		testenv.Missing(t, "git", "apt-get install git")
	}
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	date := fmt.Sprintf("2025-01-%02dT12:00:00Z", r.n+1)
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// commit writes files (content "" deletes) and commits them.
func (r *repo) commit(msg string, files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
	r.n++
}

// fakeAnalyze counts, in .py files under paths, each line calling
// time.sleep as a sync site and each awaiting asyncio.sleep as async-safe.
type fakeAnalyze struct {
	calls int
	dirs  map[string]bool
}

func (f *fakeAnalyze) run(dir string, paths []string) (Analysis, error) {
	f.calls++
	if f.dirs == nil {
		f.dirs = map[string]bool{}
	}
	f.dirs[dir] = true
	var sites []finding.Site
	for _, p := range paths {
		err := filepath.WalkDir(filepath.Join(dir, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".py") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if strings.Contains(string(data), "SYNTAX ERROR") {
				return fmt.Errorf("%s: cannot analyse", path)
			}
			sc := bufio.NewScanner(strings.NewReader(string(data)))
			for line := 1; sc.Scan(); line++ {
				state := finding.State("")
				switch {
				case strings.Contains(sc.Text(), "await asyncio.sleep("):
					state = finding.AsyncSafe
				case strings.Contains(sc.Text(), "time.sleep("):
					state = finding.Sync
				default:
					continue
				}
				rel, _ := filepath.Rel(dir, path)
				sites = append(sites, finding.Site{Path: rel, Start: finding.Position{Line: line, Col: 1},
					Language: "python", Unit: filepath.Dir(rel), Function: "f", Callee: "time.sleep", State: state})
			}
			return nil
		})
		if err != nil {
			return Analysis{}, err
		}
	}
	return Analysis{Sites: sites}, nil
}

func TestRun(t *testing.T) {
	r := newRepo(t)
	r.commit("readme only", map[string]string{"README.md": "hello\n"})
	r.commit("add core", map[string]string{
		"src/core/a.py": "import time\ndef f():\n    time.sleep(1)\n    time.sleep(2)\n",
		"src/core/b.py": "import time\ndef g():\n    time.sleep(1)\n",
	})
	r.commit("docs outside scope", map[string]string{"docs/guide.md": "guide\n"})
	r.commit("migrate a", map[string]string{
		"src/core/a.py": "import asyncio\nasync def f():\n    await asyncio.sleep(1)\n    await asyncio.sleep(2)\n",
	})
	r.commit("out of scope code", map[string]string{"tools/x.py": "import time\ntime.sleep(1)\n"})
	r.commit("broken", map[string]string{"src/core/c.py": "SYNTAX ERROR\n"})
	r.commit("migrate b, fix c", map[string]string{
		"src/core/b.py": "import asyncio\nasync def g():\n    await asyncio.sleep(1)\n",
		"src/core/c.py": "",
	})

	// Uncommitted work in the working tree must be neither read nor touched.
	dirty := filepath.Join(r.dir, "src", "core", "b.py")
	if err := os.WriteFile(dirty, []byte("import time\ntime.sleep(9)\ntime.sleep(9)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	statusBefore := r.git("status", "--porcelain")
	headBefore := r.git("rev-parse", "HEAD")

	fa := &fakeAnalyze{}
	points, err := Run([]string{filepath.Join(r.dir, "src", "core")}, 100, fa.run)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		subject        string
		sites, covered int
		absent, reused bool
		err            bool
	}
	wants := []want{
		{"readme only", 0, 0, true, false, false},
		{"add core", 3, 0, false, false, false},
		{"docs outside scope", 3, 0, false, true, false},
		{"migrate a", 3, 2, false, false, false},
		{"out of scope code", 3, 2, false, true, false},
		{"broken", 0, 0, false, false, true},
		{"migrate b, fix c", 3, 3, false, false, false},
	}
	if len(points) != len(wants) {
		t.Fatalf("got %d points, want %d: %+v", len(points), len(wants), points)
	}
	for i, w := range wants {
		p := points[i]
		if p.Subject != w.subject || p.Counts.Sites != w.sites || p.Counts.Covered() != w.covered ||
			p.Absent != w.absent || p.Reused != w.reused || (p.Error != "") != w.err {
			t.Errorf("point %d = %+v, want %+v", i, p, w)
		}
		if len(p.Commit) != 40 || p.Time.Day() != i+1 {
			t.Errorf("point %d: commit %q time %v", i, p.Commit, p.Time)
		}
	}
	if !strings.Contains(points[5].Error, "src/core/c.py: cannot analyse") || strings.Contains(points[5].Error, os.TempDir()) {
		t.Errorf("error not reported relative to the mirror: %q", points[5].Error)
	}
	if points[6].Coverage != 100 || points[3].Coverage < 66.6 || points[3].Coverage > 66.7 {
		t.Errorf("coverage = %v, %v", points[6].Coverage, points[3].Coverage)
	}
	// Absent at the first commit: nothing analysed. Reused: twice.
	if fa.calls != 4 {
		t.Errorf("analysis ran %d times, want 4 (only when files in scope changed)", fa.calls)
	}
	for dir := range fa.dirs {
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("mirror %s not removed", dir)
		}
		if strings.HasPrefix(dir, r.dir) {
			t.Errorf("mirror %s inside the repository", dir)
		}
	}
	if got := r.git("status", "--porcelain"); got != statusBefore {
		t.Errorf("working tree status changed:\n%s\nwas:\n%s", got, statusBefore)
	}
	if got := r.git("rev-parse", "HEAD"); got != headBefore {
		t.Errorf("HEAD moved")
	}
	if data, _ := os.ReadFile(dirty); !strings.Contains(string(data), "sleep(9)") {
		t.Errorf("uncommitted change lost")
	}
}

func TestRunLastN(t *testing.T) {
	r := newRepo(t)
	for i := range 5 {
		r.commit(fmt.Sprintf("c%d", i), map[string]string{"a.py": strings.Repeat("time.sleep(1)\n", i+1)})
	}
	fa := &fakeAnalyze{}
	points, err := Run([]string{r.dir}, 3, fa.run)
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 3 || points[0].Subject != "c2" || points[2].Subject != "c4" || points[2].Counts.Sites != 5 {
		t.Errorf("points = %+v", points)
	}
}

func TestRunGoModuleAboveScope(t *testing.T) {
	r := newRepo(t)
	r.commit("module", map[string]string{
		"go.mod":         "module example.com/m\n",
		"lib/lib.go":     "package lib\n",
		"app/app.go":     "package app\n",
		"other/other.py": "x = 1\n",
	})
	r.commit("change lib", map[string]string{"lib/lib.go": "package lib\n\nfunc F() {}\n"})
	r.commit("change python elsewhere", map[string]string{"other/other.py": "x = 2\n"})
	var seen []string
	analyze := func(dir string, paths []string) (Analysis, error) {
		data, err := os.ReadFile(filepath.Join(dir, "lib", "lib.go"))
		if err != nil {
			return Analysis{}, fmt.Errorf("lib.go not mirrored: %w", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
			return Analysis{}, fmt.Errorf("go.mod not mirrored: %w", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "other", "other.py")); err == nil {
			return Analysis{}, fmt.Errorf("a file that does not matter was mirrored")
		}
		seen = append(seen, string(data))
		return Analysis{}, nil
	}
	points, err := Run([]string{filepath.Join(r.dir, "app")}, 10, analyze)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range points {
		if p.Error != "" {
			t.Fatalf("point %s: %s", p.Subject, p.Error)
		}
	}
	if len(seen) != 2 || !strings.Contains(seen[1], "func F") || !points[2].Reused {
		t.Errorf("lib.go versions seen %q, points %+v", seen, points)
	}
}

func TestRunErrors(t *testing.T) {
	notRepo := t.TempDir()
	if _, err := Run([]string{notRepo}, 5, (&fakeAnalyze{}).run); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("outside a repository: %v", err)
	}
	r := newRepo(t)
	if _, err := Run([]string{r.dir}, 5, (&fakeAnalyze{}).run); err == nil {
		t.Errorf("repository without commits: no error")
	}
	r.commit("one", map[string]string{"a.py": "x\n"})
	if _, err := Run([]string{r.dir, notRepo}, 5, (&fakeAnalyze{}).run); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("second path outside the repository: %v", err)
	}
	if _, err := Run([]string{r.dir}, 0, (&fakeAnalyze{}).run); err == nil {
		t.Errorf("n=0: no error")
	}
}

// TestRunLocalModules checks that the modules a go.mod in scope takes from
// a directory of the repository (replace), transitively, and those a go.work
// above the scope uses, are mirrored, and unrelated files are not.
func TestRunLocalModules(t *testing.T) {
	r := newRepo(t)
	r.commit("modules", map[string]string{
		"go.work":          "go 1.22\n\nuse (\n\t./app\n\t./tools\n)\n",
		"app/go.mod":       "module example.com/app\n\nrequire example.com/rt v0.0.0\n\nreplace example.com/rt => ../rt\n",
		"app/app.go":       "package app\n",
		"rt/go.mod":        "module example.com/rt\n\nreplace example.com/dep => ./../dep\n",
		"rt/rt.go":         "package rt\n",
		"dep/go.mod":       "module example.com/dep\n",
		"dep/dep.go":       "package dep\n",
		"tools/go.mod":     "module example.com/tools\n",
		"tools/tools.go":   "package tools\n",
		"other/go.mod":     "module example.com/other\n",
		"other/other.go":   "package other\n",
		"app/far/go.mod":   "module example.com/far\n\nreplace example.com/x => ../../../outside\n",
		"app/far/far.go":   "package far\n",
		"docs/notes.txt":   "not Go\n",
		"rt/rt_helper.txt": "not Go either\n",
	})
	var missing, extra []string
	analyze := func(dir string, paths []string) (Analysis, error) {
		for _, p := range []string{"go.work", "app/app.go", "rt/go.mod", "rt/rt.go", "dep/go.mod", "dep/dep.go", "tools/tools.go"} {
			if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
				missing = append(missing, p)
			}
		}
		for _, p := range []string{"other/other.go", "docs/notes.txt", "rt/rt_helper.txt"} {
			if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
				extra = append(extra, p)
			}
		}
		return Analysis{}, nil
	}
	if _, err := Run([]string{filepath.Join(r.dir, "app")}, 1, analyze); err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("mirror lacks %v, holds %v", missing, extra)
	}
}

// TestRunIncomplete checks that a commit whose analysis left parts out is
// marked incomplete, shows no coverage, and that a later commit reusing it
// stays so.
func TestRunIncomplete(t *testing.T) {
	r := newRepo(t)
	r.commit("broken", map[string]string{"app/m.py": "import time\ntime.sleep(1)\n", "app/BROKEN": "1"})
	r.commit("elsewhere", map[string]string{"other.txt": "x"})
	r.commit("fixed", map[string]string{"app/BROKEN": ""})
	fa := &fakeAnalyze{}
	analyze := func(dir string, paths []string) (Analysis, error) {
		a, err := fa.run(dir, paths)
		if _, serr := os.Stat(filepath.Join(dir, "app", "BROKEN")); serr == nil {
			a.Unanalysed = []string{"Go package example.com/a", "Go package example.com/b"}
		}
		return a, err
	}
	points, err := Run([]string{filepath.Join(r.dir, "app")}, 10, analyze)
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 3 {
		t.Fatalf("%d points, want 3", len(points))
	}
	want := "incomplete: 2 not analysed: Go package example.com/a; Go package example.com/b"
	for i, p := range points[:2] {
		if got := p.Unmeasured(); got != want {
			t.Errorf("point %d: Unmeasured() = %q, want %q", i, got, want)
		}
	}
	if got := points[2].Unmeasured(); got != "" || points[2].Counts.Sites != 1 {
		t.Errorf("fixed commit: Unmeasured() = %q, counts %+v", got, points[2].Counts)
	}
}
