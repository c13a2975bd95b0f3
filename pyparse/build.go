package pyparse

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

type kind uint8

const (
	kOther kind = iota
	kPrunable
	kModule
	kImport
	kImportFrom
	kFuture
	kFunction
	kDecorated
	kClass
	kLambda
	kComprehension
	kCall
	kAwait
	kAssignment
	kAugAssignment
	kNamed
	kFor
	kForIn
	kWith
	kWithItem
	kExcept
	kGlobal
	kNonlocal
	kExprStmt
	kStmt
	kArgList
	kIdentifier
	kAttribute
	kAsPattern
	kKeywordArg
	kParenExpr
	kBlock
	kString
	kComment
	kDecorator
)

var kindByName = map[string]kind{
	"module":                   kModule,
	"import_statement":         kImport,
	"import_from_statement":    kImportFrom,
	"future_import_statement":  kFuture,
	"function_definition":      kFunction,
	"decorated_definition":     kDecorated,
	"class_definition":         kClass,
	"lambda":                   kLambda,
	"list_comprehension":       kComprehension,
	"set_comprehension":        kComprehension,
	"dictionary_comprehension": kComprehension,
	"generator_expression":     kComprehension,
	"call":                     kCall,
	"await":                    kAwait,
	"assignment":               kAssignment,
	"augmented_assignment":     kAugAssignment,
	"named_expression":         kNamed,
	"for_statement":            kFor,
	"for_in_clause":            kForIn,
	"with_statement":           kWith,
	"with_item":                kWithItem,
	"except_clause":            kExcept,
	"global_statement":         kGlobal,
	"nonlocal_statement":       kNonlocal,
	"expression_statement":     kExprStmt,
	"return_statement":         kStmt,
	"delete_statement":         kStmt,
	"raise_statement":          kStmt,
	"assert_statement":         kStmt,
	"if_statement":             kStmt,
	"while_statement":          kStmt,
	"try_statement":            kStmt,
	"match_statement":          kStmt,
	"print_statement":          kStmt,
	"exec_statement":           kStmt,
	"type_alias_statement":     kStmt,
	"argument_list":            kArgList,
	"identifier":               kIdentifier,
	"attribute":                kAttribute,
	"as_pattern":               kAsPattern,
	"keyword_argument":         kKeywordArg,
	"parenthesized_expression": kParenExpr,
	"block":                    kBlock,
	"string":                   kString,
	"concatenated_string":      kString,
	"comment":                  kComment,
	"decorator":                kDecorator,
	// Pure expressions: skipped when they hold no "(".
	"integer": kPrunable, "float": kPrunable, "true": kPrunable, "false": kPrunable,
	"none": kPrunable, "subscript": kPrunable, "binary_operator": kPrunable,
	"boolean_operator": kPrunable, "comparison_operator": kPrunable, "not_operator": kPrunable,
	"unary_operator": kPrunable, "list": kPrunable, "tuple": kPrunable, "dictionary": kPrunable,
	"set": kPrunable, "pair": kPrunable, "conditional_expression": kPrunable, "slice": kPrunable,
	"expression_list": kPrunable, "type": kPrunable, "ellipsis": kPrunable,
	"list_splat": kPrunable, "dictionary_splat": kPrunable, "pattern_list": kPrunable,
	"tuple_pattern": kPrunable, "list_pattern": kPrunable,
}

type builder struct {
	m      *Module
	src    []byte
	base   int
	parens []int

	scope *Scope
	fn    *Function
	ctx   ContextKind
	stmt  Span
	calls []*Call
	bind  []*Call // calls awaiting resolution in order
}

func (b *builder) kindOf(n *sitter.Node) kind {
	if s := int(n.Symbol()); s < len(kinds) {
		return kinds[s]
	}
	return kOther // ERROR nodes
}

func (b *builder) span(n *sitter.Node) Span {
	return Span{int(n.StartByte()) + b.base, int(n.EndByte()) + b.base}
}

func (b *builder) text(n *sitter.Node) string {
	return string(b.src[n.StartByte():n.EndByte()])
}

func newScope(k ScopeKind, parent *Scope, sp Span) *Scope {
	return &Scope{Kind: k, Parent: parent, Bindings: map[string][]Binding{}, Span: sp}
}

func (b *builder) addBinding(s *Scope, name string, bd Binding) {
	if name == "" {
		return
	}
	s.Bindings[name] = append(s.Bindings[name], bd)
}

