package gofix

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/golang/gomod"
	"github.com/asynclint/asynclint/rewriter"
	"golang.org/x/tools/go/packages"
)

// typeCheck type-checks the packages holding changes with every change in
// place (an overlay: nothing is written), once per module for all its
// packages. It returns, by change path, the files refused: a file an error
// points into, or every changed file of a package whose error points
// elsewhere. The other changes are checked again without the refused ones
// until what remains type-checks. The error is for a load that could not
// run at all.
func typeCheck(changes []rewriter.Change) (map[string]error, error) {
	refused := map[string]error{}
	byModule := map[string][]rewriter.Change{}
	var modules []string
	for _, ch := range changes {
		abs, err := filepath.Abs(ch.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ch.Path, err)
		}
		root := gomod.Root(filepath.Dir(abs))
		if root == "" {
			root = filepath.Dir(abs) // outside any module: the file's directory
		}
		if _, ok := byModule[root]; !ok {
			modules = append(modules, root)
		}
		byModule[root] = append(byModule[root], ch)
	}
	slices.Sort(modules)
	for _, root := range modules {
		pending := byModule[root]
		for len(pending) > 0 {
			bad, err := checkModule(root, pending)
			if err != nil {
				return nil, err
			}
			if len(bad) == 0 {
				break
			}
			for path, e := range bad {
				refused[path] = e
			}
			pending = slices.DeleteFunc(pending, func(ch rewriter.Change) bool { return bad[ch.Path] != nil })
		}
	}
	return refused, nil
}

// checkModule loads the packages of changes, in the module at root, with
// the changes overlaid, and returns the changes refused with their errors.
func checkModule(root string, changes []rewriter.Change) (map[string]error, error) {
	overlay := map[string][]byte{}
	byAbs := map[string]string{} // absolute path -> change path
	var patterns []string
	tests := false
	for _, ch := range changes {
		abs, err := filepath.Abs(ch.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ch.Path, err)
		}
		overlay[abs] = ch.New
		byAbs[abs] = ch.Path
		rel, err := filepath.Rel(root, filepath.Dir(abs))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ch.Path, err)
		}
		pat := "./" + filepath.ToSlash(rel)
		if !slices.Contains(patterns, pat) {
			patterns = append(patterns, pat)
		}
		tests = tests || strings.HasSuffix(abs, "_test.go")
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     root,
		Tests:   tests,
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("type-checking the rewritten Go files in %s: %w", root, err)
	}
	bad := map[string]error{}
	refuse := func(abs, msg string) {
		if path, ok := byAbs[abs]; ok && bad[path] == nil {
			bad[path] = fmt.Errorf("%w: %s: does not type-check after the fix: %s", rewriter.ErrInternal, path, msg)
		}
	}
	checked := map[string]bool{}
	for _, p := range pkgs {
		files := slices.Concat(p.GoFiles, p.CompiledGoFiles)
		for _, f := range files {
			checked[f] = true
		}
		for _, e := range p.Errors {
			file := errorFile(e)
			if _, ok := byAbs[file]; ok {
				refuse(file, e.Error())
				continue
			}
			// The error is elsewhere in the package: refuse all its
			// rewritten files.
			for _, f := range files {
				refuse(f, e.Error())
			}
		}
	}
	for abs, path := range byAbs {
		if !checked[abs] && bad[path] == nil {
			bad[path] = fmt.Errorf("%w: %s: not type-checked: in no package of %s", rewriter.ErrInternal, path, root)
		}
	}
	return bad, nil
}

// errorFile returns the absolute file an error of a package points into,
// "" when it has no position.
func errorFile(e packages.Error) string {
	pos := e.Pos
	if pos == "" || pos == "-" {
		return ""
	}
	// "file:line:col" or "file:line"; a Windows path may hold a colon.
	for range 2 {
		i := strings.LastIndexByte(pos, ':')
		if i < 0 {
			break
		}
		if strings.Trim(pos[i+1:], "0123456789") != "" {
			break
		}
		pos = pos[:i]
	}
	abs, err := filepath.Abs(pos)
	if err != nil {
		return ""
	}
	return abs
}
