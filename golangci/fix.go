package golangci

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/golang/gomod"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
)

// runtimeModule is the module (its own, nested in asynclint's repository) that holds the asyncrt package
// (waits.RuntimePath) the first form of the AL200 fix imports.
const runtimeModule = "github.com/asynclint/asynclint/runtime"

// oneFix returns a copy of al200.Analyzer whose diagnostics carry at most
// one suggested fix.
//
// AL200 suggests two alternative fixes for a wait (asyncrt.Sleep, and a
// select on ctx.Done() and time.After). The go/analysis contract is that a
// driver applies one of them; `golangci-lint run --fix` instead merges the
// edits of every suggested fix of an issue, finds that they overlap, skips
// all asynclint edits in the file with a "conflicting edits" warning, and
// still drops the issues from its output as fixed. Keeping one fix makes
// --fix rewrite the waits. The fix kept is the one `asynclint check` and
// `asynclint fix` choose: the asyncrt form when the package's module can
// import asyncrt (it is the runtime module, or its go.mod requires it) and
// stdlib is false; otherwise the standard-library form, which needs no new
// dependency. A diagnostic whose chosen form was withheld keeps no fix.
func oneFix(stdlib bool) *analysis.Analyzer {
	a := *al200.Analyzer
	var modules moduleCache
	a.Run = func(pass *analysis.Pass) (any, error) {
		want := al200.StdlibFixMessage
		if !stdlib && modules.runtimeImportable(pass) {
			want = al200.FixMessage
		}
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			d.SuggestedFixes = pickFix(d.SuggestedFixes, want)
			pass.Report(d)
		}
		return al200.Analyzer.Run(&inner)
	}
	return &a
}

// pickFix returns the fix whose message is want, alone, or nil.
func pickFix(fixes []analysis.SuggestedFix, want string) []analysis.SuggestedFix {
	for _, f := range fixes {
		if f.Message == want {
			return []analysis.SuggestedFix{f}
		}
	}
	return nil
}

// moduleCache remembers, per go.mod file, whether it requires asynclint.
// golangci-lint analyses packages concurrently.
type moduleCache struct {
	requires sync.Map // go.mod path -> bool
}

// runtimeImportable reports whether the package of pass can import asyncrt
// without a change to its go.mod: it is in the asynclint module, already
// imports asyncrt, or the nearest go.mod above its files requires the
// runtime module. When that cannot be told, it says no, so that the fix chosen
// is the standard-library form, which always builds.
func (c *moduleCache) runtimeImportable(pass *analysis.Pass) bool {
	if pass.Module != nil && pass.Module.Path == runtimeModule {
		return true
	}
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == waits.RuntimePath {
			return true
		}
	}
	if len(pass.Files) == 0 {
		return false
	}
	tf := pass.Fset.File(pass.Files[0].Pos())
	if tf == nil {
		return false
	}
	root := gomod.Root(filepath.Dir(tf.Name()))
	if root == "" {
		return false
	}
	goMod := filepath.Join(root, "go.mod")
	if v, ok := c.requires.Load(goMod); ok {
		return v.(bool)
	}
	ok := requiresAsynclint(goMod)
	c.requires.Store(goMod, ok)
	return ok
}

// requiresAsynclint reports whether the go.mod file at path is asynclint's
// own or requires it. A file that cannot be read or parsed counts as no.
func requiresAsynclint(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	f, err := modfile.ParseLax(path, data, nil)
	if err != nil {
		return false
	}
	if f.Module != nil && f.Module.Mod.Path == runtimeModule {
		return true
	}
	for _, r := range f.Require {
		if r.Mod.Path == runtimeModule {
			return true
		}
	}
	return false
}
