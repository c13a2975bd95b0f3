package pyparse

import (
	"bytes"
	"fmt"
)

// MentionsOf returns m.Mentions(names), also for a module whose tree was
// dropped (DropTree, or a model read from a cache): p parses m's source
// again, the mentions are found in that copy and pointed at m's own
// functions, imports, classes and calls, and the copy is freed. Their
// Scope is nil then; what the scope answers of a mention, the binding of
// its head, is in Head. So a run that keeps models, not trees, holds one
// extra tree at a time. An error when the copy is not the model m is (the
// file changed since it was modelled).
func (p *Parser) MentionsOf(m *Module, names map[string]bool) ([]Mention, error) {
	if m.Tree != nil {
		return m.Mentions(names), nil
	}
	src := m.Source()
	found := false
	for n := range names {
		if bytes.Contains(src, []byte(n)) {
			found = true
			break
		}
	}
	if !found {
		return nil, nil
	}
	c, err := p.Parse(m.Path, src, Options{Name: m.Name, IsPackage: m.IsPackage})
	if err != nil {
		return nil, err
	}
	// The copy's memory goes to the collector, not to p's pools: the
	// mentions returned keep pieces of it (the shapes of bound values).
	defer c.DropTree()
	if !sameModel(m, c) {
		return nil, fmt.Errorf("%s: the file changed while it was checked: its uses are not known", m.Path)
	}
	fns, classes := pairs(c.Functions, m.Functions), pairs(c.Classes, m.Classes)
	imports, calls := pairs(c.Imports, m.Imports), pairs(c.Calls, m.Calls)
	ms := c.Mentions(names)
	for i := range ms {
		mt := &ms[i]
		mt.Scope = nil
		mt.Function = fns[mt.Function]
		mt.Import = imports[mt.Import]
		h := &mt.Head
		h.Function, h.Class, h.Import, h.Ctor = fns[h.Function], classes[h.Class], imports[h.Import], calls[h.Ctor]
	}
	return ms, nil
}

// sameModel reports whether c, a model of m's source built again, has m's
// functions, classes, imports and calls, in the same places.
func sameModel(m, c *Module) bool {
	if len(m.Functions) != len(c.Functions) || len(m.Classes) != len(c.Classes) ||
		len(m.Imports) != len(c.Imports) || len(m.Calls) != len(c.Calls) {
		return false
	}
	for i, f := range m.Functions {
		if f.Def != c.Functions[i].Def || f.Qual != c.Functions[i].Qual {
			return false
		}
	}
	for i, k := range m.Classes {
		if k.Span != c.Classes[i].Span {
			return false
		}
	}
	for i, im := range m.Imports {
		if im.Item != c.Imports[i].Item {
			return false
		}
	}
	for i, x := range m.Calls {
		if x.Span != c.Calls[i].Span {
			return false
		}
	}
	return true
}

// pairs maps each of from to the element of to at its index (the copy's
// objects to the model's; the lists are as long, sameModel checked).
func pairs[T comparable](from, to []T) map[T]T {
	out := make(map[T]T, len(from))
	for i, x := range from {
		out[x] = to[i]
	}
	return out
}
