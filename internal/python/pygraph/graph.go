// Package pygraph builds the tree-wide Python call graph asynclint's AL100
// rule needs: it resolves calls across the tree's own modules (imports,
// package-relative imports, methods through self, instances built from the
// tree's classes), finds the sync functions that block by sleeping, directly
// or through other sync functions, and the async call sites that reach them.
//
// Modules are loaded on demand through a Source, so a file that cannot
// matter is never parsed: only modules that a call from async code leads
// into, transitively, are loaded beyond the seeds.
package pygraph

import (
	"cmp"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// Source gives the graph the tree's modules.
type Source interface {
	// Lookup returns the key of the module of the tree that the dotted
	// name means in the code of module from (an import there, or a
	// qualified name built from one), "" when the tree has none, as Python
	// reads the name where from's program runs: a name in from's own
	// package is a file of that package or none; a name that files under
	// several import roots have (two services, each with an `app` package)
	// is the one imported from from's own root or the nearest folder above
	// it that has one, "" when none has. Otherwise a name only one file has
	// is found whatever from is (nil included).
	Lookup(from *pyparse.Module, name string) string
	// Key returns the key Lookup gives for m's file: m.Name when the tree
	// gives m's file that name alone (no other file has it, or m is the
	// package beside a same-named module), a key of m.Name and m's path
	// when other files have it too, "" when m has no name or another file
	// takes it (a module beside the package of the same name).
	Key(m *pyparse.Module) string
	// Shared reports whether another file has one of the names of m's
	// file (its own, or one it is also importable as): an import of that
	// name may mean m's file or the other.
	Shared(m *pyparse.Module) bool
	// Load returns the parsed modules of the given keys (parsing those
	// not parsed yet, in parallel), nil for a module that could not be
	// read. Loading the same key twice returns the same *Module.
	Load(keys []string) []*pyparse.Module
	// Modelled returns what Load would return for key when that needs no
	// parse (the module was modelled already, by an earlier load or up
	// front), nil otherwise; a module it returns is loaded, as by Load.
	Modelled(key string) *pyparse.Module
	// Prefetch tells the source that Load will soon be asked for key,
	// which Modelled did not give: it may start parsing the module in the
	// background, so that the parse runs beside the graph's own work.
	// What Lookup, Modelled and Load give does not depend on it.
	Prefetch(key string)
}

// Sink is what a blocking call is: the rule that reports it when it is
// called directly in async code, and its category.
type Sink struct {
	Code     string
	Category finding.Category
}

// Options say what blocks. The graph knows no blocking function itself:
// the rules do, and tell it through Classify.
type Options struct {
	// Classify reports whether call c of module m blocks, and how. It is
	// asked about calls in function bodies, whatever their context.
	Classify func(m *pyparse.Module, c *pyparse.Call) (Sink, bool)
	// Reached maps each category to propagate through sync helpers to the
	// code that reports an async call reaching it (AL100 for sleep).
	// Categories not in it (unselected ones, ASYNC240's path calls) are
	// reported directly only.
	Reached map[finding.Category]string
	// AllFunctions computes Blocks for every sync function of the seeds,
	// not only those async code reaches (fix --twins --all-blocking):
	// calls are followed from every function. Reached keeps its meaning.
	AllFunctions bool
	// Silenced reports whether the line holding offset off of module m
	// carries a root suppression of code (`# asynclint: ignore[AL100]`):
	// on a blocking call of a sync function, on a call in one, or on a
	// sync function's def line, it cuts the chains through that place, so
	// that the async call sites reaching the blocking call only through it
	// are not reported. Nil: nothing is silenced.
	Silenced func(m *pyparse.Module, off int, code string) bool
	// FollowDecorators are qualified names of decorators from outside the
	// tree that leave a call running the decorated function inline (the
	// configuration's follow-decorators), besides the builtin and
	// functools ones.
	FollowDecorators []string
}

// AsyncSleeps are the qualified names of sleeps that yield to the event
// loop when awaited.
var AsyncSleeps = []string{
	"asyncio.sleep", "trio.sleep", "trio.sleep_until", "trio.sleep_forever",
	"anyio.sleep", "anyio.sleep_until", "anyio.sleep_forever",
}

// Witness is why a sync function blocks in one category: Via is the call in
// the function that leads there, either the blocking call itself (Next nil)
// or a call of Next, a sync function that blocks in that category.
type Witness struct {
	Via  *pyparse.Call
	Next *Func
}

// Func is a function of the tree as the graph sees it.
type Func struct {
	Module *pyparse.Module
	Fn     *pyparse.Function
	// Blocks maps each category the function blocks in, directly or
	// through other sync functions, to its witness (the first, shortest
	// one found). Nil for a function that does not block.
	Blocks map[finding.Category]Witness
	// Reached reports that async code calls the function, directly or
	// through sync functions, by calls that can run (see contextOf).
	Reached bool
	// guarded: some call of the function cannot run some of its
	// branches (Graph.offs holds them)
	guarded bool
	// fwd are the calls of the body forwarding its arguments (see
	// forwards), once fwdDone
	fwd     []edge
	fwdDone bool
	// Twin is the function's async twin (`name_async` or `async_name`
	// beside it), nil if none.
	Twin *pyparse.Function

	edges []edge
	// offs are, when async code reaches the function only by calls that
	// cannot run some of its branches, those branches for each such call
	// (see reach); nil otherwise
	offs [][]pyparse.Span
	// sinks are the blocking calls in the function's own body, by
	// category, in the order found.
	sinks map[finding.Category][]*pyparse.Call
}

type edge struct {
	call *pyparse.Call
	to   *Func
}

// Name is the function's qualified name within its module ("C.m").
func (f *Func) Name() string { return f.Fn.Qual }

// Display is how messages name the function: its name, qualified by its
// class for a special method (`Client.__enter__`) and by its enclosing
// function for a nested def (`retry.wrapper`).
func (f *Func) Display() string {
	if f.Fn.Parent != nil || f.Fn.Class != nil && strings.HasPrefix(f.Fn.Name, "__") && strings.HasSuffix(f.Fn.Name, "__") {
		return f.Fn.Qual
	}
	return f.Fn.Name
}

// BlocksIn reports whether calling the function blocks in category cat,
// and the witness.
func (f *Func) BlocksIn(cat finding.Category) (Witness, bool) {
	w, ok := f.Blocks[cat]
	return w, ok
}

// Categories returns the categories the function blocks in, in the order
// of finding.Categories.
func (f *Func) Categories() []finding.Category {
	var out []finding.Category
	for _, c := range finding.Categories {
		if _, ok := f.Blocks[c]; ok {
			out = append(out, c)
		}
	}
	return out
}

// record records that f blocks in cat through w, unless a root
// suppression of the category's code on f's def line or on the line of
// w's call cuts it; it reports whether f did not block in cat before.
func (g *Graph) record(f *Func, cat finding.Category, w Witness) bool {
	if g.opts.Silenced != nil {
		code := g.opts.Reached[cat]
		if g.opts.Silenced(f.Module, f.Fn.Def.Start, code) || w.Via != nil && g.opts.Silenced(f.Module, w.Via.Pos.Offset, code) {
			return false
		}
	}
	if w.Next == nil {
		f.addSink(cat, w.Via)
	}
	return f.block(cat, w)
}

// block records that f blocks in cat through w unless it already does; it
// reports whether it did not.
func (f *Func) block(cat finding.Category, w Witness) bool {
	if _, ok := f.Blocks[cat]; ok {
		return false
	}
	if f.Blocks == nil {
		f.Blocks = map[finding.Category]Witness{}
	}
	f.Blocks[cat] = w
	return true
}

// AsyncCall is a call, in async context, of a sync function of the tree
// that blocks in Category. A call reaching several categories gives one
// AsyncCall for each. Direct blocking calls are not AsyncCalls: the direct
// rules report them.
type AsyncCall struct {
	Module *pyparse.Module
	// Caller is the async function holding the call.
	Caller *pyparse.Function
	Call   *pyparse.Call
	// Callee is the blocking function called.
	Callee   *Func
	Category finding.Category
	// Code is the rule reporting it (Options.Reached).
	Code string

	// ctx is what the call cannot run in the callee's body (see
	// contextOf); its chains go around it
	ctx *context
}

// Step is one link of a blocking chain.
type Step struct {
	// Name is the callee as shown: "helper()" for a function of the tree,
	// "time.sleep" or "requests.get" for the blocking call at the end.
	Name string
	// Path and Pos locate the call of the callee; Func is the sync
	// function whose body holds it.
	Path string
	Pos  finding.Position
	Func *Func
}

// Graph is the call graph of the tree's async code and what it reaches.
type Graph struct {
	src    Source
	opts   Options
	asleep map[string]bool
	// modules holds the modules looked up, by key (see Source.Lookup),
	// nil for a key the tree could not read; order every module loaded
	// once, in the order loaded, and loaded the same as a set
	modules map[string]*pyparse.Module
	order   []*pyparse.Module
	loaded  map[*pyparse.Module]bool
	funcs   map[*pyparse.Function]*Func
	asyncs  []AsyncCall

	decos           map[*pyparse.Function]decoration
	extraDecorators map[string]bool
	// probing: resolutions are tried (see probe); missing are the modules
	// they asked for that were not loaded
	probing bool
	missing []string
	// probed holds what the tries that were not abandoned found, for the
	// walk to take instead of resolving again: a try that ran to its end
	// found every module it asked for loaded (or absent from the tree),
	// and finds the same whenever it runs again.
	probed struct {
		callees  map[*pyparse.Call][]*Func
		implicit map[*Func][]edge
		// decos are the decorations made while probing; cycle that one
		// of them read another still being made
		decos []*pyparse.Function
		cycle bool
	}
	// deciding are the functions whose decoration is being made
	deciding map[*pyparse.Function]bool
	chains   map[chainKey][][]Step
	// offs are the contexts of the calls that cannot run some of their
	// callee's body (see contextOf); acc the categories those calls carry
	// (see accepted)
	offs map[edge]*context
	acc  map[accKey]bool
}

// Build loads what the seeds' async code reaches and computes which
// functions block. The seeds are the modules that may hold async code or
// sleeps; every other module is loaded only when a call leads into it.
func Build(seeds []*pyparse.Module, src Source, opts Options) *Graph {
	g := &Graph{
		src:     src,
		opts:    opts,
		asleep:  map[string]bool{},
		modules: map[string]*pyparse.Module{},
		loaded:  map[*pyparse.Module]bool{},
		funcs:   map[*pyparse.Function]*Func{},

		decos:           map[*pyparse.Function]decoration{},
		extraDecorators: map[string]bool{},
		chains:          map[chainKey][][]Step{},
		offs:            map[edge]*context{},
		acc:             map[accKey]bool{},
	}
	g.probed.callees = map[*pyparse.Call][]*Func{}
	g.probed.implicit = map[*Func][]edge{}
	g.deciding = map[*pyparse.Function]bool{}
	for _, d := range opts.FollowDecorators {
		g.extraDecorators[d] = true
	}
	for _, n := range AsyncSleeps {
		g.asleep[n] = true
	}
	for _, m := range seeds {
		g.add(m)
	}
	g.explore(seeds, opts.AllFunctions)
	g.propagate()
	return g
}

func (g *Graph) add(m *pyparse.Module) {
	if m == nil || g.loaded[m] {
		return
	}
	if key := g.src.Key(m); key != "" {
		if _, ok := g.modules[key]; ok {
			return
		}
		g.modules[key] = m
	}
	g.loaded[m] = true
	g.order = append(g.order, m)
}

// unnamed reports whether m has a name that the tree does not give it
// alone (another file has it too, or takes it): code may mean m by a
// name the graph does not resolve to it.
func (g *Graph) unnamed(m *pyparse.Module) bool {
	return m.Name != "" && g.src.Key(m) != m.Name || g.src.Shared(m)
}

// module returns the loaded module that name means in from's code,
// loading it if the tree has it; nil otherwise. While the graph probes
// (see probe), a module the tree has but that is not loaded yet is noted
// and the resolution asking for it abandoned.
func (g *Graph) module(from *pyparse.Module, name string) *pyparse.Module {
	key := g.src.Lookup(from, name)
	if key == "" {
		return nil
	}
	if m, ok := g.modules[key]; ok {
		return m
	}
	if g.probing {
		// A module modelled already is loaded on the spot, as the walk
		// would: a try is abandoned only for a module to parse.
		if m := g.src.Modelled(key); m != nil {
			g.adopt(key, m)
			return m
		}
		g.missing = append(g.missing, key)
		// The probe loads it once its tries are done: its parse may start
		// now, beside the tries left.
		g.src.Prefetch(key)
		panic(errMissing)
	}
	g.loadAll([]string{key})
	return g.modules[key]
}

// loadAll loads the modules of the keys (not loaded yet, each once) in
// one batch.
func (g *Graph) loadAll(keys []string) {
	for i, m := range g.src.Load(keys) {
		g.adopt(keys[i], m)
	}
}

// adopt records m (nil: none) as the loaded module of key.
func (g *Graph) adopt(key string, m *pyparse.Module) {
	g.modules[key] = m
	if m != nil && !g.loaded[m] {
		// A file found by two of its names is loaded once.
		g.loaded[m] = true
		g.order = append(g.order, m)
	}
}

// errMissing abandons a resolution that needs a module not loaded yet,
// while the graph probes.
var errMissing = new(int)

// probe loads, in batches, the modules that resolving the level's calls
// will ask for, so that the walk of the level finds them loaded instead of
// loading them one at a time (each waiting for its parse, and the other
// workers idle). Each resolution is tried: one that asks for a module not
// loaded yet is abandoned at that point, and tried again once the modules
// that all the abandoned ones asked for are loaded, until none is
// abandoned. A resolution follows the same steps whether it loads a module
// on the way or finds it loaded, so the modules loaded are those the walk
// alone would load; what a resolution leaves behind (the graph's Funcs and
// decorations) it would leave behind in the walk too, except what an
// abandoned one had started (see decorated). What a try that ran to its
// end found is kept for the walk (Graph.probed), so that no call is
// resolved twice, and the callees it found have their calls tried in the
// same rounds: those are the walk's next levels (it follows every callee
// it finds), whose modules then load beside this level's instead of in
// batches of their own after it. One exception: decorators that decorate
// each other make a decoration depend on the order it is asked in; when
// the tries meet such a cycle, what they found is dropped (settleProbe).
func (g *Graph) probe(level []*Func, seen map[*Func]bool) {
	defer g.settleProbe()
	var tries []func()
	queued := map[*Func]bool{}
	// add queues the tries of caller's resolutions not found yet; a try
	// that runs to its end adds the callees it found (see above).
	var add func(caller *Func)
	add = func(caller *Func) {
		if seen[caller] || queued[caller] {
			return
		}
		queued[caller] = true
		for _, c := range caller.Fn.Calls {
			if _, ok := g.sink(caller.Module, c, caller.Fn); ok || !followed(c, caller.Fn) {
				continue
			}
			if _, ok := g.probed.callees[c]; ok {
				continue
			}
			tries = append(tries, func() {
				out := g.callees(caller.Module, c)
				g.probed.callees[c] = out
				for _, callee := range out {
					add(callee)
				}
			})
		}
		if _, ok := g.probed.implicit[caller]; !ok {
			tries = append(tries, func() {
				out := g.implicit(caller)
				g.probed.implicit[caller] = out
				for _, e := range out {
					add(e.to)
				}
			})
		}
	}
	for _, caller := range level {
		add(caller)
	}
	for len(tries) > 0 {
		var again []func()
		g.missing = g.missing[:0]
		g.probing = true
		// The tries run may queue more (see add).
		for i := 0; i < len(tries); i++ {
			if try := tries[i]; g.try(try) {
				again = append(again, try)
			}
		}
		g.probing = false
		var want []string
		asked := map[string]bool{}
		for _, key := range g.missing {
			if _, ok := g.modules[key]; !ok && !asked[key] {
				asked[key] = true
				want = append(want, key)
			}
		}
		if len(want) == 0 {
			return
		}
		g.loadAll(want)
		tries = again
	}
}

// settleProbe ends a probe. When decorators decorating each other were
// met, what the tries found may depend on their order, which is not the
// walk's: the decorations the probe made and what its tries found are
// dropped, for the walk to make them again in its own order (the modules
// the probe loaded stay loaded).
func (g *Graph) settleProbe() {
	if g.probed.cycle {
		for _, f := range g.probed.decos {
			delete(g.decos, f)
		}
		clear(g.probed.callees)
		clear(g.probed.implicit)
	}
	g.probed.decos = g.probed.decos[:0]
	g.probed.cycle = false
}

// probedCallees is g.callees(m, c), as the probe found it when it did.
func (g *Graph) probedCallees(m *pyparse.Module, c *pyparse.Call) []*Func {
	if out, ok := g.probed.callees[c]; ok {
		delete(g.probed.callees, c)
		return out
	}
	return g.callees(m, c)
}

// probedImplicit is g.implicit(f), as the probe found it when it did.
func (g *Graph) probedImplicit(f *Func) []edge {
	if out, ok := g.probed.implicit[f]; ok {
		delete(g.probed.implicit, f)
		return out
	}
	return g.implicit(f)
}

// try runs f, reporting whether it was abandoned for a missing module.
func (g *Graph) try(f func()) (abandoned bool) {
	defer func() {
		if r := recover(); r != nil {
			if r != errMissing {
				g.probing = false
				panic(r)
			}
			abandoned = true
		}
	}()
	f()
	return false
}

func (g *Graph) fn(m *pyparse.Module, f *pyparse.Function) *Func {
	if x := g.funcs[f]; x != nil {
		return x
	}
	x := &Func{Module: m, Fn: f, Twin: twin(m, f)}
	g.funcs[f] = x
	return x
}

// sink returns the propagated category of a blocking call in f's body that
// runs when f runs (not awaited, not inside a lambda or a class body).
func (g *Graph) sink(m *pyparse.Module, c *pyparse.Call, f *pyparse.Function) (finding.Category, bool) {
	if g.opts.Classify == nil || c.Function != f || c.Context != pyparse.ContextFunction || c.Awaited {
		return "", false
	}
	s, ok := g.opts.Classify(m, c)
	if !ok {
		return "", false
	}
	if _, propagated := g.opts.Reached[s.Category]; !propagated {
		return "", false
	}
	return s.Category, true
}

// followed reports whether a call in f's body runs when f runs and may run
// a sync function of the tree: not awaited, not inside a lambda or a class
// body, and resolved.
func followed(c *pyparse.Call, f *pyparse.Function) bool {
	return c.Function == f && c.Context == pyparse.ContextFunction && !c.Awaited && c.Kind != pyparse.Unresolved
}

// explore walks from every async function's calls through sync functions,
// loading the modules calls lead into, level by level (reach then says
// what is reached). With all set, it then walks on from every sync
// function of the seeds not walked yet.
func (g *Graph) explore(seeds []*pyparse.Module, all bool) {
	var level []*Func
	for _, m := range seeds {
		for _, f := range m.Functions {
			if f.Async {
				level = append(level, g.fn(m, f))
			}
		}
		for _, c := range m.Calls {
			if c.Function == nil || c.Function.Async {
				continue
			}
			if cat, ok := g.sink(m, c, c.Function); ok {
				g.record(g.fn(m, c.Function), cat, Witness{Via: c})
			}
		}
	}
	seen := map[*Func]bool{}
	g.walk(level, seen)
	if !all {
		return
	}
	level = nil
	for _, m := range seeds {
		for _, f := range m.Functions {
			if !f.Async {
				level = append(level, g.fn(m, f))
			}
		}
	}
	g.walk(level, seen)
}

// walk explores from level.
func (g *Graph) walk(level []*Func, seen map[*Func]bool) {
	for len(level) > 0 {
		g.probe(level, seen)
		var next []*Func
		for _, caller := range level {
			if seen[caller] {
				continue
			}
			seen[caller] = true
			for _, c := range caller.Fn.Calls {
				if cat, ok := g.sink(caller.Module, c, caller.Fn); ok {
					// In async code the direct rules report it.
					if !caller.Fn.Async {
						g.record(caller, cat, Witness{Via: c})
					}
					continue
				}
				if !followed(c, caller.Fn) {
					continue
				}
				for _, callee := range g.probedCallees(caller.Module, c) {
					caller.edges = append(caller.edges, edge{call: c, to: callee})
					if !seen[callee] {
						next = append(next, callee)
					}
				}
			}
			for _, e := range g.probedImplicit(caller) {
				caller.edges = append(caller.edges, e)
				if !seen[e.to] {
					next = append(next, e.to)
				}
			}
		}
		level = next
	}
}

// propagate marks callers of blocking functions as blocking, category by
// category, to a fixed point, keeping for each the first (shortest)
// witness found. A call carries its callee's category when the callee
// blocks in it by a call the call can run: any, for most calls; for a
// call that cannot run some branches of its callee (Graph.offs), one
// outside them (see accepted).
func (g *Graph) propagate() {
	// in are each function's incoming edges, to the caller; special the
	// calls with a context, in the order of funcs
	in := map[*Func][]edge{}
	type withContext struct {
		caller *Func
		call   edge
	}
	var special []withContext
	funcs := g.sortedFuncs() // recording adds no Func
	for _, f := range funcs {
		for _, e := range f.edges {
			in[e.to] = append(in[e.to], edge{e.call, f})
			if ctx := g.contextOf(f.Module, e); ctx != nil {
				g.offs[e] = ctx
				e.to.guarded = true
				special = append(special, withContext{f, e})
			}
		}
	}
	// Each item is a function that starts to block in a category: its
	// callers are looked at. A call with a context (see contextOf) carries
	// the category only when its callee blocks in it outside the context,
	// which a later reason of the callee, or of a function it forwards its
	// arguments to, may make true: once the items run out, the calls with
	// contexts not yet carrying a category their callee blocks in are
	// looked at again, until none changes.
	type item struct {
		f   *Func
		cat finding.Category
	}
	var work []item
	for _, f := range funcs {
		for _, cat := range f.Categories() {
			work = append(work, item{f, cat})
		}
	}
	// carry records that caller's call e.call of e.to carries cat.
	carry := func(caller *Func, e edge, cat finding.Category) {
		if g.record(caller, cat, Witness{Via: e.call, Next: e.to}) {
			work = append(work, item{caller, cat})
		}
	}
	for {
		for len(work) > 0 {
			it := work[0]
			work = work[1:]
			for _, e := range in[it.f] {
				caller, call := e.to, edge{e.call, it.f}
				if caller.Fn.Async {
					continue
				}
				if _, ok := caller.Blocks[it.cat]; ok {
					continue
				}
				if ctx := g.off(call.call, call.to); ctx != nil {
					k := accKey{call.call, call.to, it.cat}
					if g.acc[k] || !g.blocksOutside(call.to, it.cat, ctx) {
						continue
					}
					g.acc[k] = true
				}
				carry(caller, call, it.cat)
			}
		}
		changed := false
		for _, s := range special {
			for _, cat := range s.call.to.Categories() {
				k := accKey{s.call.call, s.call.to, cat}
				if g.acc[k] || !g.blocksOutside(s.call.to, cat, g.offs[s.call]) {
					continue
				}
				g.acc[k], changed = true, true
				if _, ok := s.caller.Blocks[cat]; !ok && !s.caller.Fn.Async {
					carry(s.caller, s.call, cat)
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, f := range funcs {
		if !f.Fn.Async {
			continue
		}
		for _, e := range f.edges {
			if !e.call.InAsyncContext() {
				continue
			}
			ctx := g.off(e.call, e.to)
			for _, cat := range e.to.Categories() {
				if ctx != nil && !g.blocksOutside(e.to, cat, ctx) {
					continue
				}
				g.asyncs = append(g.asyncs, AsyncCall{Module: f.Module, Caller: f.Fn, Call: e.call, Callee: e.to, Category: cat, Code: g.opts.Reached[cat], ctx: ctx})
			}
		}
	}
	g.reach(funcs)
	sort.SliceStable(g.asyncs, func(i, j int) bool {
		a, b := g.asyncs[i], g.asyncs[j]
		if a.Module.Path != b.Module.Path {
			return a.Module.Path < b.Module.Path
		}
		return a.Call.Span.Start < b.Call.Span.Start
	})
}

func (g *Graph) sortedFuncs() []*Func {
	fs := make([]*Func, 0, len(g.funcs))
	for _, f := range g.funcs {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b *Func) int {
		return cmp.Or(strings.Compare(a.Module.Path, b.Module.Path), cmp.Compare(a.Fn.Span.Start, b.Fn.Span.Start))
	})
	return fs
}

// Resolve returns the function of the tree a call in m runs, nil when it
// cannot be resolved statically (precision before recall). Calling a class
// resolves to its __init__, an instance to its __call__; a function whose
// decorators are not followed resolves to nil.
func (g *Graph) Resolve(m *pyparse.Module, c *pyparse.Call) *Func {
	if c.Read {
		return nil
	}
	v := g.calleeValue(m, c, nil)
	f := g.callTarget(v)
	if f == nil || !g.decorated(f.Module, f.Fn).follow {
		return nil
	}
	return f
}

// Namespace returns the module of the tree in whose namespace the last
// name of target, a qualified name in from's code, is looked up ("pkg"
// for "pkg.f", even when pkg only re-exports f from pkg.impl), nil if the
// tree has none.
func (g *Graph) Namespace(from *pyparse.Module, target string) *pyparse.Module {
	for end := strings.LastIndexByte(target, '.'); end >= 0; end = strings.LastIndexByte(target[:end], '.') {
		if m := g.module(from, target[:end]); m != nil {
			return m
		}
	}
	return nil
}

// symbol resolves a qualified name in from's code to a function or class
// of the tree.
func (g *Graph) symbol(from *pyparse.Module, target string, depth int) (*pyparse.Module, *pyparse.Function, *pyparse.Class) {
	if depth > 8 || target == "" {
		return nil, nil, nil
	}
	// The longest prefix of target naming a module of the tree (never
	// target itself), then the names after it: first, then the rest.
	for end := strings.LastIndexByte(target, '.'); end >= 0; end = strings.LastIndexByte(target[:end], '.') {
		m := g.module(from, target[:end])
		if m == nil {
			continue
		}
		first, rest, more := strings.Cut(target[end+1:], ".")
		bs := m.Scope.Bindings.Of(first)
		if len(bs) == 0 {
			return nil, nil, nil
		}
		bd := bs[len(bs)-1]
		switch bd.Kind {
		case pyparse.BindFunction:
			if !more {
				return m, bd.Function, nil
			}
		case pyparse.BindClass:
			c := bd.Class
			if !more {
				return m, nil, c
			}
			if !strings.Contains(rest, ".") {
				mm, f := g.method(m, c, rest, 0)
				return mm, f, nil
			}
		case pyparse.BindImport:
			t := bd.Import.Target
			if t == "" {
				return nil, nil, nil
			}
			if more {
				t += "." + rest
			}
			if t == target {
				return nil, nil, nil
			}
			return g.symbol(m, t, depth+1)
		}
		return nil, nil, nil
	}
	return nil, nil, nil
}

// method looks name up in class c and its bases within the tree.
func (g *Graph) method(m *pyparse.Module, c *pyparse.Class, name string, depth int) (*pyparse.Module, *pyparse.Function) {
	if depth > 8 {
		return nil, nil
	}
	if f := c.Methods[name]; f != nil {
		return m, f
	}
	for _, bt := range c.BaseTargets {
		bm, _, bc := g.symbol(m, bt, 0)
		if bc == nil {
			continue
		}
		if mm, f := g.method(bm, bc, name, depth+1); f != nil {
			return mm, f
		}
	}
	return nil, nil
}

// twin finds f's async twin: an async def named name_async or async_name
// in the same class, or among the module-level functions.
func twin(m *pyparse.Module, f *pyparse.Function) *pyparse.Function {
	if f.Async {
		return nil
	}
	trimmed := strings.TrimLeft(f.Name, "_")
	under := f.Name[:len(f.Name)-len(trimmed)]
	names := []string{f.Name + "_async", "async_" + f.Name, under + "async_" + trimmed}
	for _, n := range names {
		var t *pyparse.Function
		switch {
		case f.Class != nil:
			t = f.Class.Methods[n]
		case f.Parent == nil:
			if bs := m.Scope.Bindings.Of(n); len(bs) > 0 && bs[len(bs)-1].Kind == pyparse.BindFunction {
				t = bs[len(bs)-1].Function
			}
		}
		if t != nil && t.Async {
			return t
		}
	}
	return nil
}

// TwinOf returns f's async twin (an async def named name_async or
// async_name beside it), nil if none; unlike Func it does not model f's
// body.
func TwinOf(m *pyparse.Module, f *pyparse.Function) *pyparse.Function { return twin(m, f) }

// Func returns the graph's view of f in m.
func (g *Graph) Func(m *pyparse.Module, f *pyparse.Function) *Func { return g.fn(m, f) }

// HasTwin reports whether f has an async twin.
func (g *Graph) HasTwin(m *pyparse.Module, f *pyparse.Function) bool { return g.fn(m, f).Twin != nil }

// Blocking returns the functions found to block in some category, ordered
// by path and position. Blocking is computed for the functions async code
// reaches and for every sync function of a seed that blocks directly.
func (g *Graph) Blocking() []*Func {
	var out []*Func
	for _, f := range g.sortedFuncs() {
		if len(f.Blocks) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// AsyncCalls returns the calls in async context that block, ordered by
// path and position.
func (g *Graph) AsyncCalls() []AsyncCall { return g.asyncs }

// Modules returns every module loaded: the seeds and those loaded on
// demand.
func (g *Graph) Modules() []*pyparse.Module { return g.order }

// Sites returns every blocking call of a propagated category, and every
// async sleep, of the loaded modules with its migration state, category and
// reporting code, ordered by path and position.
func (g *Graph) Sites() []finding.Site {
	var out []finding.Site
	mods := append([]*pyparse.Module(nil), g.order...)
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	for _, m := range mods {
		for _, c := range m.Calls {
			var sk Sink
			blocking := false
			if g.opts.Classify != nil {
				if s, ok := g.opts.Classify(m, c); ok {
					if _, propagated := g.opts.Reached[s.Category]; propagated {
						sk, blocking = s, true
					}
				}
			}
			safe := !blocking && c.Kind == pyparse.Global && g.asleep[c.Target]
			if !blocking && !safe {
				continue
			}
			callee := c.Target
			if callee == "" {
				callee = c.CalleeText
			}
			s := finding.Site{Path: m.Path, Start: c.Pos, Language: "python", Unit: path.Dir(m.Path), Callee: callee, Category: sk.Category}
			if c.Function != nil {
				s.Function = c.Function.Qual
			}
			switch {
			case safe:
				s.State, s.Category = finding.AsyncSafe, finding.Sleep
			case c.InAsyncContext():
				s.State, s.Code = finding.InAsync, sk.Code
			default:
				s.State = finding.Sync
				if c.Function != nil && !c.Function.Async {
					f := g.fn(m, c.Function)
					_, blocks := f.Blocks[sk.Category]
					switch {
					case f.Reached && blocks && c.Context == pyparse.ContextFunction && !c.Awaited && f.runs(f.offs, c):
						s.State, s.Code = finding.ReachedFromAsync, g.opts.Reached[sk.Category]
					case f.Twin != nil:
						s.State = finding.Compat
					}
				}
			}
			out = append(out, s)
		}
	}
	return out
}

// Classify reports whether call c of module m blocks, and how, as the
// rules told the graph (Options.Classify).
func (g *Graph) Classify(m *pyparse.Module, c *pyparse.Call) (Sink, bool) {
	if g.opts.Classify == nil {
		return Sink{}, false
	}
	return g.opts.Classify(m, c)
}
