package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOutputPathsRelativeToWorkingDirectory checks that findings, and the
// places AL100 messages name, are shown relative to the working directory
// whatever form the arguments took.
func TestOutputPathsRelativeToWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"proj/pkg/__init__.py": "",
		"proj/pkg/db.py":       "import time\n\n\ndef connect():\n    time.sleep(1)\n",
		"proj/pkg/app.py":      "from .db import connect\n\n\nasync def handler():\n    connect()\n",
		"proj/sub/.keep":       "",
	})
	want := func(prefix string) string {
		return prefix + "pkg/app.py:5:5: AL100 `connect()` blocks the event loop: it calls `time.sleep` (" + prefix + "pkg/db.py:5)"
	}
	for _, tc := range []struct {
		name, wd, arg, want string
	}{
		{"relative argument", "proj", "pkg", want("")},
		{"absolute argument", "proj", filepath.Join(dir, "proj", "pkg"), want("")},
		{"dot-prefixed argument", "proj", "./pkg/../pkg", want("")},
		{"argument above the working directory", "proj/sub", "../pkg", want("../")},
		{"absolute argument above the working directory", "proj/sub", filepath.Join(dir, "proj", "pkg"), want("../")},
		{"from the parent", ".", "proj/pkg", want("proj/")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(filepath.Join(dir, filepath.FromSlash(tc.wd)))
			var out, errb bytes.Buffer
			if code := run([]string{"check", "--no-config", "--quiet", tc.arg}, &out, &errb); code != exitFindings {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if got := strings.TrimSpace(out.String()); got != tc.want {
				t.Errorf("check %s in %s:\ngot  %s\nwant %s", tc.arg, tc.wd, got, tc.want)
			}
		})
	}
}

// TestGoPatternStaysInItsModule checks that "./..." means what it means to
// the go command, the packages of the current module, leaving out a module
// nested below it (testdata/nested/inner), while a plain directory also
// walks the nested modules; and that no finding is reported twice however
// the arguments overlap.
func TestGoPatternStaysInItsModule(t *testing.T) {
	root := filepath.Join(repoRoot(t), "cmd", "asynclint", "testdata", "nested")
	outer := "poll/poll.go:11:2: AL200"
	inner := "inner/retry/retry.go:11:2: AL200"
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"./..."}, []string{outer}},
		{[]string{"poll/..."}, []string{outer}},
		{[]string{"inner/..."}, []string{inner}},
		{[]string{"."}, []string{inner, outer}},
		{[]string{"./...", "inner/..."}, []string{inner, outer}},
		{[]string{".", "./...", "inner", "inner/...", "poll/poll.go"}, []string{inner, outer}},
	} {
		got, code := checkLines(t, root, append([]string{"--lang", "go"}, tc.args...)...)
		if code != exitFindings {
			t.Errorf("check %v: exit %d, want 1", tc.args, code)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("check %v:\n got %q\nwant %q", tc.args, got, tc.want)
		}
	}
}

