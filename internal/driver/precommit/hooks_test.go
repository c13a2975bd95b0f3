package precommit

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot is asynclint's repository, where .pre-commit-hooks.yaml lives.
const repoRoot = "../../.."

// wantHooks are the hooks the manifest must offer, with what they run on.
var wantHooks = map[string]string{
	"asynclint":         "python",
	"asynclint-project": "python",
	"asynclint-go":      "go",
	"asynclint-fix":     "python",
}

func loadHooks(t *testing.T) map[string]*Hook {
	t.Helper()
	hooks, err := Load(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Hook{}
	for _, h := range hooks {
		byID[h.ID] = h
	}
	for id, typ := range wantHooks {
		h, ok := byID[id]
		if !ok {
			t.Fatalf(".pre-commit-hooks.yaml has no hook %q", id)
		}
		if h.Language != "golang" {
			t.Errorf("hook %s: language %q, want golang (pre-commit builds the binary with go install)", id, h.Language)
		}
		if !slices.Contains(h.Types, typ) {
			t.Errorf("hook %s: types %v, want them to include %q", id, h.Types, typ)
		}
	}
	return byID
}

// installHooks does what pre-commit does for a golang hook repository: `go
// install ./...` at its root, binaries into the environment's bin, which
// goes first on the hooks' PATH. It returns that environment.
func installHooks(t *testing.T) []string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "install", "./...")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install ./... (as pre-commit installs golang hooks): %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(bin, "asynclint")); err != nil {
		t.Fatalf("go install ./... did not install asynclint: %v", err)
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "PATH=") })
	return append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// result is what one hook run produced.
type result struct {
	ran    bool
	code   int
	stdout string
	stderr string
}

// runHook runs hook h as `pre-commit run --all-files` would in the
// repository at root: it selects root's files, skips the hook when none is
// selected, else runs its command there.
func runHook(t *testing.T, h *Hook, root string, env []string) result {
	t.Helper()
	files, err := Walk(root)
	if err != nil {
		t.Fatal(err)
	}
	selected := h.Select(files)
	if !h.Runs(selected) {
		return result{}
	}
	argv := h.Command(selected)
	path, err := lookPath(argv[0], env)
	if err != nil {
		t.Fatalf("hook %s: entry %q: %v", h.ID, h.Entry, err)
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Dir = root
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("hook %s: running %q: %v", h.ID, argv, err)
		}
		code = ee.ExitCode()
	}
	return result{ran: true, code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// lookPath finds name on the PATH of env, as the hook's environment sees it.
func lookPath(name string, env []string) (string, error) {
	for _, kv := range env {
		if dirs, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, dir := range filepath.SplitList(dirs) {
				p := filepath.Join(dir, name)
				if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
					return p, nil
				}
			}
		}
	}
	return "", exec.ErrNotFound
}

// expected reads an EXPECTED.txt of the example ("path:line:col: CODE"
// lines) and returns its findings with prefix before each path.
func expected(t *testing.T, name, prefix string) []string {
	t.Helper()
	f, err := os.Open(name)
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
		out = append(out, prefix+line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s lists no findings", name)
	}
	slices.Sort(out)
	return out
}

var (
	findingLine = regexp.MustCompile(`^(\S+:\d+:\d+: [A-Z]+[0-9]+) `)
	groupLine   = regexp.MustCompile(`^\S+:\d+:\d+: ([A-Z]+[0-9]+) .*, reached from \d+ call sites:$`)
	siteLine    = regexp.MustCompile(`^    (\S+:\d+:\d+): `)
)

