// Package goimport places a new import in a Go file the way gofmt and
// goimports leave imports: one routine for the AL200 analyzer's suggested
// fixes and for the rewriter's import edits.
package goimport

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// IsStd reports whether an import path is of the standard library (its
// first element has no dot).
func IsStd(path string) bool {
	return !strings.Contains(strings.SplitN(path, "/", 2)[0], ".")
}

// Insertion returns where and what to insert, in file f, to import spec
// (`"path"` or `name "path"`) of the package path, with nl as the line
// break: in the first parenthesized import declaration, after its last
// standard-library import for a standard-library package (before its first
// import when it has none) or after its last import otherwise, past the
// import's trailing comment; else after the last import declaration; else
// after the package clause.
func Insertion(f *ast.File, path, spec, nl string) (token.Pos, string) {
	std := IsStd(path)
	var lastDecl *ast.GenDecl
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		lastDecl = g
		if !g.Lparen.IsValid() || len(g.Specs) == 0 {
			continue
		}
		var after *ast.ImportSpec
		for _, s := range g.Specs {
			is := s.(*ast.ImportSpec)
			sp, _ := strconv.Unquote(is.Path.Value)
			if !std || IsStd(sp) {
				after = is
			}
		}
		if after == nil {
			first := g.Specs[0].(*ast.ImportSpec)
			start := first.Pos()
			if first.Doc != nil {
				start = first.Doc.Pos()
			}
			return start, spec + nl + "\t"
		}
		end := after.End()
		if after.Comment != nil {
			end = after.Comment.End()
		}
		return end, nl + "\t" + spec
	}
	if lastDecl != nil {
		return lastDecl.End(), nl + "import " + spec
	}
	return f.Name.End(), nl + nl + "import " + spec
}
