package pyrules

import (
	"slices"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/pyparse"
)

// full returns the module and call to ask syntax and scope questions of:
// m and c themselves while m has its syntax tree and scopes; nil once the
// tree is freed (pyparse.Module.DropTree) or for a summary read from the
// cache. The Checker asks the rules while the tree is there and records
// their verdicts in the model (Checker.Record), so no rule is asked of a
// module without one.
func full(m *pyparse.Module, c *pyparse.Call) (*pyparse.Module, *pyparse.Call) {
	if m.Tree == nil || c.Scope == nil {
		return nil, nil
	}
	return m, c
}

// builtins are the builtin names the rules ask about.
var builtins = map[string]bool{"open": true, "input": true}

// Qualified returns the qualified name call c's callee resolves to:
// c.Target for an import or a module-level definition, "builtins.NAME" for
// `open` or `input` bound nowhere the call can see (the builtin, as ruff
// resolves `open` and `builtins.open` alike), "" otherwise.
func Qualified(m *pyparse.Module, c *pyparse.Call) string {
	if c.Kind == pyparse.Global {
		return c.Target
	}
	if c.Kind == pyparse.Unresolved && builtins[c.CalleeText] {
		if m, c = full(m, c); c == nil {
			return ""
		}
		if _, bound := m.Lookup(c.CalleeText, c.Scope, c.Callee.Start); !bound {
			return "builtins." + c.CalleeText
		}
	}
	return ""
}

// AttrName returns, for a call of `obj.attr(...)`, attr's name from the
// callee's text (no tree needed), "" when the callee is not an attribute.
func AttrName(m *pyparse.Module, c *pyparse.Call) string {
	if t := c.CalleeText; t != "" {
		// A dotted name: its last part, cut without a copy (most calls
		// are asked, and most have one).
		if i := strings.LastIndexByte(t, '.'); i >= 0 {
			return t[i+1:]
		}
		return ""
	}
	text := m.Text(c.Callee)
	i := len(text)
	for i > 0 && pyparse.IdentByte(text[i-1]) {
		i--
	}
	if i == len(text) || i == 0 {
		return ""
	}
	j := i - 1
	for j > 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r' || text[j] == '\\') {
		j--
	}
	if text[i-1] != '.' && text[j] != '.' {
		return ""
	}
	return text[i:]
}

// Attribute returns, for a call of `obj.attr(...)`, the obj node and attr's
// name; nil when the callee is not an attribute.
//
// The node belongs to the model the questions below must be asked of:
// Attribute returns it too (m itself, or its full parse).
func Attribute(m *pyparse.Module, c *pyparse.Call) (*pyparse.Module, *pyparse.Call, *sitter.Node, string) {
	if m, c = full(m, c); c == nil || c.Node == nil {
		return nil, nil, nil, ""
	}
	fn := c.Node.ChildByFieldName("function")
	if fn == nil || fn.Type() != "attribute" {
		return nil, nil, nil, ""
	}
	obj, attr := fn.ChildByFieldName("object"), fn.ChildByFieldName("attribute")
	if obj == nil || attr == nil {
		return nil, nil, nil, ""
	}
	return m, c, obj, m.Text(m.NodeSpan(attr))
}

// ResolveNode returns the qualified name a dotted expression node resolves
// to in the call's scope (imports and module-level definitions), "" if
// none.
func ResolveNode(m *pyparse.Module, c *pyparse.Call, n *sitter.Node) string {
	if n == nil || n.Type() != "identifier" && n.Type() != "attribute" {
		return ""
	}
	sp := m.NodeSpan(n)
	return m.Resolve(m.Text(sp), c.Scope, sp.Start)
}

// IsCallOf reports whether node n is a call whose callee resolves to a
// name match accepts.
func IsCallOf(m *pyparse.Module, c *pyparse.Call, n *sitter.Node, match func(string) bool) bool {
	n = unparen(n)
	if n == nil || n.Type() != "call" {
		return false
	}
	q := ResolveNode(m, c, n.ChildByFieldName("function"))
	return q != "" && match(q)
}

func unparen(n *sitter.Node) *sitter.Node {
	for n != nil && n.Type() == "parenthesized_expression" && n.NamedChildCount() == 1 {
		n = n.NamedChild(0)
	}
	return n
}

