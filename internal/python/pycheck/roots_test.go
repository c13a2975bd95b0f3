package pycheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
)

// TestRoots ranks the blocking roots of the AL100 findings kept: the
// helper three async call sites reach (through wait) before the one a
// single site reaches, and a suppressed finding counts for nothing. A
// function with two blocking calls that a site reaches both of is two
// roots, each counting the site, as the site has a finding for each.
func TestRoots(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "pkg/__init__.py", "")
	write(t, dir, "pkg/db.py", "import time\n\ndef pause():\n    time.sleep(1)\n\ndef wait():\n    pause()\n\ndef nap():\n    time.sleep(1)\n")
	write(t, dir, "pkg/app.py", "from .db import nap, pause, wait\n\nasync def a():\n    wait()\n\nasync def b():\n    pause()\n    wait()\n\n"+
		"async def c():\n    nap()\n    nap()  # noqa: AL100\n")
	write(t, dir, "pkg/files.py", "class Store:\n    def load(self, a, b):\n        open(a)\n        open(b)\n\n"+
		"async def d():\n    Store().load('x', 'y')\n")
	res := run(t, []string{dir}, Options{NoSites: true})
	var got []string
	for _, r := range finding.Roots(res.Findings) {
		got = append(got, fmt.Sprintf("%s:%d %s %s %d [%s]", strings.TrimPrefix(r.Path, dir+"/"), r.Line, r.Function, r.Category, r.CallSites, strings.Join(r.Functions, " ")))
	}
	diff(t, got, []string{
		"pkg/db.py:4 pause sleep 3 [wait]",
		"pkg/db.py:10 nap sleep 1 []",
		"pkg/files.py:3 Store.load file 1 []",
		"pkg/files.py:4 Store.load file 1 []",
	})
}

// TestAllFunctions computes blocking for sync functions no async code
// reaches, without changing the findings or what counts as reached.
func TestAllFunctions(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "m.py", "import time\n\ndef pause():\n    time.sleep(1)\n\ndef legacy():\n    pause()\n\nasync def f():\n    pause()\n")
	write(t, dir, "other.py", "from m import legacy\n\ndef main():\n    legacy()\n")
	for _, all := range []bool{false, true} {
		res := run(t, []string{dir}, Options{AllFunctions: all})
		var blocking []string
		for _, f := range res.Project.Graph.Blocking() {
			blocking = append(blocking, fmt.Sprintf("%s reached=%v", f.Fn.Qual, f.Reached))
		}
		want := []string{"pause reached=true"}
		if all {
			want = []string{"pause reached=true", "legacy reached=false", "main reached=false"}
		}
		diff(t, blocking, want)
		if len(res.Findings) != 1 || res.Findings[0].Code != "AL100" {
			t.Errorf("AllFunctions=%v: findings %v", all, lines(res, dir))
		}
	}
}
