package main

import (
	"bytes"
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
