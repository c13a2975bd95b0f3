package waits

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// ContextInScope returns the context.Context variable visible at pos in
// file, nil if there is none: a parameter or local of the enclosing function,
// or of a function enclosing a closure (a captured variable). Package-level
// variables do not count. Where several are visible, the innermost
// declaration wins, then the name "ctx", then the first name in order. The
// variable returned is never shadowed at pos.
//
// In a _test.go file only parameters count: a test that creates its own
// context owns it and made no promise to a caller; it typically sleeps to
// let the code under test progress, often after cancelling that context.
func ContextInScope(fset *token.FileSet, info *types.Info, file *ast.File, pos token.Pos) *types.Var {
	fileScope := info.Scopes[file]
	if fileScope == nil {
		return nil
	}
	inner := fileScope.Innermost(pos)
	if inner == nil {
		return nil
	}
	var params map[token.Pos]bool // for a test file: the positions of its parameters
	if tf := fset.File(pos); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
		params = paramPositions(file)
	}
	for s := inner; s != nil && s != fileScope && s != types.Universe; s = s.Parent() {
		var found []*types.Var
		for _, name := range s.Names() {
			if name == "_" {
				continue
			}
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || !IsContext(v.Type()) {
				continue
			}
			if _, obj := inner.LookupParent(name, pos); obj != v {
				continue // shadowed, or declared after pos
			}
			if params != nil && !params[v.Pos()] {
				continue // a test's own context
			}
			found = append(found, v)
		}
		if len(found) > 0 {
			sort.SliceStable(found, func(i, j int) bool {
				return found[i].Name() == "ctx" && found[j].Name() != "ctx"
			})
			return found[0]
		}
	}
	return nil
}

// paramPositions returns the positions of the parameter names of every
// function in file.
func paramPositions(file *ast.File) map[token.Pos]bool {
	params := map[token.Pos]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if ft, ok := n.(*ast.FuncType); ok && ft.Params != nil {
			for _, f := range ft.Params.List {
				for _, id := range f.Names {
					params[id.Pos()] = true
				}
			}
		}
		return true
	})
	return params
}
