package waits

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A function literal met in a declared function's body runs:
//   - on the spot: func() {...}() (deferred or not), part of the function;
//   - by its callee: passed to a function that runs it now (sort.Search, a
//     retry helper), in a goroutine, later, or at an unknown time (see
//     Result.Runs);
//   - where a local variable holding it is used: f := func() {...}; f()
//     runs it as part of the function, `go f()` in a goroutine, and handing
//     f on (s.cb = f, register(f)) does what that does with it;
//   - independently when stored: assigned to a field, a map or slice
//     element or a package variable, put in a composite literal, sent on a
//     channel, appended, or returned.

// bindings knows, for one declared function, the uses of the local
// variables function literals are assigned to. It is built on demand (most
// functions assign no literal to a variable) and lives for one Walk or one
// ContextInScope question, so it needs no lock.
type bindings struct {
	r    *Result
	decl *ast.FuncDecl
	uses map[*types.Var][]use // nil until built
	// now memoises varRunsNow: absent, inProgress, or the answer.
	now map[*types.Var]tristate
}

type tristate uint8

const (
	inProgress tristate = iota + 1
	no
	yes
)

// use is one use of a variable holding a function literal.
type use struct {
	id *ast.Ident
	// stack holds the nodes enclosing id, the *ast.FuncDecl first, id's
	// parent last.
	stack []ast.Node
}

func newBindings(r *Result, decl *ast.FuncDecl) *bindings {
	return &bindings{r: r, decl: decl}
}

// boundVar returns the local variable of decl that the function literal at
// the top of stack is assigned to, nil if it is not assigned to one.
func (r *Result) boundVar(decl *ast.FuncDecl, stack []ast.Node) *types.Var {
	if len(stack) < 2 {
		return nil
	}
	lit, parent := stack[len(stack)-1], stack[len(stack)-2]
	var lhs ast.Expr
	switch p := parent.(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for i, x := range p.Rhs {
				if x == lit {
					lhs = p.Lhs[i]
				}
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == len(p.Values) {
			for i, x := range p.Values {
				if x == lit {
					lhs = p.Names[i]
				}
			}
		}
	}
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := r.info.Defs[id]
	if obj == nil {
		obj = r.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.Pos() < decl.Pos() || v.Pos() >= decl.End() {
		return nil // a package variable: stored
	}
	return v
}

// stored reports whether the function literal at the top of stack, not
// assigned to a local variable, is kept to be called later: assigned to a
// field, an element or a package variable, put in a composite literal,
// sent on a channel, or returned.
func stored(stack []ast.Node) bool {
	switch stack[len(stack)-2].(type) {
	case *ast.AssignStmt, *ast.ValueSpec, *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt, *ast.ReturnStmt:
		return true
	}
	return false
}

// build collects the uses of the local variables function literals are
// assigned to in the function's body.
func (b *bindings) build() {
	if b.uses != nil {
		return
	}
	b.uses = map[*types.Var][]use{}
	b.now = map[*types.Var]tristate{}
	var stack []ast.Node
	inspect := func(body ast.Node, visit func(n ast.Node)) {
		stack = append(stack[:0], b.decl)
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			visit(n)
			stack = append(stack, n)
			return true
		})
	}
	inspect(b.decl.Body, func(n ast.Node) {
		if _, ok := n.(*ast.FuncLit); ok {
			if v := b.r.boundVar(b.decl, append(stack, n)); v != nil {
				b.uses[v] = nil
			}
		}
	})
	inspect(b.decl.Body, func(n ast.Node) {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := b.r.info.Uses[id].(*types.Var); ok {
				if us, bound := b.uses[v]; bound {
					b.uses[v] = append(us, use{id, append([]ast.Node(nil), stack...)})
				}
			}
		}
	})
}

