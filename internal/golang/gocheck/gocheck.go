// Package gocheck loads Go packages and runs the asynclint analyzers (AL200,
// AL201, AL202) over them, turning diagnostics into findings and wait sites into
// migration-coverage sites. It also hands over to unitchecker when the
// binary runs as `go vet -vettool`.
package gocheck

import (
	"bytes"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/analyzers/al201"
	"github.com/asynclint/asynclint/analyzers/al202"
	"github.com/asynclint/asynclint/analyzers/waits"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/golang/gorules"
	"github.com/asynclint/asynclint/internal/rules"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Analyzers are the asynclint analyzers, in code order.
var Analyzers = gorules.Analyzers()

// Options control a run.
type Options struct {
	// Select keeps only findings whose code starts with one of these
	// prefixes; empty keeps all.
	Select []string
	// Ignore drops findings whose code starts with one of these prefixes.
	Ignore []string
	// Tests includes the packages' test files.
	Tests bool
	// Stdlib makes a finding's Fix the standard-library form of the AL200
	// fix (a select on ctx.Done() and a timer) instead of the asyncrt call.
	Stdlib bool

	// dir is where the packages were loaded: the go command gives some
	// error positions relative to it.
	dir string
}

// Result is the outcome of a run.
type Result struct {
	// Findings are the diagnostics, sorted, with paths relative to the
	// working directory. A package that does not compile yields an E999
	// finding per error.
	Findings []finding.Finding
	// Sites are every wait in the packages, with its migration state.
	Sites []finding.Site
	// Packages counts the packages analysed.
	Packages int
	// Errors are the packages' load, syntax and type errors (also reported
	// as E999 findings); their packages are not analysed.
	Errors []*PackageError
	// Unanalysed are the import paths of the packages asked for that were
	// not analysed because they (or their imports) do not load or compile,
	// sorted: their findings and sites are missing.
	Unanalysed []string
	// NoRuntime lists the modules (by path) that cannot import the asyncrt
	// package (their go.mod does not require github.com/asynclint/asynclint):
	// their findings carry the standard-library form of the AL200 fix, as
	// with Options.Stdlib, so that a fix never leaves code that does not
	// build.
	NoRuntime []string
}

// PackageError is an error in a package that kept it from being analysed.
type PackageError struct {
	Package string // import path, or the pattern that matched nothing
	// Compile is true for syntax and type errors, false when the package
	// could not be loaded at all (no such directory, missing module).
	Compile bool
	Pos     string // "file:line:col", relative to the working directory; may be empty
	Msg     string
}

// Error names the place, the package and the problem.
func (e *PackageError) Error() string {
	if e.Pos == "" {
		return "package " + e.Package + ": " + e.Msg
	}
	return e.Pos + ": package " + e.Package + ": " + e.Msg
}

// Run loads the packages matching patterns (go list patterns, resolved in
// dir) and runs the analyzers over them.
func Run(dir string, patterns []string, opts Options) (*Result, error) {
	roots, err := load(dir, patterns, opts.Tests)
	if err != nil {
		return nil, err
	}
	opts.dir = dir
	res, err := analyze(roots, opts)
	if err != nil {
		return nil, fmt.Errorf("analysing packages in %s: %w", dir, err)
	}
	return res, nil
}

// analyze runs the analyzers on loaded packages.
func analyze(roots []*packages.Package, opts Options) (*Result, error) {
	graph, err := checker.Analyze(Analyzers, roots, nil)
	if err != nil {
		return nil, err
	}
	return collect(roots, graph, opts)
}

// load loads the packages and everything the analyzers need of their
// dependencies. Generated test mains are left out.
func load(dir string, patterns []string, tests bool) ([]*packages.Package, error) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading Go packages %s in %s: %w", strings.Join(patterns, " "), dir, err)
	}
	roots := pkgs[:0]
	for _, p := range pkgs {
		if !strings.HasSuffix(p.ID, ".test") {
			roots = append(roots, p)
		}
	}
	return roots, nil
}

