package pygraph

import (
	"slices"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// memSource is a tree held in memory: module name to source. It records
// the names of each Load, in order, and the names prefetched.
type memSource struct {
	t          *testing.T
	srcs       map[string]string
	mods       map[string]*pyparse.Module
	loads      [][]string
	prefetched []string
}

func (s *memSource) Lookup(_ *pyparse.Module, name string) string {
	if _, ok := s.srcs[name]; ok {
		return name
	}
	return ""
}

func (s *memSource) Key(m *pyparse.Module) string { return s.Lookup(nil, m.Name) }

func (s *memSource) Shared(*pyparse.Module) bool { return false }

func (s *memSource) Load(names []string) []*pyparse.Module {
	s.loads = append(s.loads, append([]string(nil), names...))
	out := make([]*pyparse.Module, len(names))
	for i, n := range names {
		out[i] = s.module(n)
	}
	return out
}

// Modelled gives the modules parsed already: by a Load, or by the test
// before Build (as a file parsed up front or preloaded).
func (s *memSource) Modelled(name string) *pyparse.Module { return s.mods[name] }

// Prefetch records the name; the module is parsed when loaded.
func (s *memSource) Prefetch(name string) { s.prefetched = append(s.prefetched, name) }

func (s *memSource) module(name string) *pyparse.Module {
	if m := s.mods[name]; m != nil {
		return m
	}
	src, pkg := s.srcs[name], false
	path := strings.ReplaceAll(name, ".", "/") + ".py"
	if strings.HasPrefix(src, "# package\n") {
		pkg, path = true, strings.ReplaceAll(name, ".", "/")+"/__init__.py"
	}
	p := pyparse.NewParser()
	defer p.Close()
	m, err := p.Parse(path, []byte(src), pyparse.Options{Name: name, IsPackage: pkg})
	if err != nil {
		s.t.Fatal(err)
	}
	s.mods[name] = m
	return m
}

// sleeps classifies time.sleep as a blocking call of the sleep category.
func sleeps(_ *pyparse.Module, c *pyparse.Call) (Sink, bool) {
	if c.Kind == pyparse.Global && c.Target == "time.sleep" {
		return Sink{Code: "ASYNC251", Category: finding.Sleep}, true
	}
	return Sink{}, false
}

func build(t *testing.T, srcs map[string]string, modelled ...string) (*Graph, *memSource) {
	t.Helper()
	s := &memSource{t: t, srcs: srcs, mods: map[string]*pyparse.Module{}}
	for _, name := range modelled {
		s.module(name)
	}
	g := Build([]*pyparse.Module{s.module("app")}, s, Options{Classify: sleeps, Reached: map[finding.Category]string{finding.Sleep: "AL100"}})
	return g, s
}

// reaching returns "caller->callee" for each async call of g reaching a
// blocking function, sorted.
func reaching(g *Graph) []string {
	var out []string
	for _, a := range g.AsyncCalls() {
		out = append(out, a.Caller.Name+"->"+a.Callee.Fn.Name)
	}
	slices.Sort(out)
	return out
}

// probeTree has two helpers re-exported by two packages, and a module
// nothing imports.
var probeTree = map[string]string{
	"app":        "import pkg_a, pkg_b\n\nasync def main():\n    pkg_a.helper()\n    pkg_b.helper()\n",
	"pkg_a":      "# package\nfrom pkg_a.impl import helper\n",
	"pkg_a.impl": "import time\n\ndef helper():\n    time.sleep(1)\n",
	"pkg_b":      "# package\nfrom pkg_b.impl import helper\n",
	"pkg_b.impl": "import time\n\ndef helper():\n    time.sleep(1)\n",
	"unused":     "import time\n\ndef helper():\n    time.sleep(1)\n",
}

// Two helpers re-exported by two packages: resolving each call goes
// through its package's __init__ to the module defining it. Walked alone,
// the graph would load the two defining modules one after the other; the
// probe loads them in one batch.
func TestProbeBatchesLoads(t *testing.T) {
	g, s := build(t, probeTree)
	want := [][]string{{"pkg_a", "pkg_b"}, {"pkg_a.impl", "pkg_b.impl"}}
	if !slices.EqualFunc(s.loads, want, slices.Equal) {
		t.Errorf("loads %q, want %q", s.loads, want)
	}
	// Each module is prefetched as the first try asking for it is
	// abandoned, before the batch that loads it: the same modules.
	if got, want := s.prefetched, slices.Concat(want...); !slices.Equal(got, want) {
		t.Errorf("prefetched %q, want %q", got, want)
	}
	if got, want := reaching(g), []string{"main->helper", "main->helper"}; !slices.Equal(got, want) {
		t.Errorf("async calls reaching a blocking function: %q, want %q", got, want)
	}
}

// A probe's try that finds its callees queues theirs: the modules the
// walk's next level needs load in the same batches as the rest of this
// level's. main calls a.f (a.f calls b.g) and x.y (x re-exports y from
// x_impl, and y calls c.h): b loads beside x_impl, not after it; level by
// level, the batches would be [a x] [x_impl] [b c].
func TestProbeQueuesCalleesTries(t *testing.T) {
	g, s := build(t, map[string]string{
		"app":    "import a, x\n\nasync def main():\n    a.f()\n    x.y()\n",
		"a":      "import b\n\ndef f():\n    b.g()\n",
		"b":      "import time\n\ndef g():\n    time.sleep(1)\n",
		"x":      "from x_impl import y\n",
		"x_impl": "import c\n\ndef y():\n    c.h()\n",
		"c":      "import time\n\ndef h():\n    time.sleep(1)\n",
	})
	want := [][]string{{"a", "x"}, {"x_impl", "b"}, {"c"}}
	if !slices.EqualFunc(s.loads, want, slices.Equal) {
		t.Errorf("loads %q, want %q", s.loads, want)
	}
	if got, want := reaching(g), []string{"main->f", "main->y"}; !slices.Equal(got, want) {
		t.Errorf("async calls reaching a blocking function: %q, want %q", got, want)
	}
}

// The modules modelled before the graph asks for them (up front, or
// preloaded from the cache's verdicts) are loaded as the tries meet them:
// only the others are waited for, and what the graph finds is the same.
func TestProbeModelledNotWaitedFor(t *testing.T) {
	g, s := build(t, probeTree, "pkg_a", "pkg_a.impl", "pkg_b")
	want := [][]string{{"pkg_b.impl"}}
	if !slices.EqualFunc(s.loads, want, slices.Equal) {
		t.Errorf("loads %q, want %q", s.loads, want)
	}
	if want := []string{"pkg_b.impl"}; !slices.Equal(s.prefetched, want) {
		t.Errorf("prefetched %q, want %q: a module modelled already needs no prefetch", s.prefetched, want)
	}
	if got, want := reaching(g), []string{"main->helper", "main->helper"}; !slices.Equal(got, want) {
		t.Errorf("async calls reaching a blocking function: %q, want %q", got, want)
	}
	for _, name := range []string{"pkg_a", "pkg_a.impl", "pkg_b", "pkg_b.impl"} {
		if !slices.Contains(g.Modules(), s.mods[name]) {
			t.Errorf("%s is not a module of the graph", name)
		}
	}
	if slices.Contains(g.Modules(), s.mods["unused"]) {
		t.Error("unused is a module of the graph")
	}
}

// A decorator re-exported by a package: the first tries of work()'s
// decoration are abandoned (deco, then deco.impl not loaded yet). An
// abandoned try must not leave the decoration it had started (followed,
// with no wrapper): once deco.impl is loaded, the decoration is made whole,
// and the wrapper's sleep reaches main through work().
func TestProbeAbandonedDecoration(t *testing.T) {
	g, s := build(t, map[string]string{
		"app":       "import deco\n\n@deco.timed\ndef work():\n    pass\n\nasync def main():\n    work()\n",
		"deco":      "# package\nfrom deco.impl import timed\n",
		"deco.impl": "import time\n\ndef timed(f):\n    def wrapper(*a, **k):\n        time.sleep(1)\n        return f(*a, **k)\n    return wrapper\n",
	})
	if got, want := reaching(g), []string{"main->work"}; !slices.Equal(got, want) {
		t.Errorf("async calls reaching a blocking function: %q, want %q (loads %q)", got, want, s.loads)
	}
}

// Two decorators decorating each other: which one is decided first
// decides the other (the one still being decided counts as followed).
// The walk asks about A first (through pkg.f, whose module the probe's
// first try has to wait for), so B is followed and main's call of B
// reaches its sleep. The probe, trying B(1) first, decides B with A whole
// (a context manager, so B is not followed); it must drop what it found
// in that order. The case the review of the probe found (helper-15).
func TestProbeDecoratorCycle(t *testing.T) {
	g, s := build(t, map[string]string{
		"app": "import contextlib, time, pkg, app\n\n@contextlib.contextmanager\n@app.B\ndef A(f):\n    return f\n\n" +
			"@app.A\ndef B(f):\n    time.sleep(1)\n    return f\n\nasync def main():\n    pkg.f()\n    B(1)\n",
		"pkg":      "# package\nfrom pkg.impl import f\n",
		"pkg.impl": "import app\n\n@app.A\ndef f():\n    pass\n",
	})
	if got, want := reaching(g), []string{"main->B"}; !slices.Equal(got, want) {
		t.Errorf("async calls reaching a blocking function: %q, want %q (loads %q)", got, want, s.loads)
	}
}
