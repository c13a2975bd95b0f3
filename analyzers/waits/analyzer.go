package waits

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer is the shared pass of the asynclint analyzers. For every
// function of the package it works out, and exports as a fact, when the
// function runs the function values passed to it (before it returns, in a
// goroutine, or later, having stored them) and whether it only wraps a
// context with values. Its result, a *Result, walks function bodies and
// picks the context in scope with that knowledge.
var Analyzer = &analysis.Analyzer{
	Name:       "waits",
	Doc:        "waits: when functions run their function arguments, and which wrap a context with values only (shared pass of the asynclint analyzers)",
	URL:        "https://github.com/asynclint/asynclint",
	Run:        runAnalyzer,
	FactTypes:  []analysis.Fact{new(funcFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Timing says when a called function runs a function value passed to it.
type Timing uint8

// The timings of a function argument.
const (
	// Unknown: the function may run it at any time, or never.
	Unknown Timing = iota
	// Now: the function calls it before it returns (sort.Search,
	// filepath.WalkDir, a retry helper): its waits delay the caller.
	Now
	// Goroutine: the function calls it in a goroutine it starts.
	Goroutine
	// Later: the function stores it to be called later (t.Cleanup,
	// time.AfterFunc, context.AfterFunc, an atexit-like Register): it runs
	// independently of the caller.
	Later
)

// funcFact describes one function, for its callers in other packages.
type funcFact struct {
	// Args holds the timing of each parameter of function type, by
	// parameter index; Unknown for the others.
	Args []Timing
	// Wraps is 1 + the index of the context parameter the function
	// returns, possibly wrapped by context.WithValue; 0 if none.
	Wraps int
}

// AFact marks funcFact as an analysis.Fact.
func (*funcFact) AFact() {}

func (f *funcFact) String() string {
	var b strings.Builder
	b.WriteString("funcs:")
	for i, t := range f.Args {
		if t != Unknown {
			b.WriteString(" arg" + string(rune('0'+i%10)) + "=" + [...]string{"unknown", "now", "goroutine", "later"}[t])
		}
	}
	if f.Wraps > 0 {
		b.WriteString(" wraps=arg" + string(rune('0'+(f.Wraps-1)%10)))
	}
	return b.String()
}

// Result is what Analyzer knows of one package and its dependencies. Its
// methods answer the analyzers' questions about code of that package.
type Result struct {
	fset    *token.FileSet
	info    *types.Info
	pkg     *types.Package
	local   map[*types.Func]*funcFact
	import_ func(types.Object, analysis.Fact) bool
}

// NewResult returns a Result for a type-checked package that knows only
// the standard library's functions: no facts of other packages, nothing
// computed for the package's own. Analyzers get theirs from Analyzer.
func NewResult(fset *token.FileSet, info *types.Info, pkg *types.Package) *Result {
	return &Result{fset: fset, info: info, pkg: pkg, local: map[*types.Func]*funcFact{}}
}

// fact returns what is known of fn, nil if nothing.
func (r *Result) fact(fn *types.Func) *funcFact {
	fn = fn.Origin()
	if fn.Pkg() == r.pkg {
		return r.local[fn]
	}
	if r.import_ == nil {
		return nil
	}
	f := new(funcFact)
	if r.import_(fn, f) {
		return f
	}
	return nil
}

// Runs returns when a call of fn runs its i'th argument, a function value.
func (r *Result) Runs(fn *types.Func, i int) Timing {
	if fn == nil || fn.Pkg() == nil {
		return Unknown
	}
	sig := fn.Signature()
	if sig.Variadic() && i >= sig.Params().Len()-1 {
		i = sig.Params().Len() - 1
	}
	if IsStd(fn.Pkg().Path()) {
		return stdTiming(fn)
	}
	if f := r.fact(fn); f != nil && i < len(f.Args) && f.Args[i] != Unknown {
		return f.Args[i]
	}
	return namedTiming(fn.Name())
}

// argTiming returns when call runs its i'th argument.
func (r *Result) argTiming(call *ast.CallExpr, i int) Timing {
	if fn := callee(r.info, call); fn != nil {
		return r.Runs(fn, i)
	}
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return namedTiming(f.Sel.Name)
	case *ast.Ident:
		if b, ok := r.info.Uses[f].(*types.Builtin); ok && b.Name() == "append" {
			return Later // stored in a slice
		}
		return namedTiming(f.Name)
	}
	return Unknown
}

// Wraps reports whether a call of fn returns its context argument wrapped
// only with values (context.WithValue, or functions that do no more), and
// the index of that argument: the result is as cancellable as the argument.
func (r *Result) Wraps(fn *types.Func) (int, bool) {
	if fn == nil || fn.Pkg() == nil {
		return 0, false
	}
	if funcIs(fn, "context", "WithValue") {
		return 0, true
	}
	if IsStd(fn.Pkg().Path()) {
		return 0, false
	}
	if f := r.fact(fn); f != nil && f.Wraps > 0 {
		return f.Wraps - 1, true
	}
	return 0, false
}

// stdTiming knows when the standard library runs function arguments.
func stdTiming(fn *types.Func) Timing {
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "sort", "slices", "maps", "strings", "bytes", "unicode":
		return Now
	case "path/filepath":
		if name == "Walk" || name == "WalkDir" {
			return Now
		}
	case "io/fs":
		if name == "WalkDir" {
			return Now
		}
	case "sync":
		if name == "Do" || name == "Range" { // (*Once).Do, (*Map).Range
			return Now
		}
	case "time", "context":
		if name == "AfterFunc" {
			return Later
		}
	case "runtime":
		if name == "SetFinalizer" || name == "AddCleanup" {
			return Later
		}
	case "testing":
		if name == "Cleanup" {
			return Later
		}
	case "net/http":
		if name == "HandleFunc" || name == "Handle" || name == "RegisterOnShutdown" {
			return Later
		}
	}
	return Unknown
}

// namedTiming guesses, from its name only, whether a function whose body is
// not known registers its argument to run later: Register..., On...,
// AtExit, AfterFunc, Cleanup, SetFinalizer.
func namedTiming(name string) Timing {
	switch name {
	case "AtExit", "AfterFunc", "Cleanup", "SetFinalizer", "Register", "RegisterOnShutdown":
		return Later
	}
	for _, prefix := range []string{"Register", "On"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
				return Later
			}
		}
	}
	return Unknown
}

