package pyparse

import (
	"strings"
)

// maxSteps bounds the steps of an Expr the model records.
const maxSteps = 8

// exprOf returns the shape of n when it is a name followed by attribute
// reads, calls and subscripts (`self.client`, `make()`, `Engine[P](x)`,
// `super().m`), nil otherwise.
func (b *builder) exprOf(n nd) *Expr {
	steps := b.exprSteps[:0] // scratch: reversed copies them
	defer func() { b.exprSteps = steps[:0] }()
	for depth := 0; depth < maxSteps+1; depth++ {
		switch b.kindOf(n) {
		case kIdentifier:
			return b.reversed(b.text(n), steps)
		case kAttribute:
			ns := b.named(n)
			if len(ns) < 2 || b.kindOf(ns[len(ns)-1]) != kIdentifier {
				return nil
			}
			steps = append(steps, b.text(ns[len(ns)-1]))
			n = ns[0]
		case kCall:
			ns := b.named(n)
			if len(ns) == 0 {
				return nil
			}
			if b.kindOf(ns[0]) == kIdentifier && b.text(ns[0]) == "super" && (len(ns) < 2 || len(b.named(ns[len(ns)-1])) == 0) {
				return b.reversed("super()", steps)
			}
			steps = append(steps, "()")
			n = ns[0]
		case kParenExpr:
			ns := b.named(n)
			if len(ns) != 1 {
				return nil
			}
			n = ns[0]
		case kPrunable:
			if b.typ(n) != "subscript" {
				return nil
			}
			steps = append(steps, "[]")
			if ns := b.named(n); len(ns) > 0 {
				n = ns[0]
				continue
			}
			// Pruned (no call inside): the value is the text before "[".
			text, _, _ := strings.Cut(b.text(n), "[")
			text = dotted(text)
			if !isDotted(text) {
				return nil
			}
			parts := strings.Split(text, ".")
			for i := len(parts) - 1; i >= 1; i-- {
				steps = append(steps, parts[i])
			}
			return b.reversed(parts[0], steps)
		default:
			return nil
		}
	}
	return nil
}

// reversed returns the Expr of head and steps taken in reverse, cut from
// the builder's slabs: an Expr outlives its parse only as the value of a
// module-level binding, which addBinding copies out of them (see
// Parser.DropTree).
func (b *builder) reversed(head string, steps []string) *Expr {
	if len(steps) > maxSteps {
		return nil
	}
	e := b.exprSlab.one()
	e.Head = head
	if len(steps) > 0 {
		e.Steps = b.stepSlab.slice(len(steps))
		for i, st := range steps {
			e.Steps[len(steps)-1-i] = st
		}
	}
	return e
}

// annotationName returns the dotted class name an annotation's text names:
// `Client`, `mod.Client`, `Optional[Client]`, `Client | None`,
// `Union[Client, None]`, `Annotated[Client, ...]`, `Final[Client]` and
// their string forms; "" for anything else (containers, type[...],
// unions of several classes). quoted reports a string annotation.
func annotationName(text string) (name string, quoted bool) {
	t := strings.TrimSpace(text)
	for i := 0; i < 4; i++ {
		if len(t) >= 2 && (t[0] == '"' || t[0] == '\'') && t[len(t)-1] == t[0] {
			t = strings.TrimSpace(t[1 : len(t)-1])
			quoted = true
			continue
		}
		if strings.IndexByte(t, '|') < 0 {
			// Not a union: nothing to split.
		} else if parts := splitTop(t, '|'); len(parts) > 1 {
			t = soleNonNone(parts)
			continue
		}
		open := strings.IndexByte(t, '[')
		if open < 0 || t[len(t)-1] != ']' {
			break
		}
		head := dotted(t[:open])
		args := splitTop(t[open+1:len(t)-1], ',')
		switch lastPart(head) {
		case "Optional", "Final", "ClassVar":
			if len(args) != 1 {
				return "", quoted
			}
			t = args[0]
		case "Annotated":
			t = args[0]
		case "Union":
			t = soleNonNone(args)
		default:
			return "", quoted
		}
	}
	t = dotted(strings.TrimSpace(t))
	if !isDotted(t) || t == "None" {
		return "", quoted
	}
	return t, quoted
}

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// soleNonNone returns the one member of a union that is not None, "" when
// there are several.
func soleNonNone(parts []string) string {
	out := ""
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "None" || p == "" {
			continue
		}
		if out != "" {
			return ""
		}
		out = p
	}
	return out
}

