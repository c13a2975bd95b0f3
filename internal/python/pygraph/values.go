package pygraph

import (
	"strings"

	"github.com/asynclint/asynclint/pyparse"
)

// valueKind is what an evaluated reference is.
type valueKind uint8

const (
	vNone valueKind = iota
	vModule
	vFunc
	vClass
	vInstance
)

// value is a reference evaluated against the tree: a module, a function
// (a bound method included), a class, or an instance of a class.
type value struct {
	kind valueKind
	m    *pyparse.Module
	fn   *pyparse.Function
	cls  *pyparse.Class
	name string // the module's name, for vModule
	// recv is the instance a method was read from, for a bound method.
	recv *value
}

const maxDepth = 8

// eval returns what r refers to in the tree; the getters of the
// properties read on the way are added to getters (nil: not collected).
func (g *Graph) eval(from *pyparse.Module, r pyparse.Ref, getters *[]*Func, depth int) value {
	if !r.Known() || depth > maxDepth {
		return value{}
	}
	// The getters of the steps a name's binding evaluated (Ref.Bound)
	// ran where it was bound.
	bound := func(i int) *[]*Func {
		if i < r.Bound {
			return nil
		}
		return getters
	}
	v := g.global(from, r.Base, bound(0), depth+1)
	if r.Instance {
		if v.kind != vClass {
			return value{}
		}
		v.kind = vInstance
	}
	path := r.Path
	if r.Super {
		if v.kind != vInstance || len(path) == 0 || path[0] == "()" || path[0] == "[]" {
			return value{}
		}
		var fm *pyparse.Module
		var fn *pyparse.Function
		for _, bt := range v.cls.BaseTargets {
			if b := g.global(v.m, bt, nil, depth+1); b.kind == vClass {
				if fm, fn = g.method(b.m, b.cls, path[0], 0); fn != nil {
					break
				}
			}
		}
		if fn == nil || isProperty(fn) {
			return value{}
		}
		v, path = value{kind: vFunc, m: fm, fn: fn}, path[1:]
	}
	skipped := len(r.Path) - len(path) // the step Super took
	for i, step := range path {
		switch step {
		case "()":
			v = g.result(v, depth+1)
		case "[]":
			if v.kind != vClass {
				return value{}
			}
		default:
			v = g.attr(v, step, bound(1+skipped+i), depth+1)
		}
		if v.kind == vNone {
			return v
		}
	}
	return v
}

// global evaluates a qualified name in from's code (see Source.Lookup).
func (g *Graph) global(from *pyparse.Module, q string, getters *[]*Func, depth int) value {
	if q == "" || depth > maxDepth {
		return value{}
	}
	// The longest prefix of q naming a module of the tree, then each name
	// after it read as an attribute.
	for end := len(q); end >= 0; end = strings.LastIndexByte(q[:end], '.') {
		name := q[:end]
		m := g.module(from, name)
		if m == nil {
			continue
		}
		v := value{kind: vModule, m: m, name: name}
		if end == len(q) {
			return v
		}
		for rest, more := q[end+1:], true; more; {
			var p string
			p, rest, more = strings.Cut(rest, ".")
			if v = g.attr(v, p, getters, depth+1); v.kind == vNone {
				return v
			}
		}
		return v
	}
	return value{}
}

// attr evaluates reading attribute name of v.
func (g *Graph) attr(v value, name string, getters *[]*Func, depth int) value {
	if depth > maxDepth {
		return value{}
	}
	switch v.kind {
	case vModule:
		bs := v.m.Scope.Bindings.Of(name)
		if len(bs) == 0 {
			if sub := g.module(v.m, v.name+"."+name); sub != nil {
				return value{kind: vModule, m: sub, name: v.name + "." + name}
			}
			return value{}
		}
		bd := bs[len(bs)-1]
		if bd.Kind == pyparse.BindImport && g.importChoice(v.m, bs) {
			return value{}
		}
		switch bd.Kind {
		case pyparse.BindFunction:
			return value{kind: vFunc, m: v.m, fn: bd.Function}
		case pyparse.BindClass:
			return value{kind: vClass, m: v.m, cls: bd.Class}
		case pyparse.BindImport:
			if t := bd.Import.Target; t != "" && t != v.name+"."+name {
				return g.global(v.m, t, getters, depth+1)
			}
			return value{}
		}
		return g.eval(v.m, v.m.GlobalRef(name), getters, depth+1)
	case vClass, vInstance:
		if fm, fn := g.method(v.m, v.cls, name, 0); fn != nil {
			if isProperty(fn) {
				if v.kind == vClass {
					return value{}
				}
				if getters != nil {
					*getters = append(*getters, g.fn(fm, fn))
				}
				return g.instance(g.eval(fm, fn.Returns, nil, depth+1))
			}
			f := value{kind: vFunc, m: fm, fn: fn}
			if v.kind == vInstance {
				recv := v
				f.recv = &recv
			}
			return f
		}
		// An instance attribute: its value's getters ran where it was
		// assigned, not here.
		tm, t := g.attrType(v.m, v.cls, name, 0)
		return g.instance(g.eval(tm, t, nil, depth+1))
	}
	return value{}
}

