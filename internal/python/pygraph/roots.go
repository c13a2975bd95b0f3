package pygraph

import (
	"sort"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// Root is a sync function holding a blocking call of one category (a Func
// whose witness in that category has no Next) with the async call sites
// whose chains of that category end in it.
type Root struct {
	Func     *Func
	Category finding.Category
	// Via is the blocking call in Func that the chains end in.
	Via   *pyparse.Call
	Sites []AsyncCall
	// Between are the sync functions on those chains, the root excluded,
	// in path and position order.
	Between []*Func
}

// Roots returns the blocking roots of the async calls that reach a sync
// function of the tree, ranked by the number of call sites, most first,
// then by path and position. The chains are the first of each site's
// SiteChains (the witnesses Chain follows, unless the call cannot run
// some branches of its callee), so a root is the place the AL100 finding
// of each of its sites names.
func (g *Graph) Roots() []Root {
	type key struct {
		f   *Func
		cat finding.Category
	}
	byRoot := map[key]*Root{}
	var order []key
	for _, ac := range g.asyncs {
		if ac.Callee == nil {
			continue
		}
		p := g.sitePath(ac)
		if len(p) == 0 {
			continue
		}
		var between []*Func
		for _, h := range p[:len(p)-1] {
			between = append(between, h.f)
		}
		last := p[len(p)-1]
		f := last.f
		k := key{f, ac.Category}
		r := byRoot[k]
		if r == nil {
			r = &Root{Func: f, Category: ac.Category, Via: last.via}
			byRoot[k] = r
			order = append(order, k)
		}
		r.Sites = append(r.Sites, ac)
		for _, b := range between {
			if !containsFunc(r.Between, b) {
				r.Between = append(r.Between, b)
			}
		}
	}
	out := make([]Root, 0, len(order))
	for _, f := range order {
		r := byRoot[f]
		sort.SliceStable(r.Between, func(i, j int) bool { return funcLess(r.Between[i], r.Between[j]) })
		out = append(out, *r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Sites) != len(out[j].Sites) {
			return len(out[i].Sites) > len(out[j].Sites)
		}
		if out[i].Func != out[j].Func {
			return funcLess(out[i].Func, out[j].Func)
		}
		return out[i].Category < out[j].Category
	})
	return out
}

func containsFunc(fs []*Func, f *Func) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

func funcLess(a, b *Func) bool {
	if a.Module.Path != b.Module.Path {
		return a.Module.Path < b.Module.Path
	}
	return a.Fn.Span.Start < b.Fn.Span.Start
}

// FindingRoots returns the roots as the report shows them, each with the
// places of its sites' AL10x findings and its category.
func (g *Graph) FindingRoots() []finding.Root {
	var out []finding.Root
	for _, r := range g.Roots() {
		fr := finding.Root{
			Path:      r.Func.Module.Path,
			Line:      r.Via.Pos.Line,
			Function:  r.Func.Fn.Qual,
			Category:  string(r.Category),
			Language:  "python",
			CallSites: len(r.Sites),
			Functions: []string{},
		}
		for _, b := range r.Between {
			fr.Functions = append(fr.Functions, b.Fn.Qual)
		}
		for _, s := range r.Sites {
			fr.Sites = append(fr.Sites, finding.Related{Path: s.Module.Path, Start: s.Call.Pos})
		}
		out = append(out, fr)
	}
	return out
}
