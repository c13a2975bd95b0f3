package pycheck

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestCompatWithoutTrees checks that the compat uses a run keeping models
// only (NoTrees, as report runs) finds, parsing the modules it reads
// again, are the uses a run keeping every tree finds: calls, values,
// decorators, imports, __all__, getattr, self methods and calls through an
// import alias, in modules the check parsed and in modules only the use
// analysis reads.
func TestCompatWithoutTrees(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "pkg/__init__.py", "from .store import warm\n__all__ = [\"warm\"]\n")
	write(t, dir, "pkg/store.py", "import asyncio\nimport time\n\n\ndef warm():\n    time.sleep(1)\n\n\nasync def warm_async():\n    await asyncio.sleep(1)\n\n\n"+
		"class Cache:\n    def fill(self):\n        time.sleep(1)\n\n    async def fill_async(self):\n        await asyncio.sleep(1)\n\n    def again(self):\n        self.fill()\n")
	write(t, dir, "pkg/app.py", "from . import store as s\nfrom .store import warm\n\n\nasync def handler():\n    warm()\n\n\ndef sync_caller():\n    s.warm()\n    hooks = [warm]\n    getattr(s, \"warm\")\n")
	// No async def, no blocking call: only the use analysis parses it.
	write(t, dir, "pkg/plain.py", "from pkg.store import warm\n\n\n@warm\ndef decorated():\n    pass\n")
	uses := func(noTrees bool) []string {
		res := run(t, []string{dir}, Options{NoTrees: noTrees})
		fns, us, err := res.Project.Compat()
		if err != nil {
			t.Fatalf("NoTrees=%v: %v", noTrees, err)
		}
		var out []string
		for _, f := range fns {
			for _, u := range us[f] {
				caller := ""
				if u.Caller != nil {
					caller = u.Caller.Qual
				}
				out = append(out, fmt.Sprintf("%s <- %s:%d %s %s unresolved=%v", f.Fn.Qual, strings.TrimPrefix(u.Module.Path, dir+"/"), u.Pos.Line, u.Kind, caller, u.Unresolved))
			}
		}
		slices.Sort(out)
		return out
	}
	withTrees, without := uses(false), uses(true)
	if strings.Join(withTrees, "\n") != strings.Join(without, "\n") {
		t.Errorf("NoTrees uses:\n%s\nwant (trees kept):\n%s", strings.Join(without, "\n"), strings.Join(withTrees, "\n"))
	}
	for _, want := range []string{"warm <- pkg/app.py:10 call sync_caller", "warm <- pkg/plain.py:4 decorator", "Cache.fill <- pkg/store.py:21 call Cache.again"} {
		if !slices.ContainsFunc(without, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("no use %q in:\n%s", want, strings.Join(without, "\n"))
		}
	}
}
