package al200

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strconv"
	"strings"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/golang/goimport"
	"golang.org/x/tools/go/analysis"
)

// fixer builds the SuggestedFixes of one file. It reads the file and scans
// its identifiers only when a first fix is asked for.
type fixer struct {
	pass *analysis.Pass
	file *ast.File

	loaded   bool
	src      []byte          // file contents, nil if unreadable
	idents   map[string]bool // every identifier name used in the file
	pkgUses  map[*types.PkgName][]token.Pos
	rtName   string // name the runtime package is (or will be) imported as
	rtImport bool   // whether the file already imports the runtime package
}

func newFixer(pass *analysis.Pass, file *ast.File) *fixer {
	return &fixer{pass: pass, file: file}
}

func (fx *fixer) load() {
	if fx.loaded {
		return
	}
	fx.loaded = true
	tf := fx.pass.Fset.File(fx.file.Pos())
	if tf == nil || strings.HasSuffix(tf.Name(), ".cgo1.go") {
		return // no file, or cgo's rewrite of it: no fix
	}
	src, err := fx.pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return // no fix without the exact text
	}
	fx.src = src
	fx.idents = map[string]bool{}
	fx.pkgUses = map[*types.PkgName][]token.Pos{}
	ast.Inspect(fx.file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			fx.idents[id.Name] = true
			if pn, ok := fx.pass.TypesInfo.Uses[id].(*types.PkgName); ok {
				fx.pkgUses[pn] = append(fx.pkgUses[pn], id.Pos())
			}
		}
		return true
	})
	for _, imp := range fx.file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == waits.RuntimePath {
			if imp.Name != nil && (imp.Name.Name == "_" || imp.Name.Name == ".") {
				continue
			}
			fx.rtImport = true
			fx.rtName = waits.RuntimeName
			if imp.Name != nil {
				fx.rtName = imp.Name.Name
			}
			return
		}
	}
	scope := fx.pass.TypesInfo.Scopes[fx.file]
	for i := 1; ; i++ {
		name := waits.RuntimeName
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if !fx.idents[name] && fx.pass.Pkg.Scope().Lookup(name) == nil && (scope == nil || scope.Lookup(name) == nil) {
			fx.rtName = name
			return
		}
	}
}

// offset returns the byte offset of pos in the file.
func (fx *fixer) offset(pos token.Pos) int {
	return fx.pass.Fset.File(pos).Offset(pos)
}

// text returns the source text of n.
func (fx *fixer) text(n ast.Node) string {
	return string(fx.src[fx.offset(n.Pos()):fx.offset(n.End())])
}

// Messages of the two alternative fixes of a wait. They are constant (the
// call they write varies) so that drivers can choose one kind of fix for a
// whole run: gocheck.Options.Stdlib picks StdlibFixMessage.
const (
	// FixMessage is the fix that calls asyncrt.Sleep.
	FixMessage = "Replace with asyncrt.Sleep, returning when the context is done"
	// StdlibFixMessage is the fix that uses only the standard library: a
	// select on ctx.Done() and time.After.
	StdlibFixMessage = "Replace with a select on ctx.Done() and time.After (standard library only)"
)

// site is what both forms of the fix of one wait need.
type site struct {
	stmt    *ast.ExprStmt
	wait    *waits.Wait
	ctx     *types.Var
	inner   *types.Scope // innermost scope at the statement
	results *types.Tuple // results of the enclosing function
	zeros   []string     // zero values of all results but the last error
	timePkg *types.PkgName
	indent  string
}

// fixes returns the fixes for the wait of ev, the asyncrt form first and
// the standard-library form second; nil if no fix is safe. Either form is
// withheld on its own when it could not compile.
func (fx *fixer) fixes(ev waits.Event, ctx *types.Var) []analysis.SuggestedFix {
	s, ok := fx.site(ev, ctx)
	if !ok {
		return nil
	}
	var out []analysis.SuggestedFix
	if f, ok := fx.runtimeFix(s); ok {
		out = append(out, f)
	}
	if f, ok := fx.stdlibFix(s); ok {
		out = append(out, f)
	}
	return out
}

