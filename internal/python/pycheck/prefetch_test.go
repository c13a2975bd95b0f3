package pycheck

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestPrefetchChangesNothing checks that parsing ahead what the graph's
// probe finds missing changes when modules are parsed, not what the check
// finds: the findings, the modules the graph loads and their order are
// those of a check whose loads each parse what they ask for. The tree's
// chains run through helper modules without `async` (parsed only when the
// graph loads them) over several of the probe's rounds, and through the
// categories example.
func TestPrefetchChangesNothing(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"app/__init__.py": "",
		"app/main.py": `from app import a, b, c
import app.d as d

async def handler():
    a.first()
    b.other()
    c.Thing().run()
    d.value()
`,
		"app/a.py":      "from app import e\n\ndef first():\n    e.second()\n",
		"app/b.py":      "import time\n\ndef other():\n    time.sleep(1)\n",
		"app/c.py":      "from app.f import helper\n\nclass Thing:\n    def run(self):\n        helper()\n",
		"app/d.py":      "import subprocess\n\ndef value():\n    return subprocess.run(['true'])\n",
		"app/e.py":      "from app import g\n\ndef second():\n    g.third()\n",
		"app/f.py":      "def helper():\n    return open('x')\n",
		"app/g.py":      "import requests\n\ndef third():\n    requests.get('http://x')\n",
		"app/unused.py": "import time\n\ndef never():\n    time.sleep(1)\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tree := range []string{dir, "../../../testdata/python/categories"} {
		for _, noTrees := range []bool{false, true} {
			with := run(t, []string{tree}, Options{NoTrees: noTrees, NoSites: noTrees})
			without := run(t, []string{tree}, Options{NoTrees: noTrees, NoSites: noTrees, noPrefetch: true})
			if with.Project.src.prefetched == 0 {
				t.Errorf("%s (noTrees %v): nothing prefetched: the test no longer exercises the prefetcher", tree, noTrees)
			}
			if without.Project.src.prefetched != 0 {
				t.Errorf("%s: %d files prefetched with noPrefetch", tree, without.Project.src.prefetched)
			}
			diff(t, lines(with, tree), lines(without, tree))
			if len(with.Findings) < 4 {
				t.Errorf("%s: %d findings, want the chains' (at least 4): %v", tree, len(with.Findings), lines(with, tree))
			}
			if a, b := loaded(with), loaded(without); !slices.Equal(a, b) {
				t.Errorf("%s (noTrees %v): graph loaded\n%v\nwithout prefetching:\n%v", tree, noTrees, a, b)
			}
		}
	}
}

// loaded lists the paths of the modules the graph loaded, in its order.
func loaded(res *Result) []string {
	var out []string
	for _, m := range res.Project.Graph.Modules() {
		out = append(out, m.Path)
	}
	return out
}