func runAnalyzer(pass *analysis.Pass) (any, error) {
	r := NewResult(pass.Fset, pass.TypesInfo, pass.Pkg)
	r.import_ = pass.ImportObjectFact
	if IsStd(pass.Pkg.Path()) {
		return r, nil
	}
	type candidate struct {
		decl   *ast.FuncDecl
		obj    *types.Func
		funcs  []int // indices of parameters of function type
		ctxIdx []int // indices of context parameters
		ctxRes bool  // the only result is a context
	}
	var cands []candidate
	for _, fd := range Decls(pass.TypesInfo, pass.Files) {
		c := candidate{decl: fd.Decl, obj: fd.Func}
		sig := fd.Func.Signature()
		for i := range sig.Params().Len() {
			t := sig.Params().At(i).Type()
			if sig.Variadic() && i == sig.Params().Len()-1 {
				if s, ok := t.(*types.Slice); ok {
					t = s.Elem()
				}
			}
			if _, ok := t.Underlying().(*types.Signature); ok {
				c.funcs = append(c.funcs, i)
			}
			if IsContext(t) {
				c.ctxIdx = append(c.ctxIdx, i)
			}
		}
		c.ctxRes = sig.Results().Len() == 1 && IsContext(sig.Results().At(0).Type())
		if len(c.funcs) > 0 || (c.ctxRes && len(c.ctxIdx) > 0) {
			cands = append(cands, c)
		}
	}
	// A fixed point: what one function does with its arguments may depend
	// on another's; each round can only add knowledge.
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			f := r.local[c.obj]
			if f == nil {
				f = &funcFact{}
			}
			next := &funcFact{Wraps: f.Wraps}
			if len(c.funcs) > 0 {
				next.Args = make([]Timing, c.obj.Signature().Params().Len())
				for _, i := range c.funcs {
					next.Args[i] = r.paramTiming(c.decl, c.obj.Signature().Params().At(i))
				}
			}
			if c.ctxRes && next.Wraps == 0 {
				if i, ok := r.wrapsParam(c.decl, c.obj.Signature(), c.ctxIdx); ok {
					next.Wraps = i + 1
				}
			}
			if !reflect.DeepEqual(f, next) && (next.Wraps > 0 || hasTiming(next.Args)) {
				r.local[c.obj] = next
				changed = true
			}
		}
	}
	for fn, f := range r.local {
		pass.ExportObjectFact(fn, f)
	}
	return r, nil
}

