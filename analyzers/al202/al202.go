// Package al202 defines an Analyzer that reports calls which ignore a
// context.Context in scope although a context-aware variant of the called
// function exists, directly or through functions without a context, in any
// package.
//
// # Analyzer AL202
//
// AL202: call without a context where a Context variant exists.
//
// http.Get, http.NewRequest, net.Dial, exec.Command, (*sql.DB).Query and
// their kin cannot be cancelled; each has a variant that takes a context
// (http.NewRequestWithContext, (*net.Dialer).DialContext,
// exec.CommandContext, (*sql.DB).QueryContext). So have functions of the
// module itself with a sibling named F plus Context, WithContext or Ctx. A
// function holding a cancellable context that calls the context-free form
// breaks its promise to stop when the context is done. The analyzer reports
// such calls, naming the variant, with a suggested fix where the rewrite is
// mechanical; and, as AL201 does for sleeps, calls of functions without a
// context that make such a call, known across packages through facts.
package al202

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Rule documents AL202.
var Rule = ruledoc.Rule{
	Code:     "AL202",
	Name:     "call-ignores-context-variant",
	Language: "go",
	Summary:  "call without a context (http.Get, exec.Command, db.Query, net.Dial, F beside FContext) where a context-aware variant exists, from a function with a context.Context in scope",
	What: "Reports, in a function or closure with a cancellable `context.Context` in scope, a call " +
		"of a function that has a context-aware variant: `http.Get`/`Head`/`Post`/`PostForm` and " +
		"the `(*http.Client)` methods of those names (use `http.NewRequestWithContext` and " +
		"`Do`), `http.NewRequest`, `net.Dial`, `net.DialTimeout`, `(*net.Dialer).Dial`, the " +
		"package-level `net.Lookup*` functions (`net.DefaultResolver`'s methods take a context), " +
		"`exec.Command`, the `Query`, `QueryRow`, `Exec`, `Ping`, `Prepare` and `Begin` methods of " +
		"`*sql.DB`, `*sql.Tx` and `*sql.Stmt`; and functions of the module itself with a sibling " +
		"`FContext`, `FWithContext` or `FCtx` that takes a context and returns what `F` returns " +
		"(possibly with an error after; `newTraceContext(ctx, tr) context.Context` beside " +
		"`newTrace` is no variant). The message names the " +
		"variant. A call of a function without a context that makes such a call, directly or " +
		"through others, in this package or another of the module (not in dependencies: what " +
		"they do inside is not yours to change), is reported too, with the chain (JSON and " +
		"SARIF carry it as related locations, the call ignoring the context last). The " +
		"contexts that count are AL200's: none in `_test.go` files, none that nobody can cancel " +
		"(`context.Background()`, `context.TODO()`, possibly wrapped with values). A request " +
		"from `http.NewRequest` whose `WithContext` or `Clone` is called in the same function is " +
		"not reported.",
	Why: "The caller promised to stop when its context is cancelled. A request, a dial, a " +
		"query or a child process started without the context runs on after cancellation, " +
		"for as long as the network, the database or the process takes: shutdown hangs and " +
		"request deadlines are ignored. The `noctx` linter checks the HTTP and SQL calls " +
		"made directly; AL202 also follows helpers without a context.",
	Example: "```go\nfunc (s *Store) Load(ctx context.Context, id int) (*sql.Rows, error) {\n" +
		"\treturn s.db.Query(\"SELECT * FROM items WHERE id = ?\", id)\n}\n```",
	Instead: "```go\nfunc (s *Store) Load(ctx context.Context, id int) (*sql.Rows, error) {\n" +
		"\treturn s.db.QueryContext(ctx, \"SELECT * FROM items WHERE id = ?\", id)\n}\n```",
	Fix: "Where the rewrite is mechanical, calls the variant with the context in scope: " +
		"`http.NewRequest(...)` → `http.NewRequestWithContext(ctx, ...)`, `exec.Command(...)` → " +
		"`exec.CommandContext(ctx, ...)`, `db.Query(...)` → `db.QueryContext(ctx, ...)` (and the " +
		"other `database/sql` methods; `Begin()` → `BeginTx(ctx, nil)`), `net.Dial(...)` → " +
		"`(&net.Dialer{}).DialContext(ctx, ...)`, `net.DialTimeout(n, a, t)` → " +
		"`(&net.Dialer{Timeout: t}).DialContext(ctx, n, a)`, `d.Dial(...)` → `d.DialContext(ctx, ...)`, " +
		"`net.LookupHost(h)` → `net.DefaultResolver.LookupHost(ctx, h)`, and `F(...)` → " +
		"`FContext(ctx, ...)` when the variant takes the context and then exactly `F`'s " +
		"parameters. `asynclint fix` type-checks the result. `http.Get` and its kin, and calls " +
		"through helpers (the helper needs a context parameter), are left to you.",
}

