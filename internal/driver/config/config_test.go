package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindNearestWins(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "pyproject.toml"), `
[project]
name = "x"
[tool.ruff]
line-length = 100
[tool.asynclint]
select = ["ASYNC251"]
min-coverage = 90
extra-blocking = ["mylib.wait_blocking"]
[tool.asynclint.per-file-ignores]
"tests/**" = ["AL100"]
`)
	writeFile(t, filepath.Join(root, "sub", "pyproject.toml"), "[project]\nname = \"no asynclint table\"\n")
	writeFile(t, filepath.Join(root, "other", ".asynclint.toml"), "ignore = [\"AL1\"]\nasync-library = \"trio\"\n")
	writeFile(t, filepath.Join(root, "other", "pyproject.toml"), "[tool.asynclint]\nselect = [\"AL\"]\n")

	c, err := Find(filepath.Join(root, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != filepath.Join(root, "pyproject.toml") {
		t.Errorf("sub: Path = %q (a pyproject.toml without [tool.asynclint] must not count)", c.Path)
	}
	if !c.Enabled("ASYNC251") || c.Enabled("AL100") || *c.MinCoverage != 90 || c.ExtraBlocking[0] != "mylib.wait_blocking" {
		t.Errorf("sub: config = %+v", c)
	}
	if !c.IgnoredIn(filepath.Join(root, "tests", "unit", "a.py"), "AL100") || c.IgnoredIn(filepath.Join(root, "src", "a.py"), "AL100") {
		t.Error("per-file-ignores do not match as written")
	}

	c, err = Find(filepath.Join(root, "other", "x.py"))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(c.Path) != ".asynclint.toml" || c.Library() != "trio" || c.Enabled("AL100") || !c.Enabled("ASYNC251") {
		t.Errorf("other: config = %+v", c)
	}
}

func TestFindDefaults(t *testing.T) {
	c, err := Find(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != "" || !c.Enabled("AL200") || c.Library() != "asyncio" || c.TwinFor("get") != "get_async" {
		t.Errorf("defaults = %+v", c)
	}
}

func TestErrorsNameKeyAndFile(t *testing.T) {
	for _, tc := range []struct{ name, file, body, want string }{
		{"unknown key", ".asynclint.toml", "selct = [\"AL\"]\n", `unknown key "selct"`},
		{"unknown key in pyproject", "pyproject.toml", "[tool.asynclint]\nbaseline = \"b.json\"\nfrobnicate = 1\n", `unknown key "frobnicate"`},
		{"wrong type", ".asynclint.toml", "select = \"AL100\"\n", "line 1: select is a string, want an array of strings"},
		{"wrong type under a quoted key", ".asynclint.toml", "[per-file-ignores]\n\"a.py\" = \"E\"\n", `line 2: per-file-ignores."a.py" is a string, want an array of strings`},
		{"wrong type in pyproject", "pyproject.toml", "[tool.asynclint]\nmin-coverage = \"ninety\"\n", "line 2: tool.asynclint.min-coverage is a string, want a number"},
		{"bad library", ".asynclint.toml", "async-library = \"gevent\"\n", `async-library: "gevent" is not one of asyncio, trio, anyio`},
		{"bad coverage", ".asynclint.toml", "min-coverage = 190.0\n", "min-coverage: 190 is not a percentage"},
		{"bad twin", ".asynclint.toml", "twin-name = \"async\"\n", "twin-name"},
		{"twin not an identifier", ".asynclint.toml", "twin-name = \"{name}\u309b\"\n", "must be {name} with ASCII letters"},
		{"twin with a dash", ".asynclint.toml", "twin-name = \"{name}-async\"\n", "must be {name} with ASCII letters"},
		{"twin starting with a digit", ".asynclint.toml", "twin-name = \"2{name}\"\n", "not a digit first"},
		{"bad code", ".asynclint.toml", "ignore = [\"al100\"]\n", `rule code "al100"`},
		{"bad severity", ".asynclint.toml", "[severity]\nAL1 = \"fatal\"\n", `severity: AL1: "fatal" is not one of error, warning, info, hint`},
		{"bad severity code", ".asynclint.toml", "[severity]\nal1 = \"error\"\n", `severity: "al1" is not a rule code`},
		{"syntax", ".asynclint.toml", "select = [\n", "toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			writeFile(t, path, tc.body)
			_, err := Find(dir)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q should name %s and contain %q", err, path, tc.want)
			}
		})
	}
}

