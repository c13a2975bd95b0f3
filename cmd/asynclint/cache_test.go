package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the tests' caches out of the repository: without it, a
// check of testdata would cache at the repository's root (where .git is).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "asynclint-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv(cacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestCacheOutputSame: on the example project, check's output with a cold
// cache, with a warm one and with --no-cache is the same, byte for byte,
// in every format that lists findings.
func TestCacheOutputSame(t *testing.T) {
	example := filepath.Join(repoRoot(t), "testdata", "example")
	cache := t.TempDir()
	for _, format := range []string{"text", "json", "sarif"} {
		var outs []string
		for _, args := range [][]string{{"--no-cache"}, {"--cache-dir", cache}, {"--cache-dir", cache}} {
			var out, errb bytes.Buffer
			code := run(append([]string{"check", "--lang", "python", "--format", format, "--quiet"}, append(args, example)...), &out, &errb)
			if code != exitFindings {
				t.Fatalf("check %v: exit %d: %s", args, code, errb.String())
			}
			outs = append(outs, out.String())
		}
		if outs[1] != outs[0] || outs[2] != outs[0] {
			t.Errorf("%s: cold and warm cached outputs differ from --no-cache's:\n%s\n---\n%s\n---\n%s", format, outs[0], outs[1], outs[2])
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "*", "py", "*", "*")); len(entries) == 0 {
		t.Error("--cache-dir holds no entry")
	}
}

// TestReportCacheOutputSame: report's output, its compat list (whose use
// analysis parses the modules it reads again: the cache holds no trees)
// included, is the same with a cold cache, a warm one and --no-cache.
func TestReportCacheOutputSame(t *testing.T) {
	example := filepath.Join(repoRoot(t), "testdata", "example")
	cache := t.TempDir()
	var outs []string
	for _, args := range [][]string{{"--no-cache"}, {"--cache-dir", cache}, {"--cache-dir", cache}} {
		var out, errb bytes.Buffer
		code := run(append([]string{"report", "--lang", "python", "--format", "json", "--category", "all"}, append(args, example)...), &out, &errb)
		if code != exitClean {
			t.Fatalf("report %v: exit %d: %s", args, code, errb.String())
		}
		outs = append(outs, out.String())
	}
	if outs[1] != outs[0] || outs[2] != outs[0] {
		t.Errorf("cold and warm cached reports differ from --no-cache's:\n%s\n---\n%s\n---\n%s", outs[0], outs[1], outs[2])
	}
	if !strings.Contains(outs[0], `"twin": "retry_operation_async"`) {
		t.Errorf("no compat function in the report:\n%s", outs[0])
	}
}