// NameValue is what the binding of a name says about its value.
type NameValue struct {
	// Init is the assigned value (the matching element of an unpacked
	// tuple), nil if none.
	Init *sitter.Node
	// Annotation is the annotation of the assignment or parameter, nil if
	// none.
	Annotation *sitter.Node
}

// ValueOf returns what the binding of the identifier n (a node of m, as
// Attribute returns them), seen from call c, says about its value. With
// only, that binding must be the first of the name in the scope that binds
// it, and come before the use in the use's own scope (ruff's only_binding:
// see onlyBinding).
func ValueOf(m *pyparse.Module, c *pyparse.Call, n *sitter.Node, only bool) (NameValue, bool) {
	n = unparen(n)
	if n == nil || n.Type() != "identifier" {
		return NameValue{}, false
	}
	sp := m.NodeSpan(n)
	name := m.Text(sp)
	bd, ok := m.Lookup(name, c.Scope, sp.Start)
	if !ok {
		return NameValue{}, false
	}
	if only && !onlyBinding(c.Scope, name, bd, sp.Start) {
		return NameValue{}, false
	}
	if bd.Kind != pyparse.BindAssign && bd.Kind != pyparse.BindParam && bd.Kind != pyparse.BindOther {
		return NameValue{}, false
	}
	id := m.NamedNodeAt(pyparse.Span{Start: bd.Offset, End: bd.Offset + len(name)})
	if id == nil || id.Type() != "identifier" || m.Text(m.NodeSpan(id)) != name {
		return NameValue{}, false
	}
	p := id.Parent()
	if p == nil {
		return NameValue{}, false
	}
	switch p.Type() {
	case "assignment":
		if !sameNode(p.ChildByFieldName("left"), id) {
			return NameValue{}, false
		}
		return NameValue{Init: p.ChildByFieldName("right"), Annotation: p.ChildByFieldName("type")}, true
	case "typed_parameter":
		return NameValue{Annotation: p.ChildByFieldName("type")}, true
	case "typed_default_parameter":
		if sameNode(p.ChildByFieldName("name"), id) {
			return NameValue{Annotation: p.ChildByFieldName("type")}, true
		}
	case "pattern_list", "tuple_pattern", "tuple", "expression_list":
		// (a, b) = (x, y): the element at a's place.
		as := p.Parent()
		for as != nil && as.Type() == "parenthesized_expression" {
			as = as.Parent()
		}
		if as == nil || as.Type() != "assignment" {
			return NameValue{}, false
		}
		right := unparen(as.ChildByFieldName("right"))
		if right == nil || !isSequence(right.Type()) || right.NamedChildCount() != p.NamedChildCount() {
			return NameValue{}, false
		}
		for i := 0; i < int(p.NamedChildCount()); i++ {
			if p.NamedChild(i).Type() == "list_splat_pattern" || right.NamedChild(i).Type() == "list_splat" {
				return NameValue{}, false
			}
		}
		for i := 0; i < int(p.NamedChildCount()); i++ {
			if sameNode(p.NamedChild(i), id) {
				return NameValue{Init: right.NamedChild(i)}, true
			}
		}
	}
	return NameValue{}, false
}

func isSequence(t string) bool {
	return t == "tuple" || t == "expression_list" || t == "list"
}

func sameNode(a, b *sitter.Node) bool {
	return a != nil && b != nil && a.StartByte() == b.StartByte() && a.EndByte() == b.EndByte() && a.Type() == b.Type()
}

// onlyBinding reports whether bd, the binding of name that a use at off in
// scope s sees, is what ruff's only_binding accepts: ruff resolves a name
// when its walk of the source reaches the use, and accepts the binding
// found when it shadows no other in its scope. So bd must be the first
// binding of name in the scope holding it (a later rebinding, which the
// walk has not reached yet, does not count), and, in the use's own scope,
// come before the use (a local bound only after it is not bound yet when
// the walk reaches the use).
func onlyBinding(s *pyparse.Scope, name string, bd pyparse.Binding, off int) bool {
	for own := true; s != nil; s, own = s.Parent, false {
		bs := s.Bindings.Of(name)
		if !slices.ContainsFunc(bs, func(b pyparse.Binding) bool { return b.Offset == bd.Offset && b.Kind == bd.Kind }) {
			continue
		}
		for _, b := range bs {
			if b.Offset < bd.Offset {
				return false
			}
		}
		return !own || bd.Offset <= off
	}
	return false
}

