package waits

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// ContextInScope returns the context.Context variable whose cancellation
// the wait or call at pos ought to honour, nil if there is none. stack holds
// the nodes enclosing pos, outermost (the *ast.FuncDecl) first, as
// Event.Stack does.
//
// Candidates are the context variables visible at pos: the parameters of
// the enclosing function and of the functions enclosing a closure (captured
// variables), then locals. Package-level variables do not count. A
// parameter is preferred to a local (a local is often a child context with
// its own short deadline, or one already cancelled), the innermost function
// first and the name "ctx" first; among locals the innermost declaration
// wins, then the name "ctx". The variable returned is never shadowed at pos.
//
// There is none, so that only promises a caller can rely on are checked:
//   - in a _test.go file: test code owns its contexts and sleeps on purpose
//     (to simulate latency or let the code under test progress);
//   - in a goroutine's function literal (a go statement's, or one passed to
//     a function that runs it in a goroutine), outside any loop of it: a
//     one-shot delayed action runs independently of the function that
//     started it; nor in a loop of it when the literal refers to no context
//     (a detached periodic task, such as a progress printer). A worker loop
//     that refers to a context is still checked, and so is a goroutine
//     that calls a sync.WaitGroup's Done: its starter waits for it;
//   - in a function literal registered to run later (t.Cleanup,
//     time.AfterFunc, context.AfterFunc, runtime.SetFinalizer, an
//     atexit-like Register...: see Result.Runs) or stored (in a field, a
//     map, a slice, a channel, a composite literal, returned), or held in a
//     variable used only so: it runs independently of the function that
//     registers it. Only the context parameters of that literal (and of
//     literals inside it) count there: whoever runs it passes them;
//   - for a local that nobody else can cancel: context.Background() or
//     context.TODO(), possibly wrapped by context.WithValue (or by a
//     function that only does that: see Result.Wraps) or by
//     context.With{Cancel,Timeout,Deadline} whose cancel function is only
//     called in place; or one wrapped by context.WithoutCancel;
//   - for a local already cancelled at pos: its cancel function was called
//     (not deferred) after it was assigned and before pos;
//   - where the chosen context is known to be done: in the body of a
//     `case <-ctx.Done():` or of `if ctx.Err() != nil`.
func (r *Result) ContextInScope(file *ast.File, stack []ast.Node, pos token.Pos) *types.Var {
	info := r.info
	if tf := r.fset.File(pos); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
		return nil
	}
	if len(stack) == 0 {
		return nil
	}
	decl, ok := stack[0].(*ast.FuncDecl)
	if !ok {
		return nil
	}
	// A literal that runs on its own owes nothing to the contexts of the
	// functions around it, only to its own parameters.
	own := r.detached(stack, newBindings(r, decl), map[*types.Var]bool{})
	fileScope := info.Scopes[file]
	if fileScope == nil {
		return nil
	}
	inner := fileScope.Innermost(pos)
	if inner == nil {
		return nil
	}
	params := paramsOf(info, stack)
	var bestParam *types.Var
	bestRank := -1
	var locals []*types.Var // innermost scope first
	for s := inner; s != nil && s != fileScope && s != types.Universe; s = s.Parent() {
		var found []*types.Var
		for _, name := range s.Names() {
			if name == "_" {
				continue
			}
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || !IsContext(v.Type()) {
				continue
			}
			if _, obj := inner.LookupParent(name, pos); obj != v {
				continue // shadowed, or declared after pos
			}
			if _, param := params[v]; own != nil && (!param || v.Pos() < own.Pos() || v.Pos() >= own.End()) {
				continue // a local, or the starter's: the literal runs on its own
			}
			if depth, ok := params[v]; ok {
				rank := depth * 2
				if v.Name() != "ctx" {
					rank++
				}
				if bestParam == nil || rank < bestRank || rank == bestRank && v.Pos() < bestParam.Pos() {
					bestParam, bestRank = v, rank
				}
				continue
			}
			found = append(found, v)
		}
		sort.SliceStable(found, func(i, j int) bool {
			return found[i].Name() == "ctx" && found[j].Name() != "ctx"
		})
		locals = append(locals, found...)
	}
	body := funcBody(stack)
	if body == nil {
		return nil
	}
	v := bestParam
	if v != nil {
		// A parameter may be reassigned: ctx, cancel := context.WithTimeout(ctx, d)
		// at the top of a body assigns the parameter itself.
		if r.assignmentsIn(body).cancelledBefore(v, pos) {
			return nil
		}
	} else {
		for _, l := range locals {
			if r.live(body, l, pos) {
				v = l
				break
			}
		}
	}
	if v == nil || knownDone(info, stack, v) {
		return nil
	}
	return v
}

