package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckOutputAndStatistics checks --output (the findings go to the
// file, nothing to stdout, the summary still to stderr) and --statistics
// (a count per rule, most frequent first), and their exit codes.
func TestCheckOutputAndStatistics(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.py": "import time\n\n\ndef h():\n    time.sleep(1)\n\n\nasync def f():\n    time.sleep(1)\n    time.sleep(2)\n    h()\n",
	})
	t.Chdir(dir)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		file   string // expected content of out.txt, "" when none is written
		stderr string
	}{
		{"statistics", []string{"--statistics"}, exitFindings,
			"    2  ASYNC251  blocking-sleep-in-async-function\n    1  AL100     blocking-call-in-async-function\n", "", "Found 3 findings"},
		{"output file", []string{"--output", "out.txt", "--select", "AL100"}, exitFindings, "",
			"a.py:11:5: AL100 `h()` blocks the event loop: it calls `time.sleep` (a.py:5)\n", "Found 1 finding"},
		{"statistics to a file", []string{"--statistics", "--output", "out.txt", "--select", "AL"}, exitFindings, "",
			"    1  AL100     blocking-call-in-async-function\n", ""},
		{"statistics with json", []string{"--statistics", "--format", "json"}, exitError, "", "", "--statistics prints text"},
		{"unwritable output", []string{"--output", filepath.Join("missing", "out.txt")}, exitError, "", "", "missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove("out.txt")
			var out, errb bytes.Buffer
			if code := run(append([]string{"check", "--no-config"}, append(tc.args, "a.py")...), &out, &errb); code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, errb.String())
			}
			if out.String() != tc.stdout {
				t.Errorf("stdout\n%q\nwant\n%q", out.String(), tc.stdout)
			}
			got, err := os.ReadFile("out.txt")
			if tc.file == "" && err == nil || tc.file != "" && string(got) != tc.file {
				t.Errorf("out.txt = %q (%v), want %q", got, err, tc.file)
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q, want %q", errb.String(), tc.stderr)
			}
		})
	}
}

// TestOutputFormatIsFormat checks that ruff's --output-format gives the
// same output as --format, and that check --help says what paths mean.
func TestOutputFormatIsFormat(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "import time\n\n\nasync def f():\n    time.sleep(1)\n"})
	t.Chdir(dir)
	outputs := map[string]string{}
	for _, flagName := range []string{"--format", "--output-format"} {
		var out, errb bytes.Buffer
		if code := run([]string{"check", "--no-config", flagName, "json", "a.py"}, &out, &errb); code != exitFindings {
			t.Fatalf("%s json: exit %d: %s", flagName, code, errb.String())
		}
		outputs[flagName] = out.String()
	}
	if !strings.HasPrefix(outputs["--format"], "{") || outputs["--format"] != outputs["--output-format"] {
		t.Errorf("--output-format json differs from --format json:\n%s\n%s", outputs["--output-format"], outputs["--format"])
	}
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--help"}, &out, &errb); code != exitClean {
		t.Fatalf("check --help: exit %d", code)
	}
	for _, want := range []string{"DIR/...", "without the modules\n            nested below it", "-output-format"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("check --help does not say %q:\n%s", want, errb.String())
		}
	}
}