func hasTiming(ts []Timing) bool {
	for _, t := range ts {
		if t != Unknown {
			return true
		}
	}
	return false
}

// paramTiming works out when the function of decl runs its parameter v, a
// function value: Now when it calls it (or hands it to a function that
// runs it now) as part of its own call; else Goroutine when it calls it in a
// goroutine; else Later when it stores it (an assignment, a composite
// literal, a send, append, a return, a function that stores it).
func (r *Result) paramTiming(decl *ast.FuncDecl, v *types.Var) Timing {
	best := Unknown
	note := func(t Timing) {
		if best == Unknown || t == Now || (t == Goroutine && best == Later) {
			best = t
		}
	}
	isV := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && r.info.Uses[id] == v
	}
	accounted := map[ast.Node]bool{}
	b := newBindings(r, decl)
	r.Walk(decl, func(ev Event) {
		if ev.Call == nil {
			return
		}
		if isV(ev.Call.Fun) {
			accounted[ast.Unparen(ev.Call.Fun)] = true
			if ev.Sync {
				note(Now)
			} else if b.inGoroutine(ev.Stack, map[*types.Var]bool{}) {
				note(Goroutine)
			} else {
				note(Later)
			}
			return
		}
		fn := callee(r.info, ev.Call)
		for i, a := range ev.Call.Args {
			if !isV(a) || fn == nil {
				continue
			}
			accounted[ast.Unparen(a)] = true
			t := r.Runs(fn, i)
			if t == Now && !ev.Sync {
				t = Unknown
				if b.inGoroutine(ev.Stack, map[*types.Var]bool{}) {
					t = Goroutine
				}
			}
			note(t)
		}
	})
	var stack []ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if id, ok := n.(*ast.Ident); ok && r.info.Uses[id] == v && !accounted[id] {
			note(escape(id, stack))
		}
		stack = append(stack, n)
		return true
	})
	return best
}

// escape returns what a use of a function parameter, id, that Walk did not
// see as a call does with it: Goroutine for go v() or go g(v), Unknown for a
// comparison with nil, Later for any other use (an assignment, append, a
// composite literal, a send, a return).
func escape(id *ast.Ident, stack []ast.Node) Timing {
	parent := stack[len(stack)-1]
	if call, ok := parent.(*ast.CallExpr); ok && len(stack) >= 2 {
		if g, ok := stack[len(stack)-2].(*ast.GoStmt); ok && g.Call == call {
			return Goroutine
		}
	}
	if _, ok := parent.(*ast.BinaryExpr); ok {
		return Unknown
	}
	return Later
}

// wrapsParam reports whether every return statement of decl returns one of
// its context parameters, possibly wrapped by functions that only add
// values, and which.
func (r *Result) wrapsParam(decl *ast.FuncDecl, sig *types.Signature, ctxIdx []int) (int, bool) {
	idx, ok, seen := -1, true, false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			seen = true
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			i, found := r.wrapped(n.Results[0], sig, ctxIdx)
			if !found || (idx >= 0 && i != idx) {
				ok = false
				return false
			}
			idx = i
		}
		return true
	})
	return idx, ok && seen && idx >= 0
}

// wrapped returns the index of the context parameter x is, or wraps with
// values only.
func (r *Result) wrapped(x ast.Expr, sig *types.Signature, ctxIdx []int) (int, bool) {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		for _, i := range ctxIdx {
			if r.info.Uses[id] == sig.Params().At(i) {
				return i, true
			}
		}
		return 0, false
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	fn, _ := typeutil.Callee(r.info, call).(*types.Func)
	if i, ok := r.Wraps(fn); ok && i < len(call.Args) {
		return r.wrapped(call.Args[i], sig, ctxIdx)
	}
	return 0, false
}