// paramsOf returns the context parameters of the functions in stack, each
// with its depth: 0 for the innermost function, 1 for the one enclosing it...
func paramsOf(info *types.Info, stack []ast.Node) map[*types.Var]int {
	params := map[*types.Var]int{}
	depth := 0
	for i := len(stack) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			ft = f.Type
		case *ast.FuncLit:
			ft = f.Type
		default:
			continue
		}
		if ft.Params != nil {
			for _, field := range ft.Params.List {
				for _, id := range field.Names {
					if v, ok := info.Defs[id].(*types.Var); ok && IsContext(v.Type()) {
						params[v] = depth
					}
				}
			}
		}
		depth++
	}
	return params
}

// funcBody returns the body of the declared function at the bottom of
// stack.
func funcBody(stack []ast.Node) *ast.BlockStmt {
	if len(stack) == 0 {
		return nil
	}
	if d, ok := stack[0].(*ast.FuncDecl); ok {
		return d.Body
	}
	return nil
}

// detached reports whether the node at the top of stack runs independently
// of the declared function at its bottom: in a goroutine's function literal
// nobody joins, outside any loop of it or in a loop when the literal refers
// to no context; or in a function literal registered to run later or
// stored. Function literals called on the spot or run before their callee
// returns are part of the function enclosing them; one assigned to a local
// variable runs where the variable is called or handed to (see
// bindings.detachedVar). seen holds the variables being asked about.
func (r *Result) detached(stack []ast.Node, b *bindings, seen map[*types.Var]bool) *ast.FuncLit {
	inLoop := false
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			inLoop = true
		case *ast.FuncDecl:
			return nil
		case *ast.FuncLit:
			if i < 2 {
				return nil
			}
			independent := false
			call, ok := stack[i-1].(*ast.CallExpr)
			switch {
			case !ok:
				if v := r.boundVar(b.decl, stack[:i+1]); v != nil {
					independent = b.detachedVar(v, n, inLoop, seen)
				} else {
					independent = stored(stack[:i+1])
				}
			case isGoCall(stack[i-2], call):
				independent = r.independentGoroutine(n, inLoop)
			case ast.Unparen(call.Fun) == n:
				continue // called on the spot
			default:
				j := argIndex(call, n)
				if j < 0 {
					return nil
				}
				switch r.argTiming(call, j) {
				case Now:
					continue
				case Goroutine:
					independent = r.independentGoroutine(n, inLoop)
				case Later:
					independent = true
				}
			}
			if independent {
				return n
			}
			return nil
		}
	}
	return nil
}

// independentGoroutine reports whether a goroutine's function literal runs
// independently of its starter for a node in it (in a loop of it when
// inLoop): nobody joins it, and the node is in no loop or the literal refers
// to no context.
func (r *Result) independentGoroutine(lit *ast.FuncLit, inLoop bool) bool {
	if joined(r.info, lit) {
		return false
	}
	return !inLoop || !refersToContext(r.info, lit)
}

// refersToContext reports whether the function literal uses a context
// variable declared outside it.
func refersToContext(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && IsContext(v.Type()) && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
				found = true
			}
		}
		return true
	})
	return found
}