// TestFileFollowsItsProject: a Python file given alone is checked as in a
// run over its project (the nearest folder above it holding .git): calls
// lead into the project's other files, and nothing of theirs is reported
// or counted (not a blocking call, not a syntax error). fix rewrites only the files given: the twin a finding needs
// in a file not given is named, not made.
func TestFileFollowsItsProject(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".git/HEAD":       "ref: refs/heads/main\n",
		"app/__init__.py": "",
		"app/helper.py":   "import time\n\n\ndef load():\n    time.sleep(1)\n",
		"app/main.py":     "from app import helper\n\n\nasync def handler():\n    helper.load()\n",
		"other/jobs.py":   "import time\n\n\nasync def tick():\n    time.sleep(1)\n",
		"other/broken.py": "async def (\n",
	})
	t.Chdir(dir)
	check := func(args ...string) (lines []string, summary string) {
		t.Helper()
		out, errs, code := cli(append([]string{"check", "--no-cache", "--lang", "python", "--show-all"}, args...)...)
		if code != exitFindings {
			t.Fatalf("check %v: exit %d: %s", args, code, errs)
		}
		return strings.Split(strings.TrimSpace(out), "\n"), errs
	}
	got, summary := check("app/main.py")
	want := []string{"app/main.py:5:5: AL100 `load()` blocks the event loop: it calls `time.sleep` (app/helper.py:5)"}
	if !slices.Equal(got, want) {
		t.Errorf("check app/main.py:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(summary, "(1 file checked)") {
		t.Errorf("check app/main.py counts the project's files: %s", summary)
	}
	all, _ := check(".")
	if mine := slices.DeleteFunc(all, func(l string) bool { return !strings.HasPrefix(l, "app/main.py:") }); !slices.Equal(mine, got) {
		t.Errorf("check . says of app/main.py:\n%s\ncheck app/main.py:\n%s", strings.Join(mine, "\n"), strings.Join(got, "\n"))
	}

	_, errs, code := cli("fix", "--no-cache", "--lang", "python", "--twins", "app/main.py")
	if code != exitFindings || !strings.Contains(errs, "app/main.py:5:5: AL100 manual: ") || !strings.Contains(errs, "not among the paths given") {
		t.Fatalf("fix --twins app/main.py: exit %d, want 1 and the site manual:\n%s", code, errs)
	}
	if data, _ := os.ReadFile("app/helper.py"); !bytes.Equal(data, []byte("import time\n\n\ndef load():\n    time.sleep(1)\n")) {
		t.Errorf("fix --twins app/main.py rewrote app/helper.py:\n%s", data)
	}
	if _, errs, code := cli("fix", "--no-cache", "--lang", "python", "--twins", "app/main.py", "app/helper.py"); code != exitClean {
		t.Fatalf("fix --twins with both files: exit %d: %s", code, errs)
	}
	if data, _ := os.ReadFile("app/helper.py"); !bytes.Contains(data, []byte("async def load_async")) {
		t.Errorf("fix --twins with both files made no twin:\n%s", data)
	}
}

// TestFilesOfTwoProjects: files of two projects given together (a commit
// across a monorepo's services) are each checked as part of their own
// project, and never followed into the other's (each would resolve names
// the other has), also beside a directory given; a file of no project
// beside them is followed into the files given only. fix and report take
// the same analyses.
func TestFilesOfTwoProjects(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"A/.git/HEAD": "ref: refs/heads/main\n",
		"A/app.py":    "import util\n\n\nasync def f():\n    util.x()\n",
		"B/.git/HEAD": "ref: refs/heads/main\n",
		"B/util.py":   "import time\n\n\ndef x():\n    time.sleep(1)\n",
		"B/other.py":  "async def g():\n    pass\n",
		"B/svc.py":    "import util\n\n\nasync def h():\n    util.x()\n",
		"loose.py":    "import util\n\n\nasync def k():\n    util.x()\n",
	})
	t.Chdir(dir)
	for _, args := range [][]string{{"A/app.py"}, {"A/app.py", "B/other.py"}, {"loose.py", "B/other.py"}} {
		if out, errs, code := cli(append([]string{"check", "--no-cache", "--lang", "python"}, args...)...); code != exitClean {
			t.Errorf("check %v: exit %d, want 0 (A has no util, nor has loose.py):\n%s%s", args, code, out, errs)
		}
	}
	want := "B/svc.py:5:5: AL100 `x()` blocks the event loop: it calls `time.sleep` (B/util.py:5)\n"
	// A directory among the paths is walked as it is; a file outside it
	// still follows calls into its own project.
	for _, args := range [][]string{{"B/svc.py"}, {"A/app.py", "B/svc.py", "loose.py"}, {"A", "B/svc.py"}} {
		if out, errs, code := cli(append([]string{"check", "--no-cache", "--lang", "python"}, args...)...); code != exitFindings || out != want {
			t.Errorf("check %v: exit %d:\n%s%s\nwant exit 1 and\n%s", args, code, out, errs, want)
		}
	}
	out, errs, code := cli("report", "--no-cache", "--lang", "python", "--format", "json", "A/app.py", "B/util.py")
	var r struct {
		Sites []struct {
			Filename, State string
		}
		Roots []any
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitClean {
		t.Fatalf("report A/app.py B/util.py: exit %d, %v:\n%s%s", code, err, out, errs)
	}
	// Reached from B/svc.py, not from A/app.py, which has no util: no
	// finding of the files given, so no root.
	if len(r.Sites) != 1 || r.Sites[0].Filename != "B/util.py" || r.Sites[0].State != "reached-from-async" || len(r.Roots) != 0 {
		t.Errorf("report A/app.py B/util.py: %+v, want B/util.py's site reached from async code and no root:\n%s", r, out)
	}
	_, errs, code = cli("fix", "--no-cache", "--lang", "python", "--twins", "A/app.py", "B/svc.py", "B/util.py")
	if code != exitClean {
		t.Fatalf("fix --twins A/app.py B/svc.py B/util.py: exit %d: %s", code, errs)
	}
	if data, _ := os.ReadFile("B/svc.py"); !bytes.Contains(data, []byte("await util.x_async()")) {
		t.Errorf("fix --twins across two projects left B/svc.py:\n%s", data)
	}
}