// site checks what both forms need: the wait is a statement of its own,
// not deferred, the file text is at hand, and the enclosing function can
// return from there.
func (fx *fixer) site(ev waits.Event, ctx *types.Var) (site, bool) {
	w := ev.Wait
	if w.Duration == nil || len(ev.Stack) < 2 {
		return site{}, false
	}
	stmt, ok := ev.Stack[len(ev.Stack)-1].(*ast.ExprStmt)
	if !ok || stmt.X != w.Node || !inStmtList(ev.Stack[len(ev.Stack)-2], stmt) {
		return site{}, false // not a statement of its own
	}
	if deferred(ev) {
		return site{}, false // returning early would skip deferred cleanup
	}
	fx.load()
	if fx.src == nil {
		return site{}, false
	}
	pos := stmt.Pos()
	inner := fx.pass.TypesInfo.Scopes[fx.file].Innermost(pos)
	if inner == nil {
		return site{}, false
	}
	res, zeros, ok := fx.results(ev.Func, inner, pos)
	if !ok {
		return site{}, false
	}
	timePkg := timePkgName(fx.pass.TypesInfo, w)
	if timePkg == nil {
		return site{}, false
	}
	return site{stmt: stmt, wait: w, ctx: ctx, inner: inner, results: res, zeros: zeros, timePkg: timePkg, indent: fx.indent(pos)}, true
}

// returnStmt is the statement that leaves the function when the context is
// done, errExpr being its error.
func (s site) returnStmt(errExpr string) string {
	if s.results.Len() == 0 {
		return "return"
	}
	return "return " + strings.Join(append(slices.Clone(s.zeros), errExpr), ", ")
}

// runtimeFix replaces the wait with
//
//	if err := asyncrt.Sleep(ctx, d); err != nil {
//		return ..., err
//	}
func (fx *fixer) runtimeFix(s site) (analysis.SuggestedFix, bool) {
	stmt, w, pos := s.stmt, s.wait, s.stmt.Pos()
	if fx.rtImport {
		if _, obj := s.inner.LookupParent(fx.rtName, pos); !isPkg(obj, waits.RuntimePath) {
			return analysis.SuggestedFix{}, false // the import's name is shadowed here
		}
	}
	call := fx.rtName + ".Sleep(" + s.ctx.Name() + ", " + fx.text(w.Duration) + ")"
	newText := "if err := " + call + "; err != nil {\n" + s.indent + "\t" + s.returnStmt("err") + "\n" + s.indent + "}"
	edits := []analysis.TextEdit{{Pos: pos, End: stmt.End(), NewText: []byte(newText)}}

	// The import of "time" goes when this wait was its last use in the file.
	remaining := 0
	for _, p := range fx.pkgUses[s.timePkg] {
		if p < stmt.Pos() || p >= stmt.End() || (p >= w.Duration.Pos() && p < w.Duration.End()) {
			remaining++
		}
	}
	spec := fx.importSpec(s.timePkg)
	rtSpec := fx.rtName + " " + strconv.Quote(waits.RuntimePath)
	switch {
	case remaining == 0 && spec == nil:
		return analysis.SuggestedFix{}, false
	case remaining == 0 && !fx.rtImport:
		edits = append(edits, analysis.TextEdit{Pos: spec.Pos(), End: spec.End(), NewText: []byte(rtSpec)})
	case remaining == 0:
		start, end := spec.Pos(), spec.End()
		if d := fx.importDecl(spec); d != nil && !d.Lparen.IsValid() {
			start, end = d.Pos(), d.End()
		}
		edits = append(edits, analysis.TextEdit{Pos: start, End: end})
	case !fx.rtImport:
		edits = append(edits, fx.addImport(waits.RuntimePath, rtSpec))
	}
	return analysis.SuggestedFix{Message: FixMessage, TextEdits: edits}, true
}

