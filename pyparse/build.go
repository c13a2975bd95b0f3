package pyparse

import (
	"bytes"
	"slices"
	"strings"
	"unsafe"

	"github.com/asynclint/asynclint/internal/finding"
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
	kParams
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
	"except_group_clause":      kExcept, // except* E as e
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
	"parameters":               kParams,
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
	// invalid is the first construct the tree holds that Python rejects
	// although tree-sitter's grammar takes it (see reject)
	invalid *SyntaxError
	// tabs: whether the source may indent with tabs (0 not known yet, 1
	// no, 2 yes; see checkBlock)
	tabs  uint8
	stmt  Span
	calls []*Call
	reads []*Call
	f     *flat
	// nds is the chunk the child lists are cut from (see list); it goes
	// back to the Parser after the parse
	nds []nd
	// mirrors is the slab the model's go-tree-sitter nodes are cut from
	// (see node)
	mirrors slab[nodeMirror]
	// later are resolutions that need the module's bindings complete
	// (annotations, attribute assignments, decorators); run before calls
	// are resolved.
	later     []func()
	asyncWith bool // walking the items of an `async with`
	// line is where the builder's last position was found (see pos)
	line int
	// the slabs the model's calls, argument spans and first bindings of
	// each name are cut from; those of the module scope's names apart
	// (modBindings, modNames), as they outlive DropTree, which drops the
	// inner scopes and argument spans (see Parser.DropTree)
	callSlab    slab[Call]
	spanSlab    slab[Span]
	bindingSlab slab[Binding]
	scopeSlab   slab[Scope]
	namesSlab   slab[NameBindings]
	modBindings slab[Binding]
	modNames    slab[NameBindings]
	refSlab     slab[Ref]
	strSlab     slab[string]
	// exprSlab and stepSlab hold the Exprs (see reversed); exprSteps is
	// exprOf's scratch memory
	exprSlab  slab[Expr]
	stepSlab  slab[string]
	exprSteps []string
	// steps is scratch memory for resolve's dotted callees
	steps []string
	// pending are the guards found in the bodies being built, aliases the
	// locals bound to conditions on parameters (see ifGuards)
	pending []pendingGuard
	aliases []condAlias
	conds   condReader
	// matched are the functions whose body holds a match statement
	matched map[*Function]bool
}

// settle runs the pending resolutions, then resolves the calls and reads
// recorded since the last settle.
func (b *builder) settle() {
	for len(b.later) > 0 {
		later := b.later
		b.later = nil
		for _, f := range later {
			f()
		}
	}
	for _, c := range b.calls {
		b.resolve(c)
	}
	for _, c := range b.reads {
		b.resolve(c)
	}
	b.reads = nil
}

// The child lists below are cut from chunks of ndChunk nodes that the
// builder hands out in turn: a parse asks for hundreds of thousands of
// short lists, which would otherwise be as many allocations. Each list is
// capped at its length, so an append to it copies. No list outlives its
// parse: Parse's builder gives its chunk back to the Parser for the next
// parse (see Parser.nds), so that its chunks double instead: after a few
// files one chunk holds all the lists of any file.
const ndChunk = 2048

// list returns the children of n that keep accepts (every child when keep
// is nil), cut from the builder's chunk.
func (b *builder) list(n nd, keep func(sym int) bool) []nd {
	start := len(b.nds)
	for c := b.f.first(n); c != none; c = b.f.after(c, n) {
		if keep != nil && !keep(b.f.sym(c)) {
			continue
		}
		if len(b.nds) == cap(b.nds) {
			// A list that does not fit moves to a new chunk, twice
			// as large (it serves the next parses too).
			size := max(ndChunk, 2*(len(b.nds)-start+1), 2*cap(b.nds))
			moved := append(make([]nd, 0, size), b.nds[start:]...)
			b.nds, start = moved, 0
		}
		b.nds = append(b.nds, c)
	}
	return b.nds[start:len(b.nds):len(b.nds)]
}

// kids returns n's children.
func (b *builder) kids(n nd) []nd { return b.list(n, nil) }

// named returns n's named children, comments excluded.
func (b *builder) named(n nd) []nd { return b.list(n, namedNoComment) }

// namedAll returns n's named children, comments included, as tree-sitter
// counts them.
func (b *builder) namedAll(n nd) []nd { return b.list(n, isNamed) }

func namedNoComment(s int) bool {
	return s >= len(namedSym) || namedSym[s] && kinds[s] != kComment
}

func isNamed(s int) bool { return s >= len(namedSym) || namedSym[s] }

var (
	namedSym []bool
	symNames []string
)

func (b *builder) kindOf(n nd) kind {
	if s := b.f.sym(n); s < len(kinds) {
		return kinds[s]
	}
	return kOther // ERROR nodes
}

