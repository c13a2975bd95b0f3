package gofix

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/golang/goimport"
	"github.com/asynclint/asynclint/internal/textedit"
	"github.com/asynclint/asynclint/rewriter"
	"golang.org/x/tools/go/ast/astutil"
)

// knownImports are the packages fixes refer to, by the name they use.
var knownImports = map[string]string{
	"time":            "time",
	"context":         "context",
	waits.RuntimeName: waits.RuntimePath,
}

// fixImports edits the imports of src, the text of a file after the fix
// edits: an import the original used (oldFile) that nothing uses any more
// is removed, and a package a fix refers to by a name no import binds is
// imported. The edits are made on the text; the rest of the file is kept.
func fixImports(path string, oldFile *ast.File, src []byte, crlf bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", rewriter.ErrInternal, err)
	}
	tf := fset.File(f.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	le := lineEnding(crlf)

	var edits []finding.Edit
	bound := map[string]bool{}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := p[strings.LastIndex(p, "/")+1:]
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		if astutil.UsesImport(oldFile, p) && !astutil.UsesImport(f, p) {
			start, end := importRange(f, spec)
			s, e, _ := textedit.WholeLines(src, off(start), off(end), 0, "")
			edits = append(edits, finding.Edit{Start: finding.Position{Offset: s}, End: finding.Position{Offset: e}})
			continue
		}
		bound[name] = true
	}

	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	var missing []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if ok && unresolved[id] && knownImports[id.Name] != "" &&
			!bound[id.Name] && !slices.Contains(missing, id.Name) {
			missing = append(missing, id.Name)
		}
		return true
	})
	slices.Sort(missing)
	for _, name := range missing {
		p := knownImports[name]
		spec := strconv.Quote(p)
		if name != p[strings.LastIndex(p, "/")+1:] {
			spec = name + " " + spec
		}
		pos, text := goimport.Insertion(f, p, spec, le)
		at := off(pos)
		edits = append(edits, finding.Edit{Start: finding.Position{Offset: at}, End: finding.Position{Offset: at}, NewText: text})
	}
	if len(edits) == 0 {
		return src, nil
	}
	return textedit.Apply(src, edits)
}

// importRange is what removing spec removes: the spec with its comments,
// or its whole declaration when it is the declaration's only spec.
func importRange(f *ast.File, spec *ast.ImportSpec) (token.Pos, token.Pos) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT || !slices.Contains(g.Specs, ast.Spec(spec)) {
			continue
		}
		if len(g.Specs) == 1 {
			return g.Pos(), g.End()
		}
	}
	start, end := spec.Pos(), spec.End()
	if spec.Doc != nil {
		start = spec.Doc.Pos()
	}
	if spec.Comment != nil {
		end = spec.Comment.End()
	}
	return start, end
}
