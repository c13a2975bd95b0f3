package pyparse_test

import (
	"os"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/pyparse"
)

// TestRestoreFromCache: a model the cache gives back (through its codec,
// not a simulation), restored, equals the model a fresh parse keeping its
// tree makes, field by field and pointer by pointer (see
// TestRestoreAsFreshParse) but for what only the build or a first use sets, over a 16th of the standard library and the
// repository's testdata.
func TestRestoreFromCache(t *testing.T) {
	c, err := pycache.OpenMemory("test")
	if err != nil {
		t.Fatal(err)
	}
	p := pyparse.NewParser()
	defer p.Close()
	n := 0
	for i, path := range pyparse.StdlibAndTestdata(t) {
		if i%16 != 0 && !strings.HasPrefix(path, "../testdata") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		opts := pyparse.Options{Name: "pkg.m"}
		want, err := p.Parse(path, src, opts)
		if err != nil {
			t.Fatal(err)
		}
		k := c.Key(src, opts, "")
		c.Store(k, want)
		got := c.Load(k, path, src)
		if got == nil {
			t.Fatalf("%s: not loaded back", path)
		}
		if err := p.Restore(got); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// What only the build uses (a call's resolution state, its node's
		// index in the flat tree) and what is computed on first use (the
		// line starts, the source's reader) are not the summary's.
		if d := pyparse.ModelDiff(want, got, "state", "idx", "lines", "later"); d != "" {
			t.Errorf("%s: a model from the cache, restored, differs from a fresh parse: %s", path, d)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("%d files compared, want the standard library's", n)
	}
}
