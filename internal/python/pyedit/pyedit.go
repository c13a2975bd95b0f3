// Package pyedit builds text edits of a Python module from its model: a
// call made awaited (with a new callee), the name code uses for a module,
// the import statements to add, and the imports left unused to remove.
// ASYNC251's fix, made when its finding is made, and the rewriter's twins
// share them. Edits are byte ranges of the module's source; nothing here
// reprints code.
package pyedit

import (
	"fmt"
	"slices"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// Edit replaces the bytes [Start, End) of a module's source with Text.
type Edit struct {
	Start, End int
	Text       string
}

// Positioned turns edits of m into finding edits (with lines and columns),
// in offset order.
func Positioned(m *pyparse.Module, es []Edit) []finding.Edit {
	ss := slices.Clone(es)
	slices.SortStableFunc(ss, func(a, b Edit) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	out := make([]finding.Edit, 0, len(ss))
	for _, s := range ss {
		out = append(out, finding.Edit{Path: m.Path, Start: m.Position(s.Start), End: m.Position(s.End), NewText: s.Text})
	}
	return out
}

// AsyncLib returns the async library module m uses: trio or anyio when it
// imports them and not asyncio, asyncio when it imports asyncio, and
// otherwise def (the configured library), or asyncio when def is empty.
func AsyncLib(m *pyparse.Module, def string) string {
	has := map[string]bool{}
	for _, im := range m.Imports {
		head, _, _ := strings.Cut(im.Target, ".")
		has[head] = true
	}
	switch {
	case has["asyncio"]:
		return "asyncio"
	case has["trio"]:
		return "trio"
	case has["anyio"]:
		return "anyio"
	}
	if def != "" {
		return def
	}
	return "asyncio"
}

// Sleep returns the edits turning a time.sleep call into an awaited sleep
// of lib's module (AsyncLib's choice), the import the old callee named
// (nil if none), and the module to import when it is not imported yet; or
// why it cannot. c must come from a model with its syntax tree.
func Sleep(m *pyparse.Module, c *pyparse.Call, lib string) (es []Edit, imp *pyparse.Import, add, reason string) {
	var ref string
	ref, add, reason = ModuleRef(m, lib, c.Scope, c.Callee.Start)
	if reason != "" {
		return nil, nil, "", reason
	}
	head, _, _ := strings.Cut(c.CalleeText, ".")
	if bd, ok := m.Lookup(head, c.Scope, c.Callee.Start); ok && bd.Kind == pyparse.BindImport {
		imp = bd.Import
	}
	es, reason = Await(m, c, ref+".sleep")
	return es, imp, add, reason
}

// Await returns the edits turning call c into `await <callee>(...)`, the
// callee replaced by newCallee ("" keeps it), or why it cannot.
func Await(m *pyparse.Module, c *pyparse.Call, newCallee string) ([]Edit, string) {
	if c.Role == pyparse.RoleWith {
		return nil, "used as a context manager"
	}
	if c.Role == pyparse.RoleDecorator {
		return nil, "used as a decorator"
	}
	var es []Edit
	if !c.Awaited {
		if InGenerator(c.Node) {
			return nil, "inside a generator expression, where await makes an async generator"
		}
		if NeedsParens(c.Node) {
			es = append(es, Edit{Start: c.Span.Start, End: c.Span.Start, Text: "(await "})
		} else {
			es = append(es, Edit{Start: c.Span.Start, End: c.Span.Start, Text: "await "})
		}
	}
	if newCallee != "" {
		es = append(es, Edit{Start: c.Callee.Start, End: c.Callee.End, Text: newCallee})
	}
	if !c.Awaited && NeedsParens(c.Node) {
		es = append(es, Edit{Start: c.Span.End, End: c.Span.End, Text: ")"})
	}
	return es, ""
}

// InGenerator reports whether n sits in a generator expression within its
// function.
func InGenerator(n *sitter.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Type() {
		case "generator_expression":
			return true
		case "function_definition", "lambda", "class_definition":
			return false
		}
	}
	return false
}

// NeedsParens reports whether `await` before call n would bind to less
// than the call: n is the object of an attribute, subscript or call.
func NeedsParens(n *sitter.Node) bool {
	p := n.Parent()
	if p == nil {
		return false
	}
	var x *sitter.Node
	switch p.Type() {
	case "attribute":
		x = p.ChildByFieldName("object")
	case "subscript":
		x = p.ChildByFieldName("value")
	case "call":
		x = p.ChildByFieldName("function")
	default:
		return false
	}
	return x != nil && x.Equal(n)
}

// ModuleRef returns how code at off in scope s of m names module lib
// ("asyncio", or its alias), with add set to lib when `import lib` must be
// added; a reason when the name is taken.
func ModuleRef(m *pyparse.Module, lib string, s *pyparse.Scope, off int) (ref, add, reason string) {
	for _, im := range m.Imports {
		if im.Name != "" || im.Target != lib || im.Scope != m.Scope {
			continue
		}
		if bd, ok := m.Lookup(im.Bound, s, off); ok && bd.Kind == pyparse.BindImport && bd.Import == im {
			return im.Bound, "", ""
		}
	}
	if _, ok := m.Lookup(lib, s, off); ok || len(m.Scope.Bindings.Of(lib)) > 0 {
		return "", "", fmt.Sprintf("the name %s is bound to something else here", lib)
	}
	return lib, lib, ""
}
