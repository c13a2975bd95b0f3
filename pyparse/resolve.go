package pyparse

import "strings"

// Lookup returns the binding that `name`, used at offset off in scope s,
// refers to under Python's scoping rules (class bodies are not visible from
// nested functions; `global` and `nonlocal` are honoured). ok is false for
// a name bound nowhere in the module (a builtin or an undefined name).
func (m *Module) Lookup(name string, s *Scope, off int) (bd Binding, ok bool) {
	bd, _, ok = m.lookup(name, s, off)
	return bd, ok
}

// lookup is Lookup, also returning the scope the binding is in.
func (m *Module) lookup(name string, s *Scope, off int) (Binding, *Scope, bool) {
	first := true
	for s != nil {
		if s.Kind == ClassScope && !first {
			s = s.Parent
			continue
		}
		if s.Globals[name] && s.Parent != nil {
			// (At module level, `global` changes nothing.)
			for s.Parent != nil {
				s = s.Parent
			}
			first = false
			continue
		}
		if s.Nonlocals[name] {
			s = s.Parent
			first = false
			continue
		}
		if bs := s.Bindings.Of(name); len(bs) > 0 {
			if first {
				// In the scope of the use: the last binding before it, as
				// execution reaches the use. A function-scope name bound
				// only later is still local (an unbound local).
				for i := len(bs) - 1; i >= 0; i-- {
					if bs[i].Offset <= off {
						return bs[i], s, true
					}
				}
				if s.Kind == ModuleScope || s.Kind == ClassScope {
					if s.Kind == ClassScope {
						s = s.Parent
						first = false
						continue
					}
					return Binding{}, nil, false
				}
				return bs[0], s, true
			}
			// An enclosing scope: the body runs later, so the last binding.
			return bs[len(bs)-1], s, true
		}
		first = false
		s = s.Parent
	}
	return Binding{}, nil, false
}

// Resolve returns the qualified name a dotted expression (such as
// "t.sleep") used at offset off in scope s refers to, following imports,
// module-level functions and classes; "" when a static resolution is not
// possible (a parameter, a local, a builtin).
func (m *Module) Resolve(dotted string, s *Scope, off int) string {
	b := &builder{m: m}
	return b.resolveName(dotted, s, off, ModuleScope)
}

func (b *builder) qualify(q string) string {
	if b.m.Name == "" {
		return q
	}
	return b.m.Name + "." + q
}

func (b *builder) resolveName(name string, s *Scope, off int, _ ScopeKind) string {
	head, rest, _ := strings.Cut(name, ".")
	bd, ok := b.m.Lookup(head, s, off)
	if !ok {
		return ""
	}
	suffix := ""
	if rest != "" {
		suffix = "." + rest
	}
	switch bd.Kind {
	case BindImport:
		if bd.Import.Target == "" {
			return ""
		}
		return bd.Import.Target + suffix
	case BindFunction:
		if bd.Function.Parent == nil && bd.Function.Class == nil {
			return b.qualify(bd.Function.Qual) + suffix
		}
	case BindClass:
		if bd.Class.Parent == nil && bd.Class.Outer == nil {
			return b.qualify(bd.Class.Qual) + suffix
		}
	}
	return ""
}

func (b *builder) resolve(c *Call) {
	if c.state != 0 {
		return
	}
	c.state = 1
	defer func() { c.state = 2 }()
	if !c.Read && c.CalleeText != "" {
		b.resolveDotted(c)
	}
	if c.Kind != Unresolved {
		return
	}
	e := c.expr
	var dotted Expr
	if e == nil && c.CalleeText != "" {
		// The dotted callee's shape, in scratch memory: refOf keeps
		// neither the Expr nor its steps (Ref.With copies them).
		head, rest, _ := strings.Cut(c.CalleeText, ".")
		b.steps = b.steps[:0]
		for rest != "" {
			var st string
			st, rest, _ = strings.Cut(rest, ".")
			b.steps = append(b.steps, st)
		}
		dotted = Expr{Head: head, Steps: b.steps}
		e = &dotted
	}
	if e == nil {
		return
	}
	if r := b.refOf(e, c.Scope, c.Callee.Start, 0); r.Known() {
		c.Ref = b.refSlab.one()
		*c.Ref = r
		switch {
		case c.Read:
		case !r.Instance && !r.Super && len(r.Path) == 2 && r.Path[0] == "()" && r.Path[1] != "()" && r.Path[1] != "[]":
			// obj.m() where obj = Callee(...): named as before.
			c.Kind, c.Target = InstanceMethod, r.Base+"."+r.Path[1]
		default:
			c.Kind = Typed
		}
	}
}

// resolveDotted resolves a call whose callee is a dotted name through
// imports, module-level definitions, self and local defs.
func (b *builder) resolveDotted(c *Call) {
	head, rest, _ := strings.Cut(c.CalleeText, ".")
	bd, bs, ok := b.m.lookup(head, c.Scope, c.Callee.Start)
	if !ok {
		return
	}
	if bd.Kind == BindImport && bs.Kind == ModuleScope && c.Function != nil && importsDisagree(bs.Bindings.Of(head)) {
		c.Guessed = true
	}
	suffix := ""
	if rest != "" {
		suffix = "." + rest
	}
	switch bd.Kind {
	case BindImport:
		if bd.Import.Target != "" {
			c.Kind, c.Target = Global, bd.Import.Target+suffix
		}
	case BindFunction:
		f := bd.Function
		switch {
		case f.Parent == nil && f.Class == nil:
			c.Kind, c.Target = Global, b.qualify(f.Qual)+suffix
		case f.Class == nil && rest == "":
			c.Kind, c.Local = LocalFunction, f
		}
	case BindClass:
		if bd.Class.Parent == nil && bd.Class.Outer == nil {
			c.Kind, c.Target = Global, b.qualify(bd.Class.Qual)+suffix
		}
	case BindParam:
		// self.m() / cls.m() in a method: the first parameter of a def
		// directly in a class body, not a staticmethod.
		f := bd.Function
		if f == nil || f.Class == nil || len(f.Params) == 0 || f.Params[0] != head || strings.Contains(rest, ".") || rest == "" {
			return
		}
		if f.HasDecorator("staticmethod") || f.Class.Parent != nil {
			return
		}
		c.Kind, c.Target = SelfMethod, b.qualify(f.Class.Qual)+"."+rest
	}
}

// importsDisagree reports whether the bindings of a name, one of them an
// import, do not all import the same thing: the name is one of several
// imports (or an import and a definition) that what runs chooses between.
func importsDisagree(bs []Binding) bool {
	if len(bs) < 2 {
		return false
	}
	for _, bd := range bs[1:] {
		if bd.Kind != BindImport || bs[0].Kind != BindImport || bd.Import.Target != bs[0].Import.Target {
			return true
		}
	}
	return false
}
