package pyparse

import "fmt"

// Restore gives back to m what DropTree took, or what a model read from a
// cache never had: its syntax tree, the nodes of its functions, classes
// and calls, the scopes below the module's with their bindings, and the
// argument spans. p parses m's source again and moves those pieces of the
// copy into m's own objects, so that every pointer into m (a call graph's
// functions, a finding's call) stays valid and m answers as a fresh parse
// would. Nothing is done when m has its tree. An error when the source is
// no longer the one m was modelled from (the file changed since).
//
// So a run can keep models, not trees, and hand the few modules a
// rewrite edits their trees back (the rewriter re-reads what it edits).
func (p *Parser) Restore(m *Module) error {
	if m.Tree != nil {
		return nil
	}
	c, err := p.Parse(m.Path, m.Source(), Options{Name: m.Name, IsPackage: m.IsPackage})
	if err != nil {
		return err
	}
	if !sameModel(m, c) || !sameReads(m, c) {
		c.DropTree()
		return fmt.Errorf("%s: the file changed since it was checked", m.Path)
	}
	fns, classes := pairs(c.Functions, m.Functions), pairs(c.Classes, m.Classes)
	imports, calls := pairs(c.Imports, m.Imports), pairs(c.Calls, m.Calls)
	// The copy's scopes become m's: each points at m's objects, the
	// module's scope is m's own (its bindings already point at them).
	moved := map[*Scope]*Scope{c.Scope: m.Scope}
	var scope func(s *Scope) *Scope
	scope = func(s *Scope) *Scope {
		if s == nil {
			return nil
		}
		if t, ok := moved[s]; ok {
			return t
		}
		moved[s] = s
		s.Parent = scope(s.Parent)
		s.Function, s.Class = fns[s.Function], classes[s.Class]
		for i := range s.Bindings {
			list := s.Bindings[i].List
			for j := range list {
				b := &list[j]
				b.Import, b.Function, b.Class, b.Ctor = imports[b.Import], fns[b.Function], classes[b.Class], calls[b.Ctor]
			}
		}
		return s
	}
	for i, f := range m.Functions {
		cf := c.Functions[i]
		f.Node, f.Scope = cf.Node, scope(cf.Scope)
		for j, r := range f.Reads {
			cr := cf.Reads[j]
			r.Scope, r.expr = scope(cr.Scope), cr.expr
		}
	}
	for i, k := range m.Classes {
		ck := c.Classes[i]
		k.Node, k.Scope = ck.Node, scope(ck.Scope)
	}
	for i, x := range m.Calls {
		cx := c.Calls[i]
		x.Node, x.Scope, x.ArgSpans, x.expr = cx.Node, scope(cx.Scope), cx.ArgSpans, cx.expr
	}
	for i, im := range m.Imports {
		im.Scope = scope(c.Imports[i].Scope)
	}
	m.Tree, m.treeOfSrc, m.used = c.Tree, c.treeOfSrc, c.used
	return nil
}

// sameReads reports whether c's functions read what m's do, in the same
// places (sameModel has checked the functions themselves).
func sameReads(m, c *Module) bool {
	for i, f := range m.Functions {
		cr := c.Functions[i].Reads
		if len(f.Reads) != len(cr) {
			return false
		}
		for j, r := range f.Reads {
			if r.Span != cr[j].Span {
				return false
			}
		}
	}
	return true
}
