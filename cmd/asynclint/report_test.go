package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/report/render"

	"github.com/asynclint/asynclint/internal/testenv"
)

// cli runs the command line with --no-config after the command, returning
// its stdout, stderr and exit code.
func cli(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(append([]string{args[0], "--no-config"}, args[1:]...), &out, &errb)
	return out.String(), errb.String(), code
}

// writeTree writes files under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const reportSvc = `import asyncio
import time


async def fetch():
    time.sleep(1)


async def poll():
    await asyncio.sleep(1)
    time.sleep(2)


def legacy():
    time.sleep(3)
`

func runReportCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"report", "--no-config"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestReportGateExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"pkg/svc.py": reportSvc})
	// 4 sites: 1 async-safe, 3 blocking: coverage 25%, 3 remaining.
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no gate", nil, exitClean, ""},
		{"coverage met", []string{"--min-coverage", "25"}, exitClean, ""},
		{"coverage missed", []string{"--min-coverage", "90"}, exitFindings, "below the minimum 90% by 65 points: migrate 3 more sites"},
		{"blocking met", []string{"--max-blocking", "3"}, exitClean, ""},
		{"blocking exceeded", []string{"--max-blocking=1"}, exitFindings, "3 blocking sites remain, 2 more than the maximum 1"},
		{"bad format", []string{"--format", "pdf"}, exitError, "unknown --format"},
		{"bad threshold", []string{"--min-coverage", "120"}, exitError, "not between 0 and 100"},
		{"update without baseline", []string{"--update-baseline"}, exitError, "needs --baseline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args...), "--format", "json", dir)
			if tt.name == "bad format" {
				args = append(tt.args, dir)
			}
			code, stdout, stderr := runReportCmd(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			if tt.stderr != "" && !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			if code == exitError {
				return
			}
			var rep render.JSONReport
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("JSON output: %v\n%s", err, stdout)
			}
			if rep.Total.Sites != 4 || rep.Total.AsyncSafe != 1 || rep.Total.InAsync != 2 || rep.Total.Remaining != 3 {
				t.Errorf("total = %+v", rep.Total)
			}
			if (rep.Gate != nil) != (len(tt.args) > 0) || (rep.Gate != nil && rep.Gate.Passed != (code == exitClean)) {
				t.Errorf("gate = %+v", rep.Gate)
			}
		})
	}
}

func TestReportBaselineRatchet(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"pkg/svc.py": reportSvc})
	bl := filepath.Join(dir, "asynclint-baseline.json")
	if code, _, stderr := runReportCmd(t, "--baseline", bl, dir); code != exitError || !strings.Contains(stderr, "--update-baseline") {
		t.Fatalf("missing baseline: exit %d, %s", code, stderr)
	}
	// The configuration's or the flags' thresholds do not fail the run
	// that records the baseline.
	if code, _, stderr := runReportCmd(t, "--baseline", bl, "--update-baseline", "--min-coverage", "90", dir); code != exitClean || !strings.Contains(stderr, "3 blocking sites in 3 entries") {
		t.Fatalf("update: exit %d, %s", code, stderr)
	}
	data, err := os.ReadFile(bl)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"file": "pkg/svc.py"`) {
		t.Errorf("baseline paths are not relative to its directory:\n%s", data)
	}

	// Lines shift: still passes.
	writeTree(t, dir, map[string]string{"pkg/svc.py": "\"\"\"Doc.\"\"\"\n\n\n" + reportSvc})
	if code, _, stderr := runReportCmd(t, "--baseline", bl, dir); code != exitClean {
		t.Fatalf("after lines shifted: exit %d, %s", code, stderr)
	}
	// A second sleep in a function the baseline holds once: fails.
	writeTree(t, dir, map[string]string{"pkg/svc.py": strings.Replace(reportSvc, "    time.sleep(1)\n", "    time.sleep(1)\n    time.sleep(1)\n", 1)})
	code, stdout, _ := runReportCmd(t, "--baseline", bl, dir)
	if code != exitFindings || !strings.Contains(stdout, "2 ASYNC251 sites in fetch, the baseline allows 1") {
		t.Fatalf("extra site: exit %d\n%s", code, stdout)
	}
	// Migrating fetch: passes, with a note; --update-baseline drops it.
	writeTree(t, dir, map[string]string{"pkg/svc.py": strings.Replace(reportSvc, "    time.sleep(1)\n", "    await asyncio.sleep(1)\n", 1)})
	code, _, stderr := runReportCmd(t, "--baseline", bl, dir)
	if code != exitClean || !strings.Contains(stderr, "1 site migrated or removed") {
		t.Fatalf("after migration: exit %d, %s", code, stderr)
	}
	code, _, stderr = runReportCmd(t, "--baseline", bl, "--update-baseline", dir)
	if code != exitClean || !strings.Contains(stderr, "dropped 1 ASYNC251 site in fetch (pkg/svc.py): no longer found") {
		t.Fatalf("update after migration: exit %d, %s", code, stderr)
	}
	// A new async function with a blocking sleep: fails.
	writeTree(t, dir, map[string]string{"pkg/new.py": "import time\n\n\nasync def handler():\n    time.sleep(1)\n"})
	code, stdout, _ = runReportCmd(t, "--baseline", bl, dir)
	if code != exitFindings || !strings.Contains(stdout, "new blocking site not in the baseline: ASYNC251 handler in") {
		t.Fatalf("new site: exit %d\n%s", code, stdout)
	}
}

