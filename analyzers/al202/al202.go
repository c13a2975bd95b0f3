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
	"reflect"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/finding"
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
		"(`context.Background()`, `context.TODO()`, possibly wrapped with values). Not reported " +
		"either: a request from `http.NewRequest` whose `WithContext` or `Clone` is called in the " +
		"same function, and a result handed over with the context in one call " +
		"(`cmd := exec.Command(...)`, then `runCmdContext(ctx, cmd)`). As for AL200, paths are " +
		"not told apart by the values of arguments or flags (`if usesCtx { ... } else { ... }`).",
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
	Name:       "AL202",
	Doc:        Doc,
	URL:        "https://github.com/asynclint/asynclint#al202",
	Run:        run,
	Requires:   []*analysis.Analyzer{waits.Analyzer},
	FactTypes:  []analysis.Fact{new(ignoresFact), new(packageFact)},
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists a package's coverage sites of the categories AL202's calls
// belong to, and, as al201.Result does for sleeps, what a driver that sees
// the whole program needs to tell which are reached from context-aware
// code. Functions are named by types.Func.FullName.
type Result struct {
	// Sites are the calls of a function with a context variant of a
	// blocking category (http.Get and its kin, http.NewRequest,
	// exec.Command) and of such a variant (http.NewRequestWithContext,
	// exec.CommandContext): AsyncSafe for a variant or a request given
	// its context later, InAsync where AL202 reports the call, else
	// Compat or Sync.
	Sites []waits.Site
	// Entries are the functions without a context that ignore one
	// (directly or through others) called from code with a context in
	// scope; Edges maps a function to those it calls.
	Entries []string
	Edges   map[string][]string
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

// coverage is a call that is a coverage site (see Site), before its state
// is known.
type coverage struct {
	site
	decl  *ast.FuncDecl
	owner string
	safe  bool // a call of a context variant
	cat   finding.Category
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{Edges: map[string][]string{}}
	if waits.IsStd(pass.Pkg.Path()) || pass.Pkg.Path() == waits.RuntimePath {
		return res, nil
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
		return res, nil
	}
	wr := pass.ResultOf[waits.Analyzer].(*waits.Result)

	var fns []*waits.ChainFunc
	var sites []site
	var covered []coverage
	for _, fd := range waits.Decls(pass.TypesInfo, pass.Files) {
		file, decl, obj := fd.File, fd.Decl, fd.Func
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
			cover := func(s site, safe bool, cat finding.Category) {
				c := coverage{site: s, decl: decl, safe: safe, cat: cat}
				if ev.Sync && !inGoStmt(ev.Stack) {
					c.owner = obj.FullName()
				}
				covered = append(covered, c)
			}
			if v := variantOf(pass, fn); v != nil {
				s := site{ev.Call, fn, file, slices.Clone(ev.Stack), v}
				sites = append(sites, s)
				if v.category != "" {
					cover(s, false, v.category) // the same call, its stack shared
				}
				if follow && ev.Sync && f.Leaf == nil && !inGoStmt(ev.Stack) {
					f.Leaf = waits.NewChain(pass.Fset, waits.DisplayName(fn, pass.Pkg), ev.Call.Pos())
					f.Leaf.Note = v.name
				}
				return
			}
			if cat, ok := safeStd[[2]string{fn.Pkg().Path(), fn.Name()}]; ok && fn.Signature().Recv() == nil {
				cover(site{ev.Call, fn, file, slices.Clone(ev.Stack), nil}, true, cat)
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
	ignores := func(fn *types.Func) bool {
		if fn.Pkg() == pass.Pkg {
			return ignoring[fn] != nil
		}
		return imported(fn) != nil
	}
	for _, f := range fns {
		key := f.Func.FullName()
		for _, c := range f.Calls {
			if name := c.Callee.FullName(); ignores(c.Callee) && !slices.Contains(res.Edges[key], name) {
				res.Edges[key] = append(res.Edges[key], name)
			}
		}
	}
	res.Sites = coverageSites(pass, wr, covered)

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
		// A function of the module without a context that ignores one,
		// called from context-aware code (through a chain, or itself
		// beside its variant: Load beside LoadContext): its sites are
		// reached from there, reported or not (as AL201's entries: a
		// suppression hides the finding, not the sites).
		entry := chain != nil || s.variant != nil && !waits.IsStd(s.callee.Pkg().Path()) && ignores(s.callee)
		if entry && !slices.Contains(res.Entries, s.callee.FullName()) {
			res.Entries = append(res.Entries, s.callee.FullName())
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
		if contextAddedLater(pass.TypesInfo, s.stack, ctx, s.variant.request) {
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
	return res, nil
}

// coverageSites gives each coverage call its state.
func coverageSites(pass *analysis.Pass, wr *waits.Result, covered []coverage) []waits.Site {
	var out []waits.Site
	compat := map[*ast.FuncDecl]bool{}
	for _, c := range covered {
		s := waits.Site{Pos: c.call.Pos(), Callee: waits.DisplayName(c.callee, pass.Pkg), Function: waits.DeclName(c.decl), Owner: c.owner, Category: c.cat}
		ctx := wr.ContextInScope(c.file, c.stack, c.call.Pos())
		switch {
		case c.safe:
			s.State = finding.AsyncSafe
		case ctx != nil && contextAddedLater(pass.TypesInfo, c.stack, ctx, c.variant.request):
			s.State = finding.AsyncSafe // the request or command gets the context
		case ctx != nil:
			s.State = finding.InAsync
		default:
			v, ok := compat[c.decl]
			if !ok {
				obj, _ := pass.TypesInfo.Defs[c.decl.Name].(*types.Func)
				v = obj != nil && waits.ContextVariant(pass.Pkg, obj) != nil
				compat[c.decl] = v
			}
			s.State = finding.Sync
			if v {
				s.State = finding.Compat
			}
		}
		out = append(out, s)
	}
	return out
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
// value of `v, ... := call` (or `=`) and the function gives v the context
// another way: passes v and ctx to one call (runCmdContext(ctx, cmd)), or,
// for a request (request is set), calls v.WithContext or v.Clone.
func contextAddedLater(info *types.Info, stack []ast.Node, ctx *types.Var, request bool) bool {
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
	is := func(x ast.Expr, obj types.Object) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.Uses[id] == obj
	}
	found := false
	ast.Inspect(stack[0], func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && request && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") && is(sel.X, v) {
			found = true
		}
		if slices.ContainsFunc(call.Args, func(a ast.Expr) bool { return is(a, v) }) &&
			slices.ContainsFunc(call.Args, func(a ast.Expr) bool { return is(a, ctx) }) {
			found = true
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
