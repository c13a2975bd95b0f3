// Package al200 defines an Analyzer that reports waits which ignore the
// cancellation of a context.Context in scope.
//
// # Analyzer AL200
//
// AL200: uncancellable wait in a function with a context.
//
// A function that holds a context.Context promises its caller that
// cancelling the context stops it. time.Sleep(d), a bare <-time.After(d) or a
// receive from a fresh time.NewTimer(d).C cannot be interrupted: shutdown
// hangs and deadlines are ignored. The analyzer reports such waits in a
// function or closure with a context in scope (a parameter, a local, or one
// captured by the closure) and suggests asyncrt.Sleep(ctx, d), which returns
// the context's error as soon as the context is done.
package al200

import (
	"go/ast"
	"go/types"
	"reflect"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"golang.org/x/tools/go/analysis"
)

// Rule documents AL200.
var Rule = ruledoc.Rule{
	Code:     "AL200",
	Name:     "uncancellable-wait-with-context",
	Language: "go",
	Summary:  "uncancellable wait (time.Sleep, <-time.After) in a function with a context.Context in scope",
	What: "Reports `time.Sleep(d)`, a bare `<-time.After(d)` and a receive from a fresh " +
		"`time.NewTimer(d).C` in a function or closure that has a `context.Context` in scope: " +
		"a parameter, a local, or one captured by the closure. A `select` that also waits on " +
		"`ctx.Done()`, `asyncrt.Sleep(ctx, d)` and `rate.Limiter.Wait(ctx)` are context-aware " +
		"and not reported. A parameter is preferred to a local context (often a child with its " +
		"own deadline, or already cancelled). So that every finding is one to act on, these are " +
		"not reported either: waits in `_test.go` files (tests sleep on purpose); a one-shot wait " +
		"in a goroutine's function literal that no `sync.WaitGroup` joins (it runs independently " +
		"of its starter), or a wait in a loop of one that refers to no context (a detached " +
		"periodic task such as a progress printer); a wait in a closure registered to run later " +
		"(`t.Cleanup`, `time.AfterFunc`, `context.AfterFunc`, `runtime.SetFinalizer`, an " +
		"atexit-like `Register`, a function of the project that stores it) or stored (in a field, " +
		"a map, a slice, a channel, a composite literal, or returned); contexts nobody else " +
		"can cancel (`context.Background()`, `context.TODO()`, wrapped by `WithValue` or by a " +
		"project function that only adds values, `WithoutCancel`, or `WithCancel`/`WithTimeout` " +
		"whose cancel function is only called in place); a context already cancelled or known " +
		"done there (after its `cancel()`, in `case <-ctx.Done():`, in `if ctx.Err() != nil`); " +
		"constant waits of at most 0, of at most 1 ms outside a loop (yields), or of at most 1 s " +
		"in a loop that checks the context on every iteration (polls). A closure passed to a " +
		"function that calls it before returning (`sort.Search`, `filepath.WalkDir`, a retry " +
		"helper) is part of the function that passes it, and one held in a local variable runs " +
		"where the variable is called or handed on (`f := func() {...}; f()` is part of its " +
		"function, `go f()` and `s.onStop = f` are not). Paths are not told apart by the " +
		"values of arguments: a wait on a branch that a constant argument excludes is still " +
		"reported (suppress it with `//nolint:AL200`).",
	Why: "A function that takes a context promises its caller that cancelling the context " +
		"stops it. A sleep cannot be interrupted: shutdown hangs, request deadlines are " +
		"ignored, and retries run on after the caller has gone.",
	Example: "```go\nfunc (c *Client) poll(ctx context.Context) error {\n" +
		"\tfor !c.ready() {\n\t\ttime.Sleep(time.Second)\n\t}\n\treturn nil\n}\n```",
	Instead: "```go\nfunc (c *Client) poll(ctx context.Context) error {\n" +
		"\tfor !c.ready() {\n\t\tif err := asyncrt.Sleep(ctx, time.Second); err != nil {\n" +
		"\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n}\n```",
	Fix: "Replaces the wait statement with `if err := asyncrt.Sleep(ctx, d); err != nil { return ... }`, " +
		"returning the context's error when the function's last result is `error` (zero values " +
		"for the others) or a bare `return` when it has no results, and imports " +
		"`asyncrt \"github.com/asynclint/asynclint/runtime\"`. With `asynclint fix --stdlib` " +
		"(or the second suggested fix, in an editor) the wait becomes instead a `select` on " +
		"`ctx.Done()` and `time.After(d)` returning `context.Cause(ctx)`: no new dependency. " +
		"The fix is withheld where it " +
		"could not compile or would change more than the wait: an expression position, a " +
		"`defer`red call or closure, results without a trailing `error`.",
}

