package waits

import "go/types"

// variantSuffixes are the name suffixes of a context-aware variant:
// Connect / ConnectContext, ConnectCtx, ConnectWithContext.
var variantSuffixes = []string{"Context", "Ctx", "WithContext"}

// ContextVariant returns the context-aware variant kept beside fn, a
// function of pkg without a context parameter: a function or method of the
// same receiver named fn's name plus "Context", "Ctx" or "WithContext" that
// takes a context, or, for a method, a method of the same name on another
// type of the package that takes one. It returns nil when fn takes a
// context or has no such variant.
func ContextVariant(pkg *types.Package, fn *types.Func) *types.Func {
	if fn == nil || HasContextParam(fn.Signature()) {
		return nil
	}
	name := fn.Name()
	takesCtx := func(o types.Object) *types.Func {
		f, ok := o.(*types.Func)
		if ok && HasContextParam(f.Signature()) {
			return f
		}
		return nil
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		for _, s := range variantSuffixes {
			if f := takesCtx(pkg.Scope().Lookup(name + s)); f != nil {
				return f
			}
		}
		return nil
	}
	for _, s := range variantSuffixes {
		m, _, _ := types.LookupFieldOrMethod(recv.Type(), true, pkg, name+s)
		if f := takesCtx(m); f != nil {
			return f
		}
	}
	self := recvNamed(recv.Type())
	scope := pkg.Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named == self {
			continue
		}
		for m := range named.Methods() {
			if m.Name() == name {
				if f := takesCtx(m); f != nil {
					return f
				}
			}
		}
	}
	return nil
}

// recvNamed returns the named type of a method receiver.
func recvNamed(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}