// TestPruneFileKeepsWhatOthersImport: fix --prune on one file keeps a
// function another file of the project imports, since that import would
// have to go too and the other file is not among the paths given.
func TestPruneFileKeepsWhatOthersImport(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".git/HEAD":       "ref: refs/heads/main\n",
		"pkg/__init__.py": "",
		"pkg/impl.py":     "import asyncio\nimport time\n\n\ndef fetch():\n    time.sleep(1)\n\n\nasync def fetch_async():\n    await asyncio.sleep(1)\n",
		"user.py":         "from pkg.impl import fetch, fetch_async\n\n\nasync def job():\n    await fetch_async()\n",
	})
	t.Chdir(dir)
	_, errs, code := cli("fix", "--prune", "--no-cache", "--lang", "python", "pkg/impl.py")
	if code != exitClean {
		t.Fatalf("fix --prune pkg/impl.py: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "kept pkg/impl.py:5 fetch: imported by user.py, which is not among the paths given") {
		t.Errorf("fix --prune pkg/impl.py does not keep fetch for user.py:\n%s", errs)
	}
}

// TestPruneFilesWithoutProject: fix --prune on files of no project, or
// with a path that does not exist, refuses (exit 2) and writes nothing:
// the uses that decide what goes would be those of the files alone.
func TestPruneFilesWithoutProject(t *testing.T) {
	dir := t.TempDir()
	impl := "import asyncio\nimport time\n\n\ndef fetch():\n    time.sleep(1)\n\n\nasync def fetch_async():\n    await asyncio.sleep(1)\n"
	writeTree(t, dir, map[string]string{
		"impl.py": impl,
		"user.py": "from impl import fetch\n\n\ndef job():\n    fetch()\n",
	})
	t.Chdir(dir)
	for _, args := range [][]string{{"impl.py"}, {"impl.py", "nothere.py"}} {
		if _, errs, code := cli(append([]string{"fix", "--prune", "--no-cache", "--lang", "python"}, args...)...); code != exitError || !strings.Contains(errs, "nothing pruned") && !strings.Contains(errs, "needs their project") {
			t.Errorf("fix --prune %v: exit %d, want 2 and why:\n%s", args, code, errs)
		}
	}
	if data, _ := os.ReadFile("impl.py"); string(data) != impl {
		t.Errorf("impl.py rewritten:\n%s", data)
	}
}

// TestPackageBesideModuleSpelledOtherwise: a package pkg/mod/ beside a
// module pkg/mod.py is what `import pkg.mod` imports, also when the module
// is given as ./pkg/mod.py and the package comes from the project walk.
func TestPackageBesideModuleSpelledOtherwise(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".git/HEAD":           "ref: refs/heads/main\n",
		"pkg/__init__.py":     "",
		"pkg/mod/__init__.py": "import time\n\n\ndef x():\n    time.sleep(1)\n",
		"pkg/mod.py":          "def y():\n    pass\n",
		"app.py":              "from pkg.mod import x\n\n\nasync def f():\n    x()\n",
	})
	t.Chdir(dir)
	if out, errs, code := cli("check", "--no-cache", "--lang", "python", "./app.py", "./pkg/mod.py"); code != exitFindings || !strings.Contains(out, "app.py:5:5: AL100") {
		t.Errorf("check ./app.py ./pkg/mod.py: exit %d, want app.py's AL100:\n%s%s", code, out, errs)
	}
}