// TestCacheLocation: by default the cache is .asynclint_cache at the
// project root (the configuration file's directory, or where .git is),
// with a .gitignore; without a project root, or with --no-cache, nothing
// is written; --cache-dir and $ASYNCLINT_CACHE_DIR choose the place.
func TestCacheLocation(t *testing.T) {
	t.Setenv(cacheEnv, "")
	tree := map[string]string{"pkg/a.py": "import time\n\n\nasync def f():\n    time.sleep(1)\n"}
	check := func(dir string, args ...string) {
		t.Helper()
		t.Chdir(dir)
		var out, errb bytes.Buffer
		if code := run(append([]string{"check", "--quiet", "--lang", "python"}, append(args, "pkg")...), &out, &errb); code != exitFindings {
			t.Fatalf("check %v: exit %d: %s", args, code, errb.String())
		}
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	plain := t.TempDir()
	writeTree(t, plain, tree)
	check(plain)
	if exists(filepath.Join(plain, ".asynclint_cache")) || exists(filepath.Join(plain, "pkg", ".asynclint_cache")) {
		t.Error("a cache was written without a project root")
	}

	repo := t.TempDir()
	writeTree(t, repo, tree)
	os.Mkdir(filepath.Join(repo, ".git"), 0o755)
	check(filepath.Join(repo, "pkg"), "--no-cache", ".")
	if exists(filepath.Join(repo, ".asynclint_cache")) {
		t.Error("--no-cache wrote a cache")
	}
	check(repo)
	if data, err := os.ReadFile(filepath.Join(repo, ".asynclint_cache", ".gitignore")); err != nil || string(data) == "" {
		t.Errorf("no .gitignore in the cache at the repository's root: %v", err)
	}

	proj := t.TempDir()
	writeTree(t, proj, tree)
	writeTree(t, proj, map[string]string{"pyproject.toml": "[tool.asynclint]\nselect = [\"ASYNC251\"]\n"})
	check(proj)
	if !exists(filepath.Join(proj, ".asynclint_cache", ".gitignore")) {
		t.Error("no cache beside the configuration file")
	}

	chosen := filepath.Join(t.TempDir(), "c")
	check(plain, "--cache-dir", chosen)
	if !exists(filepath.Join(chosen, ".gitignore")) {
		t.Error("--cache-dir was not used")
	}
	env := filepath.Join(t.TempDir(), "e")
	t.Setenv(cacheEnv, env)
	check(plain)
	if !exists(filepath.Join(env, ".gitignore")) {
		t.Errorf("$%s was not used", cacheEnv)
	}
}

// entries counts the files under dir ("" or absent: 0).
func entries(dir string) int {
	n := 0
	if dir == "" {
		return 0
	}
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// TestFixCacheOutputSame: fix reads the cache check writes, and what it
// rewrites is what it rewrites without one: `fix --twins` on copies of
// the example, one with --no-cache, one after a check filled a cache and
// a file added (a miss beside the hits), leaves the same files and
// says the same on stderr; its --diff from the warm cache is the same too.
func TestFixCacheOutputSame(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		copyExample(t, d) // before any Chdir: it finds the repository from the working directory
	}
	fixed := func(dir, cache string) (map[string]string, string, string) {
		t.Helper()
		py := filepath.Join(dir, "python")
		t.Chdir(dir)
		args := []string{"--no-cache"}
		if cache != "" {
			args = []string{"--cache-dir", cache}
			var out, errb bytes.Buffer
			if code := run([]string{"check", "--quiet", "--lang", "python", "--cache-dir", cache, "python"}, &out, &errb); code != exitFindings {
				t.Fatalf("check: exit %d: %s", code, errb.String())
			}
		}
		writeTree(t, py, map[string]string{"extra.py": "import time\n\n\nasync def tick():\n    time.sleep(1)\n"})
		before := entries(cache)
		var diff, differr bytes.Buffer
		run(append([]string{"fix", "--twins", "--diff", "--lang", "python"}, append(args, "python")...), &diff, &differr)
		if cache != "" && entries(cache) <= before {
			t.Errorf("fix stored nothing in the cache (%d entries before, %d after): it does not use it", before, entries(cache))
		}
		var out, errb bytes.Buffer
		if code := run(append([]string{"fix", "--twins", "--lang", "python"}, append(args, "python")...), &out, &errb); code == exitError {
			t.Fatalf("fix %v: exit %d: %s", args, code, errb.String())
		}
		files := map[string]string{}
		for path, data := range snapshot(t, py) {
			rel, _ := filepath.Rel(py, path)
			files[rel] = data
		}
		return files, errb.String(), diff.String()
	}
	want, wantErr, wantDiff := fixed(dirs[0], "")
	cache := t.TempDir()
	got, gotErr, gotDiff := fixed(dirs[1], cache)
	if !maps.Equal(got, want) || gotErr != wantErr || gotDiff != wantDiff {
		t.Errorf("fix from a cache differs from fix without one:\n%s\n---\n%s", gotErr, wantErr)
	}
	if !strings.Contains(wantDiff, "async def") || !strings.Contains(wantDiff, "extra.py") {
		t.Errorf("the fix twins nothing or misses the new file:\n%s", wantDiff)
	}
}

// TestCachedFixNamesItsFile: a fix read from a cache entry that another
// copy of the file wrote edits this file, not the copy: check --format json
// on two copies of a tree, one cache between them, names each finding's
// own file in its fix (the cache's key is the file's bytes and module
// name, not its place).
func TestCachedFixNamesItsFile(t *testing.T) {
	cache := t.TempDir()
	tree := map[string]string{"pkg/__init__.py": "", "pkg/a.py": "import time\n\n\nasync def f():\n    time.sleep(1)\n"}
	// The same file at pkg/a.py and at second/pkg/a.py from where each
	// check runs.
	first, second := t.TempDir(), filepath.Join(t.TempDir(), "second")
	for _, dir := range []string{first, second} {
		writeTree(t, dir, tree)
		arg := "pkg"
		if dir == second {
			t.Chdir(filepath.Dir(second))
			arg = filepath.Join("second", "pkg")
		} else {
			t.Chdir(dir)
		}
		var out, errb bytes.Buffer
		if code := run([]string{"check", "--lang", "python", "--format", "json", "--cache-dir", cache, arg}, &out, &errb); code != exitFindings {
			t.Fatalf("check: exit %d: %s", code, errb.String())
		}
		var doc struct {
			Findings []struct {
				Filename string `json:"filename"`
				Fix      *struct {
					Edits []struct {
						Filename string `json:"filename"`
					} `json:"edits"`
				} `json:"fix"`
			} `json:"findings"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		fs := doc.Findings
		if len(fs) != 1 || fs[0].Fix == nil || len(fs[0].Fix.Edits) == 0 {
			t.Fatalf("want one finding with a fix:\n%s", out.String())
		}
		for _, e := range fs[0].Fix.Edits {
			if e.Filename != fs[0].Filename {
				t.Errorf("the fix of %s edits %s", fs[0].Filename, e.Filename)
			}
		}
	}
}

// TestPruneFromCacheKeepsReexport: fix --prune from the cache its preview
// wrote decides as the preview did: a function a package's __init__.py
// re-exports stays (a model read from the cache lost the scope of its
// imports, so the re-export read as a plain import and went).
func TestPruneFromCacheKeepsReexport(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pkg/__init__.py": "from .impl import fetch, fetch_async\n",
		"pkg/impl.py":     "import asyncio\nimport time\n\n\ndef fetch():\n    time.sleep(1)\n\n\nasync def fetch_async():\n    await asyncio.sleep(1)\n",
		"main.py":         "import pkg\n\n\nasync def run():\n    await pkg.fetch_async()\n",
	})
	t.Chdir(dir)
	cache := t.TempDir()
	for _, args := range [][]string{{"--diff"}, {}} {
		var out, errb bytes.Buffer
		if code := run(append([]string{"fix", "--prune", "--no-config", "--lang", "python", "--cache-dir", cache}, append(args, ".")...), &out, &errb); code == exitError {
			t.Fatalf("fix --prune %v: exit %d: %s", args, code, errb.String())
		}
		if !strings.Contains(errb.String(), "kept pkg/impl.py:5 fetch: re-exported by pkg/__init__.py") {
			t.Errorf("fix --prune %v does not keep the re-exported function:\n%s", args, errb.String())
		}
	}
	if data, _ := os.ReadFile(filepath.Join("pkg", "__init__.py")); string(data) != "from .impl import fetch, fetch_async\n" {
		t.Errorf("pkg/__init__.py rewritten:\n%s", data)
	}
}
