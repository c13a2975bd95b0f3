// Package al201 defines an Analyzer that reports calls, from code with a
// context.Context in scope, to functions without a context that block by
// sleeping, directly or through other functions, in any package.
//
// # Analyzer AL201
//
// AL201: call to a blocking function from a function with a context.
//
// A helper that calls time.Sleep and takes no context cannot be cancelled:
// calling it from a function that holds a context breaks that function's
// promise to stop when the context is done. The analyzer exports an object
// fact for every function that blocks (directly, or by calling a function
// that blocks), computed to a fixed point within each package and carried
// across packages, and reports each call of such a function from code with
// a context in scope. The standard library is not analysed: its waits
// (time.Sleep and the timers) are known by name.
package al201

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Rule documents AL201.
var Rule = ruledoc.Rule{
	Code:     "AL201",
	Name:     "blocking-call-with-context",
	Language: "go",
	Summary:  "call to a function without a context that sleeps uncancellably, from a function with a context.Context in scope",
	What: "Reports a call, from a function or closure with a `context.Context` in scope, to a " +
		"function that takes no context and blocks by sleeping (`time.Sleep`, `<-time.After`), " +
		"directly or through other functions, in this package or another. The message names " +
		"the chain of calls down to the sleep; JSON and SARIF carry it as related locations, " +
		"the sleep last. A closure passed to a function that runs it before returning " +
		"(`sort.Search`, `filepath.WalkDir`, a retry helper of the project) is part of the " +
		"function that passes it; one started in a goroutine, registered to run later " +
		"(`t.Cleanup`, `time.AfterFunc`, `context.AfterFunc`, an atexit-like `Register`) or " +
		"stored (in a field, a map, a slice, a channel, or returned) is not. A closure held in " +
		"a local variable runs where the variable is called or handed on: `f := func() " +
		"{...}; f()` is part of its function, `s.subscribe(f)` that stores it is not; in a " +
		"literal that runs on its own only its own context parameters count (a returned " +
		"`func(ctx context.Context, ...)` interceptor is checked against its `ctx`). The contexts that count are AL200's: a root wrapped with values only (by " +
		"`context.WithValue` or a project function that does no more) stays uncancellable, and " +
		"calls from a detached periodic goroutine that refers to no context are not reported. " +
		"Paths are not told apart by the values of arguments: a call whose sleep only a branch " +
		"a constant argument excludes would reach is still reported. Like AL200, calls in " +
		"`_test.go` files (tests sleep on purpose) are not reported.",
	Why: "The caller promised to stop when its context is cancelled; the helper it calls cannot " +
		"be interrupted, so the promise is broken one call further down, where neither " +
		"`go vet` nor any other linter looks.",
	Example: "```go\nfunc waitForLeader() { // no context\n\tfor !leaderElected() {\n" +
		"\t\ttime.Sleep(100 * time.Millisecond)\n\t}\n}\n\n" +
		"func (s *Server) Start(ctx context.Context) error {\n\twaitForLeader()\n\treturn s.serve(ctx)\n}\n```",
	Instead: "Give the helper a context and wait with it:\n\n```go\n" +
		"func waitForLeader(ctx context.Context) error {\n\tfor !leaderElected() {\n" +
		"\t\tif err := asyncrt.Sleep(ctx, 100*time.Millisecond); err != nil {\n\t\t\treturn err\n\t\t}\n" +
		"\t}\n\treturn nil\n}\n\nfunc (s *Server) Start(ctx context.Context) error {\n" +
		"\tif err := waitForLeader(ctx); err != nil {\n\t\treturn err\n\t}\n\treturn s.serve(ctx)\n}\n```",
}

// Doc is the analyzer's documentation, derived from Rule.
var Doc = Rule.Code + ": " + Rule.Summary + "\n\n" + Rule.What + "\n\n" + Rule.Why

