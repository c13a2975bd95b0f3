package main

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// excludeTree is a project whose pyproject.toml excludes src/legacy/ and
// generated files; each file has one ASYNC251 finding.
var excludeTree = map[string]string{
	"pyproject.toml":       "[tool.asynclint]\nexclude = [\"src/legacy/\", \"*_gen.py\"]\n",
	"src/app.py":           "import time\n\nasync def f():\n    time.sleep(1)\n",
	"src/legacy/old.py":    "import time\n\nasync def f():\n    time.sleep(1)\n",
	"src/api_gen.py":       "import time\n\nasync def f():\n    time.sleep(1)\n",
	"legacy/top.py":        "import time\n\nasync def f():\n    time.sleep(1)\n",
	"src/legacy/broken.py": "async def f(:\n",
}

// TestExcludeRelativeToConfigFile checks that exclude patterns are read
// relative to the configuration file whatever the working directory and
// the paths given, for check and report, and that a file named on the
// command line is checked anyway.
func TestExcludeRelativeToConfigFile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, excludeTree)
	for _, tc := range []struct {
		name string
		wd   string
		args []string
		want []string
	}{
		{"root", ".", nil, []string{"legacy/top.py:4:5: ASYNC251", "src/app.py:4:5: ASYNC251"}},
		{"subdirectory argument", ".", []string{"src"}, []string{"src/app.py:4:5: ASYNC251"}},
		{"from a subdirectory", "src", nil, []string{"app.py:4:5: ASYNC251"}},
		{"absolute argument", "src", []string{filepath.Join(dir, "src")}, []string{"app.py:4:5: ASYNC251"}},
		{"explicit file", ".", []string{"src/legacy/old.py"}, []string{"src/legacy/old.py:4:5: ASYNC251"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(filepath.Join(dir, tc.wd))
			var out, errb bytes.Buffer
			code := run(append([]string{"check", "--quiet"}, tc.args...), &out, &errb)
			if code == exitError {
				t.Fatalf("exit 2: %s", errb.String())
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if head, rest, ok := strings.Cut(l, ": "); ok {
					c, _, _ := strings.Cut(rest, " ")
					got = append(got, head+": "+c)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("check %v in %s:\ngot  %v\nwant %v", tc.args, tc.wd, got, tc.want)
			}
		})
	}

	t.Chdir(filepath.Join(dir, "src"))
	var out, errb bytes.Buffer
	if code := run([]string{"report", "--format", "json", "."}, &out, &errb); code != exitClean {
		t.Fatalf("report: exit %d: %s", code, errb.String())
	}
	if s := out.String(); strings.Contains(s, "old.py") || strings.Contains(s, "api_gen.py") || !strings.Contains(s, `"app.py"`) {
		t.Errorf("report must leave excluded sites out:\n%s", s)
	}
}