// splitTop splits s at sep outside brackets and quotes.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// annotationRef resolves an annotation's text, used at off in s, to a
// reference to an instance of the class it names. String annotations, and
// all annotations under `from __future__ import annotations`, are
// resolved as at the end of the module (they are evaluated late).
func (b *builder) annotationRef(text string, s *Scope, off int) Ref {
	name, quoted := annotationName(text)
	if name == "" {
		return Ref{}
	}
	if quoted || b.futureAnnotations() {
		off = len(b.m.Source()) + 1
	}
	q := b.resolveName(name, s, off, ModuleScope)
	if q == "" {
		// A module-level alias (`Manager = DockerManager`): the graph
		// evaluates what the name is bound to.
		head, rest, _ := strings.Cut(name, ".")
		bd, bs, ok := b.m.lookup(head, s, off)
		if !ok || bd.Kind != BindAssign || bs.Kind != ModuleScope || rest != "" {
			return Ref{}
		}
		q = b.qualify(head)
	}
	return Ref{Base: q, Instance: true}
}

func (b *builder) futureAnnotations() bool {
	for _, sp := range b.m.FutureImports {
		if strings.Contains(b.m.Text(sp), "annotations") {
			return true
		}
	}
	return false
}

// RefOf returns what the expression e, used at offset off in scope s,
// refers to; the zero Ref when that is not statically certain. A name
// bound several times in one scope is followed only when every binding
// agrees (or one carries an annotation).
func (m *Module) RefOf(e *Expr, s *Scope, off int) Ref {
	b := &builder{m: m}
	return b.refOf(e, s, off, 0)
}

func (b *builder) refOf(e *Expr, s *Scope, off, depth int) Ref {
	if e == nil || depth > 8 {
		return Ref{}
	}
	var r Ref
	if e.Head == "super()" {
		f := enclosingMethod(s)
		if f == nil || f.Class.Parent != nil || f.Class.Outer != nil || f.HasDecorator("staticmethod") {
			return Ref{}
		}
		r = Ref{Base: b.qualify(f.Class.Qual), Instance: true, Super: true}
	} else {
		bd, bs, ok := b.m.lookup(e.Head, s, off)
		if !ok {
			return Ref{}
		}
		r = b.bindingRef(e.Head, bd, bs, depth)
		if bd.Kind == BindAssign || bd.Kind == BindOther {
			r.Bound = 1 + len(r.Path)
		}
	}
	if !r.Known() {
		return Ref{}
	}
	if len(e.Steps) > 0 {
		r = r.With(e.Steps...)
	}
	return r
}

// enclosingMethod returns the method whose scope s is (comprehensions and
// lambdas in it included), nil if none.
func enclosingMethod(s *Scope) *Function {
	for s != nil && (s.Kind == ComprehensionScope || s.Kind == LambdaScope) {
		s = s.Parent
	}
	if s == nil || s.Kind != FunctionScope || s.Function == nil || s.Function.Class == nil {
		return nil
	}
	return s.Function
}

// bindingRef returns what the name bound by bd in scope bs refers to.
func (b *builder) bindingRef(name string, bd Binding, bs *Scope, depth int) Ref {
	switch bd.Kind {
	case BindImport:
		if bd.Import.Target != "" {
			return Ref{Base: bd.Import.Target}
		}
	case BindFunction:
		if bd.Function.Parent == nil && bd.Function.Class == nil {
			return Ref{Base: b.qualify(bd.Function.Qual)}
		}
	case BindClass:
		if bd.Class.Parent == nil && bd.Class.Outer == nil {
			return Ref{Base: b.qualify(bd.Class.Qual)}
		}
	case BindParam, BindAssign, BindOther:
		if bd.Kind == BindParam {
			if f := bd.Function; f != nil && f.Class != nil && len(f.Params) > 0 && f.Params[0] == name &&
				!f.HasDecorator("staticmethod") && f.Class.Parent == nil && f.Class.Outer == nil && len(bs.Bindings.Of(name)) == 1 {
				if f.HasDecorator("classmethod") {
					return Ref{Base: b.qualify(f.Class.Qual)}
				}
				return Ref{Base: b.qualify(f.Class.Qual), Instance: true}
			}
		}
		if bs.Kind == ClassScope {
			return Ref{}
		}
		return b.agreed(name, bs, depth)
	}
	return Ref{}
}