// Doc is the analyzer's documentation, derived from Rule.
var Doc = Rule.Code + ": " + Rule.Summary + "\n\n" + Rule.What + "\n\n" + Rule.Why

// Analyzer reports AL202.
var Analyzer = &analysis.Analyzer{
	Name:      "AL202",
	Doc:       Doc,
	URL:       "https://github.com/asynclint/asynclint#al202",
	Run:       run,
	Requires:  []*analysis.Analyzer{waits.Analyzer},
	FactTypes: []analysis.Fact{new(ignoresFact), new(packageFact)},
}

// ignoresFact marks a function without a context that calls, directly or
// through others, a function whose context variant it does not use; Note
// names the variant.
type ignoresFact struct {
	waits.Chain
}

// AFact marks ignoresFact as an analysis.Fact.
func (*ignoresFact) AFact() {}

func (f *ignoresFact) String() string {
	return "ignores context: " + f.Reason + " (" + f.Pos + "); use " + f.Note
}

// packageFact marks a package that holds, or imports, functions AL202
// follows. Packages without it need no analysis by their importers.
type packageFact struct {
	// Funcs counts the package's own functions with an ignoresFact.
	Funcs int
}

// AFact marks packageFact as an analysis.Fact.
func (*packageFact) AFact() {}

func (f *packageFact) String() string { return fmt.Sprintf("ignorers: %d", f.Funcs) }

// stdImports are the standard-library packages whose functions AL202 knows.
var stdImports = map[string]bool{"net/http": true, "net": true, "os/exec": true, "database/sql": true}

// site is one call in a declared function's body that AL202 may report.
type site struct {
	call    *ast.CallExpr
	callee  *types.Func
	file    *ast.File
	stack   []ast.Node
	variant *variant // set for a direct call of a function with a variant
}