// stdlibFix replaces the wait with the standard-library form:
//
//	select {
//	case <-ctx.Done():
//		return ..., context.Cause(ctx)
//	case <-time.After(d):
//	}
//
// time.After rather than a NewTimer and Stop pair: since Go 1.23 a timer
// nobody refers to is collected at once, stopped or not, and time.After
// needs no new variable (which could clash with a later declaration in the
// block). In a module that declares an older Go version the timer lives on
// until d has passed: memory for a bounded time, no goroutine, no leak.
//
// The generated code holds no break or continue: inside the select they
// would act on the select, not on an enclosing loop. The wait's own
// statement is replaced, so labels and the statements around it keep their
// meaning.
func (fx *fixer) stdlibFix(s site) (analysis.SuggestedFix, bool) {
	stmt, w, pos := s.stmt, s.wait, s.stmt.Pos()
	var edits []analysis.TextEdit
	errExpr := ""
	if s.results.Len() > 0 {
		name, add, ok := fx.contextName(s.inner, pos)
		switch {
		case !ok || !fx.atLeast("go1.20"):
			// No usable name for package context, or a Go version
			// before context.Cause: the context's error without its
			// cause still propagates cancellation.
			errExpr = s.ctx.Name() + ".Err()"
		case add:
			edits = append(edits, fx.addImport("context", strconv.Quote("context")))
			fallthrough
		default:
			errExpr = name + ".Cause(" + s.ctx.Name() + ")"
		}
	}
	in := s.indent
	newText := "select {\n" +
		in + "case <-" + s.ctx.Name() + ".Done():\n" +
		in + "\t" + s.returnStmt(errExpr) + "\n" +
		in + "case <-" + s.timePkg.Name() + ".After(" + fx.text(w.Duration) + "):\n" +
		in + "}"
	edits = append([]analysis.TextEdit{{Pos: pos, End: stmt.End(), NewText: []byte(newText)}}, edits...)
	return analysis.SuggestedFix{Message: StdlibFixMessage, TextEdits: edits}, true
}

// atLeast reports whether the file may use the standard library of Go
// version v: its own version (a //go:build line) or else its package's is
// v or later, or unknown.
func (fx *fixer) atLeast(v string) bool {
	fv := fx.pass.TypesInfo.FileVersions[fx.file]
	if fv == "" {
		fv = fx.pass.Pkg.GoVersion()
	}
	return fv == "" || version.Compare(fv, v) >= 0
}

// contextName returns the name package context is visible by at pos; add
// is true when the file must import it first (under that name, which no
// identifier of the file uses). False when neither is possible.
func (fx *fixer) contextName(inner *types.Scope, pos token.Pos) (name string, add bool, ok bool) {
	imported := false
	for _, imp := range fx.file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path != "context" {
			continue
		}
		name := "context"
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		imported = true
		if _, obj := inner.LookupParent(name, pos); isPkg(obj, "context") {
			return name, false, true
		}
	}
	if imported || fx.idents["context"] || fx.pass.Pkg.Scope().Lookup("context") != nil {
		return "", false, false
	}
	return "context", true, true
}

// inStmtList reports whether stmt is one of the statements of a block or
// case body.
func inStmtList(parent ast.Node, stmt ast.Stmt) bool {
	var list []ast.Stmt
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	for _, s := range list {
		if s == stmt {
			return true
		}
	}
	return false
}

// deferred reports whether the innermost function of ev is a function
// literal called by a defer statement.
func deferred(ev waits.Event) bool {
	lit, ok := ev.Func.(*ast.FuncLit)
	if !ok {
		return false
	}
	for i := len(ev.Stack) - 1; i >= 2; i-- {
		if ev.Stack[i] == lit {
			call, ok := ev.Stack[i-1].(*ast.CallExpr)
			if !ok || ast.Unparen(call.Fun) != lit {
				return false
			}
			d, ok := ev.Stack[i-2].(*ast.DeferStmt)
			return ok && d.Call == call
		}
	}
	return false
}

// indent returns the leading white space of the line holding pos.
func (fx *fixer) indent(pos token.Pos) string {
	off := fx.offset(pos)
	start := bytes.LastIndexByte(fx.src[:off], '\n') + 1
	line := fx.src[start:off]
	n := len(line) - len(bytes.TrimLeft(line, " \t"))
	return string(line[:n])
}

// results returns the results of fn and the zero values of all but the
// last, which must be an error; false when fn has results that do not end
// with an error or a zero value cannot be written at pos.
func (fx *fixer) results(fn ast.Node, scope *types.Scope, pos token.Pos) (*types.Tuple, []string, bool) {
	var sig *types.Signature
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := fx.pass.TypesInfo.Defs[fn.Name].(*types.Func); ok {
			sig = obj.Signature()
		}
	case *ast.FuncLit:
		sig, _ = fx.pass.TypesInfo.TypeOf(fn).(*types.Signature)
	}
	if sig == nil {
		return nil, nil, false
	}
	res := sig.Results()
	if res.Len() == 0 {
		return res, nil, true
	}
	if !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return nil, nil, false
	}
	zeros := make([]string, 0, res.Len()-1)
	for i := 0; i < res.Len()-1; i++ {
		z, ok := fx.zero(res.At(i).Type(), scope, pos)
		if !ok {
			return nil, nil, false
		}
		zeros = append(zeros, z)
	}
	return res, zeros, true
}