// joined reports whether the goroutine's function literal signals a
// sync.WaitGroup when done: the function that started it waits for it.
func joined(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := callee(info, call); fn != nil && fn.Name() == "Done" && fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
				if recv := fn.Signature().Recv(); recv != nil && strings.HasSuffix(recv.Type().String(), "WaitGroup") {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// knownDone reports whether stack places the node where v is known to be
// done: in the body of `case <-v.Done():` or of `if v.Err() != nil`.
func knownDone(info *types.Info, stack []ast.Node, v *types.Var) bool {
	isV := func(x ast.Expr, method string) bool {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != method {
			return false
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	for i := 0; i+1 < len(stack); i++ {
		switch n := stack[i].(type) {
		case *ast.CommClause:
			if x := commRecv(n.Comm); x != nil && isV(x, "Done") && n.Comm != stack[i+1] {
				return true
			}
		case *ast.IfStmt:
			if b, ok := ast.Unparen(n.Cond).(*ast.BinaryExpr); ok && b.Op == token.NEQ && n.Body == stack[i+1] {
				if isV(b.X, "Err") && isNil(info, b.Y) || isV(b.Y, "Err") && isNil(info, b.X) {
					return true
				}
			}
		}
	}
	return false
}

// isNil reports whether x is the predeclared nil.
func isNil(info *types.Info, x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// live reports whether the local context v, declared in body, may be
// cancelled by someone else while the function waits at pos: it is not a
// fresh root nobody else can cancel, nor already cancelled at pos.
func (r *Result) live(body *ast.BlockStmt, v *types.Var, pos token.Pos) bool {
	a := r.assignmentsIn(body)
	if a.fresh(v, map[*types.Var]bool{}) {
		return false
	}
	return !a.cancelledBefore(v, pos)
}

// assignments records, for the context variables of one function, the
// values assigned to them and how their cancel functions are used.
type assignments struct {
	info *types.Info
	r    *Result
	// values maps a variable to the expressions assigned to it; a nil
	// expression stands for an assignment that cannot be read (an address
	// taken, a multi-value call other than a context.With* call).
	values map[*types.Var][]assigned
	// cancels maps a cancel function variable to its uses.
	cancelCalls  map[*types.Var][]token.Pos // positions of direct, non-deferred calls
	cancelEscape map[*types.Var]bool        // used as a value or called from a closure
}

type assigned struct {
	pos    token.Pos
	value  ast.Expr
	cancel *types.Var // the cancel function assigned with it, if any
}

// contextFuncs lists the functions of package context and, for those
// that wrap a parent, whether they return a cancel function.
var contextFuncs = map[string]bool{
	"WithCancel": true, "WithTimeout": true, "WithDeadline": true,
	"WithCancelCause": true, "WithTimeoutCause": true, "WithDeadlineCause": true,
	"WithValue": false, "WithoutCancel": false, "Background": false, "TODO": false,
}

// contextCall returns the name of the package context function x calls, ""
// if none.
func contextCall(info *types.Info, x ast.Expr) (string, *ast.CallExpr) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return "", nil
	}
	fn := callee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" || fn.Signature().Recv() != nil {
		return "", nil
	}
	if _, ok := contextFuncs[fn.Name()]; !ok {
		return "", nil
	}
	return fn.Name(), call
}

func (r *Result) assignmentsIn(body *ast.BlockStmt) *assignments {
	info := r.info
	a := &assignments{
		info:         info,
		r:            r,
		values:       map[*types.Var][]assigned{},
		cancelCalls:  map[*types.Var][]token.Pos{},
		cancelEscape: map[*types.Var]bool{},
	}
	varOf := func(x ast.Expr) *types.Var {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		v, _ := obj.(*types.Var)
		return v
	}
	record := func(lhs []ast.Expr, rhs []ast.Expr, pos token.Pos) {
		if len(lhs) == len(rhs) {
			for i, l := range lhs {
				if v := varOf(l); v != nil && IsContext(v.Type()) {
					a.values[v] = append(a.values[v], assigned{pos: pos, value: rhs[i]})
				}
			}
			return
		}
		if len(rhs) != 1 {
			return
		}
		name, _ := contextCall(info, rhs[0])
		for i, l := range lhs {
			v := varOf(l)
			if v == nil || !IsContext(v.Type()) {
				continue
			}
			as := assigned{pos: pos}
			if i == 0 && name != "" {
				as.value = rhs[0]
				if len(lhs) > 1 {
					as.cancel = varOf(lhs[1])
				}
			}
			a.values[v] = append(a.values[v], as)
		}
	}
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			record(n.Lhs, n.Rhs, n.Pos())
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			if len(n.Values) == 0 {
				for _, l := range lhs {
					if v := varOf(l); v != nil && IsContext(v.Type()) {
						a.values[v] = append(a.values[v], assigned{pos: n.Pos(), value: l}) // the zero value: nil
					}
				}
			} else {
				record(lhs, n.Values, n.Pos())
			}
		case *ast.UnaryExpr:
			if v := varOf(n.X); n.Op == token.AND && v != nil && IsContext(v.Type()) {
				a.values[v] = append(a.values[v], assigned{pos: n.Pos()}) // written through a pointer
			}
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && isCancelFunc(v.Type()) {
				a.cancelUse(v, n, stack)
			}
		}
		stack = append(stack, n)
		return true
	})
	return a
}