// Analyzer reports AL201. Its result is a *Result describing the calls of
// blocking functions, for migration coverage.
var Analyzer = &analysis.Analyzer{
	Name:       "AL201",
	Doc:        Doc,
	URL:        "https://github.com/asynclint/asynclint#al201",
	Run:        run,
	Requires:   []*analysis.Analyzer{waits.Analyzer},
	FactTypes:  []analysis.Fact{new(blocksFact), new(packageFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result describes, for one package, which blocking functions are called
// from context-aware code and which blocking functions each function calls.
// Functions are named by types.Func.FullName.
type Result struct {
	// Entries are the blocking functions called from code with a context
	// in scope.
	Entries []string
	// Edges maps a function to the blocking functions it calls and waits for.
	Edges map[string][]string
}

// blocksFact marks a function that blocks uncancellably, with the chain
// of calls down to the wait.
type blocksFact struct {
	waits.Chain
}

// AFact marks blocksFact as an analysis.Fact.
func (*blocksFact) AFact() {}

func (f *blocksFact) String() string { return "blocks: " + f.Reason + " (" + f.Pos + ")" }

// packageFact marks a package that holds, or imports, blocking functions.
// Packages without it need no analysis by their importers.
type packageFact struct {
	// Funcs counts the package's own blocking functions.
	Funcs int
}

// AFact marks packageFact as an analysis.Fact.
func (*packageFact) AFact() {}

func (f *packageFact) String() string { return fmt.Sprintf("blockers: %d", f.Funcs) }

// call is one call of a function in a declared function's body.
type call struct {
	expr   *ast.CallExpr
	callee *types.Func
	file   *ast.File
	stack  []ast.Node
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{Edges: map[string][]string{}}
	if waits.IsStd(pass.Pkg.Path()) || pass.Pkg.Path() == waits.RuntimePath {
		return res, nil
	}
	// A package that imports neither time nor a package with blocking
	// functions cannot hold any: there is nothing to do.
	needed, importsBlockers := false, false
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "time" {
			needed = true
		}
		if pass.ImportPackageFact(imp, new(packageFact)) {
			needed, importsBlockers = true, true
		}
	}
	if !needed {
		return res, nil
	}

	wr := pass.ResultOf[waits.Analyzer].(*waits.Result)
	var fns []*waits.ChainFunc
	var calls []call
	for _, fd := range waits.Decls(pass.TypesInfo, pass.Files) {
		file, decl, obj := fd.File, fd.Decl, fd.Func
		f := &waits.ChainFunc{Func: obj}
		wr.Walk(decl, func(ev waits.Event) {
			switch {
			case ev.Wait != nil:
				if f.Leaf == nil && ev.Sync && !ev.Wait.Safe() && !waits.Negligible(pass.TypesInfo, ev.Wait, ev.Stack) {
					f.Leaf = waits.NewChain(pass.Fset, leafName(ev.Wait), ev.Wait.Node.Pos())
				}
			case ev.Call != nil:
				if callee := typeutil.StaticCallee(pass.TypesInfo, ev.Call); callee != nil && callee.Pkg() != nil && !waits.IsStd(callee.Pkg().Path()) {
					callee = callee.Origin()
					calls = append(calls, call{ev.Call, callee, file, slices.Clone(ev.Stack)})
					if ev.Sync {
						f.Calls = append(f.Calls, waits.ChainCall{Callee: callee, Pos: ev.Call.Pos()})
					}
				}
			}
		})
		fns = append(fns, f)
	}

	imported := func(fn *types.Func) *waits.Chain {
		f := new(blocksFact)
		if pass.ImportObjectFact(fn, f) {
			return &f.Chain
		}
		return nil
	}
	blocking := waits.SolveChains(pass, fns, imported)
	for _, f := range fns {
		if ch, ok := blocking[f.Func]; ok {
			pass.ExportObjectFact(f.Func, &blocksFact{*ch})
		}
	}
	if len(blocking) > 0 || importsBlockers {
		pass.ExportPackageFact(&packageFact{Funcs: len(blocking)})
	}
	lookup := func(fn *types.Func) *waits.Chain {
		if fn.Pkg() == pass.Pkg {
			return blocking[fn]
		}
		return imported(fn)
	}
	for _, f := range fns {
		key := f.Func.FullName()
		for _, c := range f.Calls {
			if lookup(c.Callee) != nil && !slices.Contains(res.Edges[key], c.Callee.FullName()) {
				res.Edges[key] = append(res.Edges[key], c.Callee.FullName())
			}
		}
	}

	entries := map[string]bool{}
	for _, c := range calls {
		fact := lookup(c.callee)
		if fact == nil {
			continue
		}
		if waits.HasContextParam(c.callee.Signature()) {
			continue // it has a context: AL200 reports its waits
		}
		ctx := wr.ContextInScope(c.file, c.stack, c.expr.Pos())
		if ctx == nil {
			continue
		}
		if !entries[c.callee.FullName()] {
			entries[c.callee.FullName()] = true
			res.Entries = append(res.Entries, c.callee.FullName())
		}
		if ast.IsGenerated(c.file) || waits.Suppressed(pass.Fset, c.file, c.expr.Pos(), Rule.Code, pass.ReadFile) {
			continue // generated code is not the user's to change
		}
		name := waits.DisplayName(c.callee, pass.Pkg)
		pass.Report(analysis.Diagnostic{
			Pos:      c.expr.Pos(),
			End:      c.expr.End(),
			Category: Rule.Code,
			Message: name + " blocks and ignores cancellation of " + ctx.Name() + ": it " +
				fact.Reason + " (" + fact.Pos + ")",
			Related: fact.Related(pass, "blocking call"),
		})
	}
	return res, nil
}

// leafName names a blocking wait in messages.
func leafName(w *waits.Wait) string {
	switch w.Kind {
	case waits.Sleep:
		return "time.Sleep"
	case waits.After:
		return "<-time.After"
	case waits.Timer:
		return "<-time.NewTimer(...).C"
	}
	return "a select on timers only"
}