func (b *builder) build(root *sitter.Node) {
	m := b.m
	m.Scope = newScope(ModuleScope, nil, b.span(root))
	b.scope = m.Scope
	b.leading(root)
	b.children(root)
	for _, c := range b.calls {
		b.resolve(c)
	}
	m.Calls = b.calls
}

// leading records the module docstring, __future__ imports and where the
// leading import block ends.
func (b *builder) leading(root *sitter.Node) {
	cnt := int(root.NamedChildCount())
	for i := 0; i < cnt; i++ {
		c := root.NamedChild(i)
		switch b.kindOf(c) {
		case kComment:
			continue
		case kExprStmt:
			if i == 0 || (b.m.Docstring.Empty() && len(b.m.FutureImports) == 0 && b.m.ImportsEnd == 0 && onlyComments(root, i)) {
				if c.NamedChildCount() == 1 && b.kindOf(c.NamedChild(0)) == kString {
					b.m.Docstring = b.span(c)
					b.m.ImportsEnd = b.m.LineEnd(b.span(c).End)
					continue
				}
			}
			return
		case kFuture:
			b.m.FutureImports = append(b.m.FutureImports, b.span(c))
			b.m.ImportsEnd = b.m.LineEnd(b.span(c).End)
		case kImport, kImportFrom:
			b.m.ImportsEnd = b.m.LineEnd(b.span(c).End)
		default:
			return
		}
	}
}

func onlyComments(root *sitter.Node, upto int) bool {
	for i := 0; i < upto; i++ {
		if root.NamedChild(i).Type() != "comment" {
			return false
		}
	}
	return true
}

func (b *builder) children(n *sitter.Node) {
	cnt := int(n.ChildCount())
	for i := 0; i < cnt; i++ {
		b.walk(n.Child(i), RoleOther, nil)
	}
}

func (b *builder) walk(n *sitter.Node, role CallRole, parent *Call) {
	k := b.kindOf(n)
	switch k {
	case kPrunable, kString, kParenExpr, kKeywordArg:
		if !b.hasParen(n) {
			return
		}
		if k == kParenExpr || k == kKeywordArg {
			cnt := int(n.NamedChildCount())
			for i := 0; i < cnt; i++ {
				b.walk(n.NamedChild(i), role, parent)
			}
			return
		}
		b.children(n)
	case kIdentifier, kComment:
		return
	case kImport, kImportFrom:
		b.withStmt(n, func() { b.imports(n, k) })
	case kFuture:
		return
	case kFunction:
		b.function(n, nil, b.span(n))
	case kDecorated:
		b.decorated(n)
	case kClass:
		b.class(n, nil, b.span(n))
	case kLambda:
		b.lambda(n)
	case kComprehension:
		b.comprehension(n)
	case kCall:
		b.call(n, role, parent, Span{})
	case kAwait:
		if n.NamedChildCount() == 1 {
			c := n.NamedChild(0)
			if b.kindOf(c) == kCall {
				b.call(c, role, parent, b.span(n))
				return
			}
		}
		b.children(n)
	case kAssignment:
		b.assignment(n)
	case kAugAssignment:
		if l := n.ChildByFieldName("left"); l != nil && b.kindOf(l) == kIdentifier {
			b.addBinding(b.scope, b.text(l), Binding{Kind: BindAssign, Offset: b.off(l.StartByte())})
		}
		if r := n.ChildByFieldName("right"); r != nil {
			b.walk(r, RoleOther, nil)
		}
	case kNamed:
		if nm := n.ChildByFieldName("name"); nm != nil {
			s := b.scope
			for s.Kind == ComprehensionScope && s.Parent != nil {
				s = s.Parent
			}
			b.addBinding(s, b.text(nm), Binding{Kind: BindOther, Offset: b.off(nm.StartByte())})
		}
		if v := n.ChildByFieldName("value"); v != nil {
			b.walk(v, RoleOther, nil)
		}
	case kFor:
		b.withStmt(n, func() {
			if l := n.ChildByFieldName("left"); l != nil {
				b.targets(l, Binding{Kind: BindOther})
			}
			b.children(n)
		})
	case kWithItem:
		v := n.ChildByFieldName("value")
		if v == nil {
			b.children(n)
			return
		}
		if b.kindOf(v) == kAsPattern {
			cnt := int(v.NamedChildCount())
			for i := 0; i < cnt; i++ {
				c := v.NamedChild(i)
				if i == 0 {
					b.walk(c, RoleWith, nil)
				} else {
					b.targets(c, Binding{Kind: BindOther})
				}
			}
			return
		}
		b.walk(v, RoleWith, nil)
	case kExcept:
		b.withStmt(n, func() {
			cnt := int(n.NamedChildCount())
			for i := 0; i < cnt; i++ {
				c := n.NamedChild(i)
				if b.kindOf(c) == kAsPattern {
					cc := int(c.NamedChildCount())
					for j := 0; j < cc; j++ {
						x := c.NamedChild(j)
						if j == 0 {
							b.walk(x, RoleOther, nil)
						} else {
							b.targets(x, Binding{Kind: BindOther})
						}
					}
					continue
				}
				b.walk(c, RoleOther, nil)
			}
		})
	case kGlobal, kNonlocal:
		cnt := int(n.NamedChildCount())
		for i := 0; i < cnt; i++ {
			c := n.NamedChild(i)
			if b.kindOf(c) != kIdentifier {
				continue
			}
			if k == kGlobal {
				if b.scope.Globals == nil {
					b.scope.Globals = map[string]bool{}
				}
				b.scope.Globals[b.text(c)] = true
			} else {
				if b.scope.Nonlocals == nil {
					b.scope.Nonlocals = map[string]bool{}
				}
				b.scope.Nonlocals[b.text(c)] = true
			}
		}
	case kExprStmt:
		if !b.hasParen(n) && !b.mayBind(n) {
			return
		}
		b.withStmt(n, func() {
			cnt := int(n.NamedChildCount())
			for i := 0; i < cnt; i++ {
				r := RoleOther
				if cnt == 1 {
					r = RoleStatement
				}
				b.walk(n.NamedChild(i), r, nil)
			}
		})
	case kStmt, kWith:
		b.withStmt(n, func() { b.children(n) })
	case kArgList:
		cnt := int(n.NamedChildCount())
		for i := 0; i < cnt; i++ {
			b.walk(n.NamedChild(i), RoleArgument, parent)
		}
	default:
		b.children(n)
	}
}

