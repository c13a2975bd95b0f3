package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// expected reads an EXPECTED.txt: "path:line:col: CODE" lines, comments
// and blank lines skipped.
func expected(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		t.Fatalf("%s lists no findings", path)
	}
	return out
}

// checkLines runs `asynclint check --show-all` in dir and returns "path:line:col: CODE"
// for each finding, and the exit code.
func checkLines(t *testing.T, dir string, args ...string) ([]string, int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run(append([]string{"check", "--no-config", "--quiet", "--show-all"}, args...), &out, &errb)
	if code == exitError {
		t.Fatalf("check %v: exit 2: %s", args, errb.String())
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		// path:line:col: CODE message
		head, rest, ok := strings.Cut(l, ": ")
		if !ok {
			t.Fatalf("malformed line %q", l)
		}
		code, _, _ := strings.Cut(rest, " ")
		lines = append(lines, head+": "+code)
	}
	return lines, code
}

func TestExamplePythonFindings(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "testdata", "example", "python")
	want := expected(t, filepath.Join(dir, "EXPECTED.txt"))
	got, code := checkLines(t, dir, ".")
	if code != exitFindings {
		t.Errorf("exit code %d, want 1", code)
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings differ from EXPECTED.txt\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestExampleGoFindings(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "testdata", "example", "go")
	want := expected(t, filepath.Join(dir, "EXPECTED.txt"))
	got, code := checkLines(t, dir, "./...")
	if code != exitFindings {
		t.Errorf("exit code %d, want 1", code)
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings differ from EXPECTED.txt\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestExampleBothLanguagesOneStream checks the whole example in one run: the
// Python and Go findings together, sorted by path.
func TestExampleBothLanguagesOneStream(t *testing.T) {
	root := filepath.Join(repoRoot(t), "testdata", "example")
	var want []string
	for _, lang := range []string{"go", "python"} {
		for _, l := range expected(t, filepath.Join(root, lang, "EXPECTED.txt")) {
			want = append(want, lang+"/"+l)
		}
	}
	got, _ := checkLines(t, root, ".")
	if !slices.Equal(got, want) {
		t.Errorf("findings differ\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// copyTree copies the example into dst, pointing the Go module's replace
// directive at this repository so that the copy builds where it is.
func copyExample(t *testing.T, dst string) {
	t.Helper()
	root := repoRoot(t)
	src := filepath.Join(root, "testdata", "example")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == "__pycache__" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == filepath.Join("go", "go.mod") {
			data = bytes.ReplaceAll(data, []byte("=> ../../.."), []byte("=> "+root))
		}
		info, _ := d.Info()
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "__pycache__") {
			data, _ := os.ReadFile(p)
			files[p] = string(data)
		}
		return nil
	})
	return files
}

// TestExampleFix fixes a copy of the example with --twins --deprecate and
// checks that no ASYNC251 or AL200 is left, that every Python file still
// compiles and the Go port still builds and passes its tests, and that a
// second fix changes nothing.
func TestExampleFix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests the fixed Go example")
	}
	dir := t.TempDir()
	copyExample(t, dir)
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run([]string{"fix", "--no-config", "--twins", "--deprecate", "."}, &out, &errb)
	if code == exitError {
		t.Fatalf("fix: exit 2\n%s", errb.String())
	}
	if !strings.Contains(errb.String(), "left as manual") {
		t.Errorf("fix printed no summary:\n%s", errb.String())
	}
	got, _ := checkLines(t, dir, ".")
	for _, l := range got {
		if strings.HasSuffix(l, " ASYNC251") || strings.HasSuffix(l, " AL200") || strings.HasSuffix(l, " AL100") {
			t.Errorf("left after fix: %s", l)
		}
	}
	if python, err := exec.LookPath("python3"); err == nil {
		var pyFiles []string
		filepath.WalkDir(filepath.Join(dir, "python"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".py") {
				pyFiles = append(pyFiles, p)
			}
			return nil
		})
		cmd := exec.Command(python, append([]string{"-m", "py_compile"}, pyFiles...)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("py_compile after fix: %v\n%s", err, msg)
		}
	}
	goDir := filepath.Join(dir, "go")
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = goDir
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s after fix: %v\n%s", strings.Join(args, " "), err, msg)
		}
	}
	before := snapshot(t, dir)
	out.Reset()
	errb.Reset()
	run([]string{"fix", "--no-config", "--twins", "--deprecate", "."}, &out, &errb)
	after := snapshot(t, dir)
	for p, content := range after {
		if before[p] != content {
			t.Errorf("second fix changed %s", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("second fix added or removed files: %d then %d", len(before), len(after))
	}
	if !strings.Contains(errb.String(), "Fixed 0 sites in 0 files") {
		t.Errorf("second fix summary: %s", errb.String())
	}
}

// TestExitCodes checks the documented exit codes: 0 clean, 1 findings, 2
// usage or error.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"clean/a.py": "import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n",
		"dirty/b.py": "import time\n\nasync def f():\n    time.sleep(1)\n",
	})
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"check", "clean"}, exitClean},
		{[]string{"check", "dirty"}, exitFindings},
		{[]string{"check", "--exit-zero", "dirty"}, exitClean},
		{[]string{"check", "--select", "AL100", "dirty"}, exitClean},
		{[]string{"check", "--format", "xml", "clean"}, exitError},
		{[]string{"check", "--no-such-flag"}, exitError},
		{[]string{"check", "--lang", "cobol", "clean"}, exitError},
		{[]string{"frobnicate"}, exitError},
		{nil, exitError},
		{[]string{"--help"}, exitClean},
		{[]string{"check", "--help"}, exitClean},
		{[]string{"--version"}, exitClean},
		{[]string{"rule", "ASYNC251"}, exitClean},
		{[]string{"rule", "NOPE1"}, exitError},
		{[]string{"rules"}, exitClean},
		{[]string{"check", "missing.py", "clean"}, exitFindings}, // E902 names the path
	} {
		var out, errb bytes.Buffer
		if got := run(tc.args, &out, &errb); got != tc.want {
			t.Errorf("asynclint %v: exit %d, want %d\nstdout: %s\nstderr: %s", tc.args, got, tc.want, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	run([]string{"check", "missing.py", "dirty"}, &out, &errb)
	if !strings.Contains(out.String(), "missing.py:1:1: E902") || !strings.Contains(out.String(), "dirty/b.py:4:5: ASYNC251") {
		t.Errorf("a missing path must be named and the rest still checked:\n%s", out.String())
	}
}

// TestCheckAbsolutePathsShownRelative checks that findings under the working
// directory are shown relative to it, whatever form the argument took.
func TestCheckAbsolutePathsShownRelative(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"pkg/b.py": "import time\n\nasync def f():\n    time.sleep(1)\n"})
	t.Chdir(dir)
	got, _ := checkLines(t, dir, filepath.Join(dir, "pkg"))
	if want := []string{"pkg/b.py:4:5: ASYNC251"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestConfigFromPyproject checks that check reads [tool.asynclint] and that
// flags override it.
func TestConfigFromPyproject(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pyproject.toml":      "[tool.asynclint]\nignore = [\"ASYNC251\"]\n[tool.asynclint.per-file-ignores]\n\"legacy/*\" = [\"AL100\"]\n",
		"a.py":                "import time\n\ndef h():\n    time.sleep(1)\n\nasync def f():\n    time.sleep(1)\n    h()\n",
		"legacy/b.py":         "import time\n\ndef h():\n    time.sleep(1)\n\nasync def f():\n    h()\n",
		"bad/.asynclint.toml": "nonsense = 1\n",
	})
	t.Chdir(dir)
	var out, errb bytes.Buffer
	run([]string{"check", "--quiet", "a.py", "legacy"}, &out, &errb)
	if got := strings.TrimSpace(out.String()); !strings.HasPrefix(got, "a.py:8:5: AL100") || strings.Contains(got, "\n") {
		t.Errorf("with pyproject: %q (stderr %s)", got, errb.String())
	}
	out.Reset()
	run([]string{"check", "--quiet", "--select", "ASYNC251", "a.py"}, &out, &errb)
	if got := strings.TrimSpace(out.String()); !strings.HasPrefix(got, "a.py:7:5: ASYNC251") {
		t.Errorf("--select over the config: %q", got)
	}
	errb.Reset()
	if code := run([]string{"check", "bad"}, &out, &errb); code != exitError || !strings.Contains(errb.String(), fmt.Sprintf("%s: unknown key %q", filepath.Join(dir, "bad", ".asynclint.toml"), "nonsense")) {
		t.Errorf("bad config: exit %d, %s", code, errb.String())
	}
}

// TestFixLeavesBrokenFilesAlone checks that a file with a syntax error is
// named and not rewritten, that the rest is fixed, and that this is a
// finding (exit 1), not an internal error.
func TestFixLeavesBrokenFilesAlone(t *testing.T) {
	dir := t.TempDir()
	broken := "import time\nasync def f(:\n    time.sleep(1)\n"
	writeTree(t, dir, map[string]string{
		"bad.py":  broken,
		"good.py": "import time\r\n\r\nasync def f():\r\n    time.sleep(1)  # keep me\r\n",
	})
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"fix", "--no-config", "."}, &out, &errb); code != exitFindings {
		t.Errorf("exit %d, want 1\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "bad.py: has a syntax error, not rewritten") {
		t.Errorf("the broken file is not named:\n%s", errb.String())
	}
	if got, _ := os.ReadFile("bad.py"); string(got) != broken {
		t.Errorf("bad.py was rewritten:\n%s", got)
	}
	want := "import asyncio\r\n\r\nasync def f():\r\n    await asyncio.sleep(1)  # keep me\r\n"
	if got, _ := os.ReadFile("good.py"); string(got) != want {
		t.Errorf("good.py =\n%q\nwant\n%q", got, want)
	}
}

// TestFixAbsolutePaths checks that fix works on a tree named by an absolute
// path (the findings are shown relative to the working directory, the
// modules were discovered absolute), with --twins across two files.
func TestFixAbsolutePaths(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pkg/__init__.py": "",
		"pkg/db.py":       "import time\n\n\ndef connect():\n    time.sleep(1)\n",
		"pkg/app.py":      "import time\n\nfrom .db import connect\n\n\nasync def f():\n    time.sleep(1)\n    connect()\n",
	})
	for _, wd := range []string{dir, t.TempDir()} {
		t.Run(filepath.Base(wd), func(t *testing.T) {
			t.Chdir(wd)
			var out, errb bytes.Buffer
			run([]string{"fix", "--no-config", "--twins", "--diff", filepath.Join(dir, "pkg")}, &out, &errb)
			if !strings.Contains(errb.String(), "Would fix 2 sites in 2 files; 0 left as manual") {
				t.Errorf("summary:\n%s", errb.String())
			}
			if !strings.Contains(out.String(), "+    await asyncio.sleep(1)") || !strings.Contains(out.String(), "+async def connect_async():") {
				t.Errorf("diff:\n%s", out.String())
			}
		})
	}
}
