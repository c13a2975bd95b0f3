package pyedit

import (
	"testing"

	"github.com/asynclint/asynclint/pyparse"
)

// TestMayUseAgreesWithTree: the text scan that spares stillUsed its walk
// of the tree says "no use" only where the walk finds none (comments,
// strings, longer words, other scopes), with the calls in async code
// replaced as a fix replaces them.
func TestMayUseAgreesWithTree(t *testing.T) {
	cases := []struct {
		src  string
		used bool // of the first import, the walk's verdict
	}{
		{"from time import sleep\n\nasync def f():\n    sleep(1)\n", false},
		{"from time import sleep\n\nasync def f():\n    sleep(1)\n\ndef g():\n    sleep(2)\n", true},
		{"from time import sleep\n\nasync def f():\n    sleep(1)\n    # sleep here\n    s = 'sleep'\n", false},
		{"from time import sleep\n\nasync def f():\n    sleep(1)\n    sleeper = 1\n    asleep()\n    x.sleep_ms()\n", false},
		{"from time import sleep\n\nasync def f():\n    sleep(1)\n    g(sleep)\n", true},
		{"import time\n\nasync def f():\n    time.sleep(1)\n    return time.time()\n", true},
		{"import time\n\nasync def f():\n    time.sleep(1)\n    return timeout\n", false},
		{"async def f():\n    from time import sleep\n    sleep(1)\n\ndef g():\n    sleep(2)\n", false},
		{"\ufefffrom time import sleep as zz\n\nasync def f():\n    zz(1)\n    é_zz = zz\n", true},
		{"from time import sleep as zz\n\nasync def f():\n    zz(1)\n    ézz = 2\n", false},
		// A string annotation uses the name; a docstring does not.
		{"import time\n\nasync def f():\n    time.sleep(1)\n\ndef g() -> \"time.struct_time\":\n    pass\n", true},
		{"import time\n\nasync def f(t: \"list[time.struct_time]\"):\n    time.sleep(1)\n", true},
		{"import time\n\nasync def f():\n    \"\"\"Wait some time.\"\"\"\n    time.sleep(1)\n", false},
		// Another import naming the module uses no binding.
		{"import time\nfrom time import sleep\n\nasync def f():\n    time.sleep(1)\n", false},
		{"import time\nimport time.x as tx\n\nasync def f():\n    time.sleep(1)\n", false},
	}
	p := pyparse.NewParser()
	defer p.Close()
	for _, tc := range cases {
		m, err := p.Parse("m.py", []byte(tc.src), pyparse.Options{Name: "m"})
		if err != nil {
			t.Fatal(err)
		}
		im := m.Imports[0]
		// What a fix replaces: the calls of the name in async code.
		pf := &Imports{}
		for _, c := range m.Calls {
			if c.InAsyncContext() && (c.CalleeText == im.Bound || c.CalleeText == im.Bound+".sleep") {
				pf.Replaced = append(pf.Replaced, c.Callee)
			}
		}
		src := m.Source()
		region := im.Scope.Span
		if im.Scope == m.Scope {
			region = pyparse.Span{Start: 0, End: len(src)}
		}
		name := []byte(im.Bound)
		tree := pf.treeUses(m, region, im, name)
		if tree != tc.used {
			t.Errorf("%q: the walk says used=%v, want %v", tc.src, tree, tc.used)
		}
		if tree && !pf.mayUse(m, region, im, name) {
			t.Errorf("%q: the text scan says no use where the walk finds one", tc.src)
		}
		if got := pf.stillUsed(m, im); got != tc.used {
			t.Errorf("%q: stillUsed %v, want %v", tc.src, got, tc.used)
		}
	}
}

// An import that is the only statement of its block is kept: removing it
// would leave the block empty, which Python rejects.
func TestStatementRemovalKeepsABlock(t *testing.T) {
	cases := []struct {
		src     string
		removed bool
	}{
		{"try:\n    import time\nexcept ImportError:\n    pass\n", false},
		{"async def f():\n    if x:\n        import time\n    time.sleep(1)\n", false},
		{"if x:\n    import time\n    # a comment is no statement\n\nelse:\n    y()\n", false},
		{"if x:\r\n    import time\r\n", false},
		{"if x:\n    import time", false},
		// Removed only beside a sibling that stays.
		{"if x:\n    # a comment\n    import time\n    y()\n", true},
		{"if x:\n    import time\n    import os\n", false},
		{"if x:\n    y()\n    # a comment\n    import time\n", true},
		{"def f():\n    y()\n    import time\n", true},
		{"import time\n", true},
		{"if x:\n        y()\n\timport time\n", true}, // a tab is 8 columns
		{"if a:\n    y()\n    import time\nz()\n", true},
		{"try:\n    import time\n    from time import sleep\nexcept ImportError:\n    pass\n", false},
		{"if (a and\n        b):\n    import time\n", false},
		{"if a and \\\n    b:\n    import time\n", false},
		{"if a:\n    x = (1,\n    2)\n    import time\n", true},
	}
	p := pyparse.NewParser()
	defer p.Close()
	for _, tc := range cases {
		m, err := p.Parse("m.py", []byte(tc.src), pyparse.Options{Name: "m"})
		if err != nil {
			t.Fatal(err)
		}
		_, ok := statementRemoval(m, m.Imports[0].Stmt, -1)
		if ok != tc.removed {
			t.Errorf("%q: removed %v, want %v", tc.src, ok, tc.removed)
		}
	}
}
