package pycheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/rules"
)

// verdictTree writes a module that sleeps in async code (an ASYNC251) and one
// the prefilter drops, and returns the root and their paths.
func verdictTree(t *testing.T) (root, sleeper, plain string) {
	t.Helper()
	root = t.TempDir()
	sleeper, plain = filepath.Join(root, "sleeper.py"), filepath.Join(root, "plain.py")
	for p, src := range map[string]string{
		sleeper: "import time\n\nasync def f():\n    time.sleep(1)\n",
		plain:   "x = 1\n",
	} {
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, sleeper, plain
}

// verdictsOf opens the verdict store a run over roots with opts keeps.
func verdictsOf(t *testing.T, roots []string, opts Options) *verdictStore {
	t.Helper()
	keys := prefilterKeys(rules.PythonRules(opts.Extra).Checker.Keys())
	s := openVerdicts(opts.Cache.Verdicts(), roots, keys, opts)
	if s == nil {
		t.Skip("no stat keys on this system")
	}
	return s
}

// keepLater records the files as dropped, read an hour from now: long
// after they were written, so not racy.
func keepLater(t *testing.T, s *verdictStore, paths ...string) {
	t.Helper()
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		s.keep(p, time.Now().Add(time.Hour), int(info.Size()))
	}
	s.save()
}

func codes(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Code)
	}
	return out
}

