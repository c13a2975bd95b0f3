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

// Chains returns a chain from f to each distinct blocking call of category
// cat that calling f runs: the witness chain (Chain's) first, then one
// shortest chain to each other blocking call, in breadth-first order. A
// chain never goes through a place a root suppression cuts.
func (g *Graph) Chains(f *Func, cat finding.Category) [][]Step {
	k := chainKey{f, cat}
	if cs, ok := g.chains[k]; ok {
		return cs
	}
	first := g.Chain(f, cat)
	if len(first) == 0 {
		g.chains[k] = nil
		return nil
	}
	out := [][]Step{first}
	type rootKey struct {
		path string
		off  int
	}
	last := first[len(first)-1]
	roots := map[rootKey]bool{{last.Path, last.Pos.Offset}: true}
	type node struct {
		f    *Func
		prev *node
		via  *pyparse.Call
	}
	code := g.opts.Reached[cat]
	visited := map[*Func]bool{f: true}
	queue := []*node{{f: f}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, s := range n.f.sinks[cat] {
			rk := rootKey{n.f.Module.Path, s.Pos.Offset}
			if roots[rk] {
				continue
			}
			roots[rk] = true
			var rev []Step
			rev = append(rev, Step{Name: sinkName(s), Path: n.f.Module.Path, Pos: s.Pos})
			for x := n; x.prev != nil; x = x.prev {
				rev = append(rev, Step{Name: x.f.Display() + "()", Path: x.prev.f.Module.Path, Pos: x.via.Pos})
			}
			steps := make([]Step, len(rev))
			for i := range rev {
				steps[i] = rev[len(rev)-1-i]
			}
			out = append(out, steps)
		}
		for _, e := range n.f.edges {
			if visited[e.to] || e.to.Fn.Async {
				continue
			}
			if _, ok := e.to.Blocks[cat]; !ok {
				continue
			}
			if g.opts.Silenced != nil && g.opts.Silenced(n.f.Module, e.call.Pos.Offset, code) {
				continue
			}
			visited[e.to] = true
			queue = append(queue, &node{f: e.to, prev: n, via: e.call})
		}
	}
	g.chains[k] = out
	return out
}

// sinkName is how a chain names the blocking call at its end.
func sinkName(c *pyparse.Call) string {
	if c.Target != "" {
		return c.Target
	}
	return c.CalleeText
}