// Doc is the analyzer's documentation, derived from Rule.
var Doc = Rule.Code + ": " + Rule.Summary + "\n\n" + Rule.What + "\n\n" + Rule.Why

// Analyzer reports AL200. Its result is a *Result listing every wait site
// of the package.
var Analyzer = &analysis.Analyzer{
	Name:       "AL200",
	Doc:        Doc,
	URL:        "https://github.com/asynclint/asynclint#al200",
	Run:        run,
	Requires:   []*analysis.Analyzer{waits.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the wait sites of a package, for migration coverage.
type Result struct {
	Sites []Site
}

// Site is one wait of the package (category finding.Sleep).
type Site = waits.Site

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if waits.IsStd(pass.Pkg.Path()) || pass.Pkg.Path() == waits.RuntimePath {
		return res, nil
	}
	wr := pass.ResultOf[waits.Analyzer].(*waits.Result)
	for _, file := range pass.Files {
		if !waits.MayWait(file) {
			continue
		}
		fx := newFixer(pass, file)
		for _, decl := range file.Decls {
			decl, ok := decl.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			name := waits.DeclName(decl)
			owner := ""
			if obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
				owner = obj.FullName()
			}
			compat := -1 // unknown yet
			wr.Walk(decl, func(ev waits.Event) {
				if ev.Wait == nil {
					return
				}
				w := ev.Wait
				site := Site{Pos: w.Node.Pos(), Callee: w.Callee, Function: name, Category: finding.Sleep}
				if ev.Sync {
					site.Owner = owner
				}
				switch ctx := wr.ContextInScope(file, ev.Stack, w.Node.Pos()); {
				case w.Safe():
					site.State = finding.AsyncSafe
				case ctx != nil && waits.Negligible(pass.TypesInfo, w, ev.Stack):
					site.State = finding.AsyncSafe // returns on cancellation soon enough
				case ctx != nil:
					site.State = finding.InAsync
					report(pass, file, fx, ev, ctx)
				default:
					if compat < 0 {
						compat = 0
						if hasContextVariant(pass, decl) {
							compat = 1
						}
					}
					site.State = finding.Sync
					if compat == 1 {
						site.State = finding.Compat
					}
				}
				res.Sites = append(res.Sites, site)
			})
		}
	}
	return res, nil
}

// report reports one uncancellable wait, with a fix where one is safe.
func report(pass *analysis.Pass, file *ast.File, fx *fixer, ev waits.Event, ctx *types.Var) {
	w := ev.Wait
	if ast.IsGenerated(file) || waits.Suppressed(pass.Fset, file, w.Node.Pos(), Rule.Code, pass.ReadFile) {
		return // generated code is not the user's to change
	}
	var what string
	switch w.Kind {
	case waits.Sleep:
		what = "time.Sleep"
	case waits.After:
		what = "<-time.After"
	case waits.Timer:
		what = "a receive from time.NewTimer(...).C"
	default:
		what = "a select on timers only"
	}
	d := analysis.Diagnostic{
		Pos:      w.Node.Pos(),
		End:      w.Node.End(),
		Category: Rule.Code,
		Message:  what + " ignores cancellation of " + ctx.Name() + ": use asyncrt.Sleep(" + ctx.Name() + ", d)",
	}
	d.SuggestedFixes = fx.fixes(ev, ctx)
	pass.Report(d)
}

// hasContextVariant reports whether decl, a function without a context, has
// a context-aware variant kept beside it (see waits.ContextVariant).
func hasContextVariant(pass *analysis.Pass, decl *ast.FuncDecl) bool {
	obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
	return ok && waits.ContextVariant(pass.Pkg, obj) != nil
}