// isCancelFunc reports whether t is a func() or func(error) type, as the
// cancel functions of package context are.
func isCancelFunc(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() == 0 && sig.Params().Len() <= 1
}

// cancelUse records one use of a cancel function: a direct call in the
// function itself, deferred or not, or an escape (a value use, or a call
// from a function literal).
func (a *assignments) cancelUse(v *types.Var, id *ast.Ident, stack []ast.Node) {
	parent := stack[len(stack)-1]
	switch p := parent.(type) {
	case *ast.CallExpr:
		if ast.Unparen(p.Fun) != id {
			break
		}
		for _, n := range stack {
			if lit, ok := n.(*ast.FuncLit); ok && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
				a.cancelEscape[v] = true // called from a closure, maybe later
				return
			}
		}
		if len(stack) >= 2 {
			if _, ok := stack[len(stack)-2].(*ast.DeferStmt); ok {
				return // runs when the function returns
			}
		}
		a.cancelCalls[v] = append(a.cancelCalls[v], id.Pos())
		return
	case *ast.BinaryExpr:
		if (p.Op == token.EQL || p.Op == token.NEQ) && (isNil(a.info, p.X) || isNil(a.info, p.Y)) {
			return // compared with nil
		}
	}
	a.cancelEscape[v] = true
}

// fresh reports whether every value assigned to v is a context nobody else
// can cancel.
func (a *assignments) fresh(v *types.Var, seen map[*types.Var]bool) bool {
	if seen[v] {
		return true // a cycle adds no source of cancellation
	}
	seen[v] = true
	values, ok := a.values[v]
	if !ok || len(values) == 0 {
		return false // assigned where we do not look (a closure's parameter...)
	}
	for _, as := range values {
		if !a.freshValue(as, seen) {
			return false
		}
	}
	return true
}

func (a *assignments) freshValue(as assigned, seen map[*types.Var]bool) bool {
	if as.value == nil {
		return false
	}
	if isNil(a.info, as.value) {
		return true
	}
	if id, ok := ast.Unparen(as.value).(*ast.Ident); ok {
		if v, ok := a.info.Uses[id].(*types.Var); ok && IsContext(v.Type()) {
			return a.fresh(v, seen)
		}
		if v, ok := a.info.Defs[id].(*types.Var); ok && IsContext(v.Type()) {
			return true // declared without a value: nil
		}
		return false
	}
	name, call := contextCall(a.info, as.value)
	switch {
	case name == "":
		// A function that only adds values is as cancellable as its
		// context argument.
		if call, ok := ast.Unparen(as.value).(*ast.CallExpr); ok {
			if i, ok := a.r.Wraps(callee(a.info, call)); ok && i < len(call.Args) {
				return a.freshValue(assigned{value: call.Args[i]}, seen)
			}
		}
		return false
	case name == "Background" || name == "TODO" || name == "WithoutCancel":
		return true
	case len(call.Args) == 0:
		return false
	case contextFuncs[name] && as.cancel != nil && a.cancelEscape[as.cancel]:
		return false // someone else may cancel it
	}
	return a.freshValue(assigned{value: call.Args[0]}, seen)
}

// cancelledBefore reports whether the cancel function of the last
// assignment of v before pos was called between that assignment and pos.
func (a *assignments) cancelledBefore(v *types.Var, pos token.Pos) bool {
	var last *assigned
	for i, as := range a.values[v] {
		if as.pos < pos && (last == nil || as.pos > last.pos) {
			last = &a.values[v][i]
		}
	}
	if last == nil || last.cancel == nil {
		return false
	}
	for _, c := range a.cancelCalls[last.cancel] {
		if c > last.pos && c < pos {
			return true
		}
	}
	return false
}