// A file the verdict store holds as dropped, unchanged since, is not read:
// a record saying so of the sleeping module (which the prefilter keeps)
// hides its finding, until the file changes. Files changed just before
// the run are not recorded.
func TestVerdictsNotRead(t *testing.T) {
	root, sleeper, plain := verdictTree(t)
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	ref := run(t, roots, Options{NoIgnore: true, NoTrees: true})
	if !slices.Equal(codes(ref), []string{"ASYNC251"}) {
		t.Fatalf("the tree's findings: %v, want one ASYNC251", codes(ref))
	}
	same(t, "first run", run(t, roots, opts), ref)
	if n := verdictsOf(t, roots, opts).store.Len(); n != 0 {
		t.Fatalf("the files were written just now, yet %d were recorded", n)
	}

	keepLater(t, verdictsOf(t, roots, opts), sleeper, plain)
	forged := run(t, roots, opts)
	if len(forged.Findings) != 0 {
		t.Errorf("with the record of sleeper.py as dropped: %v, want no finding (the file not read)", codes(forged))
	}
	if forged.Files != ref.Files || forged.Bytes != ref.Bytes {
		t.Errorf("with the records: %d files, %d bytes; want %d, %d", forged.Files, forged.Bytes, ref.Files, ref.Bytes)
	}

	// Appending changes the file's size and times: read again.
	f, err := os.OpenFile(sleeper, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("# edited\n")
	f.Close()
	same(t, "after the edit", run(t, roots, opts), run(t, roots, Options{NoIgnore: true, NoTrees: true}))
	s := verdictsOf(t, roots, opts)
	if s.store.Has(sleeper) || !s.store.Has(plain) {
		t.Errorf("after the edit the store holds sleeper.py %v, plain.py %v; want plain.py only", s.store.Has(sleeper), s.store.Has(plain))
	}
}

// A run with other roots or prefilter settings has a store of its own:
// the records of one never decide what another reads.
func TestVerdictsPerRunSettings(t *testing.T) {
	root, sleeper, _ := verdictTree(t)
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	keepLater(t, verdictsOf(t, roots, opts), sleeper)
	if res := run(t, roots, opts); len(res.Findings) != 0 {
		t.Fatalf("the forged record was not used: %v", codes(res))
	}
	for name, o := range map[string]func(Options) ([]string, Options){
		"NoSites":      func(o Options) ([]string, Options) { o.NoSites = true; return roots, o },
		"AllFunctions": func(o Options) ([]string, Options) { o.AllFunctions = true; return roots, o },
		"other roots":  func(o Options) ([]string, Options) { return []string{root, t.TempDir()}, o },
		"extra rules": func(o Options) ([]string, Options) {
			o.Extra = []pyrules.Extra{{Name: "mylib.pause", Category: finding.Sleep}}
			return roots, o
		},
	} {
		rs, o := o(opts)
		if res := run(t, rs, o); !slices.Contains(codes(res), "ASYNC251") {
			t.Errorf("%s: %v, want the ASYNC251 (another store)", name, codes(res))
		}
	}
	// Without a cache directory, with an overlay, or for a list of files,
	// no store at all.
	if openVerdicts("", roots, nil, opts) != nil {
		t.Error("a store without a cache directory")
	}
	if openVerdicts(opts.Cache.Verdicts(), []string{root, sleeper}, nil, opts) != nil {
		t.Error("a store for a list that names a file")
	}
	o := opts
	o.Overlay = map[string][]byte{sleeper: []byte("x = 2\n")}
	if openVerdicts(opts.Cache.Verdicts(), roots, nil, o) != nil {
		t.Error("a store with an overlay")
	}
}

// modulePaths are the paths of a run's modules, relative to root.
func modulePaths(res *Result, root string) []string {
	var out []string
	for _, m := range res.Project.Modules {
		rel, _ := filepath.Rel(root, m.Path)
		out = append(out, filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return out
}

// A dropped file the graph loaded is marked so in its record, and the
// next run models it with the files parsed up front; it is part of the
// run's modules only while the graph asks for it, and the findings are
// those of a run without a cache either way.
func TestVerdictsPreloadGraphModules(t *testing.T) {
	root := t.TempDir()
	app, mid, leaf := filepath.Join(root, "app.py"), filepath.Join(root, "mid.py"), filepath.Join(root, "leaf.py")
	for p, src := range map[string]string{
		app:  "import mid\n\nasync def handler():\n    mid.step()\n",
		mid:  "import leaf\n\ndef step():\n    leaf.pause()\n", // no prefilter key: loaded by the graph
		leaf: "import time\n\ndef pause():\n    time.sleep(1)\n",
	} {
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	noCache := Options{NoIgnore: true, NoTrees: true}
	ref := run(t, roots, noCache)
	if !slices.Contains(codes(ref), "AL100") || !slices.Equal(modulePaths(ref, root), []string{"app.py", "leaf.py", "mid.py"}) {
		t.Fatalf("the tree: findings %v, modules %v; want an AL100 through mid.py", codes(ref), modulePaths(ref, root))
	}
	keepLater(t, verdictsOf(t, roots, opts), mid)
	if got := run(t, roots, opts); !slices.Equal(modulePaths(got, root), modulePaths(ref, root)) {
		t.Fatalf("modules %v, want %v", modulePaths(got, root), modulePaths(ref, root))
	}
	midSrc, _ := os.ReadFile(mid)
	sum := pycache.SumOf(midSrc)
	if r, ok := verdictsOf(t, roots, opts).store.Stored(mid); !ok || string(r.Data) != string(append([]byte{loadedMark}, sum[:]...)) {
		t.Fatalf("the record of mid.py: %+v (held %v), want it marked as loaded by the graph, with its hash", r, ok)
	}
	// Preloaded: the same findings and modules.
	same(t, "preloaded", run(t, roots, opts), ref)
	if got := run(t, roots, opts); !slices.Equal(modulePaths(got, root), modulePaths(ref, root)) {
		t.Errorf("preloaded: modules %v, want %v", modulePaths(got, root), modulePaths(ref, root))
	}

	// app.py stops calling into mid.py: mid.py is preloaded once more, but
	// it is no module of the run, and its mark goes.
	if err := os.WriteFile(app, []byte("import mid\n\nasync def handler():\n    pass\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ref = run(t, roots, noCache)
	got := run(t, roots, opts)
	same(t, "after the edit", got, ref)
	if !slices.Equal(modulePaths(got, root), modulePaths(ref, root)) {
		t.Errorf("after the edit: modules %v, want %v", modulePaths(got, root), modulePaths(ref, root))
	}
	if r, ok := verdictsOf(t, roots, opts).store.Stored(mid); !ok || len(r.Data) != 0 {
		t.Errorf("after the edit the record of mid.py: %+v (held %v), want it unmarked", r, ok)
	}
}

// A file parsed up front, unchanged since its verdict was recorded, is
// neither checked nor hashed again: its cache key is made from the hash
// the record holds. A record holding the hash of other bytes of the same
// length, whose summary the cache holds, makes the run take that summary,
// until the file changes.
func TestVerdictsKeptNotHashed(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "mod.py")
	quiet := "import time\n\nasync def f():\n    print(123456)\n"
	loud := "import time\n\nasync def f():\n    time.sleep(1)\n"
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	noCache := Options{NoIgnore: true, NoTrees: true}
	if err := os.WriteFile(mod, []byte(quiet), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := run(t, roots, opts); len(res.Findings) != 0 {
		t.Fatalf("the quiet module: %v", codes(res))
	}
	if err := os.WriteFile(mod, []byte(loud), 0o644); err != nil {
		t.Fatal(err)
	}
	ref := run(t, roots, noCache)
	if !slices.Equal(codes(ref), []string{"ASYNC251"}) {
		t.Fatalf("the loud module: %v, want one ASYNC251", codes(ref))
	}
	s := verdictsOf(t, roots, opts)
	s.keepParsed(mod, time.Now().Add(time.Hour), len(loud), pycache.SumOf([]byte(quiet)))
	s.save()
	if res := run(t, roots, opts); len(res.Findings) != 0 {
		t.Errorf("with the record holding the quiet module's hash: %v, want the quiet summary's none", codes(res))
	}
	f, err := os.OpenFile(mod, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("# edited\n")
	f.Close()
	same(t, "after the edit", run(t, roots, opts), run(t, roots, noCache))
}

// readDropping records its verdict on each file it reads: a dropped file
// as dropped, a file parsed up front with the hash of its bytes; the next
// read takes them.
func TestVerdictsRecorded(t *testing.T) {
	root, sleeper, plain := verdictTree(t)
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	keys := prefilterKeys(rules.PythonRules(nil).Checker.Keys())
	s := verdictsOf(t, roots, opts)
	s.store.Now = func() time.Time { return time.Now().Add(time.Hour) }
	for _, p := range []string{sleeper, plain} {
		readDropping(&file{path: p}, nil, keys, opts, s)
	}
	s.save()
	s = verdictsOf(t, roots, opts)
	src, _ := os.ReadFile(sleeper)
	if v, ok := s.check(sleeper); !ok || !v.kept || v.sum != pycache.SumOf(src) || v.size != len(src) {
		t.Errorf("the verdict on sleeper.py: %+v (%v), want kept with its bytes' hash", v, ok)
	}
	if v, ok := s.check(plain); !ok || v.kept || v.loaded {
		t.Errorf("the verdict on plain.py: %+v (%v), want dropped", v, ok)
	}
	f := &file{path: sleeper}
	if !readDropping(f, nil, keys, opts, s) || !f.summed || !f.later || f.src != nil || f.size != len(src) || f.sum != pycache.SumOf(src) {
		t.Errorf("reading sleeper.py with its verdict: summed %v, later %v, %d bytes read, size %d", f.summed, f.later, len(f.src), f.size)
	}
	f = &file{path: plain}
	if readDropping(f, nil, keys, opts, s) || !f.dropped || f.src != nil {
		t.Errorf("reading plain.py with its verdict: dropped %v, %d bytes", f.dropped, len(f.src))
	}
}

// A file parsed up front and unchanged since is not read up front: its
// summary reads the source when a finding's position or a suppression
// comment's line asks for it, and the run equals one without the cache.
// Read later, the bytes must be those the verdict was recorded for: a
// record holding another text's hash (whose summary the cache holds) for a
// finding's file makes the run say that the file changed.
func TestVerdictsSourceLater(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "mod.py")
	loud := "import time\n\nasync def f():\n    time.sleep(1)  # noqa: ASYNC251\n    time.sleep(2)\n"
	quiet := strings.ReplaceAll(loud, "time.sleep", "time.sleeq")
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	noCache := Options{NoIgnore: true, NoTrees: true}
	if err := os.WriteFile(mod, []byte(loud), 0o644); err != nil {
		t.Fatal(err)
	}
	ref := run(t, roots, noCache)
	if !slices.Equal(codes(ref), []string{"ASYNC251"}) || ref.Findings[0].Start.Line != 5 {
		t.Fatalf("the loud module: %v, want one ASYNC251 on line 5", ref.Findings)
	}
	same(t, "cold", run(t, roots, opts), ref)
	s := verdictsOf(t, roots, opts)
	s.keepParsed(mod, time.Now().Add(time.Hour), len(loud), pycache.SumOf([]byte(loud)))
	s.save()
	same(t, "warm, the source read later", run(t, roots, opts), ref)

	if err := os.WriteFile(mod, []byte(quiet), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := run(t, roots, opts); len(res.Findings) != 0 {
		t.Fatalf("the quiet module: %v", codes(res))
	}
	s = verdictsOf(t, roots, opts)
	s.keepParsed(mod, time.Now().Add(time.Hour), len(loud), pycache.SumOf([]byte(loud)))
	s.save()
	res := run(t, roots, opts)
	if !slices.Contains(codes(res), "E902") {
		t.Fatalf("the loud summary of a quiet file: %v, want an E902", res.Findings)
	}
	for _, f := range res.Findings {
		if f.Code == "E902" && !strings.Contains(f.Message, "changed") {
			t.Errorf("E902 message %q, want it to say the file changed", f.Message)
		}
	}
}

// A file the graph loaded, unchanged since, is preloaded by the hash its
// record holds, not by its bytes: a record holding the hash of a quiet
// version of the same length (whose summary the cache holds) makes the
// run take that summary, and the helper chain through it is gone.
func TestVerdictsPreloadNotRead(t *testing.T) {
	root := t.TempDir()
	app, mid, leaf := filepath.Join(root, "app.py"), filepath.Join(root, "mid.py"), filepath.Join(root, "leaf.py")
	loud := "import leaf\n\ndef step():\n    leaf.pause()\n"
	quiet := strings.Replace(loud, "leaf.pause()", "leaf.pausq()", 1)
	for p, src := range map[string]string{
		app:  "import mid\n\nasync def handler():\n    mid.step()\n",
		mid:  quiet,
		leaf: "import time\n\ndef pause():\n    time.sleep(1)\n",
	} {
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	roots := []string{root}
	opts := Options{NoIgnore: true, NoTrees: true, Cache: openCache(t, t.TempDir(), "v1")}
	if res := run(t, roots, opts); len(res.Findings) != 0 {
		t.Fatalf("with the quiet mid.py: %v", codes(res))
	}
	if err := os.WriteFile(mid, []byte(loud), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := run(t, roots, Options{NoIgnore: true, NoTrees: true}); !slices.Equal(codes(res), []string{"AL100"}) {
		t.Fatalf("with the loud mid.py: %v, want an AL100", codes(res))
	}
	s := verdictsOf(t, roots, opts)
	s.keep(mid, time.Now().Add(time.Hour), len(loud))
	s.loaded(mid, true, pycache.SumOf([]byte(quiet)))
	s.save()
	if res := run(t, roots, opts); len(res.Findings) != 0 {
		t.Errorf("with mid.py's record holding the quiet hash: %v, want no finding (the file not read)", codes(res))
	}
}