// collect turns the analysis graph into findings and sites.
func collect(roots []*packages.Package, graph *checker.Graph, opts Options) (*Result, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("working directory: %w", err)
	}
	c := &collector{wd: wd, dir: opts.dir, files: map[string][]byte{}, seen: map[string]bool{}, stdlib: opts.Stdlib, runtime: map[string]bool{}}
	res := &Result{}
	counted := map[string]bool{}
	for _, p := range roots {
		if !counted[p.PkgPath] {
			counted[p.PkgPath] = true
			res.Packages++
		}
	}
	res.Errors = c.packageErrors(roots)
	for _, e := range res.Errors {
		res.Findings = append(res.Findings, c.errorFinding(e))
	}

	// Sleeps and waits are reached through al201's blocking functions,
	// AL202's calls through al202's functions ignoring a context.
	var sites, calls []rawSite
	entries, callEntries := map[string]bool{}, map[string]bool{}
	edges, callEdges := map[string][]string{}, map[string][]string{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			if act.Package.IllTyped {
				if !slices.Contains(res.Unanalysed, act.Package.PkgPath) {
					res.Unanalysed = append(res.Unanalysed, act.Package.PkgPath)
				}
				continue // its errors are reported above
			}
			return nil, fmt.Errorf("analysing %s: %w", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			if !rules.Selected(d.Category, opts.Select, opts.Ignore) {
				continue
			}
			stdlib := c.stdlib
			if !stdlib && hasRuntimeFix(d) && !c.runtimeImportable(act.Package) {
				stdlib = true
				if m := modulePath(act.Package); !slices.Contains(res.NoRuntime, m) {
					res.NoRuntime = append(res.NoRuntime, m)
				}
			}
			if f, ok := c.finding(act.Package.Fset, d, stdlib); ok {
				res.Findings = append(res.Findings, f)
			}
		}
		switch r := act.Result.(type) {
		case *al200.Result:
			for _, s := range r.Sites {
				sites = append(sites, rawSite{act.Package, s, ""})
			}
		case *al202.Result:
			for _, s := range r.Sites {
				calls = append(calls, rawSite{act.Package, s, al202.Rule.Code})
			}
			for _, e := range r.Entries {
				callEntries[e] = true
			}
			for k, v := range r.Edges {
				callEdges[k] = append(callEdges[k], v...)
			}
		case *al201.Result:
			for _, e := range r.Entries {
				entries[e] = true
			}
			for k, v := range r.Edges {
				edges[k] = append(edges[k], v...)
			}
		}
	}
	reached := reach(entries, edges)
	for _, s := range sites {
		if site, ok := c.site(s, reached); ok {
			res.Sites = append(res.Sites, site)
		}
	}
	reached = reach(callEntries, callEdges)
	for _, s := range calls {
		if site, ok := c.site(s, reached); ok {
			res.Sites = append(res.Sites, site)
		}
	}
	slices.Sort(res.NoRuntime)
	slices.Sort(res.Unanalysed)
	finding.Sort(res.Findings)
	slices.SortStableFunc(res.Sites, func(a, b finding.Site) int {
		if a.Path != b.Path {
			return strings.Compare(a.Path, b.Path)
		}
		return a.Start.Offset - b.Start.Offset
	})
	return res, nil
}

// reach returns the functions called, directly or through blocking
// functions, from context-aware code.
func reach(entries map[string]bool, edges map[string][]string) map[string]bool {
	reached := map[string]bool{}
	var work []string
	for e := range entries {
		work = append(work, e)
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		if reached[f] {
			continue
		}
		reached[f] = true
		work = append(work, edges[f]...)
	}
	return reached
}

// rawSite is a coverage site as an analyzer gives it, with its package
// and, for AL202's, the rule that reports it in context-aware code (""
// for coverage.Code's default, AL200 or AL201).
type rawSite struct {
	pkg  *packages.Package
	site waits.Site
	rule string
}