// mayBind reports whether an expression statement without calls may still
// bind a name (an assignment or a walrus).
func (b *builder) mayBind(n *sitter.Node) bool {
	if n.NamedChildCount() == 0 {
		return false
	}
	switch b.kindOf(n.NamedChild(0)) {
	case kAssignment, kAugAssignment, kNamed:
		return true
	}
	return false
}

func (b *builder) withStmt(n *sitter.Node, f func()) {
	saved := b.stmt
	b.stmt = b.span(n)
	f()
	b.stmt = saved
}

// targets binds the names of an assignment target pattern.
func (b *builder) targets(n *sitter.Node, bd Binding) {
	switch n.Type() {
	case "identifier":
		bd.Offset = b.off(n.StartByte())
		b.addBinding(b.scope, b.text(n), bd)
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list",
		"parenthesized_expression", "list_splat_pattern", "as_pattern_target", "list_splat":
		bd.Ctor = nil
		cnt := int(n.NamedChildCount())
		for i := 0; i < cnt; i++ {
			b.targets(n.NamedChild(i), bd)
		}
	default:
		// attribute and subscript targets bind no name but may hold calls.
		b.walk(n, RoleOther, nil)
	}
}

func (b *builder) assignment(n *sitter.Node) {
	r := n.ChildByFieldName("right")
	var ctor *Call
	if r != nil {
		b.walk(r, RoleOther, nil)
		if b.kindOf(r) == kCall && len(b.calls) > 0 {
			// The outermost call of the right-hand side is recorded first
			// among the calls it holds.
			for i := len(b.calls) - 1; i >= 0; i-- {
				if b.calls[i].Node.Equal(r) {
					ctor = b.calls[i]
					break
				}
			}
		}
	}
	if t := n.ChildByFieldName("type"); t != nil {
		b.walk(t, RoleOther, nil)
	}
	if l := n.ChildByFieldName("left"); l != nil {
		b.targets(l, Binding{Kind: BindAssign, Ctor: ctor})
	}
}

