package al202

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/finding"
	"golang.org/x/tools/go/analysis"
)

// fixKind says how a call becomes a call of its variant.
type fixKind int

const (
	noFix fixKind = iota
	// prepend renames the called function or method to newName and passes
	// the context first.
	prepend
	// beginTx turns Begin() into BeginTx(ctx, nil).
	beginTx
	// dialer turns net.Dial(n, a) into (&net.Dialer{}).DialContext(ctx, n, a).
	dialer
	// dialerTimeout turns net.DialTimeout(n, a, t) into
	// (&net.Dialer{Timeout: t}).DialContext(ctx, n, a).
	dialerTimeout
	// resolver turns net.LookupX(...) into net.DefaultResolver.LookupX(ctx, ...).
	resolver
)

// variant is the context-aware variant of a called function.
type variant struct {
	// name names it in messages: "exec.CommandContext(ctx, ...)".
	name    string
	kind    fixKind
	newName string // for prepend
	// request is set for http.NewRequest, whose result may get a context
	// later (req.WithContext).
	request bool
	// category is the blocking category whose coverage sites the calls
	// are (finding.HTTP, finding.Subprocess), "" for none (net,
	// database/sql, the module's own functions).
	category finding.Category
}

// safeStd are the context variants of the calls of a category, whose
// calls are that category's async-safe coverage sites.
var safeStd = map[[2]string]finding.Category{
	{"net/http", "NewRequestWithContext"}: finding.HTTP,
	{"os/exec", "CommandContext"}:         finding.Subprocess,
}

// stdVariants are the standard-library functions AL202 knows, by package
// path, receiver type name (empty for a function) and name.
var stdVariants = map[[3]string]variant{}

func init() {
	httpDo := "http.NewRequestWithContext(ctx, ...) and (*http.Client).Do"
	for _, name := range []string{"Get", "Head", "Post", "PostForm"} {
		stdVariants[[3]string{"net/http", "", name}] = variant{name: httpDo, category: finding.HTTP}
		stdVariants[[3]string{"net/http", "Client", name}] = variant{name: httpDo, category: finding.HTTP}
	}
	stdVariants[[3]string{"net/http", "", "NewRequest"}] = variant{name: "http.NewRequestWithContext(ctx, ...)", kind: prepend, newName: "NewRequestWithContext", request: true, category: finding.HTTP}
	stdVariants[[3]string{"net", "", "Dial"}] = variant{name: "(&net.Dialer{}).DialContext(ctx, ...)", kind: dialer}
	stdVariants[[3]string{"net", "", "DialTimeout"}] = variant{name: "(&net.Dialer{Timeout: t}).DialContext(ctx, ...)", kind: dialerTimeout}
	stdVariants[[3]string{"net", "Dialer", "Dial"}] = variant{name: "(*net.Dialer).DialContext(ctx, ...)", kind: prepend, newName: "DialContext"}
	for _, name := range []string{"LookupHost", "LookupAddr", "LookupCNAME", "LookupMX", "LookupNS", "LookupPort", "LookupSRV", "LookupTXT"} {
		stdVariants[[3]string{"net", "", name}] = variant{name: "net.DefaultResolver." + name + "(ctx, ...)", kind: resolver}
	}
	stdVariants[[3]string{"net", "", "LookupIP"}] = variant{name: "net.DefaultResolver.LookupIP(ctx, \"ip\", host)"}
	stdVariants[[3]string{"os/exec", "", "Command"}] = variant{name: "exec.CommandContext(ctx, ...)", kind: prepend, newName: "CommandContext", category: finding.Subprocess}
	for _, recv := range []string{"DB", "Tx", "Stmt"} {
		for _, name := range []string{"Query", "QueryRow", "Exec", "Ping", "Prepare"} {
			stdVariants[[3]string{"database/sql", recv, name}] = variant{name: "(*sql." + recv + ")." + name + "Context(ctx, ...)", kind: prepend, newName: name + "Context"}
		}
	}
	stdVariants[[3]string{"database/sql", "DB", "Begin"}] = variant{name: "(*sql.DB).BeginTx(ctx, nil)", kind: beginTx}
	stdVariants[[3]string{"database/sql", "Tx", "Stmt"}] = variant{name: "(*sql.Tx).StmtContext(ctx, ...)", kind: prepend, newName: "StmtContext"}
}

