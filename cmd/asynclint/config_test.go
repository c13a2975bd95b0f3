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

// TestUnknownRuleCodes checks that a code or prefix matching no rule, in a
// flag or in the configuration, is a usage error naming it (and the file),
// rather than a selection that silently checks nothing.
func TestUnknownRuleCodes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config string // .asynclint.toml, "" for none
		args   []string
		code   int
		want   string // in stderr
	}{
		{"known prefix flag", "", []string{"--select", "AL1,ASYNC"}, exitFindings, ""},
		{"ALL", "", []string{"--select", "ALL"}, exitFindings, ""},
		{"lower-case flag", "", []string{"--select", "async251"}, exitError, `--select: "async251" matches no rule`},
		{"unknown ignore flag", "", []string{"--ignore", "AL9"}, exitError, `--ignore: "AL9" matches no rule`},
		{"unknown select in file", "select = [\"AL3\"]\n", nil, exitError, `.asynclint.toml: select: "AL3" matches no rule`},
		{"unknown per-file code", "[per-file-ignores]\n\"a.py\" = [\"ASYNC999\"]\n", nil, exitError, `.asynclint.toml: per-file-ignores: "a.py": "ASYNC999" matches no rule`},
		{"known per-file code", "[per-file-ignores]\n\"a.py\" = [\"ASYNC\"]\n", nil, exitClean, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"a.py": "import time\n\nasync def f():\n    time.sleep(1)\n"}
			if tc.config != "" {
				files[".asynclint.toml"] = tc.config
			}
			writeTree(t, dir, files)
			t.Chdir(dir)
			var out, errb bytes.Buffer
			if code := run(append([]string{"check", "--quiet"}, append(tc.args, ".")...), &out, &errb); code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("stderr %q, want %q", errb.String(), tc.want)
			}
		})
	}
}

// TestFileErrorsNotIgnored checks that E999 is reported whatever ignores
// it (--ignore, per-file-ignores, a bare `# noqa` on the line), and that
// the ignores naming only file errors get a warning saying they have no
// effect, while one that names other rules too does not.
func TestFileErrorsNotIgnored(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		args         []string
		warn         string // in stderr, "" for no warning
	}{
		{"flag", "", []string{"--ignore", "E999"}, `ignore "E999" has no effect`},
		{"prefix flag", "", []string{"--ignore", "E9"}, `ignore "E9" has no effect`},
		{"per-file", "[per-file-ignores]\n\"bad.py\" = [\"E999\"]\n", nil, `per-file-ignores "bad.py": "E999" has no effect`},
		{"per-file ALL", "[per-file-ignores]\n\"bad.py\" = [\"ALL\"]\n", nil, ""},
		{"noqa", "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"bad.py": "async def f(:  # noqa\n    pass\n"}
			if tc.config != "" {
				files[".asynclint.toml"] = tc.config
			}
			writeTree(t, dir, files)
			t.Chdir(dir)
			var out, errb bytes.Buffer
			if code := run(append([]string{"check", "--quiet"}, append(tc.args, ".")...), &out, &errb); code != exitFindings {
				t.Errorf("exit %d, want %d\n%s", code, exitFindings, errb.String())
			}
			if !strings.Contains(out.String(), "bad.py:1:") || !strings.Contains(out.String(), "E999") {
				t.Errorf("stdout %q, want bad.py's E999", out.String())
			}
			if got := strings.Contains(errb.String(), "has no effect"); got != (tc.warn != "") || !strings.Contains(errb.String(), tc.warn) {
				t.Errorf("stderr %q, want %q", errb.String(), tc.warn)
			}
		})
	}
}
