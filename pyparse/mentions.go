package pyparse

import (
	"bytes"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// MentionKind says how a name is mentioned.
type MentionKind int

// Mention kinds.
const (
	// MentionCall: the callee of a call, `warm()` or `store.warm()`.
	MentionCall MentionKind = iota
	// MentionValue: the name loaded as a value: a callback argument, an
	// element of a list of hooks, an assignment's right-hand side.
	MentionValue
	// MentionDecorator: the name used as a decorator, `@warm`.
	MentionDecorator
	// MentionGetattr: a string literal naming it as the attribute of
	// getattr or hasattr (`getattr(store, "warm")`).
	MentionGetattr
	// MentionAll: a string literal in the module's `__all__`.
	MentionAll
	// MentionImport: a from-import of the name (`from .store import warm`).
	MentionImport
)

// String names the kind as the report shows it.
func (k MentionKind) String() string {
	return [...]string{"call", "value", "decorator", "getattr", "__all__", "import"}[k]
}

// Mention is one place a module mentions a name.
type Mention struct {
	Kind MentionKind
	// Name is the name mentioned (the last component of Text).
	Name string
	// Text is the dotted expression ("store.warm", "self.flush", "warm"),
	// "" when the object of an attribute is not a dotted name; for a string
	// literal it is the string's content.
	Text string
	// Span is the mentioning expression (the string literal, the import
	// item).
	Span Span
	// Function is the innermost def holding the mention, nil at module
	// level or in a class body.
	Function *Function
	// Scope is the scope the name is looked up in.
	Scope *Scope
	// Import is the import of a MentionImport.
	Import *Import
	// Head is the binding of the first name of Text where the mention is
	// (Lookup in Scope at Span.Start), Bound whether it has one: set for
	// the mentions of identifiers with a Text.
	Head  Binding
	Bound bool
}

// mentionStop flags the symbols a search for mentions stops at (see
// Module.locate): imports, global and nonlocal statements, and strings.
var mentionStop []uint8

// Mentions returns every mention of the given names in the module, in
// source order: loads of a name or of an attribute of that name, from-
// imports of it, and string literals naming it in `__all__` or as the
// attribute of getattr/hasattr. Definitions, parameters, keyword names and
// assignment targets are not mentions.
func (m *Module) Mentions(names map[string]bool) []Mention {
	if m.Tree == nil || len(names) == 0 {
		return nil
	}
	found := false
	for n := range names {
		if bytes.Contains(m.Source(), []byte(n)) {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	var out []Mention
	for _, im := range m.Imports {
		if im.Name != "" && im.Name != "*" && names[im.Name] {
			out = append(out, Mention{Kind: MentionImport, Name: im.Name, Text: im.Name, Span: im.Item, Function: im.Function, Scope: im.Scope, Import: im})
		}
	}
	// Only the identifiers spelling a name can be mentions: find them in
	// the text, then in the tree in one walk that enters only the
	// subtrees holding one (a walk of every node through go-tree-sitter
	// costs a cgo call and a cached node each).
	src := m.Source()
	var tokens []Span
	for i := m.BOM; i < len(src); {
		if !identByte(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && identByte(src[j]) {
			j++
		}
		if (src[i] < '0' || src[i] > '9') && names[string(src[i:j])] {
			tokens = append(tokens, Span{i, j})
		}
		i = j
	}
	strs := map[int]bool{}
	for _, l := range m.locate(tokens, mentionStop) {
		// The outermost import, global, nonlocal or string holding an
		// identifier decides, as a walk from the root meets it first.
		switch {
		case l.node == nil:
		case l.stopped && l.node.Type() == "string":
			sp := m.NodeSpan(l.node)
			if strs[sp.Start] {
				continue
			}
			strs[sp.Start] = true
			if mt, ok := m.stringMention(l.node, names); ok {
				out = append(out, mt)
			}
		case l.stopped:
		case l.node.Type() == "identifier":
			if mt, ok := m.mention(l.node); ok {
				out = append(out, mt)
			}
		}
	}
	sortMentions(out)
	return out
}

// identByte reports whether b can be part of a Python identifier (any byte
// of a non-ASCII character counts).
func identByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

func sortMentions(ms []Mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Span.Start < ms[j-1].Span.Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// mention classifies an identifier naming one of the names.
func (m *Module) mention(id *sitter.Node) (Mention, bool) {
	e := id
	p := id.Parent()
	if p != nil && p.Type() == "attribute" {
		if a := p.ChildByFieldName("attribute"); a != nil && a.Equal(id) {
			e = p
		}
	}
	parent := e.Parent()
	if parent == nil {
		return Mention{}, false
	}
	field := func(name string) bool {
		c := parent.ChildByFieldName(name)
		return c != nil && c.Equal(e)
	}
	kind := MentionValue
	switch parent.Type() {
	case "function_definition", "class_definition":
		if field("name") {
			return Mention{}, false
		}
	case "parameters", "lambda_parameters", "default_parameter", "typed_parameter", "typed_default_parameter",
		"list_splat_pattern", "dictionary_splat_pattern":
		if parent.Type() == "parameters" || parent.Type() == "lambda_parameters" || field("name") || parent.Type() == "typed_parameter" && parent.NamedChild(0).Equal(e) {
			return Mention{}, false
		}
	case "keyword_argument":
		if field("name") {
			return Mention{}, false
		}
	case "assignment", "augmented_assignment":
		if field("left") {
			return Mention{}, false
		}
	case "pattern_list", "tuple_pattern", "list_pattern":
		return Mention{}, false
	case "call":
		if field("function") {
			kind = MentionCall
			if gp := parent.Parent(); gp != nil && gp.Type() == "decorator" {
				kind = MentionDecorator
			}
		}
	case "decorator":
		kind = MentionDecorator
	}
	s := m.NodeSpan(e)
	text := m.Text(s)
	if e.Type() == "attribute" && !isDotted(text) {
		text = ""
	}
	mt := Mention{Kind: kind, Name: m.Text(m.NodeSpan(id)), Text: text, Span: s}
	mt.Function, mt.Scope = m.ScopeAt(s.Start)
	if text != "" {
		head, _, _ := strings.Cut(strings.ReplaceAll(text, " ", ""), ".")
		mt.Head, mt.Bound = m.Lookup(head, mt.Scope, s.Start)
	}
	return mt, true
}

// isDotted reports whether s is a dotted name (identifiers and dots only,
// whitespace allowed around the dots).
func isDotted(s string) bool {
	for more := true; more; {
		var part string
		part, s, more = strings.Cut(s, ".")
		part = strings.TrimSpace(part)
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// stringMention classifies a string literal naming one of the names: in
// `__all__` (assigned, augmented, appended or extended) or the attribute
// argument of getattr/hasattr.
func (m *Module) stringMention(n *sitter.Node, names map[string]bool) (Mention, bool) {
	var content string
	parts := 0
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch c.Type() {
		case "string_content":
			content = m.Text(m.NodeSpan(c))
			parts++
		case "interpolation", "escape_sequence":
			return Mention{}, false
		}
	}
	if parts != 1 || !names[content] {
		return Mention{}, false
	}
	s := m.NodeSpan(n)
	mt := Mention{Name: content, Text: content, Span: s}
	mt.Function, mt.Scope = m.ScopeAt(s.Start)
	p := n.Parent()
	if p == nil {
		return Mention{}, false
	}
	if p.Type() == "argument_list" {
		call := p.Parent()
		fn := call.ChildByFieldName("function")
		if fn == nil {
			return Mention{}, false
		}
		callee := m.Text(m.NodeSpan(fn))
		switch {
		case (callee == "getattr" || callee == "hasattr") && p.NamedChildCount() >= 2 && p.NamedChild(1).Equal(n):
			mt.Kind = MentionGetattr
			return mt, true
		case strings.HasSuffix(callee, "attrgetter") || strings.HasSuffix(callee, "methodcaller"):
			mt.Kind = MentionGetattr
			return mt, true
		case callee == "__all__.append" || callee == "__all__.extend":
			mt.Kind = MentionAll
			return mt, true
		}
		return Mention{}, false
	}
	if p.Type() == "list" || p.Type() == "tuple" || p.Type() == "set" {
		holder := p.Parent()
		if holder != nil && holder.Type() == "argument_list" {
			if call := holder.Parent(); call != nil {
				if fn := call.ChildByFieldName("function"); fn != nil && m.Text(m.NodeSpan(fn)) == "__all__.extend" {
					mt.Kind = MentionAll
					return mt, true
				}
			}
		}
		for holder != nil && holder.Type() == "binary_operator" {
			holder = holder.Parent()
		}
		if holder != nil && (holder.Type() == "assignment" || holder.Type() == "augmented_assignment") {
			if l := holder.ChildByFieldName("left"); l != nil && m.Text(m.NodeSpan(l)) == "__all__" {
				mt.Kind = MentionAll
				return mt, true
			}
		}
	}
	return Mention{}, false
}

// ScopeAt returns the innermost def holding off (nil at module level or in
// a class body) and the scope a name used there is looked up in: the def's,
// a class body's, or the module's. Lambdas and comprehensions are not
// distinguished from the def holding them.
func (m *Module) ScopeAt(off int) (*Function, *Scope) {
	var fn *Function
	for _, f := range m.Functions {
		if f.Body.Start <= off && off < f.Body.End {
			fn = f
		}
	}
	var cls *Class
	for _, c := range m.Classes {
		if c.Span.Start <= off && off < c.Span.End && (fn == nil || c.Span.Start > fn.Span.Start) {
			cls = c
		}
	}
	switch {
	case cls != nil && cls.Scope != nil:
		return fn, cls.Scope
	case fn != nil && fn.Scope != nil:
		return fn, fn.Scope
	}
	return fn, m.Scope
}
