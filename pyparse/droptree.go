package pyparse

// DropTree completes the model (every def left pending is modelled, as
// ExpandAll does) and then frees the tree-sitter tree: Tree and every Node
// of the model become nil, and Expand has nothing left to do. A caller
// that asks only the model's questions (the rules, the call graph) keeps
// models in memory rather than trees; what walks syntax trees (the
// rewriter, Mentions) needs a module whose tree was kept.
func (m *Module) DropTree() {
	m.ExpandAll()
	m.b = nil
	for _, f := range m.Functions {
		f.Node = nil
	}
	for _, c := range m.Classes {
		c.Node = nil
	}
	for _, c := range m.Calls {
		c.Node = nil
	}
	if m.Tree != nil {
		m.Tree.Close()
		m.Tree = nil
	}
}