// agreed returns the reference every binding of name in s agrees on: an
// annotation if one binding has one, else the common value; zero when the
// bindings disagree or one is not known.
func (b *builder) agreed(name string, s *Scope, depth int) Ref {
	bs := s.Bindings.Of(name)
	for _, bd := range bs {
		if bd.Type.Known() {
			return bd.Type
		}
	}
	var out Ref
	for i, bd := range bs {
		var r Ref
		switch bd.Kind {
		case BindAssign, BindOther:
			if bd.Value == nil {
				return Ref{}
			}
			r = b.refOf(bd.Value, s, bd.Offset, depth+1)
		case BindImport, BindFunction, BindClass:
			r = b.bindingRef(name, bd, s, depth+1)
		default:
			return Ref{}
		}
		if !r.Known() || i > 0 && !r.Equal(out) {
			return Ref{}
		}
		out = r
	}
	return out
}

// GlobalRef returns what the module-level name refers to when every
// module-level binding of it agrees; the zero Ref otherwise.
func (m *Module) GlobalRef(name string) Ref {
	b := &builder{m: m}
	return b.agreed(name, m.Scope, 0)
}

// attrAssign is a `self.attr = value` or class-body assignment, resolved
// once the module's bindings are complete.
type attrAssign struct {
	class *Class
	name  string
	value *Expr
	none  bool   // the value is None
	ann   string // annotation text
	scope *Scope
	off   int
}

func (b *builder) resolveAttr(a attrAssign) {
	if a.class.Attrs == nil {
		a.class.Attrs = map[string]*Attr{}
	}
	at := a.class.Attrs[a.name]
	if at == nil {
		at = &Attr{}
		a.class.Attrs[a.name] = at
	}
	if a.ann != "" {
		if r := b.annotationRef(a.ann, a.scope, a.off); r.Known() && !at.Declared.Known() {
			at.Declared = r
		}
	}
	if a.none || a.value == nil && a.ann != "" {
		return
	}
	at.Assigned = append(at.Assigned, b.refOf(a.value, a.scope, a.off, 0))
}

// paramType returns the annotation node of a typed parameter, none if none.
func (b *builder) paramType(c nd) nd {
	for _, x := range b.named(c) {
		if b.typ(x) == "type" {
			return x
		}
	}
	return none
}

// returnRef resolves a def's return annotation; `-> Self` in a method
// names an instance of its class.
func (b *builder) returnRef(f *Function, text string, s *Scope, off int) Ref {
	if name, _ := annotationName(text); name != "" && lastPart(name) == "Self" && f.Class != nil && f.Class.Parent == nil && f.Class.Outer == nil {
		if q := b.resolveName(name, s, len(b.m.Source())+1, ModuleScope); q == "typing.Self" || q == "typing_extensions.Self" {
			return Ref{Base: b.qualify(f.Class.Qual), Instance: true}
		}
	}
	return b.annotationRef(text, s, off)
}

// decoratorTarget resolves a decorator's callee (its text without the
// arguments): a qualified name, the text itself for a builtin
// (`property`, `staticmethod`), "" when bound to something the model
// cannot name.
func (b *builder) decoratorTarget(d string, s *Scope, off int) string {
	name, _, _ := strings.Cut(d, "(")
	name = strings.TrimSpace(name)
	if !isDotted(name) {
		return ""
	}
	head, _, _ := strings.Cut(name, ".")
	if _, ok := b.m.Lookup(head, s, off); !ok {
		return name
	}
	return b.resolveName(name, s, off, ModuleScope)
}