// timing says what a use of a variable holding a function literal does
// with it: Now when it calls it (a call not started by a go statement, or
// an argument of a function that runs it now), Goroutine or Later as the
// callee it is handed to does, Later when it stores it; ok is false when the
// use does not run nor keep it (a comparison with nil, an assignment to the
// variable).
func (u use) timing(r *Result) (t Timing, ok bool) {
	i := len(u.stack) - 1
	var x ast.Node = u.id
	for i > 0 {
		if _, paren := u.stack[i].(*ast.ParenExpr); !paren {
			break
		}
		x, i = u.stack[i], i-1
	}
	switch p := u.stack[i].(type) {
	case *ast.CallExpr:
		if p.Fun == x {
			if i > 0 && isGoCall(u.stack[i-1], p) {
				return Goroutine, true
			}
			return Now, true
		}
		if j := argIndex(p, u.id); j >= 0 {
			return r.argTiming(p, j), true
		}
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return Unknown, false
		}
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == x {
				return Unknown, false
			}
		}
	}
	return Later, true
}

// varRunsNow reports whether a function literal held by v runs as part of
// a call of the declared function: v is called, or handed to a function
// that runs it now, where the code runs as part of that call.
func (b *bindings) varRunsNow(v *types.Var) bool {
	b.build()
	switch b.now[v] {
	case inProgress, no:
		return false
	case yes:
		return true
	}
	b.now[v] = inProgress
	answer := no
	for _, u := range b.uses[v] {
		if t, ok := u.timing(b.r); ok && t == Now && b.runsNow(u.stack) {
			answer = yes
			break
		}
	}
	b.now[v] = answer
	return answer == yes
}

// runsNow reports whether the code whose enclosing nodes are stack (the
// *ast.FuncDecl first) runs as part of a call of the declared function:
// each function literal around it runs now (see the top of this file).
func (b *bindings) runsNow(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		if _, ok := stack[i].(*ast.FuncLit); !ok {
			continue
		}
		if v := b.r.boundVar(b.decl, stack[:i+1]); v != nil {
			return b.varRunsNow(v) // where v is called decides, not where the literal is
		}
		if !b.r.calledNow(stack[:i+1]) {
			return false
		}
	}
	return true
}

// calledNow reports whether the function literal at the top of stack is
// called on the spot (not by a go statement) or passed to a function that
// runs it before returning.
func (r *Result) calledNow(stack []ast.Node) bool {
	if len(stack) < 3 {
		return false
	}
	lit := stack[len(stack)-1]
	call, ok := stack[len(stack)-2].(*ast.CallExpr)
	if !ok || isGoCall(stack[len(stack)-3], call) {
		return false
	}
	if ast.Unparen(call.Fun) == lit {
		return true
	}
	if i := argIndex(call, lit.(ast.Expr)); i >= 0 {
		return r.argTiming(call, i) == Now
	}
	return false
}

// detachedVar reports whether a function literal held by v runs
// independently of the declared function, for a node in it (in a loop of
// it when inLoop): every call of v is in code that does, or, v being called
// nowhere, it is only started in goroutines nobody waits for or stored.
// A function handed to a callee whose timing is unknown is not detached.
func (b *bindings) detachedVar(v *types.Var, lit *ast.FuncLit, inLoop bool, seen map[*types.Var]bool) bool {
	b.build()
	if seen[v] {
		return true // a recursive call adds no way to run it
	}
	seen[v] = true
	defer delete(seen, v)
	goroutine, unknown := false, false
	for _, u := range b.uses[v] {
		t, ok := u.timing(b.r)
		if !ok {
			continue
		}
		switch t {
		case Now:
			if b.r.detached(u.stack, b, seen) == nil {
				return false
			}
		case Goroutine:
			goroutine = true
		case Unknown:
			unknown = true
		}
	}
	if goroutine {
		return b.r.independentGoroutine(lit, inLoop)
	}
	return !unknown
}

// inGoroutine reports whether stack places a node in a function literal
// run in a goroutine: by a go statement (go func(){...}()), or held in a
// variable that one starts (go f()) or that is called in such a literal.
func (b *bindings) inGoroutine(stack []ast.Node, seen map[*types.Var]bool) bool {
	for i := len(stack) - 1; i >= 2; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		if call, ok := stack[i-1].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == lit && isGoCall(stack[i-2], call) {
			return true
		}
		if v := b.r.boundVar(b.decl, stack[:i+1]); v != nil {
			if seen[v] {
				return false
			}
			seen[v] = true
			defer delete(seen, v)
			b.build()
			for _, u := range b.uses[v] {
				if t, ok := u.timing(b.r); ok && (t == Goroutine || t == Now && b.inGoroutine(u.stack, seen)) {
					return true
				}
			}
			return false
		}
	}
	return false
}
