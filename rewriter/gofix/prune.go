package gofix

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/rewriter"
	"golang.org/x/tools/go/packages"
)

// GoUse is one remaining use, in the module, of a ctx-less function kept
// beside its context-aware variant.
type GoUse struct {
	Path string
	Line int
	// Caller is the function holding the use ("" at package level); Call
	// reports a call rather than a reference as a value.
	Caller string
	Call   bool
}

// GoCompat is a ctx-less function of the module that has a context-aware
// variant (Connect / ConnectContext), with its uses in the module, tests
// included.
type GoCompat struct {
	Path     string
	Pos      finding.Position
	Function string // "Connect", "(*Client).Connect"
	Variant  string // "ConnectContext"
	Uses     []GoUse
	// Keep is why it stays whatever its uses ("" if nothing does).
	Keep string

	file string
	decl *ast.FuncDecl
	fset *token.FileSet
}

// Compat loads every package of the module at dir (tests included) and
// returns its ctx-less functions that have a context-aware variant, with
// their uses, in path and position order.
func Compat(dir string) ([]*GoCompat, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  dir, Tests: true,
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, fmt.Errorf("go packages in %s: %w", dir, err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("%s: %v: not pruned (the module must build)", p.PkgPath, p.Errors[0])
		}
	}
	byKey := map[string]*GoCompat{}
	var out []*GoCompat
	ifaceMethods := map[string]bool{}
	for _, p := range pkgs {
		for _, obj := range p.TypesInfo.Defs {
			if tn, ok := obj.(*types.TypeName); ok {
				if it, ok := tn.Type().Underlying().(*types.Interface); ok {
					for m := range it.Methods() {
						ifaceMethods[m.Name()] = true
					}
				}
			}
		}
		for _, obj := range p.TypesInfo.Uses {
			if fn, ok := obj.(*types.Func); ok && fn.Signature().Recv() != nil && types.IsInterface(fn.Signature().Recv().Type()) {
				ifaceMethods[fn.Name()] = true
			}
		}
		if strings.Contains(p.ID, " [") || strings.HasSuffix(p.ID, ".test") || strings.HasSuffix(p.Name, "_test") {
			continue
		}
		for _, f := range p.Syntax {
			file := p.Fset.Position(f.Pos()).Filename
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			for _, d := range f.Decls {
				decl, ok := d.(*ast.FuncDecl)
				if !ok || decl.Body == nil {
					continue
				}
				fn, ok := p.TypesInfo.Defs[decl.Name].(*types.Func)
				if !ok {
					continue
				}
				v := waits.ContextVariant(p.Types, fn)
				if v == nil {
					continue
				}
				key := fn.FullName()
				if byKey[key] != nil {
					continue
				}
				pos := p.Fset.Position(decl.Name.Pos())
				c := &GoCompat{Path: file, Pos: finding.Position{Line: pos.Line, Col: pos.Column, Offset: pos.Offset},
					Function: waits.DeclName(decl), Variant: v.Name(), file: file, decl: decl, fset: p.Fset}
				switch {
				case decl.Name.Name == "main" || decl.Name.Name == "init":
					c.Keep = "the runtime calls it"
				case decl.Recv != nil && ifaceMethods[decl.Name.Name]:
					c.Keep = "an interface has a method " + decl.Name.Name + ", which it may implement"
				}
				byKey[key] = c
				out = append(out, c)
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for id, obj := range p.TypesInfo.Uses {
				fn, ok := obj.(*types.Func)
				if !ok || id.Pos() < f.Pos() || id.Pos() > f.End() {
					continue
				}
				c := byKey[fn.Origin().FullName()]
				if c == nil {
					continue
				}
				pos := p.Fset.Position(id.Pos())
				k := fmt.Sprintf("%s:%d:%s", pos.Filename, pos.Offset, c.Function)
				if seen[k] {
					continue // the same file in a package and its test variant
				}
				seen[k] = true
				caller, call := enclosing(f, id)
				c.Uses = append(c.Uses, GoUse{Path: pos.Filename, Line: pos.Line, Caller: caller, Call: call})
			}
		}
	}
	for _, c := range out {
		slices.SortFunc(c.Uses, func(a, b GoUse) int {
			if a.Path != b.Path {
				return strings.Compare(a.Path, b.Path)
			}
			return a.Line - b.Line
		})
	}
	slices.SortFunc(out, func(a, b *GoCompat) int {
		if a.Path != b.Path {
			return strings.Compare(a.Path, b.Path)
		}
		return a.Pos.Line - b.Pos.Line
	})
	return out, nil
}

