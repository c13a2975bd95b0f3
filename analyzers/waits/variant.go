package waits

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// VariantSuffixes are the name suffixes of the context-aware variant of a
// function kept beside it: Query and QueryContext, Do and DoWithContext,
// Fetch and FetchCtx.
var VariantSuffixes = []string{"Context", "WithContext", "Ctx"}

// SiblingVariant returns the context-aware variant kept beside fn, a
// function or method without a context parameter: the function of fn's
// package, or the method of fn's receiver type, named fn's name plus one of
// VariantSuffixes and taking a context.Context. Nil if there is none.
func SiblingVariant(fn *types.Func) *types.Func {
	if fn == nil || fn.Pkg() == nil || HasContextParam(fn.Signature()) {
		return nil
	}
	recv := fn.Signature().Recv()
	for _, s := range VariantSuffixes {
		name := fn.Name() + s
		var obj types.Object
		if recv == nil {
			obj = fn.Pkg().Scope().Lookup(name)
		} else {
			obj, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), name)
		}
		if v, ok := obj.(*types.Func); ok && HasContextParam(v.Signature()) {
			return v
		}
	}
	return nil
}

// SameShape reports whether variant takes a context.Context first and then
// exactly fn's parameters, and returns fn's results: a call of fn can call
// variant instead by renaming it and passing a context first.
func SameShape(fn, variant *types.Func) bool {
	a, b := fn.Signature(), variant.Signature()
	if a.Variadic() != b.Variadic() || b.Params().Len() != a.Params().Len()+1 || !IsContext(b.Params().At(0).Type()) {
		return false
	}
	for i := range a.Params().Len() {
		if !types.Identical(a.Params().At(i).Type(), b.Params().At(i+1).Type()) {
			return false
		}
	}
	return types.Identical(a.Results(), b.Results())
}

// HasVariants reports whether pkg declares a function or method that has a
// context-aware variant beside it (see SiblingVariant).
func HasVariants(pkg *types.Package) bool {
	scope := pkg.Scope()
	stem := func(name string) (string, bool) {
		for _, s := range VariantSuffixes {
			if st, ok := strings.CutSuffix(name, s); ok && st != "" {
				return st, true
			}
		}
		return "", false
	}
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if st, ok := stem(name); ok && scope.Lookup(st) != nil {
				return true
			}
		case *types.TypeName:
			named, ok := obj.Type().(*types.Named)
			if !ok || obj.IsAlias() {
				continue
			}
			var methods []*types.Func
			if it, ok := named.Underlying().(*types.Interface); ok {
				methods = slices.Collect(it.Methods())
			} else {
				methods = slices.Collect(named.Methods())
			}
			for _, m := range methods {
				if st, ok := stem(m.Name()); ok {
					if o, _, _ := types.LookupFieldOrMethod(named, true, pkg, st); o != nil {
						return true
					}
				}
			}
		}
	}
	return false
}

// ContextVariant returns the context-aware variant kept beside fn, a
// function of pkg without a context parameter: its SiblingVariant (a
// function or method of the same receiver named fn's name plus "Context",
// "Ctx" or "WithContext" that takes a context), or, for a method, a method of
// the same name on another type of the package that takes one. It returns nil when fn takes a
// context or has no such variant.
func ContextVariant(pkg *types.Package, fn *types.Func) *types.Func {
	if fn == nil || HasContextParam(fn.Signature()) {
		return nil
	}
	if f := SiblingVariant(fn); f != nil {
		return f
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
		return nil
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

// DeclName names a declared function as sites and findings do: "F",
// "(*T).M", "T.M".
func DeclName(decl *ast.FuncDecl) string {
	if decl.Recv == nil || len(decl.Recv.List) == 0 {
		return decl.Name.Name
	}
	t := decl.Recv.List[0].Type
	star := false
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = true, s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return decl.Name.Name
	}
	if star {
		return "(*" + id.Name + ")." + decl.Name.Name
	}
	return id.Name + "." + decl.Name.Name
}