// TestReportFileFollowsItsProject: report of a file given alone says of
// its sites what report of the whole project says of them. Whether async
// code reaches a sync site is the project's to say (here an async def in
// another file calls the helper), and the compat list holds the file's
// own functions only, with their uses anywhere in the project.
func TestReportFileFollowsItsProject(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".git/HEAD":       "ref: refs/heads/main\n",
		"app/__init__.py": "",
		"app/helper.py": "import asyncio\nimport time\n\n\ndef load():\n    time.sleep(1)\n\n\n" +
			"def nap():\n    time.sleep(2)\n\n\nasync def nap_async():\n    await asyncio.sleep(2)\n\n\n" +
			"def idle():\n    time.sleep(3)\n",
		"app/main.py": "from app import helper\n\n\nasync def handler():\n    helper.load()\n    helper.nap()\n",
	})
	t.Chdir(dir)
	type site struct {
		Filename string `json:"filename"`
		Location struct {
			Line int `json:"line"`
		} `json:"location"`
		State string `json:"state"`
	}
	type compat struct {
		Path         string `json:"path"`
		Function     string `json:"function"`
		AsyncCallers []struct {
			Path string `json:"path"`
		} `json:"async_callers"`
	}
	report := func(args ...string) (sites []string, compats []string) {
		t.Helper()
		out, errs, code := cli(append([]string{"report", "--no-cache", "--format", "json"}, args...)...)
		if code != exitClean {
			t.Fatalf("report %v: exit %d: %s", args, code, errs)
		}
		var r struct {
			Sites  []site   `json:"sites"`
			Compat []compat `json:"compat"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("report %v: %v\n%s", args, err, out)
		}
		for _, s := range r.Sites {
			sites = append(sites, fmt.Sprintf("%s:%d %s", s.Filename, s.Location.Line, s.State))
		}
		for _, c := range r.Compat {
			var callers []string
			for _, u := range c.AsyncCallers {
				callers = append(callers, u.Path)
			}
			compats = append(compats, fmt.Sprintf("%s %s <- %v", c.Path, c.Function, callers))
		}
		return sites, compats
	}
	sites, compats := report("app/helper.py")
	wantSites := []string{"app/helper.py:6 reached-from-async", "app/helper.py:10 reached-from-async", "app/helper.py:14 async-safe", "app/helper.py:18 sync"}
	if !slices.Equal(sites, wantSites) {
		t.Errorf("report app/helper.py sites %v, want %v", sites, wantSites)
	}
	if want := []string{"app/helper.py nap <- [app/main.py]"}; !slices.Equal(compats, want) {
		t.Errorf("report app/helper.py compat %v, want %v", compats, want)
	}
	all, allCompats := report(".")
	if mine := slices.DeleteFunc(all, func(s string) bool { return !strings.HasPrefix(s, "app/helper.py:") }); !slices.Equal(mine, sites) {
		t.Errorf("report . says of app/helper.py %v, report app/helper.py %v", mine, sites)
	}
	if !slices.Equal(allCompats, compats) {
		t.Errorf("report . compat %v, report app/helper.py %v", allCompats, compats)
	}
	// main.py's own report lists no compat function of the helper.
	if _, compats := report("app/main.py"); len(compats) != 0 {
		t.Errorf("report app/main.py compat %v, want none (nap is helper.py's)", compats)
	}
}

// TestNestedProjectsOneAnalysis: files of a project and of one nested in
// it (a package with its own pyproject.toml in a repository), given
// together, are checked in one analysis, the outer project's, and a
// project reached by two spellings (a symlink) is one: no file is seen by
// two analyses, so fix --twins makes one plan that edits each file once,
// and fix --prune sees every given file's uses; a file spelled both ways
// is one file.
func TestNestedProjectsOneAnalysis(t *testing.T) {
	dir := t.TempDir()
	b := "import time\n\n\ndef wait():\n    time.sleep(1)\n\n\nasync def other():\n    wait()\n"
	writeTree(t, dir, map[string]string{
		"outer/.git/HEAD":            "ref: refs/heads/main\n",
		"outer/a.py":                 "from inner.b import wait\n\n\nasync def main():\n    wait()\n",
		"outer/inner/pyproject.toml": "[project]\nname = \"inner\"\n",
		"outer/inner/b.py":           b,
		"prune/.git/HEAD":            "ref: refs/heads/main\n",
		"prune/a.py":                 "from inner.b import wait\n\n\ndef main():\n    wait()\n",
		"prune/inner/pyproject.toml": "[project]\nname = \"inner\"\n",
		"prune/inner/b.py":           "import asyncio\nimport time\n\n\ndef wait():\n    time.sleep(1)\n\n\nasync def wait_async():\n    await asyncio.sleep(1)\n",
		"p2/.git/HEAD":               "ref: refs/heads/main\n",
		"p2/app.py":                  "import time\n\n\ndef wait():\n    time.sleep(1)\n",
		"p2/runner.py":               "from app import wait\n\n\nasync def run():\n    wait()\n",
	})
	t.Chdir(dir)
	if _, errs, code := cli("fix", "--twins", "--no-cache", "--lang", "python", "outer/a.py", "outer/inner/b.py"); code != exitClean {
		t.Fatalf("fix --twins outer/a.py outer/inner/b.py: exit %d: %s", code, errs)
	}
	got, _ := os.ReadFile("outer/inner/b.py")
	if n := bytes.Count(got, []byte("async def wait_async")); n != 1 || !bytes.Contains(got, []byte("    await wait_async()\n")) {
		t.Errorf("outer/inner/b.py after fix --twins (%d twins):\n%s", n, got)
	}
	if out, errs, code := cli("check", "--no-cache", "--lang", "python", "outer/a.py", "outer/inner/b.py"); code != exitClean {
		t.Errorf("check after fix --twins: exit %d:\n%s%s", code, out, errs)
	}

	_, errs, code := cli("fix", "--prune", "--no-cache", "--lang", "python", "prune/a.py", "prune/inner/b.py")
	if code != exitClean || !strings.Contains(errs, "kept prune/inner/b.py:5 wait: called by prune/a.py:5 main") {
		t.Errorf("fix --prune prune/a.py prune/inner/b.py: exit %d, want wait kept for prune/a.py:\n%s", code, errs)
	}

	if err := os.Symlink("p2", "p2link"); err != nil {
		t.Fatal(err)
	}
	// Each file is one file however it is spelled: checked and fixed once.
	files := []string{"p2/runner.py", "p2/app.py", "p2link/runner.py", "p2link/app.py"}
	if out, errs, code := cli(append([]string{"check", "--no-cache", "--lang", "python"}, files...)...); code != exitFindings || !strings.Contains(errs, "(2 files checked)") || strings.Count(out, "AL100") != 1 {
		t.Errorf("check through a symlink: exit %d, want 1, one AL100 and 2 files:\n%s%s", code, out, errs)
	}
	_, errs, code = cli(append([]string{"fix", "--twins", "--no-cache", "--lang", "python"}, files...)...)
	if data, _ := os.ReadFile("p2/app.py"); code != exitClean || bytes.Count(data, []byte("async def wait_async")) != 1 {
		t.Errorf("fix --twins through a symlink: exit %d:\n%s\np2/app.py:\n%s", code, errs, data)
	}
	if out, errs, code := cli(append([]string{"fix", "--twins", "--no-cache", "--lang", "python", "--diff"}, files...)...); code != exitClean || out != "" {
		t.Errorf("a second fix --twins through a symlink: exit %d:\n%s%s", code, out, errs)
	}
}

// TestFilesOfTwoProjectsEachItsConfig: files of two projects given
// together are each checked under their own nearest configuration (as
// ruff reads them), also a package's own within a project, whatever the
// order of the paths.
func TestFilesOfTwoProjectsEachItsConfig(t *testing.T) {
	dir := t.TempDir()
	sleeps := "import time\n\n\nasync def f():\n    time.sleep(1)\n"
	writeTree(t, dir, map[string]string{
		"svc1/pyproject.toml": "[project]\nname = \"svc1\"\n",
		"svc1/a.py":           sleeps,
		"svc2/pyproject.toml": "[project]\nname = \"svc2\"\n\n[tool.asynclint]\nignore = [\"ASYNC251\"]\n",
		"svc2/b.py":           sleeps,
		// A package of svc1 with its own configuration.
		"svc1/inner/pyproject.toml": "[tool.asynclint]\nignore = [\"ASYNC251\"]\n",
		"svc1/inner/__init__.py":    "",
		"svc1/inner/c.py":           sleeps,
	})
	t.Chdir(dir)
	want := "svc1/a.py:5:5: ASYNC251 Async functions should not call `time.sleep`\n"
	for _, args := range [][]string{
		{"svc1/a.py", "svc2/b.py"}, {"svc2/b.py", "svc1/a.py"},
		{"svc1/a.py", "svc1/inner/c.py"}, {"svc1/inner/c.py", "svc1/a.py"},
		{"svc1/inner/c.py", "svc2/b.py", "svc1/a.py"},
	} {
		var outb, errb bytes.Buffer
		code := run(append([]string{"check", "--no-cache", "--lang", "python"}, args...), &outb, &errb)
		out, errs := outb.String(), errb.String()
		if code != exitFindings || out != want {
			t.Errorf("check %v: exit %d:\n%s%s\nwant exit 1 and\n%s", args, code, out, errs, want)
		}
	}
}

// TestNestedConfigsApplyToTheirFiles: each Python file is kept by its
// nearest configuration, as ruff reads them, also in a directory walked:
// check of two folders says of each what check of that folder says,
// whatever the order, and check of their parent the same.
func TestNestedConfigsApplyToTheirFiles(t *testing.T) {
	dir := t.TempDir()
	sleeps := "import time\n\n\nasync def f():\n    time.sleep(1)\n"
	writeTree(t, dir, map[string]string{
		"s1/a.py":           sleeps,
		"s2/pyproject.toml": "[tool.asynclint]\nexclude = [\"gen/\"]\n\n[tool.asynclint.per-file-ignores]\n\"legacy_*.py\" = [\"ASYNC251\"]\n",
		"s2/b.py":           sleeps,
		"s2/legacy_c.py":    sleeps,
		"s2/gen/d.py":       sleeps,
	})
	t.Chdir(dir)
	check := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(append([]string{"check", "--no-cache", "--lang", "python", "--quiet"}, args...), &out, &errb)
		if code != exitFindings {
			t.Fatalf("check %v: exit %d: %s%s", args, code, out.String(), errb.String())
		}
		return out.String()
	}
	want := "s1/a.py:5:5: ASYNC251 Async functions should not call `time.sleep`\n" +
		"s2/b.py:5:5: ASYNC251 Async functions should not call `time.sleep`\n"
	for _, args := range [][]string{{"s1", "s2"}, {"s2", "s1"}, {"."}} {
		if got := check(args...); got != want {
			t.Errorf("check %v:\n%s\nwant\n%s", args, got, want)
		}
	}
	if got := check("s1") + check("s2"); got != want {
		t.Errorf("check s1 + check s2:\n%s\nwant\n%s", got, want)
	}
}

// TestNestedConfigErrorsAndOrder: a broken configuration of a folder whose
// files are checked stops the run (exit 2, the file named) whether or not
// those files have findings, and its warnings are told; what applies to a
// whole analysis
// (extra-blocking here) comes from the folder the paths share, so the
// order of the paths changes nothing.
func TestNestedConfigErrorsAndOrder(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"bc/bad/.asynclint.toml":        "select = [\"ASYNC999\"]\n",
		"bc/bad/ok.py":                  "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n",
		"ord/a/.asynclint.toml":         "extra-blocking = [\"os.getcwd\"]\n",
		"ord/a/x.py":                    "import os\n\n\nasync def f():\n    os.getcwd()\n",
		"ord/b/y.py":                    "import os\n\n\nasync def f():\n    os.getcwd()\n",
		"ex/sub/.asynclint.toml":        "exclude = [\"vendor\"]\n",
		"ex/sub/y.py":                   "y = 1\n",
		"ex/sub/vendor/x.py":            "x = 1\n",
		"ex/sub/vendor/.asynclint.toml": "bogus = 1\n",
		"warn/sub/.asynclint.toml":      "ignore = [\"E999\"]\n",
		"warn/sub/a.py":                 "x = 1\n",
	})
	t.Chdir(dir)
	check := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run(append([]string{"check", "--no-cache", "--lang", "python"}, args...), &out, &errb)
		return out.String(), errb.String(), code
	}
	for _, args := range [][]string{{"bc"}, {"bc/bad/ok.py"}} {
		if out, errs, code := check(args...); code != exitError || !strings.Contains(errs, filepath.Join("bad", ".asynclint.toml")) {
			t.Errorf("check %v: exit %d, want 2 naming bad/.asynclint.toml:\n%s%s", args, code, out, errs)
		}
	}
	// A folder a configuration above excludes: its own is never read.
	for _, args := range [][]string{{"ex"}, {"ex/sub"}} {
		if out, errs, code := check(args...); code != exitClean {
			t.Errorf("check %v: exit %d, want 0 (ex/sub/vendor is excluded):\n%s%s", args, code, out, errs)
		}
	}
	// A nested configuration's ignore that can do nothing is told, as the
	// run's is.
	if _, errs, code := check("warn"); code != exitClean || !strings.Contains(errs, `warning: warn/sub/.asynclint.toml: ignore "E999" has no effect`) {
		t.Errorf("check warn: exit %d, want 0 and the nested file's warning:\n%s", code, errs)
	}
	first, _, _ := check("ord/a/x.py", "ord/b/y.py")
	second, _, _ := check("ord/b/y.py", "ord/a/x.py")
	if first != second || strings.Contains(first, "ord/b/y.py") {
		t.Errorf("check ord/a/x.py ord/b/y.py:\n%s\nthe other order:\n%s\nwant the same, nothing in ord/b/y.py", first, second)
	}
}