// findings returns the "path:line:col: CODE" part of each finding line of
// text output, sorted; the call sites listed under a blocking root's entry
// are findings of the entry's code.
func findings(stdout string) []string {
	var out []string
	group := ""
	for _, line := range strings.Split(stdout, "\n") {
		if m := groupLine.FindStringSubmatch(line); m != nil {
			group = m[1]
			continue
		}
		if m := siteLine.FindStringSubmatch(line); m != nil && group != "" {
			out = append(out, m[1]+": "+group)
			continue
		}
		group = ""
		if m := findingLine.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// TestHooksOnExample runs every hook of .pre-commit-hooks.yaml on the
// example project as pre-commit would, with the binary pre-commit would
// install: the Python hooks in testdata/example (a repository holding both
// halves), the Go hook in testdata/example/go (a Go module's repository).
// Each must fail the commit (exit 1) with exactly the example's expected
// findings; a hook whose types match no file is skipped.
func TestHooksOnExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	hooks := loadHooks(t)
	env := installHooks(t)
	example := filepath.Join(repoRoot, "testdata", "example")
	goRoot := filepath.Join(example, "go")
	wantPy := expected(t, filepath.Join(example, "python", "EXPECTED.txt"), "python/")
	wantGo := expected(t, filepath.Join(goRoot, "EXPECTED.txt"), "")

	tests := []struct {
		hook, root string
		want       []string
	}{
		{"asynclint", example, wantPy},
		{"asynclint-project", example, wantPy},
		{"asynclint-go", goRoot, wantGo},
	}
	for _, tt := range tests {
		t.Run(tt.hook, func(t *testing.T) {
			h := hooks[tt.hook]
			r := runHook(t, h, tt.root, env)
			if !r.ran {
				t.Fatalf("hook %s selected no file in %s", tt.hook, tt.root)
			}
			if r.code != 1 {
				t.Errorf("hook %s: exit %d, want 1 (findings)\nstdout:\n%s\nstderr:\n%s", tt.hook, r.code, r.stdout, r.stderr)
			}
			if got := findings(r.stdout); !slices.Equal(got, tt.want) {
				t.Errorf("hook %s findings:\n%s\nwant:\n%s\nstderr:\n%s", tt.hook, strings.Join(got, "\n"), strings.Join(tt.want, "\n"), r.stderr)
			}
		})
	}

	t.Run("skipped without matching files", func(t *testing.T) {
		pyOnly := filepath.Join(example, "python")
		if r := runHook(t, hooks["asynclint-go"], pyOnly, env); r.ran {
			t.Errorf("asynclint-go ran in a repository without Go files")
		}
		if r := runHook(t, hooks["asynclint"], goRoot, env); r.ran {
			t.Errorf("asynclint ran in a repository without Python files")
		}
	})

	t.Run("asynclint-fix", func(t *testing.T) {
		root := t.TempDir()
		if err := os.CopyFS(root, os.DirFS(filepath.Join(example, "python"))); err != nil {
			t.Fatal(err)
		}
		before, err := Walk(root)
		if err != nil {
			t.Fatal(err)
		}
		r := runHook(t, hooks["asynclint-fix"], root, env)
		if !r.ran {
			t.Fatal("asynclint-fix selected no file")
		}
		// AL100 sites are left without --twins, so the hook still fails.
		if r.code != 1 {
			t.Errorf("asynclint-fix: exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
		}
		changed := 0
		for _, f := range before {
			old, err := os.ReadFile(filepath.Join(example, "python", filepath.FromSlash(f.Path)))
			if err != nil {
				t.Fatal(err)
			}
			cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(old, cur) {
				changed++
			}
		}
		if changed == 0 {
			t.Error("asynclint-fix changed no file; pre-commit would not flag the rewrite")
		}
		after := runHook(t, hooks["asynclint"], root, env)
		for _, f := range findings(after.stdout) {
			if strings.HasSuffix(f, " ASYNC251") {
				t.Errorf("after asynclint-fix: %s remains", f)
			}
		}
		if len(findings(after.stdout)) == 0 {
			t.Error("after asynclint-fix: no AL100 left, want the AL100 sites fix leaves without --twins")
		}
	})
}

// wantWheelHooks are the `language: python` variants, installed as
// asynclint's wheel, and the golang hook each mirrors.
var wantWheelHooks = map[string]string{
	"asynclint-wheel": "asynclint",
}

// installWheelHooks does what pre-commit does for a python hook repository:
// a fresh virtualenv and `pip install .` at the repository's root (offline:
// the in-tree backend of pyproject.toml builds the wheel). It returns the
// hooks' environment, the virtualenv's bin first on PATH.
func installWheelHooks(t *testing.T) []string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	venv := filepath.Join(t.TempDir(), "venv")
	if out, err := exec.Command(py, "-m", "venv", venv).CombinedOutput(); err != nil {
		t.Fatalf("python3 -m venv: %v\n%s", err, out)
	}
	abs, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	pip := exec.Command(filepath.Join(venv, "bin", "pip"), "install", "--no-index", "--disable-pip-version-check", "-q", abs)
	pip.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	if out, err := pip.CombinedOutput(); err != nil {
		t.Fatalf("pip install --no-index . (as pre-commit installs python hooks): %v\n%s", err, out)
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "PATH=") })
	return append(env, "PATH="+filepath.Join(venv, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestWheelHooks checks the `language: python` variants: each runs what
// its golang twin runs, on the same files, and installed from the wheel it
// reports the example's findings exactly.
func TestWheelHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wheel")
	}
	byID := loadHooks(t)
	for id, twin := range wantWheelHooks {
		h, g := byID[id], byID[twin]
		if h == nil || g == nil {
			t.Fatalf(".pre-commit-hooks.yaml lacks %s or %s", id, twin)
		}
		if h.Language != "python" {
			t.Errorf("hook %s: language %q, want python", id, h.Language)
		}
		if h.Entry != g.Entry || !slices.Equal(h.Args, g.Args) || !slices.Equal(h.Types, g.Types) || h.PassesFilenames() != g.PassesFilenames() || h.RequireSerial != g.RequireSerial {
			t.Errorf("hook %s runs otherwise than %s: %+v vs %+v", id, twin, *h, *g)
		}
	}
	env := installWheelHooks(t)
	example := filepath.Join(repoRoot, "testdata", "example")
	want := expected(t, filepath.Join(example, "python", "EXPECTED.txt"), "python/")
	for id := range wantWheelHooks {
		r := runHook(t, byID[id], example, env)
		if !r.ran {
			t.Fatalf("hook %s selected no file", id)
		}
		if r.code != 1 {
			t.Errorf("hook %s: exit %d, want 1\nstderr:\n%s", id, r.code, r.stderr)
		}
		if got := findings(r.stdout); !slices.Equal(got, want) {
			t.Errorf("hook %s findings:\n%s\nwant:\n%s", id, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