func run(pass *analysis.Pass) (any, error) {
	if waits.IsStd(pass.Pkg.Path()) || pass.Pkg.Path() == waits.RuntimePath {
		return nil, nil
	}
	needed := waits.HasVariants(pass.Pkg)
	for _, imp := range pass.Pkg.Imports() {
		if stdImports[imp.Path()] {
			needed = true
		}
		if pass.ImportPackageFact(imp, new(packageFact)) {
			needed = true
		} else if !needed && inModule(pass, imp) && waits.HasVariants(imp) {
			needed = true
		}
	}
	if !needed {
		return nil, nil
	}
	wr := pass.ResultOf[waits.Analyzer].(*waits.Result)

	var fns []*waits.ChainFunc
	var sites []site
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
			f := &waits.ChainFunc{Func: obj}
			// A function with a context is not followed: its own calls are
			// reported where it makes them.
			follow := !waits.HasContextParam(obj.Signature())
			wr.Walk(decl, func(ev waits.Event) {
				if ev.Call == nil {
					return
				}
				fn, _ := typeutil.Callee(pass.TypesInfo, ev.Call).(*types.Func)
				if fn == nil || fn.Pkg() == nil {
					return
				}
				fn = fn.Origin()
				if v := variantOf(pass, fn); v != nil {
					sites = append(sites, site{ev.Call, fn, file, slices.Clone(ev.Stack), v})
					if follow && ev.Sync && f.Leaf == nil && !inGoStmt(ev.Stack) {
						f.Leaf = waits.NewChain(pass.Fset, waits.DisplayName(fn, pass.Pkg), ev.Call.Pos())
						f.Leaf.Note = v.name
					}
					return
				}
				if waits.IsStd(fn.Pkg().Path()) || typeutil.StaticCallee(pass.TypesInfo, ev.Call) == nil {
					return
				}
				sites = append(sites, site{ev.Call, fn, file, slices.Clone(ev.Stack), nil})
				if follow && ev.Sync && !inGoStmt(ev.Stack) {
					f.Calls = append(f.Calls, waits.ChainCall{Callee: fn, Pos: ev.Call.Pos()})
				}
			})
			fns = append(fns, f)
		}
	}

	// Chains stop at the module's edge: a dependency that ignores a
	// context inside (on a path its arguments may never take) is not the
	// user's to change.
	imported := func(fn *types.Func) *waits.Chain {
		f := new(ignoresFact)
		if inModule(pass, fn.Pkg()) && pass.ImportObjectFact(fn, f) {
			return &f.Chain
		}
		return nil
	}
	ignoring := waits.SolveChains(pass, fns, imported)
	for _, f := range fns {
		if ch, ok := ignoring[f.Func]; ok {
			pass.ExportObjectFact(f.Func, &ignoresFact{*ch})
		}
	}
	if len(ignoring) > 0 || waits.HasVariants(pass.Pkg) {
		pass.ExportPackageFact(&packageFact{Funcs: len(ignoring)})
	}

	for _, s := range sites {
		var chain *waits.Chain
		if s.variant == nil {
			if s.callee.Pkg() == pass.Pkg {
				chain = ignoring[s.callee]
			} else {
				chain = imported(s.callee)
			}
			if chain == nil || waits.HasContextParam(s.callee.Signature()) {
				continue // it has a context: its own calls are reported there
			}
		}
		ctx := wr.ContextInScope(s.file, s.stack, s.call.Pos())
		if ctx == nil {
			continue
		}
		if ast.IsGenerated(s.file) || waits.Suppressed(pass.Fset, s.file, s.call.Pos(), Rule.Code, pass.ReadFile) {
			continue // generated code is not the user's to change
		}
		name := waits.DisplayName(s.callee, pass.Pkg)
		if chain != nil {
			pass.Report(analysis.Diagnostic{
				Pos:      s.call.Pos(),
				End:      s.call.End(),
				Category: Rule.Code,
				Message: name + " ignores cancellation of " + ctx.Name() + ": it " + chain.Reason +
					" (" + chain.Pos + "), which has a context variant: " + chain.Note,
				Related: chain.Related(pass, "ignores the context"),
			})
			continue
		}
		if s.variant.request && contextAddedLater(pass.TypesInfo, s.stack) {
			continue
		}
		d := analysis.Diagnostic{
			Pos:      s.call.Pos(),
			End:      s.call.End(),
			Category: Rule.Code,
			Message:  name + " ignores cancellation of " + ctx.Name() + ": use " + s.variant.name,
		}
		if fix, ok := s.variant.fix(pass, s.file, s.call, ctx); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
	return nil, nil
}

// inModule reports whether pkg belongs to the module of the pass (without
// module information, whether it is not in the standard library).
func inModule(pass *analysis.Pass, pkg *types.Package) bool {
	if pkg == pass.Pkg {
		return true
	}
	if waits.IsStd(pkg.Path()) {
		return false
	}
	if pass.Module == nil || pass.Module.Path == "" {
		return true
	}
	m := pass.Module.Path
	return pkg.Path() == m || strings.HasPrefix(pkg.Path(), m+"/")
}

// contextAddedLater reports whether the call at the top of stack is the
// value of `req, err := http.NewRequest(...)` (or `=`) and the function calls
// req.WithContext or req.Clone: the request gets a context before it is sent.
func contextAddedLater(info *types.Info, stack []ast.Node) bool {
	as, ok := stack[len(stack)-1].(*ast.AssignStmt)
	if !ok || len(as.Lhs) == 0 {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	v := info.Defs[id]
	if v == nil {
		v = info.Uses[id]
	}
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(stack[0], func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
				if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[x] == v {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// inGoStmt reports whether stack places a call in the call expression of a
// go statement, outside any function literal: go exec.Command(...).Run()
// makes the command in the caller but waits for nothing.
func inGoStmt(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.GoStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}