// zero returns an expression for the zero value of t, valid at pos.
func (fx *fixer) zero(t types.Type, scope *types.Scope, pos token.Pos) (string, bool) {
	t = types.Unalias(t)
	if tp, ok := t.(*types.TypeParam); ok {
		if _, obj := scope.LookupParent(tp.Obj().Name(), pos); obj != tp.Obj() {
			return "", false
		}
		return "*new(" + tp.Obj().Name() + ")", true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
		return "", false
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		named, ok := t.(*types.Named)
		if !ok {
			return "", false
		}
		s, ok := fx.typeString(named, scope, pos)
		return s + "{}", ok
	}
	return "", false
}

// typeString writes a named type as the file can refer to it at pos.
func (fx *fixer) typeString(t *types.Named, scope *types.Scope, pos token.Pos) (string, bool) {
	ok := true
	var check func(t types.Type)
	check = func(t types.Type) {
		switch t := types.Unalias(t).(type) {
		case *types.Named:
			obj := t.Obj()
			if obj.Pkg() == nil {
				return
			}
			if obj.Pkg() == fx.pass.Pkg {
				if _, o := scope.LookupParent(obj.Name(), pos); o != obj {
					ok = false
				}
			} else if !obj.Exported() || obj.Parent() != obj.Pkg().Scope() {
				ok = false
			}
			for a := range t.TypeArgs().Types() {
				check(a)
			}
		case *types.TypeParam:
			if _, o := scope.LookupParent(t.Obj().Name(), pos); o != t.Obj() {
				ok = false
			}
		case *types.Basic:
		case interface{ Elem() types.Type }:
			check(t.Elem())
		default:
			ok = false
		}
	}
	check(t)
	s := types.TypeString(t, func(p *types.Package) string {
		if p == fx.pass.Pkg {
			return ""
		}
		for _, imp := range fx.file.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == p.Path() {
				name := p.Name()
				if imp.Name != nil {
					name = imp.Name.Name
				}
				if _, o := scope.LookupParent(name, pos); isPkg(o, p.Path()) {
					return name
				}
			}
		}
		ok = false
		return p.Name()
	})
	return s, ok
}

// isPkg reports whether obj is an import of the package path.
func isPkg(obj types.Object, path string) bool {
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == path
}

// timePkgName returns the import of "time" through which the wait calls
// time, nil when it is not a qualified identifier (a dot import).
func timePkgName(info *types.Info, w *waits.Wait) *types.PkgName {
	var call *ast.CallExpr
	switch n := w.Node.(type) {
	case *ast.CallExpr:
		call = n
	case *ast.UnaryExpr:
		switch x := ast.Unparen(n.X).(type) {
		case *ast.CallExpr:
			call = x
		case *ast.SelectorExpr:
			call, _ = ast.Unparen(x.X).(*ast.CallExpr)
		}
	}
	if call == nil {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	pn, _ := info.Uses[id].(*types.PkgName)
	return pn
}

// importSpec returns the import spec that declares pn.
func (fx *fixer) importSpec(pn *types.PkgName) *ast.ImportSpec {
	for _, imp := range fx.file.Imports {
		obj := fx.pass.TypesInfo.Implicits[imp]
		if imp.Name != nil {
			obj = fx.pass.TypesInfo.Defs[imp.Name]
		}
		if obj == pn {
			return imp
		}
	}
	return nil
}

// importDecl returns the import declaration holding spec.
func (fx *fixer) importDecl(spec *ast.ImportSpec) *ast.GenDecl {
	for _, d := range fx.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			for _, s := range g.Specs {
				if s == spec {
					return g
				}
			}
		}
	}
	return nil
}

// addImport inserts the import of path (spec is its import spec text) where
// goimport places it among the file's imports.
func (fx *fixer) addImport(path, spec string) analysis.TextEdit {
	pos, text := goimport.Insertion(fx.file, path, spec, "\n")
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}
