package sleep_test

import (
	"slices"

	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/python/pyrules/sleep"
	"github.com/asynclint/asynclint/pyparse"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/textedit"
)

// TestFix: ASYNC251's findings carry their fix, made when the finding is
// made: applied alone it gives the file `asynclint fix` would give for that
// one finding; where none can be made the finding says why; and the fix
// is the same from a parsed module, a module without its tree and a module
// read from the content-hash cache.
func TestFix(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		lib       string
		// want holds, per finding, the file with its fix applied alone ("" :
		// no fix, noFix then says why).
		want  []string
		noFix []string
	}{{
		name: "basic",
		src:  "import time\n\n\nasync def f():\n    time.sleep(1)\n",
		want: []string{"import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"},
	}, {
		name: "two sleeps keep the import for each other",
		src:  "import asyncio\nimport time\n\n\nasync def f():\n    time.sleep(1)\n    x = [time.sleep(2)]\n",
		want: []string{
			"import asyncio\nimport time\n\n\nasync def f():\n    await asyncio.sleep(1)\n    x = [time.sleep(2)]\n",
			"import asyncio\nimport time\n\n\nasync def f():\n    time.sleep(1)\n    x = [await asyncio.sleep(2)]\n",
		},
	}, {
		name: "the module's library, a call needing parentheses",
		src:  "import time\nimport trio\n\n\nasync def f():\n    return time.sleep(1).x\n",
		want: []string{"import trio\n\n\nasync def f():\n    return (await trio.sleep(1)).x\n"},
	}, {
		name: "the configured library",
		src:  "from time import sleep\n\n\nasync def f():\n    sleep(1)\n",
		lib:  "anyio",
		want: []string{"import anyio\n\n\nasync def f():\n    await anyio.sleep(1)\n"},
	}, {
		name:  "asyncio taken",
		src:   "import time\n\n\nasync def f(asyncio):\n    time.sleep(1)\n",
		want:  []string{""},
		noFix: []string{"the name asyncio is bound to something else here"},
	}, {
		name:  "generator expression",
		src:   "import time\n\n\nasync def f():\n    return list(time.sleep(1) for _ in range(2))\n",
		want:  []string{""},
		noFix: []string{"inside a generator expression, where await makes an async generator"},
	}, {
		name:  "syntax error",
		src:   "import time\n\n\nasync def f():\n    time.sleep(1)\n\ndef g(:\n",
		want:  []string{""},
		noFix: []string{"the file has a syntax error"},
	}, {
		name: "a function that also waits with asyncio.sleep blocks on purpose",
		src:  "import asyncio\nimport time\n\n\nasync def test_tick():\n    while True:\n        await asyncio.sleep(0.01)\n        time.sleep(0.2)\n",
		want: []string{""},
		noFix: []string{"the function also awaits asyncio.sleep: this blocking sleep looks deliberate (blocking the event loop on purpose, " +
			"as a test may); rewrite it by hand if it is not"},
	}, {
		name: "a checkpoint does not count",
		src:  "import asyncio\nimport time\n\n\nasync def f():\n    await asyncio.sleep(0)\n    time.sleep(1)\n",
		want: []string{"import asyncio\n\n\nasync def f():\n    await asyncio.sleep(0)\n    await asyncio.sleep(1)\n"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "m.py")
			if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			run := func(opts pycheck.Options) []finding.Finding {
				t.Helper()
				opts.Select, opts.NoIgnore, opts.NoSites, opts.Library = []string{"ASYNC251"}, true, true, tc.lib
				res, err := pycheck.Run([]string{path}, opts)
				if err != nil {
					t.Fatal(err)
				}
				var out []finding.Finding
				for _, f := range res.Findings {
					if f.Code == "ASYNC251" {
						out = append(out, f)
					}
				}
				return out
			}
			got := run(pycheck.Options{})
			if len(got) != len(tc.want) {
				t.Fatalf("%d findings, want %d", len(got), len(tc.want))
			}
			for i, f := range got {
				if f.Fix == nil {
					if tc.want[i] != "" {
						t.Errorf("finding %d: no fix (%s), want one", i, f.NoFix)
					} else if f.NoFix != tc.noFix[i] {
						t.Errorf("finding %d: no fix because %q, want %q", i, f.NoFix, tc.noFix[i])
					}
					continue
				}
				out, err := textedit.Apply([]byte(tc.src), f.Fix.Edits)
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != tc.want[i] {
					t.Errorf("finding %d: the fix gives\n%s\nwant\n%s", i, out, tc.want[i])
				}
			}
			cache, err := pycache.Open(t.TempDir(), "sleepfix")
			if err != nil {
				t.Fatal(err)
			}
			for i, opts := range []pycheck.Options{{NoTrees: true}, {Cache: cache}, {Cache: cache}} {
				if other := run(opts); !reflect.DeepEqual(other, got) {
					t.Errorf("run %d (no trees, cache store, cache load): the findings or their fixes differ:\n%+v\nwant\n%+v", i, other, got)
				}
			}
		})
	}
}

// TestRecordedFix: the fix recorded with a module's verdicts (while its
// tree was there) is the finding's fix later without a second parse, and
// only while what it assumed holds: the same library, and no other module
// importing a name it would remove; otherwise the fix is made again.
func TestRecordedFix(t *testing.T) {
	src := []byte("import time\n\n\nasync def f():\n    time.sleep(1)\n")
	ch := pyrules.NewChecker([]pyrules.Direct{sleep.ASYNC251}, nil, nil)
	p := pyparse.NewParser()
	defer p.Close()
	parse := func() *pyparse.Module {
		t.Helper()
		m, err := p.Parse("m.py", src, pyparse.Options{Name: "m"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	fixOf := func(m *pyparse.Module, fc pyrules.FixContext) *finding.Fix {
		t.Helper()
		fs := ch.Findings(m, fc)
		if len(fs) != 1 {
			t.Fatalf("%d findings, want 1", len(fs))
		}
		return fs[0].Fix
	}
	rec := parse()
	ch.Record(rec, p, "")
	rec.DropTree()
	if rf := rec.Calls[0].Match.Fix; rf == nil || !slices.Equal(rf.NotImported, []string{"m.time"}) {
		t.Fatalf("recorded fix %+v: want one assuming m.time is not imported", rf)
	}

	ref := fixOf(parse(), pyrules.FixContext{})
	if ref == nil {
		t.Fatal("no fix of the fresh parse")
	}
	// The source is gone: a fix made now would not find the call.
	kept := rec.Source()
	rec.SetSource([]byte("gone(\n"))
	if got := fixOf(rec, pyrules.FixContext{}); !reflect.DeepEqual(got, ref) {
		t.Errorf("recorded fix %+v, want %+v", got, ref)
	}
	rec.SetSource(kept)

	for _, fc := range []pyrules.FixContext{
		{ImportedBy: func(q string) bool { return q == "m.time" }},
		{Library: "trio"},
	} {
		want := fixOf(parse(), fc)
		if reflect.DeepEqual(want, ref) {
			t.Fatalf("%+v: the context changes nothing: the case proves nothing", fc)
		}
		if got := fixOf(rec, fc); !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: fix %+v, want %+v (made again)", fc, got, want)
		}
	}
}
