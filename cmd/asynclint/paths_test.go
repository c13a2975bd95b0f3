package main

import (
	"bytes"
	"path/filepath"
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