func TestLoadExplicit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "custom.toml")
	writeFile(t, p, "twin-name = \"async_{name}\"\nmax-blocking = 3\n")
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.TwinFor("connect") != "async_connect" || *c.MaxBlocking != 3 {
		t.Errorf("config = %+v", c)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil || !strings.Contains(err.Error(), "missing.toml: stat") {
		t.Errorf("missing file: err = %v", err)
	}
	py := filepath.Join(dir, "pyproject.toml")
	writeFile(t, py, "[project]\nname = \"x\"\n")
	if _, err := Load(py); err == nil || !strings.Contains(err.Error(), "no [tool.asynclint] table") {
		t.Errorf("pyproject without table: err = %v", err)
	}
}

func TestEnabledPrefixes(t *testing.T) {
	c := &Config{Select: []string{"AL"}, Ignore: []string{"AL20"}}
	for code, want := range map[string]bool{"AL100": true, "AL200": false, "AL201": false, "ASYNC251": false} {
		if got := c.Enabled(code); got != want {
			t.Errorf("Enabled(%s) = %v, want %v", code, got, want)
		}
	}
}

func TestExcludedRelativeToConfigFile(t *testing.T) {
	dir := t.TempDir()
	c := &Config{Path: filepath.Join(dir, "pyproject.toml"), Exclude: []string{"src/migrations/", "*_pb2.py"}}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{filepath.Join(dir, "src", "migrations", "m1.py"), true},
		{filepath.Join(dir, "src", "migrations", "deep", "m2.py"), true},
		{filepath.Join(dir, "src", "core", "api_pb2.py"), true},
		{filepath.Join(dir, "src", "core", "api.py"), false},
		{filepath.Join(dir, "migrations", "m1.py"), false},
		{filepath.Join(filepath.Dir(dir), "elsewhere_pb2.py"), false}, // outside the config's directory
	} {
		if got := c.Excluded(tc.path); got != tc.want {
			t.Errorf("Excluded(%s) = %v, want %v", tc.path, got, tc.want)
		}
	}
	if (&Config{}).Excluded("a_pb2.py") {
		t.Error("no patterns must exclude nothing")
	}
}

func TestSeverityOf(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pyproject.toml"), "[tool.asynclint.severity]\nALL = \"hint\"\nAL = \"warning\"\nAL100 = \"error\"\nASYNC2 = \"info\"\n")
	cfg, err := Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"AL100": "error", "AL101": "warning", "ASYNC251": "info", "ASYNC100": "hint", "E999": "hint"} {
		if got := cfg.SeverityOf(code); got != want {
			t.Errorf("SeverityOf(%s) = %q, want %q", code, got, want)
		}
	}
	if got := (&Config{}).SeverityOf("AL100"); got != "" {
		t.Errorf("default SeverityOf = %q, want none", got)
	}
}

// TestFinderAsFind: a Finder asked of a tree's directories in turn gives
// each what Find (a fresh one) gives it, whatever it remembers from the
// others, and one configuration object a file.
func TestFinderAsFind(t *testing.T) {
	dir := t.TempDir()
	for p, body := range map[string]string{
		"pyproject.toml":       "[tool.asynclint]\nignore = [\"AL100\"]\n",
		"a/b/.asynclint.toml":  "select = [\"ASYNC\"]\n",
		"a/b/c/pyproject.toml": "[project]\nname = \"c\"\n", // no table: does not count
		"a/b/c/d/x.py":         "",
		"e/pyproject.toml":     "[tool.asynclint]\nselect = [\"AL\"]\n",
		"e/f/x.py":             "",
	} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var f Finder
	for _, d := range []string{"a/b/c/d", "a/b/c", "a/b", "a", ".", "e/f", "e", "a/b/c/d"} {
		full := filepath.Join(dir, filepath.FromSlash(d))
		want, err := Find(full)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Find(full)
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != want.Path || !slices.Equal(got.Select, want.Select) || !slices.Equal(got.Ignore, want.Ignore) {
			t.Errorf("%s: Finder %s %v %v, Find %s %v %v", d, got.Path, got.Select, got.Ignore, want.Path, want.Select, want.Ignore)
		}
	}
	a, _ := f.Find(filepath.Join(dir, "a/b/c/d"))
	b, _ := f.Find(filepath.Join(dir, "a/b"))
	if a != b {
		t.Errorf("two directories under one file got two configurations")
	}
}