// TestAmbiguousModulesWarning: checked together, two services that each
// have an `app` package are each read as their own program (svcA's
// handler reaches svcA's blocking helper); code under neither service
// that imports the shared names gets a warning on stderr naming them, the
// module whose calls are not followed, and what to do; without such code,
// or with a service checked alone, there is none.
func TestAmbiguousModulesWarning(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"svcA/app/__init__.py": "",
		"svcA/app/util.py":     "import time\n\ndef helper():\n    time.sleep(1)\n",
		"svcA/app/main.py":     "from app.util import helper\n\nasync def handler():\n    helper()\n",
		"svcB/app/__init__.py": "",
		"svcB/app/util.py":     "def helper():\n    return 1\n",
		"svcB/app/main.py":     "from app.util import helper\n\nasync def handler():\n    helper()\n",
	})
	t.Chdir(dir)
	finding := "svcA/app/main.py:4:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (svcA/app/util.py:4)\n"
	for _, args := range [][]string{{"."}, {"svcA", "svcB"}, {"svcA"}} {
		if out, errs, code := cli(append([]string{"check", "--no-cache"}, args...)...); code != exitFindings || !strings.HasPrefix(out, finding) || strings.Contains(errs, "warning") {
			t.Errorf("check %v: exit %d, want %d, the finding of svcA and no warning\n%s%s", args, code, exitFindings, out, errs)
		}
	}
	writeTree(t, dir, map[string]string{"shared/client.py": "from app.util import helper\n\nasync def call():\n    helper()\n"})
	out, errs, code := cli("check", "--no-cache", ".")
	if code != exitFindings || out != finding {
		t.Errorf("exit %d, want %d, svcA's finding alone\n%s", code, exitFindings, out)
	}
	want := "asynclint: warning: 2 module names (app, app.util) are given by files under more than one import root (svcA, svcB), so calls into them from shared/client.py may not be followed (code under none of those roots, or under several, cannot say which file it imports): check each root with the code that runs with it\n"
	if !strings.HasPrefix(errs, want) {
		t.Errorf("stderr\n%s\nwant it to start with\n%s", errs, want)
	}
}

// TestAmbiguousModulesPrune: fix --prune keeps a sync function of a module
// whose name another file has too: called from its own service (main()
// calls fetch), or maybe called from code under neither service, whose
// call cannot be resolved to it (job() calls load); it prints the warning.
func TestAmbiguousModulesPrune(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"svcA/app/__init__.py": "",
		"svcA/app/util.py":     "def fetch():\n    return 1\n\n\nasync def fetch_async():\n    return 1\n\n\ndef load():\n    return 1\n\n\nasync def load_async():\n    return 1\n",
		"svcA/app/main.py":     "from app.util import fetch\n\n\ndef main():\n    fetch()\n",
		"svcB/app/__init__.py": "",
		"svcB/app/util.py":     "",
		"shared/job.py":        "from app.util import load\n\n\nasync def job():\n    load()\n",
	})
	t.Chdir(dir)
	_, errs, code := cli("fix", "--prune", "--dry-run", ".")
	if code != exitClean {
		t.Errorf("exit %d, want %d", code, exitClean)
	}
	for _, want := range []string{
		"asynclint: warning: 2 module names (app, app.util) are given by files under more than one import root (svcA, svcB), so calls into them from shared/job.py may not be followed",
		"kept svcA/app/util.py:1 fetch: called by svcA/app/main.py:5 main",
		"kept svcA/app/util.py:9 load: maybe called by shared/job.py:5 job",
		"Would remove 0 sync functions in 0 files; kept 2 still in use.",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr\n%s\nwant %q", errs, want)
		}
	}
}

// TestAmbiguousModulesPruneBareName: a script folder's utils.py shares its
// bare name with another folder's; a script elsewhere that calls
// utils.pause() cannot say which it imports (it depends on PYTHONPATH), so
// fix --prune keeps pause, maybe called, though the module's own name
// (tools.one.utils) is its alone.
func TestAmbiguousModulesPruneBareName(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"tools/one/utils.py": "def pause():\n    return 1\n\n\nasync def pause_async():\n    return 1\n",
		"tools/two/utils.py": "def other():\n    return 2\n",
		"bin/run.py":         "import utils\n\n\ndef main():\n    utils.pause()\n",
	})
	t.Chdir(dir)
	_, errs, code := cli("fix", "--prune", "--dry-run", ".")
	if code != exitClean {
		t.Errorf("exit %d, want %d", code, exitClean)
	}
	if want := "kept tools/one/utils.py:1 pause: maybe called by bin/run.py:5 main"; !strings.Contains(errs, want) {
		t.Errorf("stderr\n%s\nwant %q", errs, want)
	}
}