// typ returns n's grammar type name.
func (b *builder) typ(n nd) string {
	if s := b.f.sym(n); s < len(symNames) {
		return symNames[s]
	}
	return "ERROR"
}

// fieldChild returns n's first child in the named field, none if none.
func (b *builder) fieldChild(n nd, field int) nd {
	for c := b.f.first(n); c != none; c = b.f.after(c, n) {
		if b.f.field(c) == field {
			return c
		}
	}
	return none
}

func (b *builder) span(n nd) Span {
	s, e := int(b.f.start(n)), int(b.f.end(n))
	// tree-sitter-python's comment token runs to "\n", taking the "\r"
	// of a CRLF line: a node ending in a comment ends before it.
	if e > s && b.src[e-1] == '\r' {
		e--
	}
	return Span{s + b.base, e + b.base}
}

// text returns n's text, sharing the source's bytes (see Parse).
func (b *builder) text(n nd) string {
	s := b.src[b.f.start(n):b.f.end(n)]
	return unsafe.String(unsafe.SliceData(s), len(s))
}

// newScope returns a scope without bindings yet.
func (b *builder) newScope(k ScopeKind, parent *Scope, sp Span) *Scope {
	var s *Scope
	if k == ModuleScope {
		s = new(Scope) // outlives DropTree
	} else {
		s = b.scopeSlab.one()
	}
	s.Kind, s.Parent, s.Span = k, parent, sp
	return s
}

func (b *builder) addBinding(s *Scope, name string, bd Binding) {
	if name == "" {
		return
	}
	// Lists and name tables grow in the slabs too, so that an inner
	// scope's, dropped with it (Parser.DropTree), leaves no garbage.
	bindings, names := &b.bindingSlab, &b.namesSlab
	if s.Kind == ModuleScope {
		bindings, names = &b.modBindings, &b.modNames
		if bd.Value != nil {
			// Outlives the slab it was cut from (see reversed).
			v := Expr{Head: bd.Value.Head, Steps: slices.Clone(bd.Value.Steps)}
			bd.Value = &v
		}
	}
	i, ok := s.Bindings.find(name)
	if ok {
		l := s.Bindings[i].List
		if len(l) == cap(l) {
			l = append(bindings.slice(2 * len(l))[:0], l...)
		}
		s.Bindings[i].List = append(l, bd)
		return
	}
	list := bindings.slice(1)
	list[0] = bd
	if len(s.Bindings) == cap(s.Bindings) {
		s.Bindings = append(names.slice(max(4, 2*len(s.Bindings)))[:0], s.Bindings...)
	}
	s.Bindings = slices.Insert(s.Bindings, i, NameBindings{Name: name, List: list})
}

// pos is m.Position(off), searched for from the last position's line:
// the builder asks in nearly source order.
func (b *builder) pos(off int) finding.Position { return b.m.position(off, &b.line) }

func (b *builder) build(root nd) {
	m := b.m
	m.Scope = b.newScope(ModuleScope, nil, b.span(root))
	b.scope = m.Scope
	// Every call node of the flat tree becomes a Call.
	calls := 0
	for i := range b.f.nodes {
		if s := int(b.f.nodes[i].sym); s < len(kinds) && kinds[s] == kCall {
			calls++
		}
	}
	b.callSlab.reserve(calls)
	b.leading(root)
	b.children(root)
	b.settle()
	m.Calls = b.calls
	b.calls = nil
}