// AnnotationIs reports whether an annotation names a type match accepts,
// directly or inside `X | None`, `Optional[X]` or `Union[X, ...]`.
func AnnotationIs(m *pyparse.Module, c *pyparse.Call, ann *sitter.Node, match func(string) bool) bool {
	if ann == nil {
		return false
	}
	if ann.Type() == "type" && ann.NamedChildCount() == 1 {
		ann = ann.NamedChild(0)
	}
	ann = unparen(ann)
	switch ann.Type() {
	case "identifier", "attribute":
		q := ResolveNode(m, c, ann)
		return q != "" && match(q)
	case "binary_operator":
		if op := ann.ChildByFieldName("operator"); op != nil && m.Text(m.NodeSpan(op)) == "|" {
			return AnnotationIs(m, c, ann.ChildByFieldName("left"), match) || AnnotationIs(m, c, ann.ChildByFieldName("right"), match)
		}
	case "subscript", "generic_type":
		var base *sitter.Node
		var args []*sitter.Node
		if ann.Type() == "subscript" {
			base = ann.ChildByFieldName("value")
			for i := 0; i < int(ann.NamedChildCount()); i++ {
				if ch := ann.NamedChild(i); !sameNode(ch, base) {
					args = append(args, ch)
				}
			}
		} else {
			base = ann.NamedChild(0)
			if tp := ann.NamedChild(1); tp != nil {
				for i := 0; i < int(tp.NamedChildCount()); i++ {
					args = append(args, tp.NamedChild(i))
				}
			}
		}
		switch ResolveNode(m, c, base) {
		case "typing.Optional", "typing.Union", "typing_extensions.Optional", "typing_extensions.Union":
			for _, a := range args {
				if a.Type() == "tuple" || a.Type() == "expression_list" {
					for i := 0; i < int(a.NamedChildCount()); i++ {
						if AnnotationIs(m, c, a.NamedChild(i), match) {
							return true
						}
					}
					continue
				}
				if AnnotationIs(m, c, a, match) {
					return true
				}
			}
		}
	}
	return false
}

// TypedAs reports whether the identifier n, by its binding that
// onlyBinding accepts, holds an instance built by (or annotated as) a class
// match accepts: ruff's check_type with an initializer and an annotation
// matcher.
func TypedAs(m *pyparse.Module, c *pyparse.Call, n *sitter.Node, match func(string) bool) bool {
	v, ok := ValueOf(m, c, n, true)
	if !ok {
		return false
	}
	if v.Annotation != nil {
		return AnnotationIs(m, c, v.Annotation, match)
	}
	return IsCallOf(m, c, v.Init, match)
}

// Argument (for m and c as Full returns them) returns the value of the keyword argument name, or else the
// positional argument at index pos (ruff's find_argument_value); nil if
// neither is there.
func Argument(m *pyparse.Module, c *pyparse.Call, name string, pos int) *sitter.Node {
	if v := KeywordArgument(m, c, name); v != nil {
		return v
	}
	if c.Node == nil {
		return nil
	}
	args := c.Node.ChildByFieldName("arguments")
	if args == nil || args.Type() != "argument_list" {
		return nil
	}
	i := 0
	for j := 0; j < int(args.NamedChildCount()); j++ {
		a := args.NamedChild(j)
		switch a.Type() {
		case "keyword_argument", "list_splat", "dictionary_splat", "comment":
			continue
		}
		if i == pos {
			return a
		}
		i++
	}
	return nil
}

// KeywordArgument returns the value of keyword argument name, nil if none.
func KeywordArgument(m *pyparse.Module, c *pyparse.Call, name string) *sitter.Node {
	if c.Node == nil {
		return nil
	}
	args := c.Node.ChildByFieldName("arguments")
	if args == nil {
		return nil
	}
	for j := 0; j < int(args.NamedChildCount()); j++ {
		a := args.NamedChild(j)
		if a.Type() != "keyword_argument" {
			continue
		}
		if k := a.ChildByFieldName("name"); k != nil && m.Text(m.NodeSpan(k)) == name {
			return a.ChildByFieldName("value")
		}
	}
	return nil
}

// Full returns the module and call to ask syntax and scope questions of
// (Argument, ValueOf, ResolveNode): m and c while m has its tree and
// scopes, nil when it has none (see Checker.Record).
func Full(m *pyparse.Module, c *pyparse.Call) (*pyparse.Module, *pyparse.Call) { return full(m, c) }
