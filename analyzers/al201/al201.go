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
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

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
		"the chain of calls down to the sleep. The context in scope is found as AL200 finds it, so " +
		"the same calls are not reported: calls in `_test.go` files (tests sleep on purpose), a " +
		"one-shot call in a goroutine's function literal that no `sync.WaitGroup` joins, and calls " +
		"where the only context is one nobody else can cancel (`context.Background()`, " +
		"`context.TODO()`, `WithoutCancel`) or one known to be done.",
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

// blocksFact marks a function that blocks uncancellably.
type blocksFact struct {
	// Reason is the chain down to the wait: "calls f, which calls time.Sleep".
	Reason string
	// Pos is where the wait is: "file.go:12".
	Pos string
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

// maxHops bounds the chain a message spells out.
const maxHops = 3

// fn is what run gathers about one declared function.
type fn struct {
	obj    *types.Func
	direct *waits.Wait // the first wait that blocks the function itself
	calls  []call
}

// call is one call of a function in a declared function's body.
type call struct {
	expr   *ast.CallExpr
	callee *types.Func
	file   *ast.File
	sync   bool // the caller waits for it
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

	var fns []*fn
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok {
				continue
			}
			f := &fn{obj: obj}
			waits.Walk(pass.TypesInfo, decl, func(ev waits.Event) {
				switch {
				case ev.Wait != nil:
					if f.direct == nil && ev.Sync && !ev.Wait.Safe() && !waits.Negligible(pass.TypesInfo, ev.Wait, ev.Stack) {
						f.direct = ev.Wait
					}
				case ev.Call != nil:
					if callee := typeutil.StaticCallee(pass.TypesInfo, ev.Call); callee != nil && callee.Pkg() != nil && !waits.IsStd(callee.Pkg().Path()) {
						f.calls = append(f.calls, call{ev.Call, callee.Origin(), file, ev.Sync, slices.Clone(ev.Stack)})
					}
				}
			})
			fns = append(fns, f)
		}
	}

	blocking := solve(pass, fns)
	for _, f := range fns {
		if fact, ok := blocking[f.obj]; ok {
			pass.ExportObjectFact(f.obj, fact)
		}
	}
	if len(blocking) > 0 || importsBlockers {
		pass.ExportPackageFact(&packageFact{Funcs: len(blocking)})
	}

	entries := map[string]bool{}
	for _, f := range fns {
		key := f.obj.FullName()
		for _, c := range f.calls {
			fact := lookup(pass, blocking, c.callee)
			if fact == nil {
				continue
			}
			if c.sync && !contains(res.Edges[key], c.callee.FullName()) {
				res.Edges[key] = append(res.Edges[key], c.callee.FullName())
			}
			if waits.HasContextParam(c.callee.Signature()) {
				continue // it has a context: AL200 reports its waits
			}
			ctx := waits.ContextInScope(pass.Fset, pass.TypesInfo, c.file, c.stack, c.expr.Pos())
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
			name := displayName(c.callee, pass.Pkg)
			pass.Report(analysis.Diagnostic{
				Pos:      c.expr.Pos(),
				End:      c.expr.End(),
				Category: Rule.Code,
				Message: name + " blocks and ignores cancellation of " + ctx.Name() + ": it " +
					fact.Reason + " (" + fact.Pos + ")",
			})
		}
	}
	return res, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lookup returns the blocks fact of callee: computed here for a function of
// this package, imported for another's.
func lookup(pass *analysis.Pass, local map[*types.Func]*blocksFact, callee *types.Func) *blocksFact {
	if callee.Pkg() == pass.Pkg {
		return local[callee]
	}
	f := new(blocksFact)
	if pass.ImportObjectFact(callee, f) {
		return f
	}
	return nil
}

// solve finds the blocking functions of the package, to a fixed point, in
// rounds so that each function's chain is a shortest one.
func solve(pass *analysis.Pass, fns []*fn) map[*types.Func]*blocksFact {
	blocking := map[*types.Func]*blocksFact{}
	for _, f := range fns {
		if f.direct != nil {
			blocking[f.obj] = &blocksFact{Reason: "calls " + leafName(f.direct), Pos: shortPos(pass.Fset, f.direct.Node.Pos())}
		}
	}
	for {
		found := map[*types.Func]*blocksFact{}
		for _, f := range fns {
			if blocking[f.obj] != nil {
				continue
			}
			for _, c := range f.calls {
				if !c.sync {
					continue
				}
				if fact := lookup(pass, blocking, c.callee); fact != nil {
					found[f.obj] = &blocksFact{Reason: chain(displayName(c.callee, pass.Pkg), fact.Reason), Pos: fact.Pos}
					break
				}
			}
		}
		if len(found) == 0 {
			return blocking
		}
		for k, v := range found {
			blocking[k] = v
		}
	}
}

// chain prefixes a callee's reason with the call of it, eliding the middle
// of long chains.
func chain(callee, reason string) string {
	parts := strings.Split(reason, ", which ")
	if len(parts) > maxHops {
		parts = []string{parts[0], "...", parts[len(parts)-1]}
	}
	return "calls " + callee + ", which " + strings.Join(parts, ", which ")
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

// shortPos writes pos as "file.go:12".
func shortPos(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// displayName names a function as seen from package from: "f", "pkg.F",
// "(*T).M", "(*pkg.T).M".
func displayName(f *types.Func, from *types.Package) string {
	qual := ""
	if f.Pkg() != from {
		qual = f.Pkg().Name() + "."
	}
	recv := f.Signature().Recv()
	if recv == nil {
		return qual + f.Name()
	}
	t := recv.Type()
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		ptr, t = true, p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return qual + f.Name()
	}
	if ptr {
		return "(*" + qual + n.Obj().Name() + ")." + f.Name()
	}
	return qual + n.Obj().Name() + "." + f.Name()
}