// enclosing returns the function declaration holding id ("" at package
// level) and whether id is the callee of a call.
func enclosing(f *ast.File, id *ast.Ident) (string, bool) {
	caller, call := "", false
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || id.Pos() < n.Pos() || id.Pos() >= n.End() {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncDecl:
			caller = waits.DeclName(x)
		case *ast.CallExpr:
			switch fn := x.Fun.(type) {
			case *ast.Ident:
				call = call || fn == id
			case *ast.SelectorExpr:
				call = call || fn.Sel == id
			}
		}
		return true
	})
	return caller, call
}

// inside reports whether a use lies in c's own declaration.
func (c *GoCompat) inside(u GoUse) bool {
	start, end := c.fset.Position(c.decl.Pos()), c.fset.Position(c.decl.End())
	return u.Path == c.file && u.Line >= start.Line && u.Line <= end.Line
}

// Prune decides, for the ctx-less functions of the module at dir that have
// a context-aware variant, which no code of the module uses any more (to a
// fixed point: a use inside a removed function does not count), and plans
// their removal: the declaration with its doc comment, the imports left
// unused, every rewritten package type-checked before anything is written
// (a refused file is in Plan.Skipped).
func Prune(dir string) (*rewriter.Plan, []rewriter.Pruned, error) {
	cands, err := Compat(dir)
	if err != nil {
		return nil, nil, err
	}
	removed := map[*GoCompat]bool{}
	counts := func(c *GoCompat, u GoUse) bool {
		if c.inside(u) {
			return false
		}
		for r := range removed {
			if r.inside(u) {
				return false
			}
		}
		return true
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if removed[c] || c.Keep != "" {
				continue
			}
			if !slices.ContainsFunc(c.Uses, func(u GoUse) bool { return counts(c, u) }) {
				removed[c] = true
				changed = true
			}
		}
	}
	var decisions []rewriter.Pruned
	byFile := map[string][]finding.Edit{}
	var files []string
	for _, c := range cands {
		d := rewriter.Pruned{Path: c.Path, Pos: c.Pos, Function: c.Function, Twin: c.Variant, Removed: removed[c], Reason: c.Keep}
		if !d.Removed {
			for _, u := range c.Uses {
				if counts(c, u) && d.Reason == "" {
					d.Reason = goUseText(u)
				}
			}
		} else {
			start := c.decl.Pos()
			if c.decl.Doc != nil {
				start = c.decl.Doc.Pos()
			}
			s, e := c.fset.Position(start).Offset, c.fset.Position(c.decl.End()).Offset
			if _, ok := byFile[c.file]; !ok {
				files = append(files, c.file)
			}
			byFile[c.file] = append(byFile[c.file], finding.Edit{Path: c.file, Start: finding.Position{Offset: s}, End: finding.Position{Offset: e}})
		}
		decisions = append(decisions, d)
	}
	slices.Sort(files)
	plan := &rewriter.Plan{}
	var changes []rewriter.Change
	for _, path := range files {
		old, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		edits := declLines(old, byFile[path])
		src, err := Rewrite(path, old, edits)
		if err != nil {
			plan.Skipped = append(plan.Skipped, &rewriter.FileError{Path: path, Err: err})
			continue
		}
		changes = append(changes, rewriter.Change{Path: path, Old: old, New: src, Edits: edits})
	}
	refused, err := typeCheck(changes)
	if err != nil {
		return nil, nil, err
	}
	for _, ch := range changes {
		if e, ok := refused[ch.Path]; ok {
			plan.Skipped = append(plan.Skipped, &rewriter.FileError{Path: ch.Path, Err: e})
			continue
		}
		plan.Changes = append(plan.Changes, ch)
	}
	return plan, decisions, nil
}

// declLines widens each removal to whole lines with the blank line before.
func declLines(src []byte, edits []finding.Edit) []finding.Edit {
	out := make([]finding.Edit, 0, len(edits))
	for _, e := range edits {
		s, end := e.Start.Offset, e.End.Offset
		for s > 0 && src[s-1] != '\n' {
			s--
		}
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if end < len(src) {
			end++
		}
		// The blank line before the declaration goes with it.
		if s >= 2 && src[s-1] == '\n' && (src[s-2] == '\n' || s >= 3 && src[s-2] == '\r' && src[s-3] == '\n') {
			s--
			if src[s-1] == '\r' {
				s--
			}
		}
		e.Start.Offset, e.End.Offset = s, end
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b finding.Edit) int { return a.Start.Offset - b.Start.Offset })
	return out
}

func goUseText(u GoUse) string {
	caller := u.Caller
	if caller == "" {
		caller = "<package>"
	}
	verb := "referenced as a value by"
	if u.Call {
		verb = "called by"
	}
	return fmt.Sprintf("%s %s:%d %s", verb, u.Path, u.Line, caller)
}
