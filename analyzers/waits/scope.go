package waits

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// ContextInScope returns the context.Context variable visible at pos in
// file, nil if there is none: a parameter or local of the enclosing function,
// or of a function enclosing a closure (a captured variable). Package-level
// variables do not count. Where several are visible, the innermost
// declaration wins, then the name "ctx", then the first name in order. The
// variable returned is never shadowed at pos.
func ContextInScope(info *types.Info, file *ast.File, pos token.Pos) *types.Var {
	fileScope := info.Scopes[file]
	if fileScope == nil {
		return nil
	}
	inner := fileScope.Innermost(pos)
	if inner == nil {
		return nil
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