// variantOf returns the context-aware variant of fn: a standard-library
// function AL202 knows, or a function of the pass's module with a sibling
// variant (waits.SiblingVariant). Nil if none.
func variantOf(pass *analysis.Pass, fn *types.Func) *variant {
	if waits.IsStd(fn.Pkg().Path()) {
		recv := ""
		if r := fn.Signature().Recv(); r != nil {
			t := r.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok {
				recv = n.Obj().Name()
			}
		}
		if v, ok := stdVariants[[3]string{fn.Pkg().Path(), recv, fn.Name()}]; ok {
			return &v
		}
		return nil
	}
	if !inModule(pass, fn.Pkg()) {
		return nil
	}
	sib := waits.SiblingVariant(fn)
	if sib == nil || !sameResults(fn, sib) {
		return nil
	}
	v := &variant{name: waits.DisplayName(sib, pass.Pkg)}
	if waits.SameShape(fn, sib) {
		v.name += "(ctx, ...)"
		v.kind, v.newName = prepend, sib.Name()
	}
	return v
}

// sameResults reports whether variant returns what fn returns, possibly
// with an error after: a function that turns its arguments into a context
// (newTrace beside newTraceContext(ctx, tr) context.Context) is no variant.
func sameResults(fn, variant *types.Func) bool {
	a, b := fn.Signature().Results(), variant.Signature().Results()
	if b.Len() == a.Len()+1 && types.Identical(b.At(a.Len()).Type(), types.Universe.Lookup("error").Type()) {
		b = types.NewTuple(slices.Collect(b.Variables())[:a.Len()]...)
	}
	return types.Identical(a, b)
}

// fix returns the edits that call the variant with ctx, false when the
// rewrite is not mechanical here.
func (v *variant) fix(pass *analysis.Pass, file *ast.File, call *ast.CallExpr, ctx *types.Var) (analysis.SuggestedFix, bool) {
	if v.kind == noFix {
		return analysis.SuggestedFix{}, false
	}
	// The context goes first: "ctx, " before the first argument.
	arg := ctx.Name()
	if len(call.Args) > 0 {
		arg += ", "
	}
	insert := analysis.TextEdit{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(arg)}
	msg := "Call " + v.name
	done := func(edits ...analysis.TextEdit) (analysis.SuggestedFix, bool) {
		return analysis.SuggestedFix{Message: msg, TextEdits: edits}, true
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if v.kind != prepend {
			return analysis.SuggestedFix{}, false
		}
		// F(...) -> FContext(ctx, ...): FContext must mean the variant here.
		inner := pass.TypesInfo.Scopes[file].Innermost(call.Pos())
		if inner == nil {
			return analysis.SuggestedFix{}, false
		}
		if _, obj := inner.LookupParent(v.newName, call.Pos()); obj == nil || obj.Pkg() != pass.Pkg || obj.Parent() != pass.Pkg.Scope() {
			return analysis.SuggestedFix{}, false
		}
		return done(rename(fun, v.newName), insert)
	case *ast.SelectorExpr:
		pkg := pkgQualifier(pass.TypesInfo, fun)
		switch v.kind {
		case prepend:
			return done(rename(fun.Sel, v.newName), insert)
		case beginTx:
			return done(rename(fun.Sel, "BeginTx"), analysis.TextEdit{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(ctx.Name() + ", nil")})
		case dialer:
			if pkg == "" {
				return analysis.SuggestedFix{}, false
			}
			return done(analysis.TextEdit{Pos: fun.Pos(), End: fun.End(), NewText: []byte("(&" + pkg + ".Dialer{}).DialContext")}, insert)
		case dialerTimeout:
			if pkg == "" || len(call.Args) != 3 || call.Ellipsis.IsValid() {
				return analysis.SuggestedFix{}, false
			}
			timeout, ok := sourceText(pass, call.Args[2])
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			return done(
				analysis.TextEdit{Pos: fun.Pos(), End: fun.End(), NewText: []byte("(&" + pkg + ".Dialer{Timeout: " + timeout + "}).DialContext")},
				insert,
				analysis.TextEdit{Pos: call.Args[1].End(), End: call.Args[2].End()},
			)
		case resolver:
			if pkg == "" {
				return analysis.SuggestedFix{}, false
			}
			return done(analysis.TextEdit{Pos: fun.X.End(), End: fun.X.End(), NewText: []byte(".DefaultResolver")}, insert)
		}
	}
	return analysis.SuggestedFix{}, false
}

// rename replaces an identifier.
func rename(id *ast.Ident, name string) analysis.TextEdit {
	return analysis.TextEdit{Pos: id.Pos(), End: id.End(), NewText: []byte(name)}
}

// pkgQualifier returns the name of the imported package sel is qualified
// by (net in net.Dial), "" if sel is not a qualified identifier.
func pkgQualifier(info *types.Info, sel *ast.SelectorExpr) string {
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	if _, ok := info.Uses[id].(*types.PkgName); !ok {
		return ""
	}
	return id.Name
}

// sourceText returns the source text of n, false if the file cannot be
// read as it was parsed.
func sourceText(pass *analysis.Pass, n ast.Node) (string, bool) {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return "", false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return "", false
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())]), true
}