func (b *builder) imports(n *sitter.Node, k kind) {
	var module string
	level := 0
	cnt := int(n.ChildCount())
	stmt := b.span(n)
	for i := 0; i < cnt; i++ {
		c := n.Child(i)
		field := n.FieldNameForChild(i)
		switch {
		case k == kImportFrom && field == "module_name":
			if c.Type() == "relative_import" {
				cc := int(c.NamedChildCount())
				for j := 0; j < cc; j++ {
					x := c.NamedChild(j)
					if x.Type() == "import_prefix" {
						level = strings.Count(b.text(x), ".")
					} else {
						module = dotted(b.text(x))
					}
				}
			} else {
				module = dotted(b.text(c))
			}
		case field == "name":
			imp := &Import{Module: module, Level: level, Stmt: stmt, Item: b.span(c), Pos: b.m.Position(b.off(c.StartByte())), Scope: b.scope, Function: b.fn}
			name, alias := b.text(c), ""
			if c.Type() == "aliased_import" {
				if nn := c.ChildByFieldName("name"); nn != nil {
					name = b.text(nn)
				}
				if a := c.ChildByFieldName("alias"); a != nil {
					alias = b.text(a)
				}
			}
			name = dotted(name)
			imp.Alias = alias
			if k == kImport {
				imp.Module = name
				if alias != "" {
					imp.Bound, imp.Target = alias, name
				} else {
					first, _, _ := strings.Cut(name, ".")
					imp.Bound, imp.Target = first, first
				}
			} else {
				imp.Name = name
				imp.Bound = name
				if alias != "" {
					imp.Bound = alias
				}
				imp.Target = b.absolute(module, level, name)
			}
			b.m.Imports = append(b.m.Imports, imp)
			b.addBinding(b.scope, imp.Bound, Binding{Kind: BindImport, Offset: b.off(c.StartByte()), Import: imp})
		case c.Type() == "wildcard_import":
			imp := &Import{Module: module, Level: level, Name: "*", Stmt: stmt, Item: b.span(c), Pos: b.m.Position(b.off(c.StartByte())), Scope: b.scope, Function: b.fn}
			b.m.Imports = append(b.m.Imports, imp)
		}
	}
}

// dotted removes whitespace and comments from a dotted name's text.
func dotted(s string) string {
	if !strings.ContainsAny(s, " \t\r\n\\#") {
		return s
	}
	var sb strings.Builder
	for _, part := range strings.Split(s, ".") {
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(part), "\\")))
	}
	return sb.String()
}

// absolute returns the qualified name of `name` imported from a module
// written with `level` leading dots.
func (b *builder) absolute(module string, level int, name string) string {
	base := module
	if level > 0 {
		parts := []string{}
		if b.m.Name != "" {
			parts = strings.Split(b.m.Name, ".")
		}
		if !b.m.IsPackage {
			if len(parts) == 0 {
				return ""
			}
			parts = parts[:len(parts)-1]
		}
		if level-1 > len(parts) {
			return ""
		}
		parts = parts[:len(parts)-(level-1)]
		if module != "" {
			parts = append(parts, module)
		}
		base = strings.Join(parts, ".")
	}
	if base == "" {
		return name
	}
	return base + "." + name
}

func (b *builder) decorated(n *sitter.Node) {
	var decos []string
	cnt := int(n.NamedChildCount())
	var def *sitter.Node
	for i := 0; i < cnt; i++ {
		c := n.NamedChild(i)
		switch b.kindOf(c) {
		case kDecorator:
			if c.NamedChildCount() > 0 {
				e := c.NamedChild(0)
				decos = append(decos, dotted(b.text(e)))
				b.walk(e, RoleDecorator, nil)
			}
		case kFunction, kClass:
			def = c
		}
	}
	if def == nil {
		return
	}
	if b.kindOf(def) == kFunction {
		b.function(def, decos, b.span(n))
	} else {
		b.class(def, decos, b.span(n))
	}
}

func (b *builder) indentOf(off int) string {
	ls := b.m.LineStart(off)
	ind := b.m.Src[ls:off]
	for _, c := range ind {
		if c != ' ' && c != '\t' && c != '\f' {
			return ""
		}
	}
	return string(ind)
}

