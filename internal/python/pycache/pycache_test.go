package pycache

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/pyparse"
)

const sample = `"""doc"""
import time
from .base import Base as B

class C(B):
    @property
    def p(self):
        return 1

    def m(self):
        time.sleep(1)

async def run(c: C):
    x = C()
    x.m()
    await helper()
    [time.sleep(0) for _ in range(3)]

def helper():
    def inner():
        time.sleep(2)
    inner()
`

func parse(t testing.TB, src string) *pyparse.Module {
	t.Helper()
	p := pyparse.NewParser()
	defer p.Close()
	m, err := p.Parse("pkg/mod.py", []byte(src), pyparse.Options{Name: "pkg.mod"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestModelTypeSupported fails when a field the codec cannot carry (an
// interface, a func, a channel) is added to the model: give it a concrete
// type, or skip it in skipField if the summary does not need it.
func TestModelTypeSupported(t *testing.T) {
	if _, err := moduleCodec(); err != nil {
		t.Fatal(err)
	}
}

// TestRoundTrip: decoding an encoded model gives a model whose encoding is
// the same bytes, with pointers shared as in the original (a function's
// calls are the module's calls, a method is its class's).
func TestRoundTrip(t *testing.T) {
	c, _ := moduleCodec()
	m := parse(t, sample)
	enc := c.encode(nil, reflect.ValueOf(m).Elem())
	v, err := c.decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	got := v.Addr().Interface().(*pyparse.Module)
	if again := c.encode(nil, v); !bytes.Equal(again, enc) {
		t.Fatal("the decoded model encodes differently")
	}
	if got.Name != "pkg.mod" || len(got.Functions) != len(m.Functions) || len(got.Calls) != len(m.Calls) {
		t.Fatalf("decoded %q with %d functions, %d calls; want pkg.mod, %d, %d", got.Name, len(got.Functions), len(got.Calls), len(m.Functions), len(m.Calls))
	}
	byPtr := map[*pyparse.Call]bool{}
	for _, call := range got.Calls {
		byPtr[call] = true
	}
	for _, f := range got.Functions {
		for _, call := range f.Calls {
			if !byPtr[call] || call.Function != f {
				t.Fatalf("%s: call %q is not shared with Module.Calls", f.Qual, call.CalleeText)
			}
		}
		if f.Class != nil && f.Class.Methods[f.Name] != f {
			t.Fatalf("%s: not its class's method", f.Qual)
		}
	}
	if got.Tree != nil || got.Source() != nil || got.Calls[0].Node != nil {
		t.Fatal("the summary carries the tree or the source")
	}
	bd := got.Scope.Bindings.Of("B")
	if len(bd) != 1 || bd[0].Import == nil || bd[0].Import.Target != "pkg.base.Base" {
		t.Fatalf("binding B = %+v", bd)
	}
}

// TestFingerprintFollowsTheType: a field added to a carried type changes
// the fingerprint, so cache keys change with it.
func TestFingerprintFollowsTheType(t *testing.T) {
	type inner struct{ N int }
	type v1 struct {
		A string
		P *inner
	}
	type inner2 struct {
		N     int
		Added []string
	}
	type v2 struct {
		A string
		P *inner2
	}
	c1, err := newCodec(reflect.TypeOf(v1{}), skipField)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := newCodec(reflect.TypeOf(v2{}), skipField)
	if err != nil {
		t.Fatal(err)
	}
	if c1.fingerprint == c2.fingerprint {
		t.Fatal("a new field left the fingerprint unchanged")
	}
	type bad struct{ F func() }
	if _, err := newCodec(reflect.TypeOf(bad{}), skipField); err == nil {
		t.Fatal("a func field was accepted")
	}
}

// TestDecodeNeverTrusts: mangled payloads are rejected or decoded without
// a panic, never read past their end.
func TestDecodeNeverTrusts(t *testing.T) {
	c, _ := moduleCodec()
	enc := c.encode(nil, reflect.ValueOf(parse(t, sample)).Elem())
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		data := append([]byte(nil), enc...)
		switch i % 3 {
		case 0:
			data = data[:r.Intn(len(data))]
		case 1:
			for j := 0; j < 1+r.Intn(4); j++ {
				data[r.Intn(len(data))] = byte(r.Intn(256))
			}
		case 2:
			data = append(data, byte(r.Intn(256)))
		}
		if _, err := c.decode(data); err == nil && i%3 != 1 {
			t.Fatalf("mutation %d: a truncated or extended payload decoded", i)
		}
	}
}

// TestKeys: the content, the module's name, whether it is a package, the
// settings and the version each change the key.
func TestKeys(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := Open(dir, "v2")
	src := []byte(sample)
	opts := pyparse.Options{Name: "pkg.mod"}
	base := c.Key(src, opts, "")
	for what, k := range map[string]Key{
		"content":  c.Key(append([]byte(" "), src...), opts, ""),
		"name":     c.Key(src, pyparse.Options{Name: "other.mod"}, ""),
		"package":  c.Key(src, pyparse.Options{Name: "pkg.mod", IsPackage: true}, ""),
		"settings": c.Key(src, opts, "x"),
		"version":  c2.Key(src, opts, ""),
	} {
		if k == base {
			t.Errorf("changing the %s leaves the key", what)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err != nil || !bytes.Contains(data, []byte("*")) {
		t.Errorf(".gitignore = %q, %v; want one ignoring everything", data, err)
	}
}

// TestStoreLoad: a stored module loads back under its key with the path
// and source given, and not under another key.
func TestStoreLoad(t *testing.T) {
	c, err := Open(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	src := []byte(sample)
	opts := pyparse.Options{Name: "pkg.mod"}
	k := c.Key(src, opts, "")
	if c.Load(k, "a.py", src) != nil {
		t.Fatal("hit in an empty cache")
	}
	c.Store(k, parse(t, sample))
	m := c.Load(k, "elsewhere/mod.py", src)
	if m == nil {
		t.Fatal("miss after Store")
	}
	if m.Path != "elsewhere/mod.py" || !bytes.Equal(m.Source(), src) {
		t.Fatalf("loaded path %q, %d bytes of source", m.Path, len(m.Source()))
	}
	if pos := m.Position(len("\"\"\"doc\"\"\"\nimport ")); pos.Line != 2 || pos.Col != 8 {
		t.Fatalf("Position on a loaded module = %+v", pos)
	}
	if c.Load(c.Key(src, opts, "other"), "a.py", src) != nil {
		t.Fatal("hit under another key")
	}
	if err := c.WriteError(); err != nil {
		t.Fatal(err)
	}
}

// TestStoreMakesFolders: an entry whose folder is missing (a fresh cache,
// or one another run's clean-up removed meanwhile) is written all the same.
func TestStoreMakesFolders(t *testing.T) {
	c, err := Open(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	src := []byte(sample)
	k := c.Key(src, pyparse.Options{Name: "pkg.mod"}, "")
	c.Store(k, parse(t, sample))
	if err := os.RemoveAll(c.dir); err != nil {
		t.Fatal(err)
	}
	k2 := c.Key(src, pyparse.Options{Name: "pkg.other"}, "")
	c.Store(k2, parse(t, sample))
	if err := c.WriteError(); err != nil {
		t.Fatal(err)
	}
	if c.Load(k2, "other.py", src) == nil {
		t.Fatal("miss after Store into a removed folder")
	}
	if c.Load(k, "mod.py", src) != nil {
		t.Fatal("hit on an entry removed with its folder")
	}
}

// TestMemory checks the in-memory cache: a hit after Store, nothing
// written, and Sweep keeping only what was used since the previous Sweep.
func TestMemory(t *testing.T) {
	wd, _ := os.Getwd()
	before, _ := os.ReadDir(wd)
	c, err := OpenMemory("v1")
	if err != nil {
		t.Fatal(err)
	}
	src, other := []byte(sample), []byte(sample+"\nx = 1\n")
	opts := pyparse.Options{Name: "pkg.mod"}
	k, k2 := c.Key(src, opts, ""), c.Key(other, opts, "")
	if c.Load(k, "a.py", src) != nil {
		t.Fatal("hit in an empty cache")
	}
	c.Store(k, parse(t, sample))
	c.Store(k2, parse(t, string(other)))
	if m := c.Load(k, "a.py", src); m == nil || m.Path != "a.py" || len(m.Functions) == 0 {
		t.Fatalf("Load after Store: %+v", m)
	}
	c.Sweep() // both were used since the start
	if c.Len() != 2 {
		t.Fatalf("after the first Sweep: %d entries, want 2", c.Len())
	}
	c.Load(k, "a.py", src) // the next run uses only k
	c.Sweep()
	if c.Len() != 1 || c.Load(k2, "a.py", other) != nil || c.Load(k, "a.py", src) == nil {
		t.Fatalf("after the second Sweep: %d entries, want only the one used", c.Len())
	}
	if err := c.WriteError(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadDir(wd)
	if len(after) != len(before) {
		t.Errorf("the in-memory cache wrote to %s", wd)
	}
}

// TestDecodeRejectsLyingCounts: an entry whose header counts more or fewer
// strings, objects of a type or slice elements of a type than its body
// holds is rejected, without a panic and without allocating what a huge
// count claims.
func TestDecodeRejectsLyingCounts(t *testing.T) {
	c, _ := moduleCodec()
	enc := c.encode(nil, reflect.ValueOf(parse(t, sample)).Elem())
	var counts []uint64
	pos := 0
	for i := 0; i < 1+len(c.objs)+len(c.elems); i++ {
		n, w := binary.Uvarint(enc[pos:])
		if w <= 0 {
			t.Fatalf("header count %d unreadable", i)
		}
		counts, pos = append(counts, n), pos+w
	}
	body := enc[pos:]
	if _, err := c.decode(enc); err != nil {
		t.Fatal(err)
	}
	nonzero := 0
	for i, n := range counts {
		if n > 0 {
			nonzero++
		}
		for _, lie := range []uint64{n + 1, n - 1, n + 1<<40} {
			if n == 0 && lie == n-1 {
				continue
			}
			var data []byte
			for j, m := range counts {
				if j == i {
					m = lie
				}
				data = binary.AppendUvarint(data, m)
			}
			data = append(data, body...)
			if _, err := c.decode(data); err == nil {
				t.Errorf("count %d: %d instead of %d decoded", i, lie, n)
			}
		}
	}
	if nonzero < 5 {
		t.Fatalf("only %d counts of %d are set: the sample exercises too little", nonzero, len(counts))
	}
}

// TestLoadedImportsAsDropped: a model read back from the cache says of
// each import what the model check keeps (its tree dropped) says: whether
// it is bound in the module's scope (report's and prune's reading of
// re-exports asks), over a module with imports at every depth and a
// quarter of the standard library's packages' __init__.py files.
func TestLoadedImportsAsDropped(t *testing.T) {
	srcs := []string{"import a\nfrom b import *\nif x:\n    from c import d\ntry:\n    import e.f as g\nexcept ImportError:\n    g = None\n" +
		"class K:\n    import h\n    def m(self):\n        import i\n\ndef f():\n    from j import k\n    class L:\n        import l\n"}
	out, err := exec.Command("python3", "-c", `import sysconfig; print(sysconfig.get_paths()["stdlib"])`).Output()
	if err != nil {
		t.Fatalf("python3 (on every machine that runs the tests): %v", err)
	}
	inits, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "*", "__init__.py"))
	for i, p := range inits {
		if data, err := os.ReadFile(p); err == nil && i%4 == 0 {
			srcs = append(srcs, string(data))
		}
	}
	if len(srcs) < 10 {
		t.Fatalf("%d sources, want the standard library's", len(srcs))
	}
	c, err := Open(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	imports := 0
	for _, src := range srcs {
		dropped := parse(t, src)
		dropped.DropTree()
		k := c.Key([]byte(src), pyparse.Options{Name: "pkg.mod"}, "")
		c.Store(k, parse(t, src))
		loaded := c.Load(k, "pkg/mod.py", []byte(src))
		if loaded == nil || len(loaded.Imports) != len(dropped.Imports) {
			t.Fatalf("%.40q: not loaded back whole", src)
		}
		for i, im := range dropped.Imports {
			if got, want := loaded.Imports[i].Scope == loaded.Scope, im.Scope == dropped.Scope; got != want {
				t.Errorf("%.40q: import %s at module scope: %v after Load, %v dropped", src, im.Target, got, want)
			}
			imports++
		}
	}
	if imports < 50 {
		t.Fatalf("%d imports compared", imports)
	}
}
