package pyparse

// DropTree frees the tree-sitter tree: Tree and every Node of the model
// become nil. It also
// drops what only a walk of the tree, or the rewriter, reads besides it:
// the scopes below the module's (Function.Scope, Class.Scope, Call.Scope
// and Import.Scope become nil where they are not the module scope) and
// Call.ArgSpans; the model is then what a summary in the content-hash
// cache holds. A caller that asks only the model's questions (the rules'
// recorded verdicts, the call graph) keeps models in memory rather than
// trees; what walks syntax trees (the rewriter, Mentions) needs a module
// whose tree was kept. Parser.DropTree also reuses the memory dropped.
func (m *Module) DropTree() {
	m.used = nil
	moduleOnly := func(s *Scope) *Scope {
		if s == m.Scope {
			return s
		}
		return nil
	}
	for _, f := range m.Functions {
		f.Node = nil
		f.Scope = nil
		for _, r := range f.Reads {
			r.Scope = moduleOnly(r.Scope)
			r.expr = nil
		}
	}
	for _, c := range m.Classes {
		c.Node = nil
		c.Scope = nil
	}
	for _, c := range m.Calls {
		c.Node = nil
		c.Scope = moduleOnly(c.Scope)
		c.ArgSpans = nil
		c.expr = nil
	}
	for _, im := range m.Imports {
		im.Scope = moduleOnly(im.Scope)
	}
	if m.Tree != nil {
		m.Tree.Close()
		m.Tree = nil
	}
}

// Decoded gives a model read back from a cache what a dropped model (see
// DropTree) has and the summary does not carry, the codec keeping no
// Scope field but the module's: each module-level import's Scope, the
// module's. An import is at module level when no def or class holds it
// (a comprehension or a lambda holds none).
func (m *Module) Decoded() {
	for _, im := range m.Imports {
		if im.Scope != nil || im.Function != nil {
			continue
		}
		inClass := false
		for _, c := range m.Classes {
			if c.Span.Start <= im.Stmt.Start && im.Stmt.End <= c.Span.End {
				inClass = true
				break
			}
		}
		if !inClass {
			im.Scope = m.Scope
		}
	}
}
