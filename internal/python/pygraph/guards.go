package pygraph

import (
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// A call is read in its context: a blocking call that a sync function
// makes only in a branch guarded by one of its parameters (`if
// scheduler_file:`, `if interval is not None:`, `if config is None:`, the
// else of `if text:`; pyparse.Guard) does not run when the call passes a
// literal that branch cannot run with there or leaves the parameter at
// such a default (pyparse.Guard.Off). This holds at every link of a chain, and
// one link further through a function that forwards its own *args and
// **kwargs (`def __init__(self, *args, **kwargs): super().__init__(*args,
// **kwargs)`): its callee's branches are read with the arguments that
// reach it.

// context is what a call of a function cannot run in the function's body:
// the branches off and, for the calls of the body that forward the
// function's *args and **kwargs, what the arguments they forward cannot
// run in their callees (fwd).
type context struct {
	off []pyparse.Span
	fwd map[edge]*context
}

// contextOf returns the context of e's call, in module m, of e.to; nil
// when the call can run all of e.to's body, or when how its arguments
// reach the parameters is not certain (*args or **kwargs passed, a
// decorator other than the signature-keeping ones, a call the graph
// resolves to e.to only through a getter or a context manager).
func (g *Graph) contextOf(m *pyparse.Module, e edge) *context {
	fwds := g.forwards(e.to)
	if len(e.to.Fn.Guards) == 0 && len(fwds) == 0 || !keepsSignature(e.to.Fn) {
		return nil
	}
	p, ok := m.Arguments(e.call)
	if !ok || p.Unpacked {
		return nil
	}
	off := spansFor(e.to, e.call, p)
	var fwd map[edge]*context
	if len(fwds) > 0 {
		if sig, shift, ok := binding(e.to, e.call); ok {
			for _, x := range fwds {
				px, _ := e.to.Module.Arguments(x.call)
				var set []string
				if px.StarStar != "" {
					var known bool
					if set, known = kwargsSets(e.to.Module, e.to.Fn, px.StarStar); !known {
						continue
					}
				}
				if q, ok := forward(e.to.Fn, px, shadowable(e.to.Module, x.call), sig, shift, p, set); ok {
					if sp := spansFor(x.to, x.call, q); sp != nil {
						if fwd == nil {
							fwd = map[edge]*context{}
						}
						fwd[x] = &context{off: sp}
					}
				}
			}
		}
	}
	if off == nil && fwd == nil || g.Resolve(m, e.call) != e.to {
		return nil
	}
	return &context{off: off, fwd: fwd}
}

// spansFor returns the guarded branches of to's body that a call passing
// p cannot run, nil when none.
func spansFor(to *Func, call *pyparse.Call, p pyparse.Passed) []pyparse.Span {
	fn := to.Fn
	if len(fn.Guards) == 0 || !keepsSignature(fn) {
		return nil
	}
	shift, certain := shiftOf(fn, call)
	var off []pyparse.Span
	for _, gd := range fn.Guards {
		if v, ok := argValue(&p, gd, shift, certain); ok && gd.Off(v) {
			off = append(off, gd.Span)
		}
	}
	return off
}

// forwards returns the calls of h's body to a function with guards, which
// they run directly, that pass on what h was given: h's own *args or
// **kwargs (and nothing else unpacked), or one of h's parameters that h
// never rebinds.
func (g *Graph) forwards(h *Func) []edge {
	if h.fwdDone {
		return h.fwd
	}
	h.fwdDone = true
	var out []edge
	for _, x := range h.edges {
		if len(x.to.Fn.Guards) == 0 || x.call.Args.Empty() || !mayPassOn(h.Fn, h.Module.Text(x.call.Args)) {
			continue
		}
		if px, ok := h.Module.Arguments(x.call); ok && passesOn(h.Fn, px) && g.Resolve(h.Module, x.call) == x.to {
			out = append(out, x)
		}
	}
	h.fwd = out
	return out
}

// shadowable reports whether the names call passes may not be its
// function's own: its statement has a comprehension (or is a for header)
// whose variables may shadow them.
func shadowable(m *pyparse.Module, call *pyparse.Call) bool {
	return pyparse.HasWord(m.Text(call.Stmt), "for")
}

// mayPassOn reports whether an argument list's text may pass on fn's
// parameters: it unpacks something or names a parameter fn never rebinds.
func mayPassOn(fn *pyparse.Function, text string) bool {
	if strings.Contains(text, "*") {
		return true
	}
	for i, p := range fn.Params {
		if fixed(fn, i) && strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// passesOn reports whether a call passing px passes on fn's own *args or
// **kwargs, or one of the parameters fn never rebinds.
func passesOn(fn *pyparse.Function, px pyparse.Passed) bool {
	if px.Star != "" || px.StarStar != "" {
		return true
	}
	for _, n := range px.PositionalNames {
		if isFixed(fn, n) {
			return true
		}
	}
	for _, k := range px.Keywords {
		if isFixed(fn, k.From) {
			return true
		}
	}
	return false
}

// kwargsSets returns the keys that fn's body may set in its **kwargs
// named name, by `kwargs["k"] = v` or `kwargs.setdefault("k", v)`; known is
// false when the body may change it otherwise (`kwargs.pop("k")`,
// `kwargs.update(...)`, `del kwargs["k"]`, a key that is not a string
// literal, rebinding it, passing it whole or binding another name to it):
// the text names it otherwise than by unpacking it or by those two.
func kwargsSets(m *pyparse.Module, fn *pyparse.Function, name string) (keys []string, known bool) {
	text := m.Text(fn.Body)
	for end := range pyparse.WordEnds(text, name) {
		if strings.HasSuffix(strings.TrimRight(text[:end-len(name)], " \t"), "**") {
			continue // unpacked
		}
		rest := strings.TrimLeft(text[end:], " \t")
		if rest == "" {
			return nil, false
		}
		switch rest[0] {
		case '[':
			k, after, ok := keyLiteral(rest[1:], "]")
			if after = strings.TrimLeft(after, " \t"); !ok || len(after) < 2 || after[0] != '=' || after[1] == '=' {
				return nil, false
			}
			keys = append(keys, k)
		case '.':
			call, ok := strings.CutPrefix(rest, ".setdefault(")
			if !ok {
				return nil, false
			}
			k, _, ok := keyLiteral(call, ",")
			if !ok {
				return nil, false
			}
			keys = append(keys, k)
		default:
			// Passed whole (`fix(kwargs)`), aliased (`k = kwargs`), or
			// named in a string or comment: it may change anywhere.
			return nil, false
		}
	}
	return keys, true
}

// keyLiteral reads, at the start of s, a plain string literal holding a
// name ("log", 'newline'), then close: the name and the text after close.
func keyLiteral(s, close string) (key, after string, ok bool) {
	s = strings.TrimLeft(s, " \t")
	if len(s) < 2 || s[0] != '"' && s[0] != '\'' {
		return "", "", false
	}
	end := strings.IndexByte(s[1:], s[0])
	if end < 0 {
		return "", "", false
	}
	key = s[1 : 1+end]
	if !pyparse.IsIdentifier(key) {
		return "", "", false
	}
	after, ok = strings.CutPrefix(strings.TrimLeft(s[2+end:], " \t"), close)
	return key, after, ok
}

// fixed reports whether fn never rebinds its parameter Params[i].
func fixed(fn *pyparse.Function, i int) bool { return i < 32 && fn.Fixed&(1<<i) != 0 }

// isFixed reports whether name is a parameter fn never rebinds.
func isFixed(fn *pyparse.Function, name string) bool {
	if name == "" {
		return false
	}
	i := slices.Index(fn.Params, name)
	return i >= 0 && fixed(fn, i)
}

// binding returns h's signature and how many of its first parameters
// call binds before its positional arguments (see shiftOf); ok false when
// either is not certain.
func binding(h *Func, call *pyparse.Call) (sig pyparse.Signature, shift int, ok bool) {
	sig, ok = h.Module.Signature(h.Fn)
	if !ok {
		return sig, 0, false
	}
	shift, ok = shiftOf(h.Fn, call)
	if !ok || shift > sig.KwOnly {
		return sig, 0, false
	}
	return sig, shift, true
}

// shiftOf returns how many of fn's first parameters call binds before its
// positional arguments: cls for a classmethod; self for a method called
// through an instance (`self.m()`, `obj.m()` on a built or typed instance,
// `super().m()`) or by calling its class (`__init__`, `__call__` of a
// module-level instance); none for a function called by name, a
// staticmethod (and __new__), or a method called through its class (`C.m(obj, ...)`,
// `cls.m(obj, ...)` in a classmethod). ok is false when it is not certain
// (a function called through an attribute, which may be a method's; a
// receiver whose being an instance is not known).
func shiftOf(fn *pyparse.Function, call *pyparse.Call) (shift int, ok bool) {
	switch {
	case fn.Class == nil:
		return 0, call.Kind == pyparse.Global || call.Kind == pyparse.LocalFunction
	case isStatic(fn):
		return 0, true
	case isClassMethod(fn):
		return 1, true
	case call.Kind == pyparse.Global:
		// C.m(obj, ...) names the method; C(...) or inst(...) runs
		// __init__ or __call__ on an instance.
		if strings.HasSuffix(call.Target, "."+fn.Qual) {
			return 0, true
		}
		if strings.HasSuffix(call.Target, "."+fn.Name) {
			// Sub.m(obj, ...) for an inherited m, or inst.m(...): which
			// one is not certain.
			return 0, false
		}
		return 1, true
	case call.Kind == pyparse.SelfMethod:
		if call.Function != nil && (isClassMethod(call.Function) || call.Function.Name == "__new__") {
			return 0, true // cls.m(obj, ...)
		}
		return 1, true
	case call.Kind == pyparse.InstanceMethod:
		return 1, true
	case call.Kind == pyparse.Typed && call.Ref != nil && (call.Ref.Instance || call.Ref.Super):
		return 1, true
	}
	return 0, false
}

// isStatic reports a method that binds no first parameter: a
// staticmethod, or __new__, which Python makes one (every call of it
// passes the class: `super().__new__(cls)`; the graph does not lead
// `C(...)` into it).
func isStatic(fn *pyparse.Function) bool {
	return fn.HasDecorator("staticmethod") || fn.Name == "__new__"
}

// isClassMethod reports a method whose first parameter is bound to the
// class: a classmethod, or __init_subclass__ and __class_getitem__,
// which Python makes ones.
func isClassMethod(fn *pyparse.Function) bool {
	return fn.HasDecorator("classmethod") || fn.Name == "__init_subclass__" || fn.Name == "__class_getitem__"
}

// forward returns what call x, passing px in function fn of signature
// sig (shift of its first parameters bound, see binding) that was called
// with p, passes its callee: px's own arguments, each of fn's parameters
// that fn never rebinds read as p gave it, then the positional arguments p
// gives fn's *args (when px passes `*args`) and the keywords p gives its
// **kwargs (when px passes `**kwargs`), those of them that fn's body may
// set (set) being unknown. ok is false when p does not fit sig, or px
// unpacks anything else.
func forward(fn *pyparse.Function, px pyparse.Passed, shadowed bool, sig pyparse.Signature, shift int, p pyparse.Passed, set []string) (q pyparse.Passed, ok bool) {
	if px.Unpacked && px.Star == "" && px.StarStar == "" || shadowed && (px.Star != "" || px.StarStar != "") ||
		px.Star != "" && (px.Star != sig.VarArgs || !isFixed(fn, px.Star)) ||
		px.StarStar != "" && (px.StarStar != sig.VarKwargs || !isFixed(fn, px.StarStar)) {
		return q, false
	}
	given := func(name string, v pyparse.Literal) pyparse.Literal {
		if shadowed {
			return v
		}
		if !isFixed(fn, name) {
			return v
		}
		if w, ok := passedValue(sig, shift, p, name); ok {
			return w
		}
		return pyparse.LitOther
	}
	for i, v := range px.Positional {
		q.Positional = append(q.Positional, given(px.PositionalNames[i], v))
	}
	named := sig.Names[shift:]
	positional := sig.KwOnly - shift
	if len(p.Positional) > positional {
		if sig.VarArgs == "" {
			return q, false
		}
		if px.Star != "" {
			q.Positional = append(q.Positional, p.Positional[positional:]...)
		}
	}
	for _, k := range px.Keywords {
		q.Keywords = append(q.Keywords, pyparse.Keyword{Name: k.Name, Value: given(k.From, k.Value)})
	}
	for _, k := range p.Keywords {
		if i := slices.Index(named, k.Name); i >= 0 && i+shift >= sig.PosOnly {
			continue
		}
		if sig.VarKwargs == "" {
			return q, false
		}
		if px.StarStar != "" && !slices.Contains(set, k.Name) {
			q.Keywords = append(q.Keywords, k)
		}
	}
	for _, k := range set {
		if !slices.ContainsFunc(q.Keywords, func(x pyparse.Keyword) bool { return x.Name == k }) {
			q.Keywords = append(q.Keywords, pyparse.Keyword{Name: k, Value: pyparse.LitOther})
		}
	}
	return q, true
}

// passedValue returns what a call passing p, of a function of signature
// sig binding shift parameters first, gives its parameter name; ok false
// when it is not one of sig's named parameters or is bound (self).
func passedValue(sig pyparse.Signature, shift int, p pyparse.Passed, name string) (pyparse.Literal, bool) {
	idx := slices.Index(sig.Names, name)
	if idx < shift {
		return 0, false
	}
	for _, k := range p.Keywords {
		if k.Name == name && idx >= sig.PosOnly {
			return k.Value, true
		}
	}
	if i := idx - shift; idx < sig.KwOnly && i < len(p.Positional) {
		return p.Positional[i], true
	}
	return sig.Defaults[idx], true
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
// literal passed by keyword or, when the call's binding is certain (shift
// parameters bound before its positional arguments), by position; else
// the default when the call cannot give it by position whether it binds
// self or not (fewer positional arguments than the parameter's index); ok
// false when it may give it something unknown.
func argValue(p *pyparse.Passed, gd pyparse.Guard, shift int, certain bool) (v pyparse.Literal, ok bool) {
	for _, k := range p.Keywords {
		if k.Name == gd.Param && !gd.PosOnly {
			return k.Value, true
		}
	}
	if gd.Index >= 0 {
		n, i := len(p.Positional), gd.Index-shift
		switch {
		case certain && i < 0:
			return 0, false
		case certain && n > i:
			return p.Positional[i], true
		case !certain && n >= gd.Index:
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

// blocksOutside reports whether f, called in context ctx (nil: any
// call), blocks in cat by a call it can run: a blocking call of its own,
// or a call of a sync function that carries cat (accepted; read in its
// forwarded context, for a call forwarding f's arguments) and that no
// root suppression cuts.
func (g *Graph) blocksOutside(f *Func, cat finding.Category, ctx *context) bool {
	var off []pyparse.Span
	if ctx != nil {
		off = ctx.off
	}
	for _, s := range f.sinks[cat] {
		if !within(f, off, s) {
			return true
		}
	}
	for _, e := range f.edges {
		if within(f, off, e.call) || e.to.Fn.Async || g.silenced(f, e.call, cat) {
			continue
		}
		if fc := ctx.forwarded(e); fc != nil {
			if _, ok := e.to.Blocks[cat]; ok && g.blocksOutside(e.to, cat, fc) {
				return true
			}
			continue
		}
		if g.accepted(e, cat) {
			return true
		}
	}
	return false
}

// forwarded returns the context of e's call, which forwards the arguments
// of a call in context ctx, nil when it has none of its own.
func (ctx *context) forwarded(e edge) *context {
	if ctx == nil || ctx.fwd == nil {
		return nil
	}
	return ctx.fwd[e]
}

// child returns the context of e's call, made in a function called in
// context ctx.
func (g *Graph) child(ctx *context, e edge) *context {
	if fc := ctx.forwarded(e); fc != nil {
		return fc
	}
	return g.off(e.call, e.to)
}

// offIn returns the branches ctx cannot run (nil for a nil ctx).
func (ctx *context) offIn() []pyparse.Span {
	if ctx == nil {
		return nil
	}
	return ctx.off
}

// off returns the context of call's call of to, nil when it can run
// all of to's body.
func (g *Graph) off(call *pyparse.Call, to *Func) *context {
	if !to.guarded {
		return nil
	}
	return g.offs[edge{call, to}]
}

// reach computes Reached: a function is reached when an async function
// calls it, directly or through sync functions, by calls that can run. A
// function that is called only in contexts that cannot run some of its
// branches keeps, in offs, those branches for each such context; what
// only they lead to is not reached.
func (g *Graph) reach(funcs []*Func) {
	// While it runs, Reached means reached by a call that can run all of
	// the function's body; offs holds the branches of the others.
	for _, f := range funcs {
		f.Reached, f.offs = false, nil
	}
	type item struct {
		f   *Func
		ctx *context
	}
	entered := map[*context]bool{}
	var queue []item
	enter := func(to *Func, ctx *context) {
		switch {
		case to.Reached:
		case ctx == nil:
			to.Reached = true
			queue = append(queue, item{to, nil})
		case !entered[ctx]:
			entered[ctx] = true
			to.offs = append(to.offs, ctx.off)
			queue = append(queue, item{to, ctx})
		}
	}
	for _, f := range funcs {
		if f.Fn.Async {
			for _, e := range f.edges {
				enter(e.to, g.off(e.call, e.to))
			}
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		for _, e := range it.f.edges {
			if !within(it.f, it.ctx.offIn(), e.call) {
				enter(e.to, g.child(it.ctx, e))
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