// TestReportGateUnanalysed: a gate does not pass on paths it could not
// read (a path that does not exist, a file that is not UTF-8); without a
// gate, the report names them and exits 0.
func TestReportGateUnanalysed(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"ok.py":  "import asyncio\n\n\nasync def a():\n    await asyncio.sleep(1)\n",
		"lat.py": "# coding: latin-1\nimport time\n\n\nasync def b():\n    time.sleep(1)  # \xe9\n",
	})
	missing := filepath.Join(dir, "nope")
	for _, tc := range []struct {
		args []string
		want int
		name string
	}{
		{[]string{"--max-blocking", "0", missing}, exitFindings, "nope"},
		{[]string{"--min-coverage", "90", filepath.Join(dir, "lat.py")}, exitFindings, "lat.py: invalid UTF-8"},
		{[]string{"--max-blocking", "0", dir}, exitFindings, "lat.py: invalid UTF-8"},
		{[]string{dir}, exitClean, "lat.py: invalid UTF-8"},
	} {
		code, stdout, stderr := runReportCmd(t, tc.args...)
		if code != tc.want || !strings.Contains(stderr, "1 part not analysed") || !strings.Contains(stderr, tc.name) {
			t.Errorf("report %v: exit %d (want %d)\nstderr: %s", tc.args, code, tc.want, stderr)
		}
		if tc.want == exitFindings && !strings.Contains(stdout, "1 part not analysed: its sites are not counted") {
			t.Errorf("report %v: the gate does not say why it failed:\n%s", tc.args, stdout)
		}
	}
}

// gitIn returns a function running git in dir with a fixed identity and no
// user or system configuration; the test fails (in CI) or skips without git.
func gitIn(t *testing.T, dir string) func(args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		testenv.Missing(t, "git", "apt-get install git")
	}
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

func TestReportHistory(t *testing.T) {
	dir := t.TempDir()
	git := gitIn(t, dir)
	git("init", "-q", "-b", "main")
	steps := []string{
		"import time\n\n\nasync def a():\n    time.sleep(1)\n\n\nasync def b():\n    time.sleep(1)\n",
		"import asyncio\nimport time\n\n\nasync def a():\n    await asyncio.sleep(1)\n\n\nasync def b():\n    time.sleep(1)\n",
		"import asyncio\n\n\nasync def a():\n    await asyncio.sleep(1)\n\n\nasync def b():\n    await asyncio.sleep(1)\n",
	}
	for i, src := range steps {
		writeTree(t, dir, map[string]string{"app/m.py": src})
		git("add", "-A")
		git("commit", "-q", "-m", "step "+string(rune('1'+i)))
	}
	code, stdout, stderr := runReportCmd(t, "--history", "10", "--format", "json", filepath.Join(dir, "app"))
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep render.JSONReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, p := range rep.History {
		if p.Error != "" {
			t.Fatalf("history error at %s: %s", p.Subject, p.Error)
		}
		got = append(got, p.Coverage)
	}
	if len(got) != 3 || got[0] != 0 || got[1] != 50 || got[2] != 100 {
		t.Errorf("coverage per commit = %v, want [0 50 100]", got)
	}
}

// TestReportHistoryNewestRowIsLiveReport commits the example project, laid
// out as in this repository (its go.mod takes the asyncrt module from
// ../../../runtime), into a fresh repository and checks that the history's
// newest row counts exactly what the live report counts: every Go package
// loads from the history's mirror, so the row is complete.
func TestReportHistoryNewestRowIsLiveReport(t *testing.T) {
	src := repoRoot(t)
	dir := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "runtime", filepath.Join("testdata", "example")} {
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join(src, p))); err != nil {
			// go.mod and go.sum are files: CopyFS copies directories.
			data, rerr := os.ReadFile(filepath.Join(src, p))
			if rerr != nil {
				t.Fatal(err)
			}
			writeTree(t, dir, map[string]string{p: string(data)})
		}
	}
	git := gitIn(t, dir)
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "example")
	t.Chdir(dir)
	code, stdout, stderr := runReportCmd(t, "--history", "1", "--format", "json", "testdata/example")
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep render.JSONReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.History) != 1 {
		t.Fatalf("%d history rows, want 1", len(rep.History))
	}
	row := rep.History[0]
	if row.Unmeasured() != "" {
		t.Fatalf("newest row: %s", row.Unmeasured())
	}
	if row.Counts != rep.Total.Counts || rep.Total.Counts.Sites < 40 {
		t.Errorf("newest history row counts %+v, live report %+v", row.Counts, rep.Total.Counts)
	}
	if strings.Contains(stderr, "not analysed") {
		t.Errorf("live report left parts out: %s", stderr)
	}
}

// TestReportCategoryGo: Go's coverage sites of a category are AL202's calls
// of it (http.Get is an HTTP site, in-async where AL202 reports it), beside
// its sleeps and waits, the sleep category's.
func TestReportCategoryGo(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":  "module example.com/n\n\ngo 1.22\n",
		"main.go": "package main\n\nimport (\n\t\"context\"\n\t\"net/http\"\n)\n\nfunc get(ctx context.Context) {\n\thttp.Get(\"http://x\")\n}\n\nfunc main() { get(context.Background()) }\n",
	})
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--category", "all", "."}, []string{"main.go:9 http in-async AL202"}},
		{[]string{"--category", "http", "."}, []string{"main.go:9 http in-async AL202"}},
		{[]string{"--category", "subprocess", "."}, nil},
		{[]string{"."}, nil},
	} {
		_, stdout, errs := runReportCmd(t, append([]string{"--format", "json"}, tc.args...)...)
		var rep render.JSONReport
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("report %v: %v\n%s%s", tc.args, err, stdout, errs)
		}
		var got []string
		for _, s := range rep.Sites {
			got = append(got, fmt.Sprintf("%s:%d %s %s %s", s.Path, s.Start.Line, s.Category, s.State, s.Code))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("report %v: sites %v, want %v", tc.args, got, tc.want)
		}
	}
}