func (b *builder) function(n *sitter.Node, decos []string, full Span) {
	f := &Function{Node: n, Decorators: decos, Span: full, Def: b.span(n)}
	if n.ChildCount() > 0 && n.Child(0).Type() == "async" {
		f.Async = true
	}
	f.Indent = b.indentOf(f.Def.Start)
	if nm := n.ChildByFieldName("name"); nm != nil {
		f.Name = b.text(nm)
		f.NamePos = b.m.Position(b.off(nm.StartByte()))
	}
	if b.scope.Kind == ClassScope {
		f.Class = b.scope.Class
	}
	f.Parent = b.fn
	switch {
	case f.Class != nil:
		f.Qual = f.Class.Qual + "." + f.Name
		f.Class.Methods[f.Name] = f
	case f.Parent != nil:
		f.Qual = f.Parent.Qual + "." + f.Name
	default:
		f.Qual = f.Name
	}
	b.m.Functions = append(b.m.Functions, f)
	b.addBinding(b.scope, f.Name, Binding{Kind: BindFunction, Offset: f.Def.Start, Function: f})

	params := n.ChildByFieldName("parameters")
	// Defaults and annotations are evaluated in the enclosing scope.
	if params != nil && b.hasParen(params) {
		b.children(params)
	}
	if rt := n.ChildByFieldName("return_type"); rt != nil {
		b.walk(rt, RoleOther, nil)
	}
	f.Scope = newScope(FunctionScope, b.scope, f.Def)
	f.Scope.Function = f
	if params != nil {
		b.params(params, f.Scope, f)
	}
	body := n.ChildByFieldName("body")
	if body == nil {
		return
	}
	f.Body = b.span(body)
	if body.NamedChildCount() > 0 {
		first := body.NamedChild(0)
		if fs := b.span(first); b.m.LineStart(fs.Start) != b.m.LineStart(f.Def.Start) {
			f.BodyIndent = b.indentOf(fs.Start)
		}
		if b.kindOf(first) == kExprStmt && first.NamedChildCount() == 1 && b.kindOf(first.NamedChild(0)) == kString {
			f.Docstring = b.span(first)
		}
	}
	saved := *b
	b.scope, b.fn, b.ctx = f.Scope, f, ContextFunction
	b.children(body)
	b.scope, b.fn, b.ctx, b.stmt = saved.scope, saved.fn, saved.ctx, saved.stmt
}

// params binds parameter names in s and records them on f (nil for a
// lambda).
func (b *builder) params(params *sitter.Node, s *Scope, f *Function) {
	cnt := int(params.NamedChildCount())
	for i := 0; i < cnt; i++ {
		c := params.NamedChild(i)
		var nm *sitter.Node
		switch c.Type() {
		case "identifier":
			nm = c
		case "default_parameter", "typed_default_parameter":
			nm = c.ChildByFieldName("name")
		case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
			if c.NamedChildCount() > 0 {
				nm = c.NamedChild(0)
				if t := nm.Type(); t == "list_splat_pattern" || t == "dictionary_splat_pattern" {
					if nm.NamedChildCount() > 0 {
						nm = nm.NamedChild(0)
					}
				}
			}
		case "tuple_pattern":
			b.targets(c, Binding{Kind: BindParam})
			continue
		}
		if nm == nil || nm.Type() != "identifier" {
			continue
		}
		name := b.text(nm)
		if f != nil {
			f.Params = append(f.Params, name)
		}
		b.addBinding(s, name, Binding{Kind: BindParam, Offset: b.off(nm.StartByte()), Function: f})
	}
}

func (b *builder) class(n *sitter.Node, decos []string, full Span) {
	c := &Class{Node: n, Span: full, Methods: map[string]*Function{}, Parent: b.fn}
	if b.scope.Kind == ClassScope {
		c.Outer = b.scope.Class
	}
	if nm := n.ChildByFieldName("name"); nm != nil {
		c.Name = b.text(nm)
		c.NamePos = b.m.Position(b.off(nm.StartByte()))
	}
	switch {
	case c.Outer != nil:
		c.Qual = c.Outer.Qual + "." + c.Name
	case c.Parent != nil:
		c.Qual = c.Parent.Qual + "." + c.Name
	default:
		c.Qual = c.Name
	}
	if sc := n.ChildByFieldName("superclasses"); sc != nil {
		cnt := int(sc.NamedChildCount())
		for i := 0; i < cnt; i++ {
			x := sc.NamedChild(i)
			if k := b.kindOf(x); k == kIdentifier || k == kAttribute {
				c.Bases = append(c.Bases, dotted(b.text(x)))
			}
		}
		b.walk(sc, RoleOther, nil)
	}
	b.m.Classes = append(b.m.Classes, c)
	b.addBinding(b.scope, c.Name, Binding{Kind: BindClass, Offset: b.span(n).Start, Class: c})
	c.Scope = newScope(ClassScope, b.scope, b.span(n))
	c.Scope.Class = c
	body := n.ChildByFieldName("body")
	if body == nil {
		return
	}
	saved := *b
	b.scope, b.ctx = c.Scope, ContextClass
	b.children(body)
	b.scope, b.ctx, b.stmt = saved.scope, saved.ctx, saved.stmt
	// Bases resolve in the enclosing scope, as at class creation.
	for _, base := range c.Bases {
		c.BaseTargets = append(c.BaseTargets, b.resolveName(base, saved.scope, c.Span.Start, ClassScope))
	}
}

