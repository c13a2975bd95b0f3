package pygraph

import (
	"strings"

	"github.com/asynclint/asynclint/pyparse"
)

// transparentDecorators are the decorators, outside the tree, that leave
// calling the function running its body inline.
var transparentDecorators = map[string]bool{
	"staticmethod": true, "classmethod": true,
	"abc.abstractmethod": true,
	"typing.overload":    true, "typing.final": true, "typing.override": true, "typing.no_type_check": true,
	"typing_extensions.overload": true, "typing_extensions.final": true, "typing_extensions.override": true,
	"typing_extensions.deprecated": true, "warnings.deprecated": true,
}

// dispatchingFunctools are the functools decorators that choose another
// implementation at call time.
var dispatchingFunctools = map[string]bool{
	"functools.singledispatch": true, "functools.singledispatchmethod": true,
}

// decoration says what calling a decorated function runs.
type decoration struct {
	// follow reports that the call runs the function's body inline.
	follow bool
	// withOnly: only entering the call's result with `with` runs the body
	// (a @contextmanager generator).
	withOnly bool
	// wrappers are the tree's wrapper functions that run around the body,
	// with the index of the decorator that adds each.
	wrappers []wrapper
}

type wrapper struct {
	fn   *Func
	deco int
}

// decorated returns what calling f runs, given its decorators: builtins
// and functools ones are transparent; a decorator of the tree is followed
// when it returns the function itself or a sync wrapper that calls it
// inline (never one that looks at the async context or builds a
// coroutine); any other decorator makes f not followed.
func (g *Graph) decorated(m *pyparse.Module, f *pyparse.Function) decoration {
	if d, ok := g.decos[f]; ok {
		if g.deciding[f] && g.probing {
			// Decorators decorating each other: what this one is
			// taken to be depends on which was asked about first,
			// which the probe's order changes (see probe).
			g.probed.cycle = true
		}
		return d
	}
	d := decoration{follow: true}
	g.decos[f] = d // a decorator decorating itself is not followed further
	g.deciding[f] = true
	defer func() {
		delete(g.deciding, f)
		if g.probing {
			// An abandoned try (see probe) leaves no decoration half made.
			if r := recover(); r != nil {
				delete(g.decos, f)
				panic(r)
			}
		}
	}()
	for i, text := range f.Decorators {
		t := ""
		if i < len(f.DecoratorTargets) {
			t = f.DecoratorTargets[i]
		}
		switch {
		case t == "contextlib.contextmanager":
			d.withOnly = true
			continue
		case transparentDecorators[t] || g.extraDecorators[t]:
			continue
		case strings.HasPrefix(t, "functools.") && !dispatchingFunctools[t]:
			continue
		}
		w, ok := g.treeDecorator(m, t, strings.Contains(text, "("))
		if !ok {
			d = decoration{}
			break
		}
		if w != nil {
			d.wrappers = append(d.wrappers, wrapper{fn: w, deco: i})
		}
	}
	g.decos[f] = d
	if g.probing {
		g.probed.decos = append(g.probed.decos, f)
	}
	return d
}

// treeDecorator checks a decorator of the tree named by t (applied as
// t(args) when called): ok when it is transparent, with the wrapper that
// runs around the function (nil for a decorator that returns the function
// itself).
func (g *Graph) treeDecorator(from *pyparse.Module, t string, called bool) (*Func, bool) {
	v := g.global(from, t, nil, 0)
	if v.kind != vFunc || v.fn.Async {
		return nil, false
	}
	m, d := v.m, v.fn
	if dd := g.decorated(m, d); dd.withOnly {
		// A @contextmanager generator used as a decorator (`@timed()`)
		// runs its body around the call.
		return g.fn(m, d), called && dd.follow
	}
	if called {
		// A factory: the decorator is the sync def it returns.
		d = g.returnedDef(m, d)
		if d == nil {
			return nil, false
		}
	}
	if len(d.Params) == 0 || g.dispatches(m, d) {
		return nil, false
	}
	p := d.Params[0]
	for _, r := range d.ReturnNames {
		if r == p {
			return nil, len(d.ReturnNames) == 1
		}
	}
	w := g.returnedDef(m, d)
	if w == nil || len(d.ReturnNames) != 1 {
		return nil, false
	}
	if g.dispatches(m, w) {
		return nil, false
	}
	for _, c := range w.Calls {
		if c.Function == w && c.Context == pyparse.ContextFunction && !c.Awaited && c.CalleeText == p {
			return g.fn(m, w), true
		}
	}
	return nil, false
}

// returnedDef returns the sync def nested in d that d returns by name, nil
// if none (or an async one).
func (g *Graph) returnedDef(m *pyparse.Module, d *pyparse.Function) *pyparse.Function {
	if len(d.ReturnNames) != 1 {
		return nil
	}
	name := d.ReturnNames[0]
	for _, f := range m.Functions {
		if f.Parent == d && f.Name == name && f.Class == nil {
			if f.Async {
				return nil
			}
			return f
		}
	}
	return nil
}

// dispatches reports whether a decorator's def looks at the async
// context or builds coroutines: it defines an async def, or calls a
// function of asyncio, trio, anyio, sniffio or inspect's coroutine checks.
func (g *Graph) dispatches(m *pyparse.Module, d *pyparse.Function) bool {
	for _, f := range m.Functions {
		if f.Parent == d && f.Async {
			return true
		}
	}
	for _, c := range d.Calls {
		if c.Kind != pyparse.Global {
			continue
		}
		root, _, _ := strings.Cut(c.Target, ".")
		switch root {
		case "asyncio", "trio", "anyio", "sniffio":
			return true
		case "inspect":
			if strings.Contains(c.Target, "coroutine") || strings.Contains(c.Target, "awaitable") {
				return true
			}
		}
	}
	return false
}