// instance keeps v only when it is an instance.
func (g *Graph) instance(v value) value {
	if v.kind != vInstance {
		return value{}
	}
	return v
}

// result evaluates calling v: a class gives an instance; a function its
// return annotation; an instance what its __call__ is annotated to return.
func (g *Graph) result(v value, depth int) value {
	switch v.kind {
	case vClass:
		v.kind = vInstance
		return v
	case vFunc:
		if !v.fn.Returns.Known() && v.recv != nil && returnsSelf(v.m, v.fn) {
			return *v.recv
		}
		return g.instance(g.eval(v.m, v.fn.Returns, nil, depth+1))
	case vInstance:
		if fm, fn := g.method(v.m, v.cls, "__call__", 0); fn != nil {
			return g.instance(g.eval(fm, fn.Returns, nil, depth+1))
		}
	}
	return value{}
}

// attrType returns the reference of an instance attribute of class c or
// of its bases, with the module of the class that gives it (where the
// reference is evaluated): the first class of the lookup that declares or
// assigns it decides.
func (g *Graph) attrType(m *pyparse.Module, c *pyparse.Class, name string, depth int) (*pyparse.Module, pyparse.Ref) {
	if depth > maxDepth || c == nil {
		return nil, pyparse.Ref{}
	}
	if a := c.Attrs[name]; a != nil {
		return m, a.Type()
	}
	for _, bt := range c.BaseTargets {
		if b := g.global(m, bt, nil, depth+1); b.kind == vClass {
			if bm, r := g.attrType(b.m, b.cls, name, depth+1); r.Known() {
				return bm, r
			}
		}
	}
	return nil, pyparse.Ref{}
}

// isProperty reports whether a method is a property getter.
func isProperty(f *pyparse.Function) bool {
	for i, d := range f.Decorators {
		t := d
		if i < len(f.DecoratorTargets) && f.DecoratorTargets[i] != "" {
			t = f.DecoratorTargets[i]
		}
		switch t {
		case "property", "functools.cached_property", "abc.abstractproperty":
			return true
		}
	}
	return false
}

// calleeValue evaluates a call's callee (a read's value), collecting the
// property getters the evaluation runs.
func (g *Graph) calleeValue(m *pyparse.Module, c *pyparse.Call, getters *[]*Func) value {
	if c.Read {
		return g.eval(m, c.CalleeRef(), getters, 0)
	}
	switch c.Kind {
	case pyparse.LocalFunction:
		return value{kind: vFunc, m: m, fn: c.Local}
	case pyparse.Global, pyparse.SelfMethod:
		if v := g.global(m, c.Target, getters, 0); v.kind != vNone {
			if c.Kind == pyparse.SelfMethod && v.kind == vFunc && isProperty(v.fn) {
				return value{}
			}
			return v
		}
	case pyparse.InstanceMethod, pyparse.Typed:
		return g.eval(m, c.CalleeRef(), getters, 0)
	}
	return value{}
}

// callTarget returns the sync function of the tree that calling v runs
// first: the function, a class's __init__, an instance's __call__.
func (g *Graph) callTarget(v value) *Func {
	var m *pyparse.Module
	var fn *pyparse.Function
	switch v.kind {
	case vFunc:
		m, fn = v.m, v.fn
	case vClass:
		m, fn = g.method(v.m, v.cls, "__init__", 0)
	case vInstance:
		m, fn = g.method(v.m, v.cls, "__call__", 0)
	}
	if fn == nil || fn.Async || isProperty(fn) {
		return nil
	}
	return g.fn(m, fn)
}

// callees returns the sync functions of the tree that a call (or a read)
// runs inline: the property getters its callee reads, the function called
// (when its decorators are followed), and for a `with` item the context
// manager's __enter__ and __exit__ (or a @contextmanager generator's body).
func (g *Graph) callees(m *pyparse.Module, c *pyparse.Call) []*Func {
	if c.Guessed {
		head, _, _ := strings.Cut(c.CalleeText, ".")
		if g.importChoice(m, m.Scope.Bindings.Of(head)) {
			return nil
		}
	}
	var out []*Func
	v := g.calleeValue(m, c, &out)
	with := c.Role == pyparse.RoleWith && !c.AsyncWith
	if c.Read {
		if with {
			out = append(out, g.enterExit(v)...)
		}
		return out
	}
	f := g.callTarget(v)
	if f != nil {
		d := g.decorated(f.Module, f.Fn)
		switch {
		case d.withOnly:
			if with && d.follow {
				out = append(out, f)
			}
			return out
		case d.follow:
			out = append(out, f)
		default:
			return out
		}
	}
	if with {
		out = append(out, g.enterExit(g.result(v, 0))...)
	}
	return out
}