// collector converts token positions into finding positions, reading each
// file once and dropping the duplicates a package's test variant brings.
type collector struct {
	wd    string
	dir   string // where the packages were loaded (Options.dir)
	files map[string][]byte
	seen  map[string]bool
	// stdlib chooses the standard-library form of fixes (Options.Stdlib).
	stdlib bool
	// runtime caches, by module directory, whether asyncrt can be imported.
	runtime map[string]bool
}

// hasRuntimeFix reports whether d offers the asyncrt form of the AL200 fix.
func hasRuntimeFix(d analysis.Diagnostic) bool {
	return slices.ContainsFunc(d.SuggestedFixes, func(f analysis.SuggestedFix) bool {
		return f.Message == al200.FixMessage
	})
}

// modulePath names the module of p, its package path when it has none.
func modulePath(p *packages.Package) string {
	if p.Module != nil {
		return p.Module.Path
	}
	return p.PkgPath
}

// runtimeImportable reports whether the module of p can import the asyncrt
// package: it is that module, or requires it (directly, through a replace
// or a workspace). It asks the go command once per module.
func (c *collector) runtimeImportable(p *packages.Package) bool {
	dir := ""
	switch {
	case p.Module != nil && p.Module.Path == waits.RuntimePath:
		return true
	case p.Module != nil && p.Module.Dir != "":
		dir = p.Module.Dir
	case len(p.GoFiles) > 0:
		dir = filepath.Dir(p.GoFiles[0])
	default:
		return false
	}
	if ok, done := c.runtime[dir]; done {
		return ok
	}
	ok := false
	cfg := &packages.Config{Mode: packages.NeedName, Dir: dir}
	if pkgs, err := packages.Load(cfg, waits.RuntimePath); err == nil && len(pkgs) == 1 && len(pkgs[0].Errors) == 0 {
		ok = true
	}
	c.runtime[dir] = ok
	return ok
}

func (c *collector) rel(path string) string {
	if r, err := filepath.Rel(c.wd, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(path)
}

func (c *collector) content(path string) []byte {
	if b, ok := c.files[path]; ok {
		return b
	}
	b, err := os.ReadFile(path)
	if err != nil {
		b = nil
	}
	c.files[path] = b
	return b
}

// position converts a token position: 1-based line, column in code points.
func (c *collector) position(p token.Position) finding.Position {
	col := p.Column
	if src := c.content(p.Filename); src != nil && p.Offset <= len(src) {
		start := bytes.LastIndexByte(src[:p.Offset], '\n') + 1
		col = utf8.RuneCount(src[start:p.Offset]) + 1
	}
	return finding.Position{Line: p.Line, Col: col, Offset: p.Offset}
}

func (c *collector) finding(fset *token.FileSet, d analysis.Diagnostic, stdlib bool) (finding.Finding, bool) {
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() {
		end = fset.Position(d.End)
	}
	key := fmt.Sprintf("%s:%d:%s:%s", start.Filename, start.Offset, d.Category, d.Message)
	if c.seen[key] {
		return finding.Finding{}, false
	}
	c.seen[key] = true
	f := finding.Finding{
		Path:    c.rel(start.Filename),
		Start:   c.position(start),
		End:     c.position(end),
		Code:    d.Category,
		Message: d.Message,
	}
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		f.Related = append(f.Related, finding.Related{Path: c.rel(p.Filename), Start: c.position(p), Message: r.Message})
	}
	if sf, ok := chooseFix(d.SuggestedFixes, stdlib); ok {
		fix := &finding.Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			s, en := fset.Position(e.Pos), fset.Position(e.End)
			fix.Edits = append(fix.Edits, finding.Edit{
				Path:    c.rel(s.Filename),
				Start:   c.position(s),
				End:     c.position(en),
				NewText: string(e.NewText),
			})
		}
		f.Fix = fix
	}
	return f, true
}

