package pycheck

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/pyparse"
)

// cacheTrees are the fixture trees the cache tests run on: every Python
// rule's fixtures and the example project.
var cacheTrees = []string{"../../../testdata/python", "../../../testdata/example/python"}

// copyTree copies the .py files of the trees into a temporary directory
// (one subdirectory per tree) and returns the copies' roots.
func copyTree(t *testing.T, trees ...string) []string {
	t.Helper()
	base := t.TempDir()
	var roots []string
	for i, tree := range trees {
		root := filepath.Join(base, "t"+string(rune('0'+i)))
		err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".py") {
				return err
			}
			rel, _ := filepath.Rel(tree, p)
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			dst := filepath.Join(root, rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			return os.WriteFile(dst, src, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root)
	}
	return roots
}

func openCache(t *testing.T, dir, version string) *pycache.Cache {
	t.Helper()
	c, err := pycache.Open(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// same fails unless two runs found the same findings and sites.
func same(t *testing.T, what string, got, want *Result) {
	t.Helper()
	if !reflect.DeepEqual(got.Findings, want.Findings) {
		t.Errorf("%s: findings differ from the run without a cache:\n%v\nwant:\n%v", what, lines(got, ""), lines(want, ""))
	}
	if !reflect.DeepEqual(got.Sites, want.Sites) {
		t.Errorf("%s: sites differ from the run without a cache:\n%v\nwant:\n%v", what, got.Sites, want.Sites)
	}
	if got.Files != want.Files || got.Bytes != want.Bytes {
		t.Errorf("%s: %d files, %d bytes; want %d, %d", what, got.Files, got.Bytes, want.Files, want.Bytes)
	}
}

// TestCacheHit: a second run on an unchanged tree reads every module from
// the cache and finds exactly what a run without a cache finds, for check
// (NoSites) and for report (every site).
func TestCacheHit(t *testing.T) {
	for _, noSites := range []bool{true, false} {
		opts := Options{NoIgnore: true, NoSites: noSites}
		ref := run(t, cacheTrees, opts)
		if len(ref.Findings) == 0 {
			t.Fatal("the fixtures have no findings")
		}
		opts.Cache = openCache(t, t.TempDir(), "v1")
		cold := run(t, cacheTrees, opts)
		warm := run(t, cacheTrees, opts)
		same(t, "cold", cold, ref)
		same(t, "warm", warm, ref)
		if cold.CacheHits != 0 || cold.CacheMisses != len(ref.Project.Modules) {
			t.Errorf("cold run: %d hits, %d misses; want 0, %d", cold.CacheHits, cold.CacheMisses, len(ref.Project.Modules))
		}
		if warm.CacheMisses != 0 || warm.CacheHits != len(ref.Project.Modules) {
			t.Errorf("warm run: %d hits, %d misses; want %d, 0", warm.CacheHits, warm.CacheMisses, len(ref.Project.Modules))
		}
		for _, m := range warm.Project.Modules {
			if m.Tree != nil {
				t.Fatalf("%s: a module read from the cache has a syntax tree", m.Path)
			}
		}
	}
}

// TestCacheMissAfterEdit: after one file changes, that file alone is
// parsed again, and the findings, including the cross-module AL100 ones,
// are those of a run without a cache on the edited tree.
func TestCacheMissAfterEdit(t *testing.T) {
	roots := copyTree(t, cacheTrees...)
	c := openCache(t, t.TempDir(), "v1")
	run(t, roots, Options{NoIgnore: true, Cache: c})
	// The module holding the sleep at the end of an AL100 chain stops
	// sleeping: the chains through it go, in other modules too.
	before := run(t, roots, Options{NoIgnore: true})
	var edited string
	for _, f := range before.Findings {
		if root, ok := f.BlockingRoot(); ok && root.Path != f.Path {
			edited = root.Path
			break
		}
	}
	if edited == "" {
		t.Fatal("no AL100 chain across modules in the fixtures")
	}
	src, _ := os.ReadFile(edited)
	src = bytes.ReplaceAll(src, []byte("time.sleep("), []byte("print("))
	if err := os.WriteFile(edited, src, 0o644); err != nil {
		t.Fatal(err)
	}
	sameAfterEdit(t, roots, Options{NoIgnore: true}, c, before, edited)
}

// sameAfterEdit: after file edited of roots changed, a run with cache c
// parses that file alone again and finds what a run without a cache
// finds, which must differ from before.
func sameAfterEdit(t *testing.T, roots []string, opts Options, c *pycache.Cache, before *Result, edited string) {
	t.Helper()
	opts.Cache = nil
	want := run(t, roots, opts)
	if reflect.DeepEqual(before.Findings, want.Findings) {
		t.Fatalf("editing %s changed no finding: the test proves nothing", edited)
	}
	opts.Cache = c
	got := run(t, roots, opts)
	same(t, "after the edit", got, want)
	if got.CacheMisses != 1 {
		t.Errorf("after editing one file: %d misses, want 1", got.CacheMisses)
	}
}

// TestCacheSettings: a setting the model depends on (a module's name,
// which comes from the roots for a file outside any package) is in the
// key; a setting only the graph reads (extra blocking names) is not, and
// is honoured on cached summaries.
func TestCacheSettings(t *testing.T) {
	roots := copyTree(t, "../pyrules/sleep/testdata")
	c := openCache(t, t.TempDir(), "v1")
	run(t, roots, Options{NoIgnore: true, Cache: c})
	if _, err := os.Stat(filepath.Join(roots[0], "__init__.py")); err == nil {
		t.Fatal("the fixture is a package: its module names do not depend on the root")
	}
	parent := []string{filepath.Dir(roots[0])} // "t0.flagged", not "flagged"
	got := run(t, parent, Options{NoIgnore: true, Cache: c})
	same(t, "another root", got, run(t, parent, Options{NoIgnore: true}))
	if got.CacheHits != 0 {
		t.Errorf("%d modules named differently were read from the cache", got.CacheHits)
	}

	// Every name called from async code in the fixtures, save sleeps,
	// configured as blocking.
	names := map[string]bool{}
	for _, m := range run(t, cacheTrees, Options{NoIgnore: true}).Project.Modules {
		for _, call := range m.Calls {
			if call.Kind == pyparse.Global && call.InAsyncContext() && !strings.Contains(call.Target, "sleep") {
				names[call.Target] = true
			}
		}
	}
	extra := Options{NoIgnore: true}
	for n := range names {
		extra.Extra = append(extra.Extra, pyrules.Extra{Name: n, Category: finding.Sleep})
	}
	sort.Slice(extra.Extra, func(i, j int) bool { return extra.Extra[i].Name < extra.Extra[j].Name })
	ref := run(t, cacheTrees, extra)
	if reflect.DeepEqual(ref.Findings, run(t, cacheTrees, Options{NoIgnore: true}).Findings) {
		t.Fatal("the extra blocking names change nothing: the test proves nothing")
	}
	extra.Cache = c
	run(t, cacheTrees, Options{NoIgnore: true, Cache: c})
	same(t, "extra blocking names", run(t, cacheTrees, extra), ref)
}

// TestCacheVersion: entries of another tool version are not read.
func TestCacheVersion(t *testing.T) {
	dir := t.TempDir()
	run(t, cacheTrees, Options{NoIgnore: true, Cache: openCache(t, dir, "v1")})
	got := run(t, cacheTrees, Options{NoIgnore: true, Cache: openCache(t, dir, "v2")})
	if got.CacheHits != 0 {
		t.Errorf("version v2 read %d entries of v1", got.CacheHits)
	}
	same(t, "v2", got, run(t, cacheTrees, Options{NoIgnore: true}))
}

// TestCacheCorrupt: entries that are truncated, overwritten with garbage,
// flipped by one byte, or emptied are ignored and rewritten.
func TestCacheCorrupt(t *testing.T) {
	dir := t.TempDir()
	c := openCache(t, dir, "v1")
	ref := run(t, cacheTrees, Options{NoIgnore: true})
	run(t, cacheTrees, Options{NoIgnore: true, Cache: c})
	var entries []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Dir(p) != dir {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) < 4 {
		t.Fatalf("%d cache entries, want at least 4", len(entries))
	}
	for i, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 4 {
		case 0:
			data = data[:len(data)/2]
		case 1:
			data = []byte("not a cache entry")
		case 2:
			data[len(data)-1-i%(len(data)/2)] ^= 0x5a
		case 3:
			data = nil
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := run(t, cacheTrees, Options{NoIgnore: true, Cache: c})
	same(t, "corrupt cache", got, ref)
	if got.CacheHits != 0 {
		t.Errorf("%d corrupt entries were read", got.CacheHits)
	}
	again := run(t, cacheTrees, Options{NoIgnore: true, Cache: c})
	same(t, "rewritten cache", again, ref)
	if again.CacheMisses != 0 {
		t.Errorf("after the corrupt entries were rewritten: %d misses, want 0", again.CacheMisses)
	}
}

// TestCacheConcurrentRuns: runs sharing one cache directory at the same
// time each find what a run without a cache finds, and leave a cache that
// a later run reads whole.
func TestCacheConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	ref := run(t, cacheTrees, Options{NoIgnore: true})
	const n = 4
	results := make([]*Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := pycache.Open(dir, "v1")
			if err != nil {
				errs[i] = err
				return
			}
			results[i], errs[i] = Run(cacheTrees, Options{NoIgnore: true, Cache: c})
		}(i)
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		same(t, "concurrent run", results[i], ref)
	}
	after := run(t, cacheTrees, Options{NoIgnore: true, Cache: openCache(t, dir, "v1")})
	same(t, "after the concurrent runs", after, ref)
	if after.CacheMisses != 0 {
		t.Errorf("after concurrent runs: %d misses, want 0", after.CacheMisses)
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// TestOverlay: an overlay's contents are checked in place of the file's,
// with and without a cache.
func TestOverlay(t *testing.T) {
	roots := copyTree(t, "../pyrules/sleep/testdata")
	var target string
	filepath.WalkDir(roots[0], func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && target == "" {
			target = p
		}
		return nil
	})
	abs, _ := filepath.Abs(target)
	overlay := map[string][]byte{abs: []byte("import time\n\nasync def f():\n    time.sleep(1)\n")}
	for _, c := range []*pycache.Cache{nil, openCache(t, t.TempDir(), "v1")} {
		res := run(t, roots, Options{NoIgnore: true, Overlay: overlay, Cache: c})
		var inTarget []string
		for _, f := range res.Findings {
			if f.Path == target {
				inTarget = append(inTarget, f.Code)
			}
		}
		if len(inTarget) != 1 || inTarget[0] != "ASYNC251" {
			t.Errorf("cache %v: findings in the overlaid file = %v, want one ASYNC251 at line 4", c != nil, inTarget)
		}
	}
}

// TestNoTrees: freeing each tree once its model is built changes no
// finding and no site.
func TestNoTrees(t *testing.T) {
	for _, noSites := range []bool{true, false} {
		ref := run(t, cacheTrees, Options{NoIgnore: true, NoSites: noSites})
		got := run(t, cacheTrees, Options{NoIgnore: true, NoSites: noSites, NoTrees: true})
		same(t, "NoTrees", got, ref)
		for _, m := range got.Project.Modules {
			if m.Tree != nil {
				t.Fatalf("%s: tree kept", m.Path)
			}
		}
	}
}

// treeRules are the fixtures of the rules whose questions read syntax
// trees (ASYNC212's receiver, ASYNC240's path objects, ASYNC230's `open`
// builtin, ASYNC220/221's spawn mode).
var treeRules = []string{"../pyrules/http/testdata", "../pyrules/path/testdata", "../pyrules/file/testdata", "../pyrules/subprocess/testdata"}

// TestCacheCarriesVerdicts: the summary a cache holds carries each call's
// rule verdict, recorded while the tree was there, so a warm run parses no
// file (no miss, no tree) and still finds what the rules that read trees
// find; after one of those files changes, the run equals one without a
// cache on the edited tree.
func TestCacheCarriesVerdicts(t *testing.T) {
	roots := copyTree(t, treeRules...)
	opts := Options{NoIgnore: true, NoSites: true, NoTrees: true, Select: []string{"ASYNC", "AL"}}
	ref := run(t, roots, opts)
	codes := map[string]bool{}
	for _, f := range ref.Findings {
		codes[f.Code] = true
	}
	for _, code := range []string{"ASYNC212", "ASYNC240", "ASYNC230", "ASYNC221"} {
		if !codes[code] {
			t.Fatalf("the fixtures have no %s finding: the test proves nothing", code)
		}
	}
	c := openCache(t, t.TempDir(), "v1")
	opts.Cache = c
	run(t, roots, opts)
	warm := run(t, roots, opts)
	same(t, "warm", warm, ref)
	if warm.CacheMisses != 0 || warm.CacheHits == 0 {
		t.Errorf("warm run: %d hits, %d misses; want every module a hit", warm.CacheHits, warm.CacheMisses)
	}
	settings := (&modeller{checker: rules.PythonRules(nil).Checker}).settings()
	for _, m := range warm.Project.Modules {
		if m.Tree != nil || m.Matched != settings {
			t.Fatalf("%s: from the cache with a tree (%v) or without the verdicts of %q (%q)", m.Path, m.Tree != nil, settings, m.Matched)
		}
	}

	var edited string
	for _, f := range ref.Findings {
		if f.Code == "ASYNC212" {
			edited = f.Path
			break
		}
	}
	src, _ := os.ReadFile(edited)
	src = bytes.ReplaceAll(src, []byte("httpx.Client("), []byte("httpx.AsyncClient("))
	if err := os.WriteFile(edited, src, 0o644); err != nil {
		t.Fatal(err)
	}
	sameAfterEdit(t, roots, opts, c, ref, edited)
}

// TestCacheRuleSettings: the rules whose verdicts a summary records are in
// its key: a checker asking other rules does not read it.
func TestCacheRuleSettings(t *testing.T) {
	roots := copyTree(t, "../pyrules/http/testdata")
	c := openCache(t, t.TempDir(), "v1")
	all := rules.PythonRules(nil).Checker
	var direct []pyrules.Direct
	for _, r := range rules.Registry {
		if r.Direct != nil && r.Code != "ASYNC212" {
			direct = append(direct, *r.Direct)
		}
	}
	fewer := pyrules.NewChecker(direct, nil, nil)
	if all.Settings() == fewer.Settings() {
		t.Fatal("the checkers' settings are the same")
	}
	src, err := os.ReadFile(filepath.Join(roots[0], "ASYNC212.py"))
	if err != nil {
		t.Fatal(err)
	}
	p := pyparse.NewParser()
	defer p.Close()
	parse := func(ch *pyrules.Checker) (*pyparse.Module, bool) {
		f := &file{path: "ASYNC212.py", src: src, names: []string{"ASYNC212"}}
		m := (&modeller{cache: c, noTrees: true, checker: ch}).parse(p, f)
		return m, f.hit
	}
	if _, hit := parse(all); hit {
		t.Fatal("an empty cache hit")
	}
	if m, hit := parse(all); !hit || m.Matched != all.Settings() {
		t.Fatalf("second parse with the same rules: hit %v, verdicts of %q", hit, m.Matched)
	}
	m, hit := parse(fewer)
	if hit {
		t.Error("a checker without ASYNC212 read the summary recorded with it")
	}
	for _, call := range m.Calls {
		if call.Match != nil && call.Match.Code == "ASYNC212" {
			t.Fatalf("%v: ASYNC212 verdict recorded by a checker without the rule", call.Pos)
		}
	}
}