func (b *builder) lambda(n *sitter.Node) {
	s := newScope(LambdaScope, b.scope, b.span(n))
	if p := n.ChildByFieldName("parameters"); p != nil {
		if b.hasParen(p) {
			b.children(p)
		}
		b.params(p, s, nil)
	}
	body := n.ChildByFieldName("body")
	if body == nil {
		return
	}
	savedScope, savedCtx := b.scope, b.ctx
	b.scope, b.ctx = s, ContextLambda
	b.walk(body, RoleOther, nil)
	b.scope, b.ctx = savedScope, savedCtx
}

func (b *builder) comprehension(n *sitter.Node) {
	s := newScope(ComprehensionScope, b.scope, b.span(n))
	saved := b.scope
	b.scope = s
	cnt := int(n.NamedChildCount())
	// Bind the loop targets first, so the body sees them.
	for i := 0; i < cnt; i++ {
		c := n.NamedChild(i)
		if b.kindOf(c) == kForIn {
			if l := c.ChildByFieldName("left"); l != nil {
				b.targets(l, Binding{Kind: BindOther})
			}
		}
	}
	for i := 0; i < cnt; i++ {
		c := n.NamedChild(i)
		if b.kindOf(c) == kForIn {
			if r := c.ChildByFieldName("right"); r != nil {
				b.walk(r, RoleOther, nil)
			}
			continue
		}
		b.walk(c, RoleOther, nil)
	}
	b.scope = saved
}

func (b *builder) call(n *sitter.Node, role CallRole, parent *Call, await Span) {
	c := &Call{Node: n, Span: b.span(n), Role: role, Parent: parent, Function: b.fn, Context: b.ctx, Scope: b.scope, Stmt: b.stmt}
	if !await.Empty() {
		c.Awaited, c.Await = true, await
	}
	if role != RoleArgument {
		c.Parent = nil
	}
	fnode := n.ChildByFieldName("function")
	if fnode != nil {
		c.Callee = b.span(fnode)
		c.Pos = b.m.Position(c.Callee.Start)
		if isDotted(b, fnode) {
			c.CalleeText = dotted(b.text(fnode))
		}
	}
	args := n.ChildByFieldName("arguments")
	if args != nil {
		c.Args = b.span(args)
		if b.kindOf(args) == kArgList {
			cnt := int(args.NamedChildCount())
			for i := 0; i < cnt; i++ {
				if a := args.NamedChild(i); b.kindOf(a) != kComment {
					c.ArgSpans = append(c.ArgSpans, b.span(a))
				}
			}
		}
	}
	b.calls = append(b.calls, c)
	if b.fn != nil {
		b.fn.Calls = append(b.fn.Calls, c)
	}
	if fnode != nil && b.kindOf(fnode) != kIdentifier && b.hasParen(fnode) {
		b.walk(fnode, RoleOther, nil)
	}
	if args != nil && b.hasParen(args) {
		if b.kindOf(args) == kArgList {
			cnt := int(args.NamedChildCount())
			for i := 0; i < cnt; i++ {
				b.walk(args.NamedChild(i), RoleArgument, c)
			}
		} else {
			b.walk(args, RoleOther, nil)
		}
	}
}

func isDotted(b *builder, n *sitter.Node) bool {
	for {
		switch b.kindOf(n) {
		case kIdentifier:
			return true
		case kAttribute:
			o := n.ChildByFieldName("object")
			if o == nil {
				return false
			}
			n = o
		default:
			return false
		}
	}
}