// leading records the module docstring, __future__ imports and where the
// leading import block ends.
func (b *builder) leading(root nd) {
	ns := b.named(root)
	for i, c := range ns {
		switch b.kindOf(c) {
		case kComment:
			continue
		case kExprStmt:
			if i == 0 {
				if ns := b.namedAll(c); len(ns) == 1 && b.kindOf(ns[0]) == kString {
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

func (b *builder) children(n nd) {
	for _, c := range b.kids(n) {
		b.walk(c, RoleOther, nil)
	}
}

func (b *builder) walk(n nd, role CallRole, parent *Call) {
	k := b.kindOf(n)
	switch k {
	case kPrunable, kString, kParenExpr, kKeywordArg:
		if !b.hasParen(n) {
			return
		}
		if k == kParenExpr || k == kKeywordArg {
			for _, c := range b.named(n) {
				b.walk(c, role, parent)
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
		if ns := b.named(n); len(ns) == 1 {
			c := ns[0]
			if b.kindOf(c) == kCall {
				b.call(c, role, parent, b.span(n))
				return
			}
		}
		b.children(n)
	case kAssignment:
		b.assignment(n)
	case kAugAssignment:
		ns := b.named(n)
		if len(ns) > 0 && b.kindOf(ns[0]) == kIdentifier {
			b.addBinding(b.scope, b.text(ns[0]), Binding{Kind: BindAssign, Offset: b.off(b.f.start(ns[0]))})
		}
		if len(ns) > 1 {
			b.walk(ns[len(ns)-1], RoleOther, nil)
		}
	case kNamed:
		ns := b.named(n)
		if len(ns) > 0 {
			nm := ns[0]
			s := b.scope
			for s.Kind == ComprehensionScope && s.Parent != nil {
				s = s.Parent
			}
			b.addBinding(s, b.text(nm), Binding{Kind: BindOther, Offset: b.off(b.f.start(nm))})
		}
		if len(ns) > 1 {
			b.walk(ns[1], RoleOther, nil)
		}
	case kFor:
		if b.fn != nil && b.ctx == ContextFunction {
			b.rangeGuard(n)
		}
		b.withStmt(n, func() {
			if ns := b.named(n); len(ns) > 0 {
				b.targets(ns[0], Binding{Kind: BindOther})
				for _, c := range ns[1:] {
					b.walk(c, RoleOther, nil)
				}
			}
		})
	case kWithItem:
		wn := b.named(n)
		if len(wn) == 0 {
			return
		}
		v := wn[0]
		if b.kindOf(v) == kAsPattern {
			var value *Expr
			for i, c := range b.named(v) {
				if i == 0 {
					b.withItem(c)
					if e := b.exprOf(c); e != nil && len(e.Steps) < maxSteps-1 {
						value = &Expr{Head: e.Head, Steps: append(e.Steps[:len(e.Steps):len(e.Steps)], "__enter__", "()")}
					}
				} else {
					bd := Binding{Kind: BindOther}
					if b.kindOf(c) == kIdentifier || b.typ(c) == "as_pattern_target" && len(b.named(c)) == 1 && b.kindOf(b.named(c)[0]) == kIdentifier {
						bd.Value = value
					}
					b.targets(c, bd)
				}
			}
			return
		}
		b.withItem(v)
	case kExcept:
		b.withStmt(n, func() {
			for _, c := range b.named(n) {
				if b.kindOf(c) == kAsPattern {
					for j, x := range b.named(c) {
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
		for _, c := range b.named(n) {
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
			ns := b.named(n)
			for _, c := range ns {
				r := RoleOther
				if len(ns) == 1 {
					r = RoleStatement
				}
				b.walk(c, r, nil)
			}
		})
	case kStmt:
		if b.fn != nil && b.typ(n) == "return_statement" {
			ns := b.named(n)
			if len(ns) > 0 {
				b.fn.ValueReturns++
			}
			if len(ns) == 1 && b.kindOf(ns[0]) == kIdentifier {
				b.fn.ReturnNames = append(b.fn.ReturnNames, b.text(ns[0]))
			}
		}
		if b.fn != nil && b.ctx == ContextFunction {
			switch b.typ(n) {
			case "if_statement":
				b.ifGuards(n)
			case "match_statement":
				if b.matched == nil {
					b.matched = map[*Function]bool{}
				}
				b.matched[b.fn] = true
			}
		}
		switch b.typ(n) {
		case "print_statement":
			// `print >>f, x` is a tuple to Python 3: an error only when run.
			if rest := bytes.TrimLeft(b.src[b.f.start(n)+5:b.f.end(n)], " \t\f"); !bytes.HasPrefix(rest, []byte(">>")) {
				b.reject(n, "missing parentheses in call to `print`")
			}
		case "exec_statement":
			b.reject(n, "missing parentheses in call to `exec`")
		}
		b.withStmt(n, func() { b.children(n) })
	case kWith:
		saved := b.asyncWith
		b.asyncWith = false
		if ks := b.kids(n); len(ks) > 0 && b.typ(ks[0]) == "async" {
			b.asyncWith = true
		}
		b.withStmt(n, func() { b.children(n) })
		b.asyncWith = saved
	case kAttribute:
		b.read(n, role)
		// The object: its calls, not its attribute reads (evaluating the
		// whole chain covers them).
		x := n
		for b.kindOf(x) == kAttribute {
			ns := b.named(x)
			if len(ns) == 0 {
				return
			}
			x = ns[0]
		}
		b.walk(x, RoleOther, nil)
	case kArgList:
		for _, c := range b.named(n) {
			b.walk(c, RoleArgument, parent)
		}
	case kBlock:
		b.checkBlock(n)
		b.children(n)
	default:
		b.children(n)
	}
}

// mayBind reports whether an expression statement without calls may still
// bind a name (an assignment or a walrus).
func (b *builder) mayBind(n nd) bool {
	ns := b.named(n)
	if len(ns) == 0 {
		return false
	}
	switch b.kindOf(ns[0]) {
	case kAssignment, kAugAssignment, kNamed:
		return true
	}
	return false
}

func (b *builder) withStmt(n nd, f func()) {
	saved := b.stmt
	b.stmt = b.span(n)
	f()
	b.stmt = saved
}

// targets binds the names of an assignment target pattern.
func (b *builder) targets(n nd, bd Binding) {
	switch b.typ(n) {
	case "identifier":
		bd.Offset = b.off(b.f.start(n))
		b.addBinding(b.scope, b.text(n), bd)
	case "as_pattern_target":
		for _, c := range b.named(n) {
			b.targets(c, bd)
		}
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list",
		"parenthesized_expression", "list_splat_pattern", "list_splat":
		bd.Ctor, bd.Value = nil, nil
		for _, c := range b.named(n) {
			b.targets(c, bd)
		}
	case "attribute":
		// Binds no name (and reads nothing): only the object's calls.
		if ns := b.named(n); len(ns) > 0 {
			b.walk(ns[0], RoleOther, nil)
		}
	default:
		// subscript targets bind no name but may hold calls.
		b.walk(n, RoleOther, nil)
	}
}

func (b *builder) assignment(n nd) {
	ns := b.named(n)
	l, t, r := none, none, none
	for i, c := range ns {
		switch {
		case i == 0:
			l = c
		case b.typ(c) == "type" && t == none:
			t = c
		default:
			r = c
		}
	}
	var ctor *Call
	if r != none {
		b.walk(r, RoleOther, nil)
		if b.kindOf(r) == kCall && len(b.calls) > 0 {
			// The outermost call of the right-hand side is recorded first
			// among the calls it holds.
			for i := len(b.calls) - 1; i >= 0; i-- {
				if b.calls[i].idx == r {
					ctor = b.calls[i]
					break
				}
			}
		}
	}
	if t != none {
		b.walk(t, RoleOther, nil)
	}
	if l == none {
		return
	}
	var value *Expr
	isNone := false
	if r != none {
		value = b.exprOf(r)
		isNone = b.typ(r) == "none"
	}
	ann := ""
	if t != none {
		ann = b.text(t)
	}
	b.targets(l, Binding{Kind: BindAssign, Ctor: ctor, Value: value})
	switch b.kindOf(l) {
	case kIdentifier:
		name := b.text(l)
		if b.scope.Kind == ClassScope {
			b.attrLater(attrAssign{class: b.scope.Class, name: name, value: value, none: isNone, ann: ann, scope: b.scope, off: b.off(b.f.start(l))})
		}
		if r != none && b.fn != nil && b.scope == b.fn.Scope {
			b.aliasGuards(name, r)
		}
		// A recovered parse can hold an annotated target that bound
		// nothing (`:"0A00`): there is no binding to type.
		if ann != "" && len(b.scope.Bindings.Of(name)) > 0 {
			s, i, off := b.scope, len(b.scope.Bindings.Of(name))-1, b.off(b.f.start(l))
			b.later = append(b.later, func() {
				s.Bindings.Of(name)[i].Type = b.annotationRef(ann, s, off)
			})
		}
	case kAttribute:
		// self.attr = value in a method.
		f := b.fn
		ns := b.named(l)
		if f == nil || f.Class == nil || b.scope != f.Scope || len(ns) < 2 || len(f.Params) == 0 ||
			b.kindOf(ns[0]) != kIdentifier || b.text(ns[0]) != f.Params[0] || b.kindOf(ns[len(ns)-1]) != kIdentifier ||
			f.HasDecorator("staticmethod") || f.HasDecorator("classmethod") {
			return
		}
		b.attrLater(attrAssign{class: f.Class, name: b.text(ns[len(ns)-1]), value: value, none: isNone, ann: ann, scope: f.Scope, off: b.off(b.f.start(l))})
	}
}

func (b *builder) attrLater(a attrAssign) {
	b.later = append(b.later, func() { b.resolveAttr(a) })
}

// withItem walks a `with` item's context manager: a call gets RoleWith; a
// name or attribute is recorded as a read, whose __enter__ and __exit__
// the graph follows.
func (b *builder) withItem(v nd) {
	switch b.kindOf(v) {
	case kIdentifier:
		b.read(v, RoleWith)
	default:
		b.walk(v, RoleWith, nil)
	}
}

// read records an attribute read or a with item in a def's body, when it
// is a dotted name, or an attribute read of a call's result
// (`get_session().output`: a property's getter runs there too).
func (b *builder) read(n nd, role CallRole) {
	if b.fn == nil {
		return
	}
	name, ok := b.dottedName(n)
	var expr *Expr
	switch {
	case !ok:
		if role == RoleWith || b.kindOf(n) != kAttribute {
			return
		}
		if expr = b.exprOf(n); expr == nil || expr.Head != "super()" && !slices.Contains(expr.Steps, "()") {
			return
		}
		// Named by its text, on one line.
		name = strings.Join(strings.Fields(b.text(n)), " ")
	case role != RoleWith && !strings.Contains(name, "."):
		return
	}
	sp := b.span(n)
	c := b.callSlab.one()
	*c = Call{Read: true, Span: sp, Callee: sp, CalleeText: name, Pos: b.pos(sp.Start), Function: b.fn, Context: b.ctx, Scope: b.scope, Stmt: b.stmt, expr: expr}
	if role == RoleWith {
		c.Role, c.AsyncWith = RoleWith, b.asyncWith
	}
	b.fn.Reads = append(b.fn.Reads, c)
	b.reads = append(b.reads, c)
}

func (b *builder) imports(n nd, k kind) {
	var module string
	level := 0
	stmt := b.span(n)
	for c := b.f.first(n); c != none; c = b.f.after(c, n) {
		field := b.f.field(c)
		switch {
		case k == kImportFrom && field == fieldModuleName:
			if b.typ(c) == "relative_import" {
				for _, x := range b.namedAll(c) {
					if b.typ(x) == "import_prefix" {
						level = strings.Count(b.text(x), ".")
					} else {
						module = dotted(b.text(x))
					}
				}
			} else {
				module = dotted(b.text(c))
			}
		case field == fieldName:
			imp := &Import{Module: module, Level: level, Stmt: stmt, Item: b.span(c), Pos: b.pos(b.off(b.f.start(c))), Scope: b.scope, Function: b.fn}
			name, alias := b.text(c), ""
			if b.typ(c) == "aliased_import" {
				if nn := b.fieldChild(c, fieldName); nn != none {
					name = b.text(nn)
				}
				if a := b.fieldChild(c, fieldAlias); a != none {
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
			b.addBinding(b.scope, imp.Bound, Binding{Kind: BindImport, Offset: b.off(b.f.start(c)), Import: imp})
		case b.typ(c) == "wildcard_import":
			imp := &Import{Module: module, Level: level, Name: "*", Stmt: stmt, Item: b.span(c), Pos: b.pos(b.off(b.f.start(c))), Scope: b.scope, Function: b.fn}
			b.m.Imports = append(b.m.Imports, imp)
		}
	}
}

// plainDotted reports whether s is ASCII identifiers joined by single
// dots, nothing else: the text of an attribute chain of identifiers.
func plainDotted(s string) bool {
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if start {
				return false
			}
			start = true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			start = false
		case c >= '0' && c <= '9':
			if start {
				return false
			}
		default:
			return false
		}
	}
	return !start
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
		sb.WriteString(strings.Trim(part, " \t\r\n\\"))
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

func (b *builder) decorated(n nd) {
	var decos []string
	var decoOffs []int
	def := none
	for _, c := range b.named(n) {
		switch b.kindOf(c) {
		case kDecorator:
			if ds := b.named(c); len(ds) > 0 {
				e := ds[0]
				decos = append(decos, dotted(b.text(e)))
				decoOffs = append(decoOffs, b.off(b.f.start(e)))
				b.walk(e, RoleDecorator, nil)
			}
		case kFunction, kClass:
			def = c
		}
	}
	if def == none {
		return
	}
	if b.kindOf(def) == kFunction {
		b.function(def, decos, b.span(n))
		f := b.m.Functions[len(b.m.Functions)-1]
		s := b.scope
		for i, d := range decos {
			f.DecoratorPos = append(f.DecoratorPos, b.pos(decoOffs[i]))
			f.DecoratorTargets = append(f.DecoratorTargets, "")
			i, d, off := i, d, decoOffs[i]
			b.later = append(b.later, func() { f.DecoratorTargets[i] = b.decoratorTarget(d, s, off) })
		}
	} else {
		b.class(def, decos, b.span(n))
	}
}

func (b *builder) indentOf(off int) string {
	ls := b.m.LineStart(off)
	ind := b.m.Source()[ls:off]
	for _, c := range ind {
		if c != ' ' && c != '\t' && c != '\f' {
			return ""
		}
	}
	return string(ind)
}

func (b *builder) function(n nd, decos []string, full Span) {
	f := &Function{Node: b.node(n), Decorators: decos, Span: full, Def: b.span(n)}
	ks := b.kids(n)
	if len(ks) > 0 && b.typ(ks[0]) == "async" {
		f.Async = true
	}
	nm, params, rt, body := b.defParts(ks)
	f.Indent = b.indentOf(f.Def.Start)
	if nm != none {
		f.Name = b.text(nm)
		f.NamePos = b.pos(b.off(b.f.start(nm)))
	}
	if b.scope.Kind == ClassScope {
		f.Class = b.scope.Class
	}
	f.Parent = b.fn
	switch {
	case f.Class != nil:
		f.Qual = f.Class.Qual + "." + f.Name
		// A property's setter and deleter keep the getter as the method.
		if old := f.Class.Methods[f.Name]; old == nil || !f.HasDecorator(f.Name+".setter") && !f.HasDecorator(f.Name+".deleter") {
			f.Class.Methods[f.Name] = f
		}
	case f.Parent != nil:
		f.Qual = f.Parent.Qual + "." + f.Name
	default:
		f.Qual = f.Name
	}
	b.m.Functions = append(b.m.Functions, f)
	b.addBinding(b.scope, f.Name, Binding{Kind: BindFunction, Offset: f.Def.Start, Function: f})

	if body != none {
		f.Body = b.span(body)
	}
	if rt != none {
		text, s, off := b.text(rt), b.scope, b.off(b.f.start(rt))
		b.later = append(b.later, func() { f.Returns = b.returnRef(f, text, s, off) })
	}
	b.complete(f, params, rt, body)
}

// defParts returns the name, parameters, return type and body among a
// def's children.
func (b *builder) defParts(ks []nd) (nm, params, rt, body nd) {
	nm, params, rt, body = none, none, none, none
	for _, c := range ks {
		switch b.kindOf(c) {
		case kIdentifier:
			if nm == none {
				nm = c
			}
		case kParams:
			params = c
		case kPrunable:
			rt = c
		case kBlock:
			body = c
		}
	}
	return nm, params, rt, body
}

// complete models a def's parameters, docstring and body; b.scope is the
// enclosing scope.
func (b *builder) complete(f *Function, params, rt, body nd) {
	// Defaults and annotations are evaluated in the enclosing scope.
	if params != none && b.hasInnerParen(params) {
		b.children(params)
	}
	if rt != none {
		b.walk(rt, RoleOther, nil)
	}
	f.Scope = b.newScope(FunctionScope, b.scope, f.Def)
	f.Scope.Function = f
	if params != none {
		b.params(params, f.Scope, f)
	}
	if body == none {
		return
	}
	if first := b.firstNamed(body); first != none {
		if fs := b.span(first); b.m.LineStart(fs.Start) != b.m.LineStart(f.Def.Start) {
			f.BodyIndent = b.indentOf(fs.Start)
		}
		if b.kindOf(first) == kExprStmt {
			if fs := b.named(first); len(fs) == 1 && b.kindOf(fs[0]) == kString {
				f.Docstring = b.span(first)
			}
		}
	}
	start, nested, classes := len(b.pending), len(b.m.Functions), len(b.m.Classes)
	b.body(f, body)
	b.finishGuards(f, start, nested, classes)
}

// firstNamed returns n's first named child that is not a comment.
func (b *builder) firstNamed(n nd) nd {
	for c := b.f.first(n); c != none; c = b.f.after(c, n) {
		if s := b.f.sym(c); s >= len(namedSym) || namedSym[s] && kinds[s] != kComment {
			return c
		}
	}
	return none
}

// body models a function's body.
func (b *builder) body(f *Function, body nd) {
	scope, fn, ctx, stmt := b.scope, b.fn, b.ctx, b.stmt
	b.scope, b.fn, b.ctx, b.stmt = f.Scope, f, ContextFunction, Span{}
	b.checkBlock(body)
	b.children(body)
	b.scope, b.fn, b.ctx, b.stmt = scope, fn, ctx, stmt
}

// params binds parameter names in s and records them on f (nil for a
// lambda).
func (b *builder) params(params nd, s *Scope, f *Function) {
	ps := b.named(params)
	if f != nil && len(ps) > 0 {
		f.Params = b.strSlab.slice(len(ps))[:0]
	}
	for _, c := range ps {
		nm := none
		switch b.typ(c) {
		case "identifier":
			nm = c
		case "default_parameter", "typed_default_parameter", "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
			if cs := b.named(c); len(cs) > 0 {
				nm = cs[0]
				if t := b.typ(nm); t == "list_splat_pattern" || t == "dictionary_splat_pattern" {
					if ns := b.named(nm); len(ns) > 0 {
						nm = ns[0]
					}
				}
			}
		case "tuple_pattern":
			b.targets(c, Binding{Kind: BindParam})
			continue
		}
		if nm == none || b.typ(nm) != "identifier" {
			continue
		}
		name := b.text(nm)
		if f != nil {
			f.Params = append(f.Params, name)
		}
		b.addBinding(s, name, Binding{Kind: BindParam, Offset: b.off(b.f.start(nm)), Function: f})
		if t := b.typ(c); (t == "typed_parameter" || t == "typed_default_parameter") && len(s.Bindings.Of(name)) > 0 {
			if ty := b.paramType(c); ty != none {
				text, outer, i, off := b.text(ty), s.Parent, len(s.Bindings.Of(name))-1, b.off(b.f.start(ty))
				b.later = append(b.later, func() { s.Bindings.Of(name)[i].Type = b.annotationRef(text, outer, off) })
			}
		}
	}
}

func (b *builder) class(n nd, decos []string, full Span) {
	c := &Class{Node: b.node(n), Span: full, Methods: map[string]*Function{}, Attrs: map[string]*Attr{}, Parent: b.fn}
	if b.scope.Kind == ClassScope {
		c.Outer = b.scope.Class
	}
	nm, sc, body := none, none, none
	for _, x := range b.named(n) {
		switch b.typ(x) {
		case "identifier":
			if nm == none {
				nm = x
			}
		case "argument_list":
			sc = x
		case "block":
			body = x
		}
	}
	if nm != none {
		c.Name = b.text(nm)
		c.NamePos = b.pos(b.off(b.f.start(nm)))
	}
	switch {
	case c.Outer != nil:
		c.Qual = c.Outer.Qual + "." + c.Name
	case c.Parent != nil:
		c.Qual = c.Parent.Qual + "." + c.Name
	default:
		c.Qual = c.Name
	}
	if sc != none {
		for _, x := range b.named(sc) {
			if k := b.kindOf(x); k == kIdentifier || k == kAttribute {
				c.Bases = append(c.Bases, dotted(b.text(x)))
			}
		}
		b.walk(sc, RoleOther, nil)
	}
	b.m.Classes = append(b.m.Classes, c)
	b.addBinding(b.scope, c.Name, Binding{Kind: BindClass, Offset: b.span(n).Start, Class: c})
	c.Scope = b.newScope(ClassScope, b.scope, b.span(n))
	c.Scope.Class = c
	if body == none {
		return
	}
	saved := *b
	b.scope, b.ctx = c.Scope, ContextClass
	b.checkBlock(body)
	b.children(body)
	b.scope, b.ctx, b.stmt = saved.scope, saved.ctx, saved.stmt
	// Bases resolve in the enclosing scope, as at class creation.
	for _, base := range c.Bases {
		c.BaseTargets = append(c.BaseTargets, b.resolveName(base, saved.scope, c.Span.Start, ClassScope))
	}
}

func (b *builder) lambda(n nd) {
	s := b.newScope(LambdaScope, b.scope, b.span(n))
	ns := b.named(n)
	if len(ns) == 0 {
		return
	}
	if p := ns[0]; b.typ(p) == "lambda_parameters" {
		if b.hasParen(p) {
			b.children(p)
		}
		b.params(p, s, nil)
	}
	body := ns[len(ns)-1]
	if b.typ(body) == "lambda_parameters" {
		return
	}
	savedScope, savedCtx := b.scope, b.ctx
	b.scope, b.ctx = s, ContextLambda
	b.walk(body, RoleOther, nil)
	b.scope, b.ctx = savedScope, savedCtx
}

func (b *builder) comprehension(n nd) {
	s := b.newScope(ComprehensionScope, b.scope, b.span(n))
	saved := b.scope
	b.scope = s
	ns := b.named(n)
	// Bind the loop targets first, so the body sees them.
	for _, c := range ns {
		if b.kindOf(c) == kForIn {
			if fs := b.named(c); len(fs) > 0 {
				b.targets(fs[0], Binding{Kind: BindOther})
			}
		}
	}
	for _, c := range ns {
		if b.kindOf(c) == kForIn {
			if fs := b.named(c); len(fs) > 1 {
				for _, r := range fs[1:] {
					b.walk(r, RoleOther, nil)
				}
			}
			continue
		}
		b.walk(c, RoleOther, nil)
	}
	b.scope = saved
}

func (b *builder) call(n nd, role CallRole, parent *Call, await Span) {
	c := b.callSlab.one()
	*c = Call{Node: b.node(n), idx: n, Span: b.span(n), Role: role, Parent: parent, Function: b.fn, Context: b.ctx, Scope: b.scope, Stmt: b.stmt}
	if !await.Empty() {
		c.Awaited, c.Await = true, await
	}
	if role != RoleArgument {
		c.Parent = nil
	}
	fnode, args := none, none
	if ns := b.named(n); len(ns) > 0 {
		fnode = ns[0]
		if len(ns) > 1 {
			args = ns[len(ns)-1]
		}
	}
	if fnode != none {
		// `(time.sleep)(0)`: the callee is the parenthesised expression,
		// reported where it starts, as ruff does.
		callee := fnode
		for b.kindOf(callee) == kParenExpr {
			ns := b.named(callee)
			if len(ns) != 1 {
				break
			}
			callee = ns[0]
		}
		c.Callee = b.span(callee)
		c.Pos = b.pos(c.Callee.Start)
		if name, ok := b.dottedName(callee); ok {
			c.CalleeText = name
		}
	}
	var argNodes []nd
	if args != none {
		c.Args = b.span(args)
		if b.kindOf(args) == kArgList {
			argNodes = b.named(args)
			b.checkArgs(argNodes)
			c.ArgSpans = b.spanSlab.slice(len(argNodes))
			for i, a := range argNodes {
				c.ArgSpans[i] = b.span(a)
			}
		}
	}
	b.calls = append(b.calls, c)
	if b.fn != nil {
		b.fn.Calls = append(b.fn.Calls, c)
	}
	if role == RoleWith {
		c.AsyncWith = b.asyncWith
	}
	if fnode != none && c.CalleeText == "" {
		c.expr = b.exprOf(fnode)
	}
	if fnode != none && b.kindOf(fnode) != kIdentifier && b.hasParen(fnode) {
		if b.kindOf(fnode) == kAttribute {
			// The callee's object (its attribute reads are the callee's).
			x := fnode
			for b.kindOf(x) == kAttribute {
				if ns := b.named(x); len(ns) > 0 {
					x = ns[0]
				} else {
					break
				}
			}
			b.walk(x, RoleOther, nil)
		} else {
			b.walk(fnode, RoleOther, nil)
		}
	}
	if args != none && b.hasInnerParen(args) {
		if b.kindOf(args) == kArgList {
			for _, a := range argNodes {
				b.walk(a, RoleArgument, c)
			}
		} else {
			b.walk(args, RoleOther, nil)
		}
	}
}

// dottedName returns the dotted name an expression made of identifiers,
// attribute accesses and parentheses spells (`(time).sleep`, `time.\
// sleep`), ok false for anything else.
func (b *builder) dottedName(n nd) (name string, ok bool) {
	switch b.kindOf(n) {
	case kIdentifier:
		return b.text(n), true
	case kAttribute:
		if t := b.text(n); plainDotted(t) {
			// Identifiers and dots alone: the name is the text.
			return t, true
		}
		// The object and the attribute name, around any extras (a
		// line_continuation after the dot).
		ns := b.named(n)
		if len(ns) < 2 || b.kindOf(ns[len(ns)-1]) != kIdentifier {
			return "", false
		}
		for _, x := range ns[1 : len(ns)-1] {
			if b.typ(x) != "line_continuation" {
				return "", false
			}
		}
		head, ok := b.dottedName(ns[0])
		if !ok {
			return "", false
		}
		return head + "." + b.text(ns[len(ns)-1]), true
	case kParenExpr:
		ns := b.named(n)
		if len(ns) != 1 {
			return "", false
		}
		return b.dottedName(ns[0])
	}
	return "", false
}

// reject records that Python rejects the construct n, which tree-sitter's
// grammar takes (it parses Python 2's print statement, and leaves to the
// compiler what CPython's parser checks beyond the grammar): the module's
// syntax error when the tree has none, the first one by position.
func (b *builder) reject(n nd, msg string) {
	off := b.off(b.f.start(n))
	if b.invalid != nil && b.invalid.Pos.Offset <= off {
		return
	}
	b.invalid = &SyntaxError{Pos: b.m.Position(off), Message: msg}
}

// checkBlock rejects a block without a statement (`def f():` followed by
// nothing indented, or only comments), which tree-sitter leaves empty.
//
// Not in a file whose indentation holds a tab: tree-sitter counts a tab
// as 8 columns more, not to the next multiple of 8 as Python does, and
// leaves empty a block Python reads as holding the lines after it.
func (b *builder) checkBlock(n nd) {
	if b.tabs == 0 {
		b.tabs = 1
		if bytes.Contains(b.src, []byte(" \t")) || bytes.Contains(b.src, []byte("\n\t")) || bytes.HasPrefix(b.src, []byte("\t")) {
			b.tabs = 2
		}
	}
	if b.tabs == 1 && len(b.named(n)) == 0 {
		b.reject(n, "expected an indented block")
	}
}

// checkArgs rejects what CPython's parser rejects in a call's arguments:
// a positional argument after a keyword argument or after `**`, `*` after
// `**`, and a keyword given twice.
func (b *builder) checkArgs(args []nd) {
	keyword, unpacked := false, false
	var names []string
	for _, a := range args {
		switch b.typ(a) {
		case "keyword_argument":
			keyword = true
			if ns := b.named(a); len(ns) > 0 && b.kindOf(ns[0]) == kIdentifier {
				name := b.text(ns[0])
				if slices.Contains(names, name) {
					b.reject(a, "keyword argument repeated: "+name)
				}
				names = append(names, name)
			}
		case "dictionary_splat":
			unpacked = true
		case "list_splat":
			if unpacked {
				b.reject(a, "iterable argument unpacking follows keyword argument unpacking")
			}
		default:
			if unpacked {
				b.reject(a, "positional argument follows keyword argument unpacking")
			} else if keyword {
				b.reject(a, "positional argument follows keyword argument")
			}
		}
	}
}
