package al200

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/asynclint/asynclint/analyzers/waits"
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

// fix returns the fix for the wait of ev, false if no fix is safe.
func (fx *fixer) fix(ev waits.Event, ctx *types.Var) (analysis.SuggestedFix, bool) {
	w := ev.Wait
	if w.Duration == nil || len(ev.Stack) < 2 {
		return analysis.SuggestedFix{}, false
	}
	stmt, ok := ev.Stack[len(ev.Stack)-1].(*ast.ExprStmt)
	if !ok || stmt.X != w.Node || !inStmtList(ev.Stack[len(ev.Stack)-2], stmt) {
		return analysis.SuggestedFix{}, false // not a statement of its own
	}
	if deferred(ev) {
		return analysis.SuggestedFix{}, false // returning early would skip deferred cleanup
	}
	fx.load()
	if fx.src == nil {
		return analysis.SuggestedFix{}, false
	}
	pos := stmt.Pos()
	inner := fx.pass.TypesInfo.Scopes[fx.file].Innermost(pos)
	if inner == nil {
		return analysis.SuggestedFix{}, false
	}
	ret, ok := fx.returnStmt(ev.Func, inner, pos)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	if fx.rtImport {
		if _, obj := inner.LookupParent(fx.rtName, pos); !isPkg(obj, waits.RuntimePath) {
			return analysis.SuggestedFix{}, false // the import's name is shadowed here
		}
	}
	timePkg := timePkgName(fx.pass.TypesInfo, w)
	if timePkg == nil {
		return analysis.SuggestedFix{}, false
	}

	indent := fx.indent(pos)
	call := fx.rtName + ".Sleep(" + ctx.Name() + ", " + fx.text(w.Duration) + ")"
	newText := "if err := " + call + "; err != nil {\n" + indent + "\t" + ret + "\n" + indent + "}"
	edits := []analysis.TextEdit{{Pos: pos, End: stmt.End(), NewText: []byte(newText)}}

	// The import of "time" goes when this wait was its last use in the file.
	remaining := 0
	for _, p := range fx.pkgUses[timePkg] {
		if p < stmt.Pos() || p >= stmt.End() || (p >= w.Duration.Pos() && p < w.Duration.End()) {
			remaining++
		}
	}
	spec := fx.importSpec(timePkg)
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
		edit, ok := fx.addImport(rtSpec)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, edit)
	}
	return analysis.SuggestedFix{
		Message:   "Replace with " + call + ", returning when " + ctx.Name() + " is done",
		TextEdits: edits,
	}, true
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

// returnStmt builds the statement that leaves fn when the context is done:
// "return" for no results, "return zero, ..., err" when the last result is
// an error; false otherwise.
func (fx *fixer) returnStmt(fn ast.Node, scope *types.Scope, pos token.Pos) (string, bool) {
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
		return "", false
	}
	res := sig.Results()
	if res.Len() == 0 {
		return "return", true
	}
	if !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return "", false
	}
	vals := make([]string, 0, res.Len())
	for i := 0; i < res.Len()-1; i++ {
		z, ok := fx.zero(res.At(i).Type(), scope, pos)
		if !ok {
			return "", false
		}
		vals = append(vals, z)
	}
	vals = append(vals, "err")
	return "return " + strings.Join(vals, ", "), true
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

// addImport inserts the import spec text after the file's imports.
func (fx *fixer) addImport(spec string) (analysis.TextEdit, bool) {
	var last *ast.GenDecl
	for _, d := range fx.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			if g.Lparen.IsValid() && len(g.Specs) > 0 {
				end := g.Specs[len(g.Specs)-1].End()
				return analysis.TextEdit{Pos: end, End: end, NewText: []byte("\n\t" + spec)}, true
			}
			last = g
		}
	}
	if last == nil {
		return analysis.TextEdit{}, false
	}
	return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\nimport " + spec)}, true
}
