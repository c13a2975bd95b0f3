package pycheck

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/pyparse"
)

// TestContains checks contains and index against bytes.Contains and
// bytes.Index: on edge cases, and on strings drawn (with a fixed seed) from
// an alphabet of the keys' own bytes, where near misses abound.
func TestContains(t *testing.T) {
	keys := prefilterKeys(rules.PythonRules(nil).Checker.Keys())
	keys = append(keys, []byte("y"), []byte("yy"), []byte("aaa"), []byte("qq"))
	srcs := [][]byte{
		nil, []byte(""), []byte("a"), []byte("async"), []byte("asyn"), []byte("sync"),
		[]byte("asasync"), []byte("x = 1\nasync def f(): ..."), []byte("def f(): pass  # async"),
		[]byte("yyyyy"), []byte("asyncasync"), []byte("async\x00"),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range keys {
		alphabet := append([]byte(" \n"), k...)
		for range 300 {
			s := make([]byte, rng.IntN(40))
			for i := range s {
				s[i] = alphabet[rng.IntN(len(alphabet))]
			}
			srcs = append(srcs, s)
		}
	}
	for _, k := range keys {
		for _, s := range srcs {
			if got, want := contains(s, k), bytes.Contains(s, k); got != want {
				t.Fatalf("contains(%q, %q) = %v, want %v", s, k, got, want)
			}
			if got, want := index(s, k), bytes.Index(s, k); got != want {
				t.Fatalf("index(%q, %q) = %d, want %d", s, k, got, want)
			}
		}
	}
}

// TestMayDefineAsync: the prefilter says yes to every file whose model has
// an async def (the bundled fixtures, and each again with its `async def`s
// spelled across blanks and continued lines), and no to files where
// "async" is only a word.
func TestMayDefineAsync(t *testing.T) {
	for src, want := range map[string]bool{
		"async def f(): ...":                    true,
		"class C:\n    async  def f(self): ...": true,
		"async\tdef f(): ...":                   true,
		"async \\\n  def f(): ...":              true,
		"async\\\r\ndef f(): ...":               true,
		"@d\nasync def f(): ...":                true,
		"s = 'async def'":                       true, // errs towards yes
		"import asyncio\nasyncio.run(main())":   false,
		"# async code lives elsewhere\n":        false,
		"asyncdef = 1\n":                        false,
		"async with x:\n    pass\n":             false,
		"def f(): pass  # async":                false,
		"async":                                 false,
		"":                                      false,
	} {
		if got := mayDefineAsync([]byte(src)); got != want {
			t.Errorf("mayDefineAsync(%q) = %v, want %v", src, got, want)
		}
	}

	var paths []string
	for _, root := range []string{"../../../testdata", "../../../pyparse/testdata", "../pyrules"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
				paths = append(paths, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	p := pyparse.NewParser()
	defer p.Close()
	respelled := strings.NewReplacer("async def", "async \\\n\t def")
	var async int
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{string(src), respelled.Replace(string(src))} {
			m, err := p.Parse(path, []byte(s), pyparse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			m.DropTree()
			if !slices.ContainsFunc(m.Functions, func(f *pyparse.Function) bool { return f.Async }) {
				continue
			}
			async++
			if !mayDefineAsync([]byte(s)) {
				t.Errorf("%s: has an async def, but mayDefineAsync says no", path)
			}
		}
	}
	if async < 50 {
		t.Fatalf("only %d fixtures with an async def: the walk missed the fixtures", async)
	}
}