// enterExit returns the sync __enter__ and __exit__ of an instance's class.
func (g *Graph) enterExit(v value) []*Func {
	if v.kind != vInstance {
		return nil
	}
	var out []*Func
	for _, name := range []string{"__enter__", "__exit__"} {
		if m, fn := g.method(v.m, v.cls, name, 0); fn != nil && !fn.Async {
			out = append(out, g.fn(m, fn))
		}
	}
	return out
}

// implicit returns the edges that calling f adds besides its body's
// calls: its decorators' wrappers (run around the body), and the property
// getters and context managers of its reads.
func (g *Graph) implicit(f *Func) []edge {
	var out []edge
	if f.Fn.Async {
		// A wrapper runs when the coroutine function is called, not in its body.
		goto reads
	}
	for _, w := range g.decorated(f.Module, f.Fn).wrappers {
		i := w.deco
		c := &pyparse.Call{Function: f.Fn, Context: pyparse.ContextFunction, Kind: pyparse.Global,
			CalleeText: f.Fn.Decorators[i], Target: f.Fn.DecoratorTargets[i], Pos: f.Fn.DecoratorPos[i]}
		c.Span = pyparse.Span{Start: c.Pos.Offset, End: c.Pos.Offset + len(c.CalleeText)}
		c.Callee = c.Span
		out = append(out, edge{call: c, to: w.fn})
	}
reads:
	for _, c := range f.Fn.Reads {
		if !c.CalleeRef().Known() || c.Function != f.Fn || c.Context != pyparse.ContextFunction || c.Awaited {
			continue
		}
		if c.Role != pyparse.RoleWith && !readsInstance(c.CalleeRef()) {
			// A getter runs only on an instance's attribute: reads of a
			// module's or a class's attributes (`os.sep`, `Color.RED`) are
			// not followed, and their modules not loaded.
			continue
		}
		for _, to := range g.callees(f.Module, c) {
			out = append(out, edge{call: c, to: to})
		}
	}
	return out
}

// readsInstance reports whether a read's reference reads an attribute of
// an instance: of self or an annotated name, or of a call's result.
func readsInstance(r pyparse.Ref) bool {
	if r.Instance {
		return true
	}
	for _, st := range r.Path[:max(len(r.Path)-1, 0)] {
		if st == "()" {
			return true
		}
	}
	return false
}

// returnsSelf reports whether every `return value` of a method is
// `return self` (its first parameter), as __enter__ usually is.
func returnsSelf(m *pyparse.Module, f *pyparse.Function) bool {
	if f.ValueReturns == 0 || len(f.ReturnNames) != f.ValueReturns || len(f.Params) == 0 || f.HasDecorator("staticmethod") || f.HasDecorator("classmethod") {
		return false
	}
	for _, n := range f.ReturnNames {
		if n != f.Params[0] {
			return false
		}
	}
	return true
}

// importChoice reports whether a name's bindings in module m's scope, of
// which the last is an import (a Guessed call's head, a module attribute
// read), name more than one thing of the tree: imports of modules (or of
// names in modules) the tree has, and definitions. Which one runs depends
// on what ran (a platform's branch); an import of what the tree does not
// have (`try: from . import _vendored as p` / `except ImportError: import
// p`, without the vendored copy) leaves no choice.
func (g *Graph) importChoice(m *pyparse.Module, bs []pyparse.Binding) bool {
	if len(bs) < 2 {
		return false
	}
	n := 0
	seen := map[string]bool{}
	for _, bd := range bs {
		if bd.Kind != pyparse.BindImport {
			n++
			continue
		}
		t := bd.Import.Target
		if seen[t] || !g.inTree(m, t) {
			continue
		}
		seen[t] = true
		n++
	}
	return n > 1
}

// inTree reports whether what an import binds is code of the tree: a
// module the tree has, or a name its parent module (loaded, as any step of
// a resolution loads what it reads) binds.
func (g *Graph) inTree(from *pyparse.Module, q string) bool {
	if g.src.Lookup(from, q) != "" {
		return true
	}
	i := strings.LastIndexByte(q, '.')
	if i < 0 {
		return false
	}
	pm := g.module(from, q[:i])
	return pm != nil && len(pm.Scope.Bindings.Of(q[i+1:])) > 0
}
