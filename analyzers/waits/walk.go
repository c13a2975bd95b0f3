package waits

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Event is one node of interest met by Walk: a wait, or a call that is not
// a wait.
type Event struct {
	// Wait is set when the node is a wait.
	Wait *Wait
	// Call is set for any other call, except the call of a go statement
	// (which does not run in the caller).
	Call *ast.CallExpr
	// Stack holds the nodes enclosing the event's node, outermost (the
	// *ast.FuncDecl) first; its last element is the node's parent. It is
	// valid only during the call of yield: copy it to keep it.
	Stack []ast.Node
	// Func is the innermost enclosing *ast.FuncDecl or *ast.FuncLit.
	Func ast.Node
	// Sync reports whether the node runs as part of a call of the
	// FuncDecl: it is not inside a function literal other than one called
	// on the spot (and not by a go statement), passed to a function that
	// calls it before returning (sort.Search, filepath.WalkDir, a retry
	// helper: see Result.Runs), or assigned to a local variable that is
	// called so (f := func() {...}; f()).
	Sync bool
}

// Walk calls yield for each wait and each call in the body of decl, a
// function of the Result's package, in source order.
func (r *Result) Walk(decl *ast.FuncDecl, yield func(Event)) {
	if decl.Body == nil {
		return
	}
	w := walker{r: r, info: r.info, yield: yield, skip: map[*ast.UnaryExpr]bool{}}
	w.stack = append(w.stack, decl)
	w.funcs = append(w.funcs, frame{decl, true})
	ast.Inspect(decl.Body, w.visit)
}

type frame struct {
	fn   ast.Node
	sync bool
}

type walker struct {
	r     *Result
	info  *types.Info
	yield func(Event)
	stack []ast.Node
	funcs []frame
	skip  map[*ast.UnaryExpr]bool
	b     *bindings // built when a literal assigned to a variable is met
}

func (w *walker) decl() *ast.FuncDecl { return w.stack[0].(*ast.FuncDecl) }

func (w *walker) parent() ast.Node { return w.stack[len(w.stack)-1] }

// isGoCall reports whether call is the call of a go statement whose node
// is parent.
func isGoCall(parent ast.Node, call ast.Node) bool {
	g, ok := parent.(*ast.GoStmt)
	return ok && g.Call == call
}

func (w *walker) emit(e Event) {
	top := w.funcs[len(w.funcs)-1]
	e.Stack = w.stack
	e.Func = top.fn
	e.Sync = top.sync
	w.yield(e)
}

func (w *walker) visit(n ast.Node) bool {
	if n == nil {
		last := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		if _, ok := last.(*ast.FuncLit); ok {
			w.funcs = w.funcs[:len(w.funcs)-1]
		}
		return false
	}
	switch n := n.(type) {
	case *ast.FuncLit:
		stack := append(w.stack, n)
		var sync bool
		if v := w.r.boundVar(w.decl(), stack); v != nil {
			if w.b == nil {
				w.b = newBindings(w.r, w.decl())
			}
			sync = w.b.varRunsNow(v) // where v is called decides
		} else {
			sync = w.r.calledNow(stack) && w.funcs[len(w.funcs)-1].sync
		}
		w.funcs = append(w.funcs, frame{n, sync})
	case *ast.SelectStmt:
		for _, stmt := range n.Body.List {
			if cc, ok := stmt.(*ast.CommClause); ok && cc.Comm != nil {
				if u := recvOf(cc.Comm); u != nil {
					w.skip[u] = true
				}
			}
		}
		for _, wt := range classifySelect(w.info, n) {
			w.emit(Event{Wait: &wt})
		}
	case *ast.UnaryExpr:
		if n.Op == token.ARROW && !w.skip[n] {
			if kind, d, name, ok := freshTimer(w.info, n.X); ok {
				w.emit(Event{Wait: &Wait{Kind: kind, Node: n, Duration: d, Callee: name}})
			}
		}
	case *ast.CallExpr:
		if !isGoCall(w.parent(), n) {
			if wt, ok := classifyCall(w.info, n); ok {
				w.emit(Event{Wait: &wt})
			} else {
				w.emit(Event{Call: n})
			}
		}
	}
	w.stack = append(w.stack, n)
	return true
}

// argIndex returns the index of x among the arguments of call, -1 if it is
// not one.
func argIndex(call *ast.CallExpr, x ast.Expr) int {
	for i, a := range call.Args {
		if ast.Unparen(a) == x {
			return i
		}
	}
	return -1
}

// Decl is a function declared with a body in a package.
type Decl struct {
	File *ast.File
	Decl *ast.FuncDecl
	Func *types.Func
}

// Decls returns the functions the files declare with a body, in source
// order.
func Decls(info *types.Info, files []*ast.File) []Decl {
	var out []Decl
	for _, file := range files {
		for _, d := range file.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			if obj, ok := info.Defs[decl.Name].(*types.Func); ok {
				out = append(out, Decl{file, decl, obj})
			}
		}
	}
	return out
}
