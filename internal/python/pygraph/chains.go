package pygraph

import (
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

func (f *Func) addSink(cat finding.Category, c *pyparse.Call) {
	for _, x := range f.sinks[cat] {
		if x == c {
			return
		}
	}
	if f.sinks == nil {
		f.sinks = map[finding.Category][]*pyparse.Call{}
	}
	f.sinks[cat] = append(f.sinks[cat], c)
}

type chainKey struct {
	f   *Func
	cat finding.Category
}

// hop is one link of a chain: a call in f, of the next hop's function or,
// for the last hop, the blocking call.
type hop struct {
	f   *Func
	via *pyparse.Call
}

// Chains returns a chain from f to each distinct blocking call of category
// cat that calling f runs: the witness chain first, then one
// shortest chain to each other blocking call, in breadth-first order. A
// chain never goes through a place a root suppression cuts.
func (g *Graph) Chains(f *Func, cat finding.Category) [][]Step {
	k := chainKey{f, cat}
	if cs, ok := g.chains[k]; ok {
		return cs
	}
	var out [][]Step
	if _, ok := f.Blocks[cat]; ok {
		for _, p := range g.search(f, cat, g.witness(f, cat, nil), nil) {
			out = append(out, steps(p))
		}
	}
	g.chains[k] = out
	return out
}

// SiteChains returns the chains of an async call: its callee's Chains, or,
// for a call that cannot run some branches of the callee's body (see
// contextOf), the chains that go around them: the witness chain when it
// does, then a shortest chain to each other distinct blocking call, in
// breadth-first order.
func (g *Graph) SiteChains(ac AsyncCall) [][]Step {
	if ac.ctx == nil {
		return g.Chains(ac.Callee, ac.Category)
	}
	var out [][]Step
	for _, p := range g.search(ac.Callee, ac.Category, g.witness(ac.Callee, ac.Category, ac.ctx), ac.ctx) {
		out = append(out, steps(p))
	}
	return out
}

// witness returns the chain of witnesses from f, called by a call that
// cannot run the off branches of its body, down to the blocking call of
// category cat; nil when a witness lies in a branch that the call before
// it cannot run (the chain must then be searched). Recursion cannot loop:
// each function has one witness a category and witnesses were assigned
// in breadth-first order.
func (g *Graph) witness(f *Func, cat finding.Category, ctx *context) []hop {
	var out []hop
	seen := map[*Func]bool{}
	for f != nil && !seen[f] {
		w, ok := f.Blocks[cat]
		if !ok || within(f, ctx.offIn(), w.Via) {
			return nil
		}
		seen[f] = true
		out = append(out, hop{f, w.Via})
		if w.Next == nil {
			return out
		}
		ctx = g.child(ctx, edge{w.Via, w.Next})
		f = w.Next
	}
	// A cycle of witnesses: no blocking call at its end.
	return nil
}

// search returns first (when given) and a shortest chain from f to each
// other blocking call of category cat, breadth first, leaving out the
// calls of f's body within the off spans, the calls of each function
// within the branches that the call reaching it cannot run, the calls that
// do not carry cat (accepted) and the places root suppressions cut.
func (g *Graph) search(f *Func, cat finding.Category, first []hop, ctx *context) [][]hop {
	type rootKey struct {
		path string
		off  int
	}
	roots := map[rootKey]bool{}
	var out [][]hop
	if len(first) > 0 {
		out = append(out, first)
		last := first[len(first)-1]
		roots[rootKey{last.f.Module.Path, last.via.Pos.Offset}] = true
	}
	type node struct {
		f    *Func
		prev *node
		via  *pyparse.Call
		ctx  *context
	}
	// A function is visited once in each context it is reached in: one
	// reached first where a branch is off may be reached again where it
	// is not.
	type visit struct {
		f   *Func
		ctx *context
	}
	visited := map[visit]bool{{f, ctx}: true}
	queue := []*node{{f: f, ctx: ctx}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, s := range n.f.sinks[cat] {
			rk := rootKey{n.f.Module.Path, s.Pos.Offset}
			if roots[rk] || within(n.f, n.ctx.offIn(), s) {
				continue
			}
			roots[rk] = true
			var rev []hop
			rev = append(rev, hop{n.f, s})
			for x := n; x.prev != nil; x = x.prev {
				rev = append(rev, hop{x.prev.f, x.via})
			}
			p := make([]hop, len(rev))
			for i := range rev {
				p[i] = rev[len(rev)-1-i]
			}
			out = append(out, p)
		}
		for _, e := range n.f.edges {
			child := g.child(n.ctx, e)
			if visited[visit{e.to, child}] || e.to.Fn.Async || within(n.f, n.ctx.offIn(), e.call) || g.silenced(n.f, e.call, cat) {
				continue
			}
			if fc := n.ctx.forwarded(e); fc != nil {
				if _, ok := e.to.Blocks[cat]; !ok || !g.blocksOutside(e.to, cat, fc) {
					continue
				}
			} else if !g.accepted(e, cat) {
				continue
			}
			visited[visit{e.to, child}] = true
			queue = append(queue, &node{f: e.to, prev: n, via: e.call, ctx: child})
		}
	}
	return out
}

// steps renders a chain: each hop's call, named by the function it calls
// ("_retry()") or, at the end, by the blocking call ("time.sleep").
func steps(p []hop) []Step {
	out := make([]Step, len(p))
	for i, h := range p {
		name := ""
		if i+1 < len(p) {
			name = p[i+1].f.Display() + "()"
		} else {
			name = sinkName(h.f.Module, h.via)
		}
		out[i] = Step{Name: name, Path: h.f.Module.Path, Pos: h.via.Pos, Func: h.f}
	}
	return out
}

// sinkName is how a chain names the blocking call at its end: its
// qualified name, or its callee as written.
func sinkName(m *pyparse.Module, c *pyparse.Call) string {
	switch {
	case c.Target != "":
		return c.Target
	case c.CalleeText != "":
		return c.CalleeText
	}
	return m.Text(c.Callee)
}
