package pygraph

import (
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// The first hop of a chain is read in the context of its call: a blocking
// call that a sync helper makes only in a branch guarded by one of its
// parameters (`if scheduler_file:`, `if interval is not None:`) does not
// run when the async call site passes a false literal there or leaves the
// parameter at a false default (pyparse.Guard). Deeper hops are not: what
// a helper passes on to the next is not followed.

// offSpans returns the branches of the body of e.to, called by e.call in
// async code in module m, that the call cannot run; nil when there is
// none, or when how the call's arguments reach the parameters is not
// certain (a decorator other than the signature-keeping ones, a call the
// graph resolves to e.to only through a getter or a context manager).
func (g *Graph) offSpans(m *pyparse.Module, e edge) []pyparse.Span {
	fn := e.to.Fn
	if len(fn.Guards) == 0 || !keepsSignature(fn) {
		return nil
	}
	p, ok := m.Arguments(e.call)
	if !ok || p.Unpacked {
		return nil
	}
	var off []pyparse.Span
	for _, gd := range fn.Guards {
		if v, ok := argValue(&p, gd, fn.Class == nil && (e.call.Kind == pyparse.Global || e.call.Kind == pyparse.LocalFunction)); ok && gd.Off(v) {
			off = append(off, gd.Span)
		}
	}
	if len(off) == 0 || g.Resolve(m, e.call) != e.to {
		return nil
	}
	return off
}

// keepsSignature reports whether fn's decorators leave the arguments of a
// call of fn as they are (staticmethod, classmethod, functools' caches,
// contextlib.contextmanager).
func keepsSignature(fn *pyparse.Function) bool {
	for _, t := range fn.DecoratorTargets {
		switch t {
		case "staticmethod", "classmethod", "functools.lru_cache", "functools.cache", "functools.wraps", "contextlib.contextmanager":
		default:
			return false
		}
	}
	return true
}

// argValue returns what a call passing p gives the guard's parameter: the
// literal passed by keyword or (exact: a plain function called by name,
// so positions match) by position, or the default when the call cannot
// give it (for a method, fewer positional arguments than the parameter's
// index, whether the call binds self or not); ok false when it may give it
// something unknown.
func argValue(p *pyparse.Passed, gd pyparse.Guard, exact bool) (v pyparse.Literal, ok bool) {
	for _, k := range p.Keywords {
		if k.Name == gd.Param {
			return k.Value, true
		}
	}
	if gd.Index >= 0 {
		n := len(p.Positional)
		switch {
		case exact && n > gd.Index:
			return p.Positional[gd.Index], true
		case !exact && n >= gd.Index:
			return 0, false
		}
	}
	return gd.Default, true
}

// within reports whether call c of f's body lies in one of the spans.
func within(f *Func, off []pyparse.Span, c *pyparse.Call) bool {
	if c.Function != f.Fn {
		return false
	}
	for _, s := range off {
		if s.Start <= c.Span.Start && c.Span.Start < s.End {
			return true
		}
	}
	return false
}

// accKey is a call of to in a category.
type accKey struct {
	call *pyparse.Call
	to   *Func
	cat  finding.Category
}

// accepted reports whether the call of edge e carries the category cat of
// its callee: the callee blocks in cat and, for a call that cannot run
// some of its branches, it blocks in cat outside them.
func (g *Graph) accepted(e edge, cat finding.Category) bool {
	if g.off(e.call, e.to) != nil {
		return g.acc[accKey{e.call, e.to, cat}]
	}
	_, ok := e.to.Blocks[cat]
	return ok
}

// silenced reports whether a root suppression of cat's code cuts call c of
// f.
func (g *Graph) silenced(f *Func, c *pyparse.Call, cat finding.Category) bool {
	return g.opts.Silenced != nil && g.opts.Silenced(f.Module, c.Pos.Offset, g.opts.Reached[cat])
}

// blocksOutside reports whether f blocks in cat by a call outside the
// spans: a blocking call of its own, or a call of a sync function that
// carries cat (accepted) and that no root suppression cuts.
func (g *Graph) blocksOutside(f *Func, cat finding.Category, off []pyparse.Span) bool {
	for _, s := range f.sinks[cat] {
		if !within(f, off, s) {
			return true
		}
	}
	for _, e := range f.edges {
		if within(f, off, e.call) || e.to.Fn.Async || !g.accepted(e, cat) || g.silenced(f, e.call, cat) {
			continue
		}
		return true
	}
	return false
}

// off returns the branches of to's body that call cannot run (see
// offSpans), nil when none.
func (g *Graph) off(call *pyparse.Call, to *Func) []pyparse.Span {
	if !to.guarded {
		return nil
	}
	return g.offs[edgeKey{call, to}]
}

// reach computes Reached: a function is reached when an async function
// calls it, directly or through sync functions, by calls that can run. A
// function that is called only by calls that cannot run some of its
// branches (Graph.offs) keeps, in offs, those branches for each such
// call; what only they lead to is not reached.
func (g *Graph) reach(funcs []*Func) {
	// While it runs, Reached means reached by a call that can run all of
	// the function's body; offs holds the branches of the others.
	for _, f := range funcs {
		f.Reached, f.offs = false, nil
	}
	entered := map[edgeKey]bool{}
	var queue []*Func
	enter := func(e edge) {
		switch off := g.off(e.call, e.to); {
		case e.to.Reached:
		case off == nil:
			e.to.Reached = true
			queue = append(queue, e.to)
		case !entered[edgeKey{e.call, e.to}]:
			entered[edgeKey{e.call, e.to}] = true
			e.to.offs = append(e.to.offs, off)
			queue = append(queue, e.to)
		}
	}
	for _, f := range funcs {
		if f.Fn.Async {
			for _, e := range f.edges {
				enter(e)
			}
		}
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		for _, e := range f.edges {
			if f.Reached || f.runs(f.offs, e.call) {
				enter(e)
			}
		}
	}
	for _, f := range funcs {
		if f.Reached {
			f.offs = nil
		} else if f.offs != nil {
			f.Reached = true
		}
	}
}

// runs reports whether call c of f's body runs for one of the calls of f
// whose off branches are sets.
func (f *Func) runs(sets [][]pyparse.Span, c *pyparse.Call) bool {
	if sets == nil {
		return true
	}
	for _, off := range sets {
		if !within(f, off, c) {
			return true
		}
	}
	return false
}

type edgeKey struct {
	call *pyparse.Call
	to   *Func
}