// chooseFix returns the fix a finding carries: the first suggested fix
// (the asyncrt form of AL200, or the standard-library form where the asyncrt
// one was withheld; AL202's only fix), or with stdlib only the
// standard-library form of AL200's: a user who asked for no new dependency
// never gets one.
func chooseFix(fixes []analysis.SuggestedFix, stdlib bool) (analysis.SuggestedFix, bool) {
	if len(fixes) == 0 {
		return analysis.SuggestedFix{}, false
	}
	if !stdlib || !slices.ContainsFunc(fixes, func(f analysis.SuggestedFix) bool {
		return f.Message == al200.FixMessage || f.Message == al200.StdlibFixMessage
	}) {
		return fixes[0], true
	}
	for _, f := range fixes {
		if f.Message == al200.StdlibFixMessage {
			return f, true
		}
	}
	return analysis.SuggestedFix{}, false
}

func (c *collector) site(s rawSite, reached map[string]bool) (finding.Site, bool) {
	p := s.pkg.Fset.Position(s.site.Pos)
	key := fmt.Sprintf("site:%s:%d", p.Filename, p.Offset)
	if c.seen[key] {
		return finding.Site{}, false
	}
	c.seen[key] = true
	state := s.site.State
	if (state == finding.Sync || state == finding.Compat) && s.site.Owner != "" && reached[s.site.Owner] {
		state = finding.ReachedFromAsync
	}
	code := ""
	if state == finding.InAsync || state == finding.ReachedFromAsync {
		code = s.rule
	}
	return finding.Site{
		Code:     code,
		Path:     c.rel(p.Filename),
		Start:    c.position(p),
		Language: "go",
		Unit:     s.pkg.PkgPath,
		Function: s.site.Function,
		Callee:   s.site.Callee,
		State:    state,
		Category: s.site.Category,
	}, true
}

// packageErrors gathers the errors of the packages and their dependencies,
// each once.
func (c *collector) packageErrors(roots []*packages.Package) []*PackageError {
	var errs []*PackageError
	seen := map[string]bool{}
	// A file's syntax errors after its first are mostly that one seen
	// again (a missing ")" is four errors to go/parser): one E999 a file,
	// as for Python. Type errors are each their own.
	parsed := map[string]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if file, _, ok := splitPos(e.Pos); ok && file != "" && e.Kind == packages.ParseError {
				if parsed[file] {
					continue
				}
				parsed[file] = true
			}
			pe := &PackageError{Package: p.PkgPath, Msg: e.Msg, Compile: e.Kind != packages.ListError}
			if e.Pos != "" && e.Pos != "-" {
				pe.Pos = e.Pos
				if file, rest, ok := splitPos(e.Pos); ok {
					if !filepath.IsAbs(file) && c.dir != "" {
						if abs, err := filepath.Abs(filepath.Join(c.dir, file)); err == nil {
							file = abs
						}
					}
					pe.Pos = c.rel(file) + rest
				}
			}
			if k := pe.Error(); !seen[k] {
				seen[k] = true
				errs = append(errs, pe)
			}
		}
	})
	return errs
}

// splitPos splits "file:line:col" into the file and ":line:col".
func splitPos(pos string) (file, rest string, ok bool) {
	i := strings.LastIndexByte(pos, ':')
	if i < 0 {
		return "", "", false
	}
	j := strings.LastIndexByte(pos[:i], ':')
	if j < 0 {
		return pos[:i], pos[i:], true
	}
	return pos[:j], pos[j:], true
}

// errorFinding reports a package error as an E999 finding.
func (c *collector) errorFinding(e *PackageError) finding.Finding {
	f := finding.Finding{Code: "E999", Message: "cannot load package " + e.Package + ": " + e.Msg}
	if e.Compile {
		f.Message = "package " + e.Package + " does not compile: " + e.Msg
	}
	file, rest, ok := splitPos(e.Pos)
	if !ok {
		f.Path = e.Package
		return f
	}
	f.Path = file
	nums := strings.Split(strings.TrimPrefix(rest, ":"), ":")
	f.Start.Line, _ = strconv.Atoi(nums[0])
	if len(nums) > 1 {
		f.Start.Col, _ = strconv.Atoi(nums[1])
	}
	f.End = f.Start
	return f
}
